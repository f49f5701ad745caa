//! The request journal: the last `journal.capacity` vendor requests of each tenant, kept in memory
//! (bounded, oldest dropped) with their bodies cut at `journal.max_body_bytes`.
//!
//! `at` is wall-clock time, not the tenant's virtual clock: it says when the request reached this
//! process. Each replica keeps its own journal.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::platform::clock::serialize_rfc3339;

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
    /// The newest `limit` matching entries.
    pub limit: Option<usize>,
}

impl JournalFilter {
    fn matches(&self, entry: &JournalEntry) -> bool {
        self.vendor.as_deref().is_none_or(|vendor| vendor == entry.vendor)
            && self
                .method
                .as_deref()
                .is_none_or(|method| method.eq_ignore_ascii_case(&entry.method))
            && self.status.is_none_or(|status| status == entry.status)
    }
}

#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    max_body_bytes: usize,
    next_id: AtomicU64,
    tenants: Mutex<HashMap<String, VecDeque<JournalEntry>>>,
}

impl Journal {
    pub fn new(capacity: usize, max_body_bytes: usize) -> Journal {
        Journal {
            capacity,
            max_body_bytes,
            next_id: AtomicU64::new(1),
            tenants: Mutex::new(HashMap::new()),
        }
    }

    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// A body as the journal keeps it: text, cut at the configured size.
    pub fn capture_body(&self, bytes: &[u8]) -> Option<String> {
        if bytes.is_empty() {
            return None;
        }
        if bytes.len() <= self.max_body_bytes {
            return Some(String::from_utf8_lossy(bytes).into_owned());
        }
        let kept = String::from_utf8_lossy(&bytes[..self.max_body_bytes]);
        Some(format!("{kept}… [{} bytes in all]", bytes.len()))
    }

    pub fn record(&self, tenant: &str, entry: JournalEntry) {
        if self.capacity == 0 {
            return;
        }
        let Ok(mut tenants) = self.tenants.lock() else { return };
        let entries = match tenants.get_mut(tenant) {
            Some(entries) => entries,
            None => tenants.entry(tenant.to_owned()).or_default(),
        };
        if entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// Oldest first.
    pub fn list(&self, tenant: &str, filter: &JournalFilter) -> Vec<JournalEntry> {
        let Ok(tenants) = self.tenants.lock() else {
            return Vec::new();
        };
        let Some(entries) = tenants.get(tenant) else {
            return Vec::new();
        };
        let mut matching: Vec<JournalEntry> = entries.iter().filter(|e| filter.matches(e)).cloned().collect();
        if let Some(limit) = filter.limit {
            let skip = matching.len().saturating_sub(limit);
            matching.drain(..skip);
        }
        matching
    }

    /// How many entries each tenant has, by tenant name.
    pub fn sizes(&self) -> Vec<(String, usize)> {
        let Ok(tenants) = self.tenants.lock() else {
            return Vec::new();
        };
        let mut sizes: Vec<(String, usize)> = tenants
            .iter()
            .map(|(tenant, entries)| (tenant.clone(), entries.len()))
            .collect();
        sizes.sort();
        sizes
    }

    pub fn clear(&self, tenant: &str) {
        if let Ok(mut tenants) = self.tenants.lock() {
            tenants.remove(tenant);
        }
    }

    pub fn clear_all(&self) {
        if let Ok(mut tenants) = self.tenants.lock() {
            tenants.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(journal: &Journal, status: u16) -> JournalEntry {
        JournalEntry {
            id: journal.next_id(),
            at: Utc::now(),
            vendor: "lifepos",
            method: "POST".into(),
            path: "/v5/auth/activate-workplace".into(),
            query: None,
            status,
            duration_ms: 0.1,
            request_body: None,
            response_body: None,
        }
    }

    #[test]
    fn keeps_only_the_newest_entries_up_to_capacity() {
        let journal = Journal::new(3, 16);
        for status in [200, 401, 401, 429] {
            journal.record("t", entry(&journal, status));
        }
        let statuses: Vec<u16> = journal
            .list("t", &JournalFilter::default())
            .iter()
            .map(|e| e.status)
            .collect();
        assert_eq!(statuses, [401, 401, 429]);
        assert!(journal.list("other", &JournalFilter::default()).is_empty());
    }

    #[test]
    fn filters_and_limit_keep_the_newest() {
        let journal = Journal::new(10, 16);
        for status in [401, 200, 401, 401] {
            journal.record("t", entry(&journal, status));
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
        let journal = Journal::new(1, 4);
        assert_eq!(journal.capture_body(b"abcdefgh").unwrap(), "abcd… [8 bytes in all]");
        assert_eq!(journal.capture_body(b"abc").unwrap(), "abc");
        assert_eq!(journal.capture_body(b""), None);
    }
}
