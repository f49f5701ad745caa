//! Organizations: `GET /orgs` (the organizations the credential reaches, which is always exactly
//! its own, as a list with every list parameter), `GET /orgs/{org}` (`presentation`) and
//! `PATCH /orgs/{org}` (RFC 6902 JSON Patch on the organization as GET shows it).
//!
//! Choices where the pages are silent: a PATCH answers 204 with no body (a public PHP client
//! checks for exactly 204; the TypeScript one reads an empty body as null); it may change `name`
//! (2–24), `alias` (`^[a-zA-Z0-9_-]{2,24}$`, unique in the tenant whatever its case, else 422
//! `AliasIsAlreadyTaken`), `support` (see `org_support`) and `extensions` (see `org_extensions`); `X-LP-Client-Extensions` is accepted and changes nothing: every answer shows
//! every extension.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{Map, Value};

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::lifepos::access::{ListQuery, OrgAccess, Shown};
use crate::vendors::lifepos::auth::Principal;
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::organization::{self, OrganizationRow, NAME_CHARS};
use crate::vendors::lifepos::pagination::{self, Presentation};
use crate::vendors::lifepos::{org_extensions, org_support, patch, store};

pub async fn list_orgs(
    State(app): State<AppState>,
    context: RequestContext,
    principal: Principal,
    ListQuery(params): ListQuery,
) -> Result<Json<Value>, LifeposError> {
    principal.require_api_rights()?;
    let page =
        pagination::list::<OrganizationRow>(&app, &context.tenant, &principal.org_guid, &organization::LIST, params)
            .await?;
    Ok(Json(page.envelope(|org| org.to_json(page.presentation))))
}

pub async fn get_org(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
) -> Result<Json<Value>, LifeposError> {
    let org = organization::find(app.db.pool(), access.tenant(), &access.org_guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    Ok(Json(org.to_json(presentation)))
}

const READ_ONLY: [&str; 6] = ["guid", "type_of", "owner", "created_at", "updated_at", "deleted_at"];

pub async fn patch_org(
    State(app): State<AppState>,
    access: OrgAccess,
    body: Bytes,
) -> Result<StatusCode, LifeposError> {
    let operations = patch::operations(&body, &app.config.server)?;
    let mut tx = app.db.begin().await?;
    store::lock_for_change(&mut tx, organization::TABLE, access.tenant(), &access.org_guid).await?;
    let mut record = organization::find(&mut *tx, access.tenant(), &access.org_guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    let patched = operations.apply(&record.to_json(Presentation::Full), &READ_ONLY)?;
    let fields = writable(&patched, &record)?;
    record.name = fields.name;
    record.alias = fields.alias;
    record.support = fields.support;
    record.extensions = fields.extensions;
    record.updated_at_ms = to_ms(access.context.now(&mut *tx).await?);
    match organization::update(&mut tx, access.tenant(), &record).await {
        Err(err) if organization::ALIAS_INDEX.violated_by(&err) => return Err(LifeposError::AliasIsAlreadyTaken),
        other => other?,
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The fields a PATCH may change, checked, in their stored form.
struct Writable {
    name: String,
    alias: String,
    support: Option<String>,
    extensions: String,
}

/// A name left as it was passes even when a fixture gave it outside the API's 2–24, so such an
/// organization can still be patched.
fn writable(patched: &Map<String, Value>, stored: &OrganizationRow) -> Result<Writable, LifeposError> {
    let mut errors = FieldErrors::default();
    let name = match patched.get("name") {
        Some(Value::String(name)) if *name == stored.name => name.clone(),
        Some(Value::String(name)) if NAME_CHARS.contains(&name.trim().chars().count()) => name.trim().to_owned(),
        _ => {
            errors.add("name", "строка от 2 до 24 символов");
            String::new()
        }
    };
    let alias = match patched.get("alias") {
        Some(Value::String(alias)) if organization::is_alias(alias) => alias.clone(),
        _ => {
            errors.add("alias", "от 2 до 24 символов: латинские буквы, цифры, _ и -");
            String::new()
        }
    };
    let support = patched.get("support").cloned().unwrap_or(Value::Null);
    org_support::check(&support, &mut errors);
    let support = support.is_object().then(|| support.to_string());
    let extensions = patched
        .get("extensions")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    org_extensions::check(&extensions, &mut errors);
    errors.into_result()?;
    Ok(Writable {
        name,
        alias,
        support,
        extensions: extensions.to_string(),
    })
}
