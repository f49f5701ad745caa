//! `GET /orgs`: the organizations the caller's credential reaches (always exactly its own), in the
//! LIFE POS list envelope.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::lifepos::auth::Principal;
use crate::vendors::lifepos::error::LifeposError;
use crate::vendors::lifepos::organization;
use crate::vendors::lifepos::pagination::PAGE_SIZE;

pub async fn list_orgs(
    State(app): State<AppState>,
    context: RequestContext,
    principal: Principal,
) -> Result<Json<Value>, LifeposError> {
    principal.require_api_rights()?;
    let org = organization::find(app.db.pool(), &context.tenant, &principal.org_guid).await?;
    let items: Vec<Value> = org.iter().map(organization::OrganizationRow::to_json).collect();
    Ok(Json(json!({
        "items_total": items.len(),
        "items": items,
        "next_page_token": null,
        "page_number": 1,
        "pages_total": 1,
        "items_per_page": PAGE_SIZE,
    })))
}
