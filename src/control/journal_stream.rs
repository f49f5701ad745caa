//! `GET /_emulator/journal/stream`: the tenant's journal as server-sent events, a live tail for the
//! dashboard and for `curl -N`. Filters as `GET /_emulator/journal` (`vendor`, `method`, `status`)
//! plus `path` (part of the vendor-relative path); first the newest `backlog` matching entries
//! (default 50, `0` for none), then every new one as it is recorded.
//!
//! Each entry is an `entry` event whose `id` is the entry's id and whose data is the entry as
//! `GET /_emulator/journal` shows it. A reconnecting client that sends `Last-Event-ID` (browsers'
//! `EventSource` do) gets only the entries after that id, so it neither misses nor repeats any
//! that are still kept. Ids are the tenant's own (`platform::journal`). A tail renders each entry
//! when the client is ready for the next, so an unread tail holds one entry, not its backlog. A
//! tail whose next entries were dropped from the journal before it sent them (a slow reader of a
//! busy tenant, or a `Last-Event-ID` older than the oldest entry kept) gets a `lagged` event,
//! `{"missed": N}`, N counting the tenant's own entries (with or without the filter: an entry no
//! longer kept cannot be judged), and goes on. A comment every 15 s keeps proxies from closing an
//! idle tail; the tail ends when the server shuts down.
//!
//! Open tails are bounded: past `journal.max_streams_per_tenant` a 429, past `journal.max_streams`
//! a 503 (`platform::journal::stream_slots` says why those two).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use serde_json::json;

use crate::control::journal::{count_param, status_param};
use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::journal::stream_slots::StreamRefused;
use crate::platform::journal::{JournalEntry, JournalFilter, JournalSubscription};
use crate::state::AppState;

const DEFAULT_BACKLOG: usize = 50;

#[derive(Deserialize)]
pub struct StreamQuery {
    vendor: Option<String>,
    method: Option<String>,
    status: Option<String>,
    path: Option<String>,
    backlog: Option<String>,
}

pub async fn stream(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<StreamQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ControlError> {
    let after = last_event_id(&headers)?;
    let backlog = count_param("backlog", query.backlog.as_deref())?;
    let filter = JournalFilter {
        status: status_param(query.status.as_deref())?,
        vendor: query.vendor,
        method: query.method,
        path: query.path,
        limit: None,
    };
    let subscription = app.journal.subscribe(&tenant).map_err(refused)?;
    let place = match after {
        Some(after) => after,
        None => {
            let backlog = backlog.unwrap_or(DEFAULT_BACKLOG);
            app.journal.place_before_newest(&tenant, &filter, backlog)
        }
    };
    let tail = Tail {
        app,
        tenant: Arc::from(tenant),
        filter,
        place,
        subscription,
    };
    let events = stream::unfold(tail, |mut tail| async move {
        let event = tail.next_event().await?;
        Some((Ok(event), tail))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn refused(err: StreamRefused) -> ControlError {
    let status = match err {
        StreamRefused::TenantFull(_) => StatusCode::TOO_MANY_REQUESTS,
        StreamRefused::ProcessFull(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    ControlError::new(status, err.to_string())
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

/// One client's place in its tenant's journal.
struct Tail {
    app: AppState,
    tenant: Arc<str>,
    filter: JournalFilter,
    /// The id of the last entry passed: sent, or skipped by the filter.
    place: u64,
    subscription: JournalSubscription,
}

impl Tail {
    /// The next event to send, or `None` once the server shuts down.
    async fn next_event(&mut self) -> Option<Event> {
        loop {
            if *self.subscription.closing.borrow() {
                return None;
            }
            // Marked seen before reading, so an entry recorded after the read wakes the wait.
            self.subscription.newest.borrow_and_update();
            let read = self.app.journal.read_after(&self.tenant, &self.filter, self.place);
            self.place = read.place;
            if read.missed > 0 {
                return Some(
                    Event::default()
                        .event("lagged")
                        .data(json!({ "missed": read.missed }).to_string()),
                );
            }
            if let Some(entry) = read.entry {
                return Some(entry_event(&entry));
            }
            tokio::select! {
                changed = self.subscription.newest.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                }
                changed = self.subscription.closing.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                }
            }
        }
    }
}

fn entry_event(entry: &JournalEntry) -> Event {
    let data = serde_json::to_string(entry).unwrap_or_else(|_| "{}".to_owned());
    Event::default()
        .event(entry.kind.event())
        .id(entry.id.to_string())
        .data(data)
}
