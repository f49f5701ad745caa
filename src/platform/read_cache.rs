//! Answers to pure reads kept in memory, so a repeated GET costs no database round trip. On
//! SQLite one process owns the database file: every write to it passes through this process, so
//! the process can tell exactly when a kept answer stops being true, with the in-process stamps
//! below. On PostgreSQL, where replicas share the state, the stamp is the tenant's write stamp in
//! the database (`platform::shared_stamps`), combined with this process's epoch.
//!
//! Validity is a stamp: the global epoch and the tenant's generation, both bumped by every request
//! that may write — at its start and again when it ends (also when it is cancelled or panics). A
//! read takes the stamp before it touches the database and keeps its answer under that stamp; an
//! answer is served only while the stamp is unchanged. A write racing the read bumps the stamp
//! before it commits and again after, so whatever the read saw, its answer is never served after
//! the write has been answered.
//!
//! Bounded: tenants share a fixed set of generation counters (a tenant hashes to one; two tenants
//! on one counter only cost each other misses) and the answers together stay within
//! `database.read_cache_bytes`. Several emulators in one process on one SQLite file share one
//! cache, so they agree as replicas on PostgreSQL do.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};

const GENERATIONS: usize = 4096;

/// What an answer was computed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    epoch: u64,
    generation: u64,
}

/// A kept answer.
#[derive(Clone, Debug)]
pub struct CachedAnswer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

#[derive(Debug)]
struct Kept {
    stamp: Stamp,
    answer: CachedAnswer,
}

#[derive(Debug, Default)]
struct Answers {
    by_key: HashMap<String, Kept>,
    /// Insertion order, for dropping the oldest past the budget.
    order: VecDeque<String>,
    bytes: usize,
}

#[derive(Debug)]
pub struct ReadCache {
    max_bytes: usize,
    epoch: AtomicU64,
    generations: Vec<AtomicU64>,
    answers: Mutex<Answers>,
}

impl ReadCache {
    pub fn new(max_bytes: usize) -> ReadCache {
        ReadCache {
            max_bytes,
            epoch: AtomicU64::new(0),
            generations: (0..GENERATIONS).map(|_| AtomicU64::new(0)).collect(),
            answers: Mutex::default(),
        }
    }

    /// The cache every emulator of this process on `database` shares.
    pub fn shared(database: &str, max_bytes: usize) -> Arc<ReadCache> {
        static CACHES: OnceLock<Mutex<HashMap<String, Arc<ReadCache>>>> = OnceLock::new();
        let caches = CACHES.get_or_init(Mutex::default);
        let Ok(mut caches) = caches.lock() else {
            return Arc::new(ReadCache::new(max_bytes));
        };
        caches
            .entry(database.to_owned())
            .or_insert_with(|| Arc::new(ReadCache::new(max_bytes)))
            .clone()
    }

    fn generation(&self, tenant: &str) -> &AtomicU64 {
        let mut hasher = DefaultHasher::new();
        tenant.hash(&mut hasher);
        &self.generations[(hasher.finish() as usize) % GENERATIONS]
    }

    pub fn stamp(&self, tenant: &str) -> Stamp {
        Stamp {
            epoch: self.epoch.load(Ordering::SeqCst),
            generation: self.generation(tenant).load(Ordering::SeqCst),
        }
    }

    /// An answer's stamp on PostgreSQL: the tenant's write stamp as the database holds it.
    pub fn stamp_with_shared(&self, shared: u64) -> Stamp {
        Stamp {
            epoch: self.epoch.load(Ordering::SeqCst),
            generation: shared,
        }
    }

