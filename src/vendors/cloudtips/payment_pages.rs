//! `PATCH /api/paymentpages/{layoutId}`: JSON-Patch edits of a payment page of a receiver in the
//! partner's scope. The patchable document is `{"Name", "Title", "Description", "Text",
//! "WorkInfo": {"ChannelUrl"}}` (names case-insensitive); `layoutId` is the page's short id or id.

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{json, Value};

use crate::platform::clock::{self, to_ms};
use crate::state::AppState;
use crate::vendors::cloudtips::auth::Partner;
use crate::vendors::cloudtips::error::{succeed_empty, ApiResult, CloudtipsError, FieldErrors, PAYMENT_PAGE_NOT_FOUND};
use crate::vendors::cloudtips::jsonpatch;
use crate::vendors::cloudtips::receiver::{find_in_scope, find_layout};
use crate::vendors::cloudtips::validate::is_http_url;

pub async fn patch_payment_page(
    State(app): State<AppState>,
    partner: Partner,
    Path(layout_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let layout = find_layout(&mut *tx, &partner.tenant, &layout_id)
        .await?
        .ok_or(CloudtipsError::NotFound(PAYMENT_PAGE_NOT_FOUND))?;
    find_in_scope(&mut *tx, &partner.tenant, &partner.username, &layout.user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(PAYMENT_PAGE_NOT_FOUND))?;
    let document = json!({
        "name": layout.name,
        "title": layout.title,
        "description": layout.description,
        "text": layout.text,
        "workInfo": { "channelUrl": layout.channel_url },
    });
    let patched = jsonpatch::apply(&document, &body)?;
    let mut errors = FieldErrors::default();
    jsonpatch::reject_unknown_members(&document, &patched, "", &mut errors);
    let mut text = |pointer: &str, field: &str| match patched.pointer(pointer) {
        None | Some(Value::Null) => None,
        Some(Value::String(value)) => Some(value.clone()),
        Some(_) => {
            errors.add(field, "Значение должно быть строкой");
            None
        }
    };
    let name = text("/name", "name");
    let title = text("/title", "title");
    let description = text("/description", "description");
    let body_text = text("/text", "text");
    let channel_url = text("/workInfo/channelUrl", "workInfo.channelUrl").filter(|url| !url.is_empty());
    if channel_url.as_deref().is_some_and(|url| !is_http_url(url)) {
        errors.add("workInfo.channelUrl", "Некорректная ссылка");
    }
    errors.into_result()?;
    let now = clock::now(&mut *tx, &partner.tenant).await?;
    sqlx::query(
        "UPDATE cloudtips_layouts SET name = $1, title = $2, description = $3, text = $4, channel_url = $5, \
         updated_at_ms = $6 WHERE tenant = $7 AND id = $8",
    )
    .bind(&name)
    .bind(&title)
    .bind(&description)
    .bind(&body_text)
    .bind(&channel_url)
    .bind(to_ms(now))
    .bind(&partner.tenant)
    .bind(&layout.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}
