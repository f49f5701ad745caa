//! The request journal: the last `journal.capacity` vendor requests of each tenant, kept in memory
//! with their bodies cut at `journal.max_body_bytes`, all tenants together within
//! `journal.max_total_bytes`: past that budget the oldest entries of any tenant are dropped, so
//! memory stays bounded whatever the number of tenants.
//!
//! Bodies are kept as the bytes the journal layer already holds (no copy unless they are cut) and
//! turned into text only when the journal is read.
//!
//! `at` is wall-clock time, not the tenant's virtual clock: it says when the request reached this
//! process. Each replica keeps its own journal.
//!
//! Live tails (`GET /_emulator/journal/stream`) [`subscribe`](Journal::subscribe) to new entries.
//! The notices go through one bounded broadcast channel (`NOTICE_BUFFER` entries, each body already
//! cut at `journal.max_body_bytes`), so a slow reader costs bounded memory: it misses notices and is
//! told how many, it never holds the journal back. With no reader, recording builds no notice.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{Method, Uri};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::{broadcast, watch};

use crate::platform::clock::serialize_rfc3339;

/// What the journal layer saw of one exchange. The method and URI are the request's own (cheap
/// to clone: a known method is a tag, a URI shares its bytes), made text only when read.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub at: DateTime<Utc>,
    pub vendor: &'static str,
    pub method: Method,
    pub uri: Uri,
    pub status: u16,
    pub duration_ms: f64,
    pub request_body: Bytes,
    pub response_body: Bytes,
}

/// An entry as `GET /_emulator/journal` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct JournalEntry {
    pub id: u64,
    #[serde(serialize_with = "serialize_rfc3339")]
    pub at: DateTime<Utc>,
    pub vendor: &'static str,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    pub duration_ms: f64,
    pub request_body: Option<String>,
    pub response_body: Option<String>,
}

#[derive(Debug, Default)]
pub struct JournalFilter {
    pub vendor: Option<String>,
    pub method: Option<String>,
    pub status: Option<u16>,
    /// Only entries whose path contains this text.
    pub path: Option<String>,
    /// The newest `limit` matching entries.
    pub limit: Option<usize>,
}

impl JournalFilter {
    fn matches(&self, entry: &Stored) -> bool {
        let exchange = &entry.exchange;
        self.matches_fields(
            exchange.vendor,
            exchange.method.as_str(),
            exchange.status,
            exchange.uri.path(),
        )
    }

    /// Whether an entry already shown (a live notice) passes the filter.
    pub fn matches_entry(&self, entry: &JournalEntry) -> bool {
        self.matches_fields(entry.vendor, &entry.method, entry.status, &entry.path)
    }

    fn matches_fields(&self, vendor: &str, method: &str, status: u16, path: &str) -> bool {
        self.vendor.as_deref().is_none_or(|wanted| wanted == vendor)
            && self
                .method
                .as_deref()
                .is_none_or(|wanted| wanted.eq_ignore_ascii_case(method))
            && self.status.is_none_or(|wanted| wanted == status)
            && self.path.as_deref().is_none_or(|wanted| path.contains(wanted))
    }
}

/// A new entry, as live tails receive it.
#[derive(Debug)]
pub struct JournalNotice {
    pub tenant: Arc<str>,
    pub entry: JournalEntry,
}

/// How many notices a live tail may fall behind before it misses some.
const NOTICE_BUFFER: usize = 256;

/// What a live tail reads: new entries of every tenant, and whether the process is shutting down
/// (so a tail ends and lets the server's graceful shutdown finish).
pub struct JournalSubscription {
    pub notices: broadcast::Receiver<Arc<JournalNotice>>,
    pub closing: watch::Receiver<bool>,
}

/// A body cut to the journal's limit, with the length it had.
#[derive(Clone, Debug)]
struct KeptBody {
    bytes: Bytes,
    full_len: usize,
}

#[derive(Debug)]
struct Stored {
    id: u64,
    exchange: Exchange,
    request: KeptBody,
    response: KeptBody,
    /// What this entry counts against the byte budget.
    cost: usize,
}

/// Bytes an entry costs beyond its bodies and strings (the struct, queue slots, the allocator's
/// share), so a flood of empty requests is bounded too.
const ENTRY_OVERHEAD: usize = 256;

#[derive(Debug, Default)]
struct Entries {
    /// Each tenant's entries, oldest first.
    by_tenant: HashMap<Arc<str>, VecDeque<Stored>>,
    /// Every entry's (tenant, id), oldest first: the order the budget drops them in. Ids of
    /// entries already dropped by a tenant's own capacity stay until they reach the front.
    order: VecDeque<(Arc<str>, u64)>,
    live: usize,
    bytes: usize,
}

