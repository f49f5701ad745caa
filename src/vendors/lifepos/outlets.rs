//! Outlets: `GET /orgs/{org}/outlets` (paginated, `search` by name), `GET …/{guid}`, `POST` with
//! `name` (1–128, required) and `address` (optional, ≤ 256).

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::platform::clock::to_ms;
use crate::state::AppState;
use crate::vendors::lifepos::access::{ListQuery, OneInOrg, OrgAccess};
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::outlet::{self, OutletRow, MAX_ADDRESS_LEN, MAX_NAME_LEN};
use crate::vendors::lifepos::pagination::{self, Presentation};
use crate::vendors::lifepos::request::{json_object, optional_string, required_string};

pub async fn list_outlets(
    State(app): State<AppState>,
    access: OrgAccess,
    ListQuery(params): ListQuery,
) -> Result<Json<Value>, LifeposError> {
    let page = pagination::list::<OutletRow>(&app, access.tenant(), &access.org_guid, &outlet::LIST, params).await?;
    Ok(Json(page.envelope(|outlet| outlet.to_json(page.presentation))))
}

pub async fn get_outlet(State(app): State<AppState>, read: OneInOrg) -> Result<Json<Value>, LifeposError> {
    let found: OutletRow = read.fetch(&app, outlet::TABLE, outlet::COLUMNS).await?;
    Ok(Json(found.to_json(Presentation::Full)))
}

pub async fn create_outlet(
    State(app): State<AppState>,
    access: OrgAccess,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let object = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let name = match required_string(&object, "name") {
        Ok(name) if (1..=MAX_NAME_LEN).contains(&name.trim().chars().count()) => Some(name.trim().to_owned()),
        Ok(_) => {
            errors.add("name", format!("от 1 до {MAX_NAME_LEN} символов"));
            None
        }
        Err(why) => {
            errors.add("name", why);
            None
        }
    };
    let address = optional_string(&object, "address", MAX_ADDRESS_LEN)
        .map_err(|why| errors.add("address", why))
        .ok();
    errors.into_result()?;
    let (Some(name), Some(address)) = (name, address) else {
        return Err(LifeposError::InternalServerError);
    };
    let mut tx = app.db.begin().await?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let outlet = OutletRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name,
        address,
        created_at_ms: now,
        updated_at_ms: now,
    };
    outlet::insert(&mut tx, access.tenant(), &outlet).await?;
    tx.commit().await?;
    Ok(Json(outlet.to_json(Presentation::Full)))
}
