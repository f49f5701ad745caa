//! The request journal: the last `journal.capacity` vendor requests of each tenant, kept in memory
//! with their bodies cut at `journal.max_body_bytes`, all tenants together within
//! `journal.max_total_bytes`: past that budget the oldest entries of any tenant are dropped, so
//! memory stays bounded whatever the number of tenants.
//!
//! Ids are per tenant: a tenant's entries are numbered 1, 2, 3… in the order they are kept, so one
//! tenant learns nothing of another's activity from them. A tenant's numbering goes on after its
//! journal is emptied (a reset, `DELETE /_emulator/journal`) and never repeats within the process
//! unless the tenant is deleted (then it starts again at 1), so a tail's place (`Last-Event-ID`) keeps its meaning. The entries a tenant keeps are always one
//! run of consecutive ids, since entries only ever leave from the oldest end.
//!
//! Bodies are kept as the bytes the journal layer already holds (no copy unless they are cut) and
//! turned into text only when the journal is read, cut at `journal.max_body_bytes` of text
//! ([`shown_text`]), so bytes that are not UTF-8 cannot triple an entry.
//!
//! `at` is wall-clock time, not the tenant's virtual clock: it says when the request reached this
//! process. Each replica keeps its own journal.
//!
//! Live tails (`GET /_emulator/journal/stream`) hold a place in their tenant's journal, not copies
//! of entries: each entry is read and rendered when the client is ready for it
//! ([`Journal::read_after`]), so a tail that is not read costs one entry at most, whatever its
//! backlog. Tails wait on their tenant's newest id (a `watch`, one value, no queue); a tail whose
//! place was dropped from the journal before it got there is told how many of its tenant's entries
//! it missed. How many tails may be open is bounded ([`stream_slots`]).

mod shown_text;
pub mod stream_slots;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{Method, Uri};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::watch;

use crate::platform::clock::serialize_rfc3339;
use shown_text::shown_text;
use stream_slots::{StreamRefused, StreamSlot, StreamSlots};

/// What the journal layer saw of one exchange. The method and URI are the request's own (cheap
/// to clone: a known method is a tag, a URI shares its bytes), made text only when read.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub at: DateTime<Utc>,
    pub vendor: &'static str,
    pub kind: EntryKind,
    pub method: Method,
    pub uri: Uri,
    pub status: u16,
    pub duration_ms: f64,
    pub request_body: Bytes,
    pub response_body: Bytes,
}

/// What an entry records: a request a client made to a vendor, or one try at sending a vendor's
/// notification to a client's URL (`platform::deliveries`; its `path` is the whole URL, its
/// `status` 0 when no answer came). A live tail sends each kind as its own event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Request,
    Delivery,
}

impl EntryKind {
    /// The event type a live tail sends the entry as.
    pub fn event(self) -> &'static str {
        match self {
            EntryKind::Request => "entry",
            EntryKind::Delivery => "delivery",
        }
    }
}

/// An entry as `GET /_emulator/journal` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct JournalEntry {
    pub id: u64,
    #[serde(serialize_with = "serialize_rfc3339")]
    pub at: DateTime<Utc>,
    pub vendor: &'static str,
    pub kind: EntryKind,
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
        let vendor = exchange.vendor;
        let method = exchange.method.as_str();
        let path = exchange.uri.path();
        self.vendor.as_deref().is_none_or(|wanted| wanted == vendor)
            && self
                .method
                .as_deref()
                .is_none_or(|wanted| wanted.eq_ignore_ascii_case(method))
            && self.status.is_none_or(|wanted| wanted == exchange.status)
            && self.path.as_deref().is_none_or(|wanted| path.contains(wanted))
    }
}

/// What a live tail waits on: its tenant's newest id, and whether the process is shutting down
/// (so a tail ends and lets the server's graceful shutdown finish). It holds its stream slot.
pub struct JournalSubscription {
    pub newest: watch::Receiver<u64>,
    pub closing: watch::Receiver<bool>,
    _slot: StreamSlot,
}

/// One step of a tail through its tenant's journal.
#[derive(Debug)]
pub struct TailRead {
    /// The tenant's entries after the tail's place that were dropped before it got to them.
    pub missed: u64,
    /// The next kept entry that matches, if any yet.
    pub entry: Option<JournalEntry>,
    /// The tail's place now: the id of the last entry it has passed.
    pub place: u64,
}

