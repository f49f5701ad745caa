//! `GET /_emulator/journal` (filters `vendor`, `method`, `status`, `path`, `limit`; newest last) and
//! `DELETE` to empty it.
//!
//! The listing is sent as the client reads it (`streamed_list`): a full journal is up to
//! `journal.capacity` entries of two bodies each, and rendering it whole (then copying it into a
//! JSON value) would cost hundreds of megabytes per call. Which entries are listed is settled when
//! the call comes; one that leaves the journal before its turn is left out.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use futures_util::stream::{self, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::streamed_list::json_list;
use crate::control::{ControlQuery, ControlTenant};
use crate::platform::journal::JournalFilter;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct JournalQuery {
    vendor: Option<String>,
    method: Option<String>,
    status: Option<u16>,
    path: Option<String>,
    limit: Option<usize>,
}

pub async fn list(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<JournalQuery>,
) -> Response {
    let filter = JournalFilter {
        vendor: query.vendor,
        method: query.method,
        status: query.status,
        path: query.path,
        limit: query.limit,
    };
    let ids = app.journal.matching_ids(&tenant, &filter);
    let tenant: Arc<str> = Arc::from(tenant);
    let entries = stream::iter(ids)
        .filter_map(move |id| std::future::ready(app.journal.entry(&tenant, id)))
        .map(Ok::<_, Infallible>);
    json_list("entries", entries)
}

pub async fn clear(State(app): State<AppState>, ControlTenant(tenant): ControlTenant) -> Json<Value> {
    app.journal.clear(&tenant);
    Json(json!({ "entries": [] }))
}