    /// Marks a request that may write to `tenant`: the stamp moves now and again when the
    /// returned guard is dropped (the request answered, cancelled or panicked).
    pub fn writing<'a>(&'a self, tenant: &str) -> WriteGuard<'a> {
        let generation = self.generation(tenant);
        generation.fetch_add(1, Ordering::SeqCst);
        WriteGuard { generation }
    }

    /// Marks a request that may write to any tenant (the control plane).
    pub fn writing_everywhere(&self) -> WriteGuard<'_> {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        WriteGuard {
            generation: &self.epoch,
        }
    }

    pub fn get(&self, key: &str, stamp: Stamp) -> Option<CachedAnswer> {
        let answers = self.answers.lock().ok()?;
        answers
            .by_key
            .get(key)
            .filter(|kept| kept.stamp == stamp)
            .map(|kept| kept.answer.clone())
    }

    pub fn put(&self, key: String, stamp: Stamp, answer: CachedAnswer) {
        let cost = key.len() + answer.body.len() + 128;
        if cost > self.max_bytes / 8 {
            return;
        }
        let Ok(mut answers) = self.answers.lock() else { return };
        let answers = &mut *answers;
        if let Some(old) = answers.by_key.insert(key.clone(), Kept { stamp, answer }) {
            answers.bytes -= key.len() + old.answer.body.len() + 128;
        } else {
            answers.order.push_back(key);
        }
        answers.bytes += cost;
        while answers.bytes > self.max_bytes {
            let Some(oldest) = answers.order.pop_front() else { break };
            if let Some(dropped) = answers.by_key.remove(&oldest) {
                answers.bytes -= oldest.len() + dropped.answer.body.len() + 128;
            }
        }
    }

    /// What the kept answers cost against the budget.
    pub fn bytes(&self) -> usize {
        self.answers.lock().map_or(0, |answers| answers.bytes)
    }
}

/// Moves the stamp once more when the writing request is over, however it ends.
pub struct WriteGuard<'a> {
    generation: &'a AtomicU64,
}

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &'static str) -> CachedAnswer {
        CachedAnswer {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    #[test]
    fn an_answer_lives_until_its_tenant_writes() {
        let cache = ReadCache::new(1 << 20);
        let stamp = cache.stamp("t");
        cache.put("k".into(), stamp, answer("a"));
        assert_eq!(cache.get("k", cache.stamp("t")).unwrap().body, "a");
        {
            let _write = cache.writing("t");
            assert!(cache.get("k", cache.stamp("t")).is_none(), "stale once a write starts");
        }
        assert!(cache.get("k", cache.stamp("t")).is_none());
    }

    #[test]
    fn a_read_racing_a_write_is_never_served_after_it() {
        let cache = ReadCache::new(1 << 20);
        let write = cache.writing("t");
        // The read starts while the write is in flight and keeps what it saw.
        let read_stamp = cache.stamp("t");
        cache.put("k".into(), read_stamp, answer("before the write"));
        drop(write);
        assert!(cache.get("k", cache.stamp("t")).is_none());
    }

    #[test]
    fn the_control_plane_moves_every_tenant() {
        let cache = ReadCache::new(1 << 20);
        let stamp = cache.stamp("t");
        cache.put("k".into(), stamp, answer("a"));
        drop(cache.writing_everywhere());
        assert!(cache.get("k", cache.stamp("t")).is_none());
    }

    #[test]
    fn the_byte_budget_drops_the_oldest() {
        let cache = ReadCache::new(8 * 1024);
        let stamp = cache.stamp("t");
        for i in 0..100 {
            cache.put(
                format!("k{i}"),
                stamp,
                answer("0123456789012345678901234567890123456789"),
            );
        }
        assert!(cache.bytes() <= 8 * 1024);
        assert!(cache.get("k0", stamp).is_none());
        assert!(cache.get("k99", stamp).is_some());
    }

    #[test]
    fn emulators_on_one_database_share_a_cache() {
        let first = ReadCache::shared("sqlite:///tmp/one.db", 1024);
        let second = ReadCache::shared("sqlite:///tmp/one.db", 1024);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &ReadCache::shared("sqlite:///tmp/two.db", 1024)));
    }
}
