//! `GET /orgs`: the organizations the caller's credential reaches (always exactly its own), in the
//! LIFE POS list envelope.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::platform::clock::{from_ms, rfc3339};
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::lifepos::auth::Principal;
use crate::vendors::lifepos::error::LifeposError;
use crate::vendors::lifepos::pagination::PAGE_SIZE;

pub async fn list_orgs(
    State(app): State<AppState>,
    context: RequestContext,
    principal: Principal,
) -> Result<Json<Value>, LifeposError> {
    principal.require_api_rights()?;
    let org: Option<(String, String, i64)> =
        sqlx::query_as("SELECT guid, name, created_at_ms FROM lifepos_organizations WHERE tenant = $1 AND guid = $2")
            .bind(&context.tenant)
            .bind(&principal.org_guid)
            .fetch_optional(app.db.pool())
            .await?;
    let items: Vec<Value> = org
        .into_iter()
        .map(|(guid, name, created)| json!({ "guid": guid, "name": name, "created_at": rfc3339(from_ms(created)) }))
        .collect();
    Ok(Json(json!({
        "items_total": items.len(),
        "items": items,
        "next_page_token": null,
        "page_number": 1,
        "pages_total": 1,
        "items_per_page": PAGE_SIZE,
    })))
}
