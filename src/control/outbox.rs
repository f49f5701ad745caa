//! `GET /_emulator/outbox` (filters `vendor`, `phone`) and `DELETE` to empty it.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::outbox::{self, OutboxFilter};
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
) -> Result<Json<Value>, ControlError> {
    let filter = OutboxFilter {
        vendor: query.vendor,
        phone: query.phone,
    };
    let messages = outbox::list(app.db.pool(), &tenant, &filter).await?;
    Ok(Json(json!({ "messages": messages })))
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