/// A body cut to the journal's limit, with the length it had.
#[derive(Clone, Debug)]
struct KeptBody {
    bytes: Bytes,
    full_len: usize,
}

#[derive(Clone, Debug)]
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

/// One tenant's journal. It stays when its entries are gone, for the numbering to go on, until the
/// tenant is deleted: one small record per tenant there is.
#[derive(Debug)]
struct TenantJournal {
    /// Oldest first, ids consecutive.
    kept: VecDeque<Stored>,
    /// The id of the tenant's newest entry ever (0: none yet), held in a `watch` for live tails.
    newest: watch::Sender<u64>,
}

impl TenantJournal {
    fn new() -> TenantJournal {
        TenantJournal {
            kept: VecDeque::new(),
            newest: watch::Sender::new(0),
        }
    }

    fn newest_id(&self) -> u64 {
        *self.newest.borrow()
    }

    /// The id the oldest kept entry has, or would have if none is kept.
    fn oldest_id(&self) -> u64 {
        self.kept.front().map_or(self.newest_id() + 1, |oldest| oldest.id)
    }

    /// The queue's room back to the allocator once it holds nothing.
    fn emptied(&mut self) {
        if self.kept.is_empty() {
            self.kept = VecDeque::new();
        }
    }
}

#[derive(Debug, Default)]
struct Entries {
    by_tenant: HashMap<Arc<str>, TenantJournal>,
    /// Every entry's (tenant, id), oldest first: the order the budget drops them in. Ids of
    /// entries already dropped by a tenant's own capacity stay until they reach the front.
    order: VecDeque<(Arc<str>, u64)>,
    live: usize,
    bytes: usize,
}

impl Entries {
    fn tenant(&mut self, tenant: &str) -> (Arc<str>, &mut TenantJournal) {
        let key = match self.by_tenant.get_key_value(tenant) {
            Some((key, _)) => key.clone(),
            None => Arc::from(tenant),
        };
        let journal = self.by_tenant.entry(key.clone()).or_insert_with(TenantJournal::new);
        (key, journal)
    }

    /// Keeps the entry under the tenant's next id, and tells the tenant's tails.
    fn push(&mut self, tenant: &str, mut entry: Stored, capacity: usize) {
        let cost = entry.cost;
        let (key, journal) = self.tenant(tenant);
        let id = journal.newest_id() + 1;
        entry.id = id;
        journal.kept.push_back(entry);
        let dropped = (journal.kept.len() > capacity)
            .then(|| journal.kept.pop_front())
            .flatten();
        journal.newest.send_replace(id);
        self.order.push_back((key, id));
        self.bytes += cost;
        self.live += 1;
        if let Some(dropped) = dropped {
            self.forget(&dropped);
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
            let Some(journal) = self.by_tenant.get_mut(&tenant) else {
                continue;
            };
            if journal.kept.front().is_some_and(|oldest| oldest.id == id) {
                if let Some(dropped) = journal.kept.pop_front() {
                    journal.emptied();
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
                    .is_some_and(|journal| journal.kept.front().is_some_and(|oldest| oldest.id <= *id))
            });
        }
    }

    fn remove_tenant(&mut self, tenant: &str) {
        let Some(journal) = self.by_tenant.get_mut(tenant) else {
            return;
        };
        let dropped = std::mem::take(&mut journal.kept);
        for entry in &dropped {
            self.forget(entry);
        }
        self.order.retain(|(name, _)| &**name != tenant);
        self.give_back();
    }

    fn clear(&mut self) {
        for journal in self.by_tenant.values_mut() {
            journal.kept = VecDeque::new();
        }
        self.order = VecDeque::new();
        self.live = 0;
        self.bytes = 0;
    }

    /// Returns the queues' spare room to the allocator once most of it is unused.
    fn give_back(&mut self) {
        if self.order.capacity() > 4 * self.order.len() + 1024 {
            self.order.shrink_to_fit();
        }
    }
}

#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    max_body_bytes: usize,
    max_total_bytes: usize,
    entries: Mutex<Entries>,
    streams: StreamSlots,
    closing: watch::Sender<bool>,
}

