//! Outlets (the v6 reference pages CreateOutlet and GetOutletById, listed in docs/vendors/lifepos.md):
//! `GET /orgs/{org}/outlets` (paginated, `query` by any part of the name), `GET …/{guid}`, `POST`.
//!
//! A new outlet takes, as CreateOutlet lists them, `name` and `address` (2–256 characters each,
//! required), `legal_entity` (required) and `brand` (optional) as `{"guid","type_of"}` (a bare guid
//! is accepted; the emulator keeps no legal entities or brands, so any guid is taken), an optional
//! `organization` reference, which must name the organization of the path, and `extensions` with
//! the three extensions GetOutletById shows (`retail_app`, `settlement_methods`,
//! `lifepay_cloud_fiscalization`), each checked against the page's rules (`extension_rules`),
//! stored and echoed. The answer is the new outlet (200), as GET shows it.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{Map, Value};

use crate::platform::clock::to_ms;
use crate::state::AppState;
use crate::vendors::lifepos::access::{ListQuery, OneInOrg, OrgAccess, Shown};
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::extension_rules::{self, OUTLET_EXTENSIONS};
use crate::vendors::lifepos::outlet::{self, OutletRow, ADDRESS_CHARS, NAME_CHARS};
use crate::vendors::lifepos::pagination;
use crate::vendors::lifepos::request::{json_object, reference_guid, string_of_length};

/// A new outlet's `organization` naming another organization than the path's.
pub const NOT_THE_PATHS_ORGANIZATION: &str = "должна совпадать с организацией в пути запроса";

pub async fn list_outlets(
    State(app): State<AppState>,
    access: OrgAccess,
    ListQuery(params): ListQuery,
) -> Result<Json<Value>, LifeposError> {
    let page = pagination::list::<OutletRow>(&app, access.tenant(), &access.org_guid, &outlet::LIST, params).await?;
    Ok(Json(page.envelope(|outlet| outlet.to_json(page.presentation))))
}

pub async fn get_outlet(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Value>, LifeposError> {
    let found: OutletRow = read.fetch(&app, outlet::TABLE, outlet::COLUMNS).await?;
    Ok(Json(found.to_json(presentation)))
}

/// What a CreateOutlet body sets.
struct NewOutlet {
    name: String,
    address: String,
    legal_entity: String,
    brand: Option<String>,
    extensions: Map<String, Value>,
}

fn new_outlet(object: &Map<String, Value>, org_guid: &str) -> Result<NewOutlet, LifeposError> {
    let mut errors = FieldErrors::default();
    let mut text = |field: &str, chars| {
        string_of_length(object, field, chars)
            .map_err(|why| errors.add(field, why))
            .unwrap_or_default()
    };
    let name = text("name", NAME_CHARS);
    let address = text("address", ADDRESS_CHARS);
    let legal_entity = match reference_guid(object, "legal_entity") {
        Ok(Some(guid)) => guid,
        Ok(None) => {
            errors.add("legal_entity", "поле обязательно");
            String::new()
        }
        Err(why) => {
            errors.add("legal_entity", why);
            String::new()
        }
    };
    let brand = reference_guid(object, "brand")
        .map_err(|why| errors.add("brand", why))
        .ok()
        .flatten();
    match reference_guid(object, "organization") {
        Ok(Some(org)) if !org.eq_ignore_ascii_case(org_guid) => {
            errors.add("organization", NOT_THE_PATHS_ORGANIZATION);
        }
        Ok(_) => {}
        Err(why) => errors.add("organization", why),
    }
    let extensions = extension_rules::check(object.get("extensions"), OUTLET_EXTENSIONS, &mut errors);
    errors.into_result()?;
    Ok(NewOutlet {
        name,
        address,
        legal_entity,
        brand,
        extensions,
    })
}

pub async fn create_outlet(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let new = new_outlet(&json_object(&body)?, &access.org_guid)?;
    let mut tx = app.db.begin().await?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let outlet = OutletRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name: new.name,
        address: Some(new.address),
        legal_entity_guid: Some(new.legal_entity),
        brand_guid: new.brand,
        extensions: Value::Object(new.extensions).to_string(),
        created_at_ms: now,
        updated_at_ms: now,
    };
    outlet::insert(&mut tx, access.tenant(), &outlet).await?;
    tx.commit().await?;
    Ok(Json(outlet.to_json(presentation)))
}