impl Entries {
    fn push(&mut self, tenant: &str, entry: Stored, capacity: usize) {
        let key = match self.by_tenant.get_key_value(tenant) {
            Some((key, _)) => key.clone(),
            None => Arc::from(tenant),
        };
        self.order.push_back((key.clone(), entry.id));
        self.bytes += entry.cost;
        self.live += 1;
        let entries = self.by_tenant.entry(key).or_default();
        entries.push_back(entry);
        if entries.len() > capacity {
            if let Some(dropped) = entries.pop_front() {
                self.forget(&dropped);
            }
        }
        self.compact_order();
    }

    fn forget(&mut self, dropped: &Stored) {
        self.bytes -= dropped.cost;
        self.live -= 1;
    }

    /// Drops the oldest entries of any tenant until the budget holds.
    fn enforce_budget(&mut self, max_bytes: usize) {
        while self.bytes > max_bytes {
            let Some((tenant, id)) = self.order.pop_front() else {
                break;
            };
            let Some(entries) = self.by_tenant.get_mut(&tenant) else {
                continue;
            };
            if entries.front().is_some_and(|oldest| oldest.id == id) {
                if let Some(dropped) = entries.pop_front() {
                    if entries.is_empty() {
                        self.by_tenant.remove(&tenant);
                    }
                    self.forget(&dropped);
                }
            }
        }
    }

    /// Keeps `order` within twice the live entries, so ids of entries dropped by capacity do not
    /// pile up.
    fn compact_order(&mut self) {
        if self.order.len() > 2 * self.live + 64 {
            let by_tenant = &self.by_tenant;
            self.order.retain(|(tenant, id)| {
                by_tenant
                    .get(tenant)
                    .is_some_and(|entries| entries.front().is_some_and(|oldest| oldest.id <= *id))
            });
        }
    }

    fn remove_tenant(&mut self, tenant: &str) {
        if let Some(entries) = self.by_tenant.remove(tenant) {
            for dropped in &entries {
                self.forget(dropped);
            }
        }
        self.order.retain(|(name, _)| &**name != tenant);
        self.give_back();
    }

    fn clear(&mut self) {
        *self = Entries::default();
    }

    /// Returns the queues' spare room to the allocator once most of it is unused.
    fn give_back(&mut self) {
        if self.order.capacity() > 4 * self.order.len() + 1024 {
            self.order.shrink_to_fit();
        }
        if self.by_tenant.capacity() > 4 * self.by_tenant.len() + 64 {
            self.by_tenant.shrink_to_fit();
        }
    }
}

#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    max_body_bytes: usize,
    max_total_bytes: usize,
    next_id: AtomicU64,
    entries: Mutex<Entries>,
    notices: broadcast::Sender<Arc<JournalNotice>>,
    closing: watch::Sender<bool>,
}

impl Journal {
    pub fn new(capacity: usize, max_body_bytes: usize, max_total_bytes: usize) -> Journal {
        Journal {
            capacity,
            max_body_bytes,
            max_total_bytes,
            next_id: AtomicU64::new(1),
            entries: Mutex::default(),
            notices: broadcast::Sender::new(NOTICE_BUFFER),
            closing: watch::Sender::new(false),
        }
    }

    /// New entries from now on, for a live tail.
    pub fn subscribe(&self) -> JournalSubscription {
        JournalSubscription {
            notices: self.notices.subscribe(),
            closing: self.closing.subscribe(),
        }
    }