/// The journal's limits, as `[journal]` in the config sets them.
#[derive(Clone, Copy, Debug)]
pub struct JournalLimits {
    pub capacity: usize,
    pub max_body_bytes: usize,
    pub max_total_bytes: usize,
    pub max_streams: usize,
    pub max_streams_per_tenant: usize,
}

impl Journal {
    pub fn new(limits: JournalLimits) -> Journal {
        Journal {
            capacity: limits.capacity,
            max_body_bytes: limits.max_body_bytes,
            max_total_bytes: limits.max_total_bytes,
            entries: Mutex::default(),
            streams: StreamSlots::new(limits.max_streams, limits.max_streams_per_tenant),
            closing: watch::Sender::new(false),
        }
    }

    /// A live tail of `tenant`'s journal, if a stream slot is free.
    pub fn subscribe(&self, tenant: &str) -> Result<JournalSubscription, StreamRefused> {
        let slot = self.streams.take(tenant)?;
        let newest = match self.entries.lock() {
            Ok(mut entries) => entries.tenant(tenant).1.newest.subscribe(),
            // A journal poisoned by a panic serves no tail; it closes at once.
            Err(_) => watch::Sender::new(0).subscribe(),
        };
        Ok(JournalSubscription {
            newest,
            closing: self.closing.subscribe(),
            _slot: slot,
        })
    }

