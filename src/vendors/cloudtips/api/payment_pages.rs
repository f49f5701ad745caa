//! `PATCH /api/paymentpages/{layoutId}`: JSON-Patch edits of a payment page of a receiver in the
//! partner's scope. The patchable document is `{"name", "title", "description", "text",
//! "workInfo": {"channelUrl"}}` (paths in any case), read back through its declaration
//! (`wire::payment_pages::PageContent`); `layoutId` is the page's short id or id.

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::json;

use crate::platform::bounded_patch::PatchBounds;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding;
use crate::vendors::cloudtips::api::patching;
use crate::vendors::cloudtips::store::layout::{self, LayoutContent};
use crate::vendors::cloudtips::store::partner::Partner;
use crate::vendors::cloudtips::store::receiver;
use crate::vendors::cloudtips::wire::error::{succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::payment_pages::PageContent;

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
    let patched = patching::apply(&document, &body, PatchBounds::from(&app.config.server))?;
    let patched: PageContent = binding::read(patched)?;
    let content = LayoutContent {
        name: patched.name,
        title: patched.title,
        description: patched.description,
        text: patched.text,
        channel_url: patched
            .work_info
            .and_then(|work_info| work_info.channel_url)
            .filter(|url| !url.is_empty()),
    };
    let now = context.now(&mut *tx).await?;
    layout::set_content(&mut tx, &partner.tenant, &page.id, &content, to_ms(now)).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}
