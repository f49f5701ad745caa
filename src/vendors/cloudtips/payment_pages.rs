//! `PATCH /api/paymentpages/{layoutId}`: JSON-Patch edits of a payment page of a receiver in the
//! partner's scope. The patchable document is `{"Name", "Title", "Description", "Text",
//! "WorkInfo": {"ChannelUrl"}}` (names case-insensitive); `layoutId` is the page's short id or id.

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{json, Value};

use crate::platform::bounded_patch::PatchBounds;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::cloudtips::error::{succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::jsonpatch;
use crate::vendors::cloudtips::layout::{self, LayoutContent};
use crate::vendors::cloudtips::partner::Partner;
use crate::vendors::cloudtips::receiver;
use crate::vendors::cloudtips::wire::values::is_http_url;

pub async fn patch_payment_page(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(layout_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let page = layout::find(&mut *tx, &partner.tenant, &layout_id)
        .await?
        .ok_or(CloudtipsError::PaymentPageNotFound)?;
    receiver::find_in_scope(&mut *tx, &partner, &page.user_id)
        .await?
        .ok_or(CloudtipsError::PaymentPageNotFound)?;
    let document = json!({
        "name": page.name,
        "title": page.title,
        "description": page.description,
        "text": page.text,
        "workInfo": { "channelUrl": page.channel_url },
    });
    let patched = jsonpatch::apply(&document, &body, PatchBounds::from(&app.config.server))?;
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
    let content = LayoutContent {
        name: text("/name", "name"),
        title: text("/title", "title"),
        description: text("/description", "description"),
        text: text("/text", "text"),
        channel_url: text("/workInfo/channelUrl", "workInfo.channelUrl").filter(|url| !url.is_empty()),
    };
    if content.channel_url.as_deref().is_some_and(|url| !is_http_url(url)) {
        errors.add("workInfo.channelUrl", "Некорректная ссылка");
    }
    errors.into_result()?;
    let now = context.now(&mut *tx).await?;
    layout::set_content(&mut tx, &partner.tenant, &page.id, &content, to_ms(now)).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}