    /// Live tails open now (what the tests count).
    #[cfg(test)]
    pub fn open_streams(&self) -> usize {
        self.streams.open()
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
        let stored = Stored {
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
        let Ok(mut entries) = self.entries.lock() else { return };
        // The id is taken under the lock, so ids rise in the order entries are kept: a tail that
        // has seen id N has seen every entry of its tenant before it.
        entries.push(tenant, stored, self.capacity);
        entries.enforce_budget(self.max_total_bytes);
    }

    /// A body as the journal shows it: text, cut at the configured size.
    fn show(&self, body: &KeptBody) -> Option<String> {
        if body.full_len == 0 {
            return None;
        }
        let (text, cut) = shown_text(&body.bytes, self.max_body_bytes);
        if cut || body.full_len > self.max_body_bytes {
            Some(format!("{text}… [{} bytes in all]", body.full_len))
        } else {
            Some(text)
        }
    }

    fn view(&self, stored: &Stored) -> JournalEntry {
        let exchange = &stored.exchange;
        JournalEntry {
            id: stored.id,
            at: exchange.at,
            vendor: exchange.vendor,
            kind: exchange.kind,
            method: exchange.method.to_string(),
            path: match exchange.kind {
                EntryKind::Request => exchange.uri.path().to_owned(),
                EntryKind::Delivery => exchange.uri.to_string(),
            },
            query: exchange.uri.query().map(str::to_owned),
            status: exchange.status,
            duration_ms: exchange.duration_ms,
            request_body: self.show(&stored.request),
            response_body: self.show(&stored.response),
        }
    }

    /// Oldest first, rendered at once (the tests' view; a listing renders one entry at a time).
    #[cfg(test)]
    pub fn list(&self, tenant: &str, filter: &JournalFilter) -> Vec<JournalEntry> {
        self.matching_ids(tenant, filter)
            .into_iter()
            .filter_map(|id| self.entry(tenant, id))
            .collect()
    }

    /// The ids of the newest `filter.limit` entries that match, oldest first: what a listing
    /// shows, each entry then read with [`entry`](Journal::entry) as the answer is sent.
    pub fn matching_ids(&self, tenant: &str, filter: &JournalFilter) -> Vec<u64> {
        let Ok(entries) = self.entries.lock() else {
            return Vec::new();
        };
        let Some(journal) = entries.by_tenant.get(tenant) else {
            return Vec::new();
        };
        let newest_first = journal.kept.iter().rev().filter(|e| filter.matches(e));
        let mut ids: Vec<u64> = newest_first
            .take(filter.limit.unwrap_or(usize::MAX))
            .map(|e| e.id)
            .collect();
        ids.reverse();
        ids
    }

    /// One kept entry as shown, `None` once it has left the journal. Copied under the lock (the
    /// bodies are shared, not copied), shown outside it.
    pub fn entry(&self, tenant: &str, id: u64) -> Option<JournalEntry> {
        let stored = {
            let entries = self.entries.lock().ok()?;
            let journal = entries.by_tenant.get(tenant)?;
            // Ids are consecutive, so the entry's index follows from its id.
            let index = usize::try_from(id.checked_sub(journal.oldest_id())?).ok()?;
            journal.kept.get(index)?.clone()
        };
        Some(self.view(&stored))
    }

    /// Where a tail starts that first sends the newest `backlog` entries that match: the id
    /// before the oldest of them.
    pub fn place_before_newest(&self, tenant: &str, filter: &JournalFilter, backlog: usize) -> u64 {
        let Ok(entries) = self.entries.lock() else { return 0 };
        let Some(journal) = entries.by_tenant.get(tenant) else {
            return 0;
        };
        if backlog == 0 {
            return journal.newest_id();
        }
        let oldest_sent = journal
            .kept
            .iter()
            .rev()
            .filter(|e| filter.matches(e))
            .nth(backlog - 1)
            .map_or(journal.oldest_id(), |e| e.id);
        oldest_sent - 1
    }

    /// A tail's next step from its place `after`: the entries it missed, else the next kept entry
    /// that matches. A place past the tenant's newest id (one from before a restart) is taken as
    /// the newest id, so the tail goes on with the next entry.
    pub fn read_after(&self, tenant: &str, filter: &JournalFilter, after: u64) -> TailRead {
        let found = {
            let Ok(entries) = self.entries.lock() else {
                return TailRead {
                    missed: 0,
                    entry: None,
                    place: after,
                };
            };
            let Some(journal) = entries.by_tenant.get(tenant) else {
                return TailRead {
                    missed: 0,
                    entry: None,
                    place: after,
                };
            };
            let place = after.min(journal.newest_id());
            let oldest = journal.oldest_id();
            if place + 1 < oldest {
                return TailRead {
                    missed: oldest - 1 - place,
                    entry: None,
                    place: oldest - 1,
                };
            }
            // Ids are consecutive, so the next entry's index follows from its id.
            let next = usize::try_from(place + 1 - oldest).unwrap_or(usize::MAX);
            match journal
                .kept
                .range(next.min(journal.kept.len())..)
                .find(|e| filter.matches(e))
            {
                Some(stored) => stored.clone(),
                None => {
                    return TailRead {
                        missed: 0,
                        entry: None,
                        place: journal.newest_id(),
                    };
                }
            }
        };
        TailRead {
            missed: 0,
            place: found.id,
            entry: Some(self.view(&found)),
        }
    }

    /// How many entries each tenant has, by tenant name (tenants with none left out).
    pub fn sizes(&self) -> Vec<(String, usize)> {
        let Ok(entries) = self.entries.lock() else {
            return Vec::new();
        };
        let mut sizes: Vec<(String, usize)> = entries
            .by_tenant
            .iter()
            .filter(|(_, journal)| !journal.kept.is_empty())
            .map(|(tenant, journal)| (tenant.to_string(), journal.kept.len()))
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

    /// A deleted tenant: its entries and its numbering go (a tenant made again under its name
    /// numbers from 1), so memory does not grow with every tenant there ever was. Its open tails
    /// end.
    pub fn forget_tenant(&self, tenant: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove_tenant(tenant);
            entries.by_tenant.remove(tenant);
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
            kind: EntryKind::Request,
            method: Method::POST,
            uri: Uri::from_static("/v5/auth/activate-workplace"),
            status,
            duration_ms: 0.1,
            request_body: Bytes::copy_from_slice(body),
            response_body: Bytes::new(),
        }
    }

    fn journal(capacity: usize, max_body_bytes: usize, max_total_bytes: usize) -> Journal {
        Journal::new(JournalLimits {
            capacity,
            max_body_bytes,
            max_total_bytes,
            max_streams: 4,
            max_streams_per_tenant: 2,
        })
    }

    fn statuses(journal: &Journal, tenant: &str) -> Vec<u16> {
        journal
            .list(tenant, &JournalFilter::default())
            .iter()
            .map(|e| e.status)
            .collect()
    }

    fn ids(journal: &Journal, tenant: &str) -> Vec<u64> {
        journal
            .list(tenant, &JournalFilter::default())
            .iter()
            .map(|e| e.id)
            .collect()
    }

    /// Every step a tail takes from `place` until it has nothing new: ("entry", id) or
    /// ("missed", N).
    fn tail_from(journal: &Journal, tenant: &str, filter: &JournalFilter, mut place: u64) -> Vec<(&'static str, u64)> {
        let mut steps = Vec::new();
        loop {
            let read = journal.read_after(tenant, filter, place);
            place = read.place;
            match (read.missed, read.entry) {
                (0, None) => return steps,
                (0, Some(entry)) => steps.push(("entry", entry.id)),
                (missed, _) => steps.push(("missed", missed)),
            }
        }
    }

    #[test]
    fn keeps_only_the_newest_entries_up_to_capacity() {
        let journal = journal(3, 16, 1 << 20);
        for status in [200, 401, 401, 429] {
            journal.record("t", exchange(status, b""));
        }
        assert_eq!(statuses(&journal, "t"), [401, 401, 429]);
        assert!(journal.list("other", &JournalFilter::default()).is_empty());
    }

    #[test]
    fn each_tenant_numbers_its_own_entries() {
        let journal = journal(10, 16, 1 << 20);
        journal.record("a", exchange(200, b""));
        for _ in 0..5 {
            journal.record("b", exchange(200, b""));
        }
        journal.record("a", exchange(200, b""));
        assert_eq!(ids(&journal, "a"), [1, 2], "b's activity does not show in a's ids");
        assert_eq!(ids(&journal, "b"), [1, 2, 3, 4, 5]);
        journal.clear("a");
        journal.record("a", exchange(200, b""));
        assert_eq!(
            ids(&journal, "a"),
            [3],
            "numbering goes on after the journal is emptied"
        );
        journal.clear_all();
        journal.record("b", exchange(200, b""));
        assert_eq!(ids(&journal, "b"), [6]);
    }

    #[test]
    fn filters_and_limit_keep_the_newest() {
        let journal = journal(10, 16, 1 << 20);
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
        let journal = journal(3, 4, 1 << 20);
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
    fn bytes_that_are_not_utf8_cannot_grow_an_entry_past_the_body_limit() {
        let journal = journal(3, 1000, 1 << 20);
        journal.record("t", exchange(200, &[0xff; 1000]));
        let shown = journal.list("t", &JournalFilter::default())[0]
            .request_body
            .clone()
            .unwrap_or_default();
        let (text, marker) = shown.split_once('…').unwrap_or_default();
        assert!(text.len() <= 1000, "{} bytes of text", text.len());
        assert_eq!(marker, " [1000 bytes in all]");
    }

    #[test]
    fn the_byte_budget_holds_across_tenants_and_drops_the_oldest() {
        let body = vec![b'x'; 1000];
        let cost = ENTRY_OVERHEAD + 1000 + "POST".len() + "/v5/auth/activate-workplace".len() + "t00".len();
        let journal = journal(1000, 4096, 10 * cost);
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
    fn a_tail_reads_its_backlog_then_each_new_entry_one_at_a_time() {
        let journal = journal(10, 16, 1 << 20);
        for status in [200, 401, 404] {
            journal.record("t", exchange(status, b""));
        }
        journal.record("other", exchange(200, b""));
        let all = JournalFilter::default();
        let place = journal.place_before_newest("t", &all, 2);
        assert_eq!(place, 1, "the newest two come first");
        assert_eq!(tail_from(&journal, "t", &all, place), [("entry", 2), ("entry", 3)]);
        assert_eq!(
            journal.place_before_newest("t", &all, 0),
            3,
            "no backlog: only new ones"
        );
        assert_eq!(journal.place_before_newest("t", &all, 50), 0, "fewer kept than asked");

        let errors = JournalFilter {
            status: Some(404),
            ..JournalFilter::default()
        };
        assert_eq!(journal.place_before_newest("t", &errors, 1), 2);
        let skipping = journal.read_after("t", &errors, 0);
        assert_eq!(
            skipping.entry.map(|e| e.id),
            Some(3),
            "entries the filter refuses are passed"
        );
        let nothing = journal.read_after("t", &errors, 3);
        assert!(nothing.entry.is_none());
        assert_eq!(nothing.place, 3);
        assert_eq!(
            journal.read_after("t", &all, 900).place,
            3,
            "a place from before a restart goes on with the next entry"
        );
    }

    #[test]
    fn a_tail_that_falls_behind_its_tenant_is_told_how_many_of_its_tenants_entries_it_missed() {
        let journal = journal(3, 16, 1 << 20);
        journal.record("a", exchange(200, b""));
        let all = JournalFilter::default();
        let place = journal.place_before_newest("a", &all, 0);
        for _ in 0..500 {
            journal.record("b", exchange(200, b""));
        }
        for _ in 0..5 {
            journal.record("a", exchange(200, b""));
        }
        assert_eq!(
            tail_from(&journal, "a", &all, place),
            [("missed", 2), ("entry", 4), ("entry", 5), ("entry", 6)],
            "entries 2 and 3 went before the tail read them; b's 500 do not count"
        );
    }

    #[test]
    fn a_tail_holds_no_entry_it_has_not_sent() {
        // 500 entries of 60 KB that are not UTF-8: a tail's every step renders one entry of at
        // most one body limit of text per body, however long its backlog.
        let body = vec![0xff; 60_000];
        let journal = journal(500, 64 * 1024, usize::MAX);
        for _ in 0..500 {
            journal.record("t", exchange(200, &body));
        }
        let all = JournalFilter::default();
        let mut place = journal.place_before_newest("t", &all, 1000);
        let mut sent = 0;
        while let Some(entry) = journal.read_after("t", &all, place).entry {
            let rendered = serde_json::to_string(&entry).unwrap_or_default().len();
            assert!(rendered < 64 * 1024 + 512, "{rendered} bytes for one entry");
            place = entry.id;
            sent += 1;
        }
        assert_eq!(sent, 500);
    }

    #[test]
    fn a_subscriber_wakes_on_its_tenants_entries_only() {
        let journal = journal(10, 16, 1 << 20);
        let mut subscription = journal.subscribe("a").unwrap();
        journal.record("b", exchange(200, b""));
        assert!(!subscription.newest.has_changed().unwrap_or(true));
        journal.record("a", exchange(200, b""));
        assert!(subscription.newest.has_changed().unwrap_or(false));
        assert_eq!(*subscription.newest.borrow_and_update(), 1);
        assert!(!*subscription.closing.borrow());
        journal.close_streams();
        assert!(*subscription.closing.borrow());
    }

    #[test]
    fn open_tails_are_bounded_per_tenant_and_in_all() {
        let journal = journal(10, 16, 1 << 20);
        let a1 = journal.subscribe("a").unwrap();
        let _a2 = journal.subscribe("a").unwrap();
        assert_eq!(journal.subscribe("a").err(), Some(StreamRefused::TenantFull(2)));
        let _b = (journal.subscribe("b").unwrap(), journal.subscribe("b").unwrap());
        assert_eq!(journal.subscribe("c").err(), Some(StreamRefused::ProcessFull(4)));
        drop(a1);
        assert_eq!(journal.open_streams(), 3);
        assert!(journal.subscribe("c").is_ok());
    }

    #[test]
    fn concurrent_records_keep_consecutive_ids_in_order() {
        let journal = Arc::new(journal(10_000, 16, usize::MAX));
        let writers: Vec<_> = (0..32)
            .map(|n| {
                let journal = Arc::clone(&journal);
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        journal.record(if n % 2 == 0 { "even" } else { "odd" }, exchange(200, b"{}"));
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        for tenant in ["even", "odd"] {
            assert_eq!(ids(&journal, tenant), (1..=800).collect::<Vec<u64>>(), "{tenant}");
            let all = JournalFilter::default();
            let steps = tail_from(&journal, tenant, &all, 0);
            assert_eq!(steps.len(), 800);
            assert!(steps.iter().zip(1..).all(|(step, id)| *step == ("entry", id)));
        }
    }

    #[test]
    fn the_path_filter_matches_part_of_the_path() {
        let journal = journal(10, 16, 1 << 20);
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
        let journal = journal(2, 16, usize::MAX);
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
