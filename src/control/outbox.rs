//! `GET /_emulator/outbox` (filters `vendor`, `phone`) and `DELETE` to empty it.
//!
//! One CloudTips `create-many` may send an SMS for each of many thousands of receivers, so the
//! listing reads `control.list_page_rows` messages at a time and sends each page as the client
//! reads it (`streamed_list`). The first page is read before the answer starts, so a database
//! that does not answer is still a 500 `{"error"}`. Pages follow the ids (which sort by creation),
//! not one snapshot: a message sent while the listing is read appears at its end.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::streamed_list::json_list;
use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::outbox::{self, OutboxFilter, SmsMessage};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct OutboxQuery {
    vendor: Option<String>,
    phone: Option<String>,
}

pub async fn list(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<OutboxQuery>,
) -> Result<Response, ControlError> {
    let filter = OutboxFilter {
        vendor: query.vendor,
        phone: query.phone,
    };
    let rows = app.config.control.list_page_rows.max(1);
    let first = outbox::list_page(app.db.pool(), &tenant, &filter, "", rows).await?;
    let pages = Pages {
        app,
        tenant: Arc::from(tenant),
        filter: Arc::new(filter),
        rows,
    };
    let later = stream::try_unfold(pages.after(&first), move |after| {
        let pages = pages.clone();
        async move {
            let Some(after) = after else { return Ok(None) };
            let page = pages.read(&after).await?;
            let next = pages.after(&page);
            Ok::<_, sqlx::Error>(Some((page, next)))
        }
    });
    let messages = stream::iter(first.into_iter().map(Ok::<_, sqlx::Error>)).chain(
        later
            .map_ok(|page| stream::iter(page.into_iter().map(Ok)))
            .try_flatten(),
    );
    Ok(json_list("messages", messages))
}

/// What reading the next page needs.
#[derive(Clone)]
struct Pages {
    app: AppState,
    tenant: Arc<str>,
    filter: Arc<OutboxFilter>,
    rows: usize,
}

impl Pages {
    async fn read(&self, after: &str) -> Result<Vec<SmsMessage>, sqlx::Error> {
        outbox::list_page(self.app.db.pool(), &self.tenant, &self.filter, after, self.rows).await
    }

    /// Where the page after `page` starts; `None` when `page` was the last (not full).
    fn after(&self, page: &[SmsMessage]) -> Option<String> {
        (page.len() == self.rows)
            .then(|| page.last().map(|message| message.id.clone()))
            .flatten()
    }
}

pub async fn clear(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
) -> Result<Json<Value>, ControlError> {
    app.db
        .write(move |conn| Box::pin(async move { outbox::clear(conn, &tenant).await }))
        .await?;
    Ok(Json(json!({ "messages": [] })))
}
