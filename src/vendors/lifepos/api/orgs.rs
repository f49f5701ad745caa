//! Organizations: `GET /orgs` (the organizations the credential reaches, which is always exactly
//! its own, as a list with every list parameter), `GET /orgs/{org}` (`presentation`) and
//! `PATCH /orgs/{org}` (RFC 6902 JSON Patch on the organization as GET shows it).
//!
//! Choices where the pages are silent: a PATCH answers 204 with no body (a public PHP client
//! checks for exactly 204; the TypeScript one reads an empty body as null); it may change `name`,
//! `alias` (unique in the tenant whatever its case, else 422 `AliasIsAlreadyTaken`), `support` and
//! `extensions`, as `wire::orgs` declares them; `X-LP-Client-Extensions` is accepted and changes
//! nothing: every answer shows every extension.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{Map, Value};

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::wire::{self, Body};
use crate::state::AppState;
use crate::vendors::lifepos::api::access::OrgAccess;
use crate::vendors::lifepos::api::auth::Principal;
use crate::vendors::lifepos::api::patch;
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists;
use crate::vendors::lifepos::store::orgs::{self, OrganizationRow};
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::lists::Page;
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::orgs::Organization;
use crate::vendors::lifepos::wire::orgs::OrganizationChange;
use crate::vendors::lifepos::wire::patch::JsonPatch;
use crate::vendors::lifepos::wire::render::to_value;
use crate::vendors::lifepos::wire::words::LifeposWords;
use crate::vendors::lifepos::wire::words::WORDS;

pub async fn list_orgs(
    State(app): State<AppState>,
    context: RequestContext,
    principal: Principal,
    Listing(query): Listing,
) -> Result<Json<Page<Organization>>, LifeposError> {
    principal.require_api_rights()?;
    let page = lists::list::<OrganizationRow>(&app, &context.tenant, &principal.org_guid, &orgs::LIST, &query).await?;
    Ok(Json(page.page(|org| org.answer(page.presentation))))
}

pub async fn get_org(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
) -> Result<Json<Organization>, LifeposError> {
    let org = orgs::find(app.db.pool(), access.tenant(), &access.org_guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    Ok(Json(org.answer(presentation)))
}

const READ_ONLY: [&str; 6] = ["guid", "type_of", "owner", "created_at", "updated_at", "deleted_at"];

pub async fn patch_org(
    State(app): State<AppState>,
    access: OrgAccess,
    Body(JsonPatch(operations), _): Body<JsonPatch, LifeposWords>,
) -> Result<StatusCode, LifeposError> {
    let operations = patch::Operations::new(operations, &app.config.server)?;
    let mut tx = app.db.begin().await?;
    store::lock_for_change(&mut tx, orgs::TABLE, access.tenant(), &access.org_guid).await?;
    let mut record = orgs::find(&mut *tx, access.tenant(), &access.org_guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    let patched = operations.apply(&to_value(&record.answer(Presentation::Full)), &READ_ONLY)?;
    let change = writable(patched, &record)?;
    record.name = change.name;
    record.alias = change.alias.0;
    record.support = change.support.map(|support| support.value.to_string());
    record.extensions = change
        .extensions
        .map_or_else(|| Value::Object(Map::new()), |extensions| extensions.value)
        .to_string();
    record.updated_at_ms = to_ms(access.context.now(&mut *tx).await?);
    match orgs::update(&mut tx, access.tenant(), &record).await {
        Err(err) if orgs::ALIAS_INDEX.violated_by(&err) => return Err(LifeposError::AliasIsAlreadyTaken),
        other => other?,
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization a patch leaves, by its declaration and the rule across its extensions' members.
/// A name left as it was passes even when a fixture gave it outside the API's 2–24, so such an
/// organization can still be patched.
fn writable(patched: Map<String, Value>, stored: &OrganizationRow) -> Result<OrganizationChange, LifeposError> {
    let name_unchanged = patched.get("name").and_then(Value::as_str) == Some(stored.name.as_str());
    let document = Value::Object(patched);
    let change = match wire::read::<OrganizationChange>(document.clone(), &WORDS) {
        Ok(change) => change,
        Err(problems) => {
            let problems: Vec<_> = problems
                .into_iter()
                .filter(|problem| !(name_unchanged && problem.field == "name"))
                .collect();
            if !problems.is_empty() {
                return Err(FieldErrors::from(problems).into());
            }
            // Only the stored name broke a rule, and serde reads no rules.
            serde_json::from_value(document).map_err(|_| LifeposError::InternalServerError)?
        }
    };
    match change
        .extensions
        .as_ref()
        .and_then(|extensions| extensions.declared.problem())
    {
        Some((field, problem)) => Err(LifeposError::invalid_field(field, problem)),
        None => Ok(change),
    }
}
