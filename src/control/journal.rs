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
use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::journal::JournalFilter;
use crate::platform::{HTTP_STATUSES, NOT_AN_HTTP_STATUS};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct JournalQuery {
    vendor: Option<String>,
    method: Option<String>,
    status: Option<String>,
    path: Option<String>,
    limit: Option<String>,
}

/// `status` as the spec states it: an HTTP status; another value is a 400 naming it, in the
/// control plane's words (the listing and the live tail read it alike).
pub fn status_param(value: Option<&str>) -> Result<Option<u16>, ControlError> {
    value
        .map(|text| {
            text.parse::<u16>()
                .ok()
                .filter(|status| HTTP_STATUSES.contains(status))
                .ok_or_else(|| ControlError::bad_field("status", NOT_AN_HTTP_STATUS))
        })
        .transpose()
}

/// A count (`limit`, `backlog`) as the spec states it: a whole number ≥ 0, however large (one past
/// what this machine counts is as good as all).
pub fn count_param(name: &'static str, value: Option<&str>) -> Result<Option<usize>, ControlError> {
    value
        .map(|text| {
            if text.bytes().all(|byte| byte.is_ascii_digit()) {
                Ok(text.parse::<usize>().unwrap_or(usize::MAX))
            } else {
                Err(ControlError::bad_field(
                    name,
                    format!("{name} must be a whole number ≥ 0"),
                ))
            }
        })
        .transpose()
}

pub async fn list(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<JournalQuery>,
) -> Result<Response, ControlError> {
    let filter = JournalFilter {
        status: status_param(query.status.as_deref())?,
        limit: count_param("limit", query.limit.as_deref())?,
        vendor: query.vendor,
        method: query.method,
        path: query.path,
    };
    let ids = app.journal.matching_ids(&tenant, &filter);
    let tenant: Arc<str> = Arc::from(tenant);
    let entries = stream::iter(ids)
        .filter_map(move |id| std::future::ready(app.journal.entry(&tenant, id)))
        .map(Ok::<_, Infallible>);
    Ok(json_list("entries", entries))
}

pub async fn clear(State(app): State<AppState>, ControlTenant(tenant): ControlTenant) -> Json<Value> {
    app.journal.clear(&tenant);
    Json(json!({ "entries": [] }))
}