    /// Ends every live tail: the process is shutting down.
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }

    fn keep(&self, body: Bytes) -> KeptBody {
        let full_len = body.len();
        let bytes = if full_len > self.max_body_bytes {
            // A slice would keep the whole upload alive; copy just the kept part.
            Bytes::copy_from_slice(&body[..self.max_body_bytes])
        } else {
            body
        };
        KeptBody { bytes, full_len }
    }

    pub fn record(&self, tenant: &str, exchange: Exchange) {
        if self.capacity == 0 || self.max_total_bytes == 0 {
            return;
        }
        let request = self.keep(exchange.request_body.clone());
        let response = self.keep(exchange.response_body.clone());
        let cost = ENTRY_OVERHEAD
            + request.bytes.len()
            + response.bytes.len()
            + exchange.method.as_str().len()
            + exchange.uri.path().len()
            + exchange.uri.query().map_or(0, str::len)
            + tenant.len();
        let mut stored = Stored {
            id: 0,
            exchange: Exchange {
                request_body: Bytes::new(),
                response_body: Bytes::new(),
                ..exchange
            },
            request,
            response,
            cost,
        };
        // Built outside the lock, and only when someone tails the journal.
        let notice = (self.notices.receiver_count() > 0).then(|| JournalNotice {
            tenant: Arc::from(tenant),
            entry: self.view(&stored),
        });
        let Ok(mut entries) = self.entries.lock() else { return };
        // The id is taken under the lock, so ids rise in the order entries are kept and tails
        // are told of them: a tail that has seen id N has seen every entry before it.
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        stored.id = id;
        entries.push(tenant, stored, self.capacity);
        entries.enforce_budget(self.max_total_bytes);
        if let Some(mut notice) = notice {
            notice.entry.id = id;
            // An error only means the last reader left since the check.
            let _ = self.notices.send(Arc::new(notice));
        }
    }

    /// A body as the journal shows it: text, cut at the configured size.
    fn show(&self, body: &KeptBody) -> Option<String> {
        if body.full_len == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&body.bytes);
        if body.full_len <= self.max_body_bytes {
            Some(text.into_owned())
        } else {
            Some(format!("{text}… [{} bytes in all]", body.full_len))
        }
    }

    fn view(&self, stored: &Stored) -> JournalEntry {
        let exchange = &stored.exchange;
        JournalEntry {
            id: stored.id,
            at: exchange.at,
            vendor: exchange.vendor,
            method: exchange.method.to_string(),
            path: exchange.uri.path().to_owned(),
            query: exchange.uri.query().map(str::to_owned),
            status: exchange.status,
            duration_ms: exchange.duration_ms,
            request_body: self.show(&stored.request),
            response_body: self.show(&stored.response),
        }
    }

    /// Oldest first.
    pub fn list(&self, tenant: &str, filter: &JournalFilter) -> Vec<JournalEntry> {
        let Ok(entries) = self.entries.lock() else {
            return Vec::new();
        };
        let Some(tenant_entries) = entries.by_tenant.get(tenant) else {
            return Vec::new();
        };
        let matching: Vec<&Stored> = tenant_entries.iter().filter(|e| filter.matches(e)).collect();
        let skip = filter.limit.map_or(0, |limit| matching.len().saturating_sub(limit));
        matching[skip..].iter().map(|stored| self.view(stored)).collect()
    }

    /// How many entries each tenant has, by tenant name.
    pub fn sizes(&self) -> Vec<(String, usize)> {
        let Ok(entries) = self.entries.lock() else {
            return Vec::new();
        };
        let mut sizes: Vec<(String, usize)> = entries
            .by_tenant
            .iter()
            .map(|(tenant, kept)| (tenant.to_string(), kept.len()))
            .collect();
        sizes.sort();
        sizes
    }

    /// What all kept entries cost against `journal.max_total_bytes`.
    pub fn bytes(&self) -> usize {
        self.entries.lock().map_or(0, |entries| entries.bytes)
    }

    pub fn clear(&self, tenant: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove_tenant(tenant);
        }
    }

    pub fn clear_all(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(status: u16, body: &[u8]) -> Exchange {
        Exchange {
            at: Utc::now(),
            vendor: "lifepos",
            method: Method::POST,
            uri: Uri::from_static("/v5/auth/activate-workplace"),
            status,
            duration_ms: 0.1,
            request_body: Bytes::copy_from_slice(body),
            response_body: Bytes::new(),
        }
    }

    fn statuses(journal: &Journal, tenant: &str) -> Vec<u16> {
        journal
            .list(tenant, &JournalFilter::default())
            .iter()
            .map(|e| e.status)
            .collect()
    }

    #[test]
    fn keeps_only_the_newest_entries_up_to_capacity() {
        let journal = Journal::new(3, 16, 1 << 20);
        for status in [200, 401, 401, 429] {
            journal.record("t", exchange(status, b""));
        }
        assert_eq!(statuses(&journal, "t"), [401, 401, 429]);
        assert!(journal.list("other", &JournalFilter::default()).is_empty());
    }

    #[test]
    fn filters_and_limit_keep_the_newest() {
        let journal = Journal::new(10, 16, 1 << 20);
        for status in [401, 200, 401, 401] {
            journal.record("t", exchange(status, b""));
        }
        let filter = JournalFilter {
            status: Some(401),
            limit: Some(2),
            ..JournalFilter::default()
        };
        let ids: Vec<u64> = journal.list("t", &filter).iter().map(|e| e.id).collect();
        assert_eq!(ids, [3, 4]);
    }

    #[test]
    fn long_bodies_are_cut() {
        let journal = Journal::new(3, 4, 1 << 20);
        for body in [&b"abcdefgh"[..], b"abc", b""] {
            journal.record("t", exchange(200, body));
        }
        let bodies: Vec<Option<String>> = journal
            .list("t", &JournalFilter::default())
            .into_iter()
            .map(|e| e.request_body)
            .collect();
        assert_eq!(
            bodies,
            [Some("abcd… [8 bytes in all]".to_owned()), Some("abc".to_owned()), None]
        );
    }

    #[test]
    fn the_byte_budget_holds_across_tenants_and_drops_the_oldest() {
        let body = vec![b'x'; 1000];
        let cost = ENTRY_OVERHEAD + 1000 + "POST".len() + "/v5/auth/activate-workplace".len() + "t00".len();
        let journal = Journal::new(1000, 4096, 10 * cost);
        for tenant in 0..50 {
            journal.record(&format!("t{tenant:02}"), exchange(200, &body));
        }
        assert!(journal.bytes() <= 10 * cost, "{} > {}", journal.bytes(), 10 * cost);
        let sizes = journal.sizes();
        assert_eq!(sizes.len(), 10, "only the newest ten tenants keep an entry: {sizes:?}");
        assert_eq!(sizes[0].0, "t40");
        journal.clear("t45");
        assert_eq!(journal.sizes().len(), 9);
        journal.clear_all();
        assert_eq!(journal.bytes(), 0);
    }

    #[test]
    fn subscribers_receive_new_entries_in_order_and_miss_none_within_the_buffer() {
        let journal = Journal::new(2, 16, 1 << 20);
        journal.record("t", exchange(200, b"before"));
        let mut subscription = journal.subscribe();
        for status in [201, 404, 500] {
            journal.record("t", exchange(status, b"{}"));
        }
        let mut seen = Vec::new();
        while let Ok(notice) = subscription.notices.try_recv() {
            assert_eq!(&*notice.tenant, "t");
            seen.push((notice.entry.id, notice.entry.status));
        }
        assert_eq!(seen, [(2, 201), (3, 404), (4, 500)]);
        assert!(!*subscription.closing.borrow());
        journal.close_streams();
        assert!(*subscription.closing.borrow());
    }

    #[test]
    fn concurrent_records_reach_a_subscriber_in_rising_id_order() {
        let journal = Arc::new(Journal::new(10_000, 16, usize::MAX));
        let mut subscription = journal.subscribe();
        let writers: Vec<_> = (0..4)
            .map(|_| {
                let journal = Arc::clone(&journal);
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        journal.record("t", exchange(200, b"{}"));
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let mut ids = Vec::new();
        while let Ok(notice) = subscription.notices.try_recv() {
            ids.push(notice.entry.id);
        }
        assert_eq!(ids, (1..=200).collect::<Vec<u64>>());
        let kept: Vec<u64> = journal
            .list("t", &JournalFilter::default())
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(kept, ids, "the journal keeps them in the same order");
    }

    #[test]
    fn a_reader_that_falls_behind_misses_notices_instead_of_growing_memory() {
        let journal = Journal::new(10, 16, 1 << 20);
        let mut subscription = journal.subscribe();
        for _ in 0..NOTICE_BUFFER + 10 {
            journal.record("t", exchange(200, b""));
        }
        assert!(matches!(
            subscription.notices.try_recv(),
            Err(broadcast::error::TryRecvError::Lagged(10))
        ));
    }

    #[test]
    fn the_path_filter_matches_part_of_the_path() {
        let journal = Journal::new(10, 16, 1 << 20);
        journal.record("t", exchange(200, b""));
        let hits = |path: &str| {
            let filter = JournalFilter {
                path: Some(path.to_owned()),
                ..JournalFilter::default()
            };
            journal.list("t", &filter).len()
        };
        assert_eq!(hits("activate"), 1);
        assert_eq!(hits("/v6/"), 0);
    }

    #[test]
    fn ids_dropped_by_capacity_do_not_pile_up() {
        let journal = Journal::new(2, 16, usize::MAX);
        for _ in 0..10_000 {
            journal.record("t", exchange(200, b"{}"));
        }
        let entries = journal.entries.lock().unwrap();
        assert_eq!(entries.live, 2);
        assert!(
            entries.order.len() <= 2 * entries.live + 64 + 1,
            "{}",
            entries.order.len()
        );
    }
}
