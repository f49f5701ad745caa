//! `GET /_emulator/journal/stream`: the tenant's journal as server-sent events, a live tail for the
//! dashboard and for `curl -N`. Filters as `GET /_emulator/journal` (`vendor`, `method`, `status`)
//! plus `path` (part of the vendor-relative path); first the newest `backlog` matching entries
//! (default 50, `0` for none), then every new one as it is recorded.
//!
//! Each entry is an `entry` event whose `id` is the entry's id and whose data is the entry as
//! `GET /_emulator/journal` shows it. A reconnecting client that sends `Last-Event-ID` (browsers'
//! `EventSource` do) gets only the entries after that id, so it neither misses nor repeats any
//! that are still kept. A reader too slow for the notice buffer gets a `lagged` event,
//! `{"missed": N}`, and goes on. A comment every 15 s keeps proxies from closing an idle tail;
//! the tail ends when the server shuts down.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::journal::{JournalEntry, JournalFilter, JournalSubscription};
use crate::state::AppState;

const DEFAULT_BACKLOG: usize = 50;

#[derive(Deserialize)]
pub struct StreamQuery {
    vendor: Option<String>,
    method: Option<String>,
    status: Option<u16>,
    path: Option<String>,
    backlog: Option<usize>,
}

pub async fn stream(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<StreamQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ControlError> {
    let after = last_event_id(&headers)?;
    let filter = JournalFilter {
        vendor: query.vendor,
        method: query.method,
        status: query.status,
        path: query.path,
        limit: None,
    };
    // Subscribed before the backlog is read, so no entry falls between the two; the ids sent
    // weed out the entries that are in both.
    let subscription = app.journal.subscribe();
    let kept = app.journal.list(&tenant, &filter);
    let backlog: VecDeque<JournalEntry> = match after {
        Some(after) => kept.into_iter().filter(|entry| entry.id > after).collect(),
        None => {
            let wanted = query.backlog.unwrap_or(DEFAULT_BACKLOG);
            let skip = kept.len().saturating_sub(wanted);
            kept.into_iter().skip(skip).collect()
        }
    };
    let tail = Tail {
        tenant: Arc::from(tenant),
        filter,
        last_sent: after.unwrap_or(0),
        backlog,
        subscription,
    };
    let events = stream::unfold(tail, |mut tail| async move {
        let event = tail.next_event().await?;
        Some((Ok(event), tail))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn last_event_id(headers: &HeaderMap) -> Result<Option<u64>, ControlError> {
    let Some(value) = headers.get("last-event-id") else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .map(Some)
        .ok_or_else(|| ControlError::bad_request("Last-Event-ID must be a journal entry id"))
}

/// One client's place in the journal.
struct Tail {
    tenant: Arc<str>,
    filter: JournalFilter,
    /// The id of the last entry sent: live notices up to it were in the backlog.
    last_sent: u64,
    backlog: VecDeque<JournalEntry>,
    subscription: JournalSubscription,
}

impl Tail {
    /// The next event to send, or `None` once the server shuts down.
    async fn next_event(&mut self) -> Option<Event> {
        if let Some(entry) = self.backlog.pop_front() {
            return Some(self.entry_event(&entry));
        }
        loop {
            if *self.subscription.closing.borrow() {
                return None;
            }
            tokio::select! {
                notice = self.subscription.notices.recv() => match notice {
                    Ok(notice) => {
                        let wanted = notice.tenant == self.tenant
                            && notice.entry.id > self.last_sent
                            && self.filter.matches_entry(&notice.entry);
                        if wanted {
                            return Some(self.entry_event(&notice.entry));
                        }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        return Some(Event::default().event("lagged").data(json!({ "missed": missed }).to_string()));
                    }
                    Err(RecvError::Closed) => return None,
                },
                changed = self.subscription.closing.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                }
            }
        }
    }

    fn entry_event(&mut self, entry: &JournalEntry) -> Event {
        self.last_sent = entry.id;
        let data = serde_json::to_string(entry).unwrap_or_else(|_| "{}".to_owned());
        Event::default().event("entry").id(entry.id.to_string()).data(data)
    }
}
