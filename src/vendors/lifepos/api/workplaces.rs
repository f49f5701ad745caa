//! Workplaces (the LIFE POS workplaces page, listed in docs/vendors/lifepos.md): create, list, get, JSON-Patch, archive (DELETE),
//! `:unarchive`, `:deactivate`, `:generate-activation-code`.
//!
//! Choices where the guide is silent:
//! - every call answers 200 with the workplace (or `{"activation_code"}`); archiving an archived
//!   workplace, unarchiving a live one and deactivating an inactive one change nothing;
//! - `number` is the next free number of the organization when not given; numbers stay taken by
//!   archived workplaces;
//! - a new workplace, and what a PATCH leaves of one, are what `wire::workplaces` declares (its
//!   `extensions` by the list page's rules);
//! - PATCH takes RFC 6902 operations on the workplace as GET shows it; only `name`, `number`,
//!   `workplace_type` and `extensions` may change, any other change is a 422 naming the field;
//! - a `:generate-activation-code` body's `employee` and `outlet` must be the organization's (a
//!   422 naming the one that is not). The SMS text is `Код активации рабочего места LIFE POS:
//!   <code>`, sent to the employee's phone;
//! - `:deactivate` revokes every token the workplace's activations issued.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

use crate::db::Tx;
use crate::platform::clock::{from_ms, to_ms};
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::phone::normalize_phone;
use crate::platform::secrets::random_digits;
use crate::platform::wire::{self, Body};
use crate::state::AppState;
use crate::vendors::lifepos::api::access::{entity_guid, OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::patch;
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::employees;
use crate::vendors::lifepos::store::lists;
use crate::vendors::lifepos::store::outlets;
use crate::vendors::lifepos::store::tokens;
use crate::vendors::lifepos::store::workplaces::{self, WorkplaceRow};
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::lists::Page;
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::{AsSent, Reference};
use crate::vendors::lifepos::wire::patch::JsonPatch;
use crate::vendors::lifepos::wire::render::to_value;
use crate::vendors::lifepos::wire::words::{LifeposWords, NO_NUMBER_LEFT, NO_SUCH_EMPLOYEE, NO_SUCH_OUTLET, WORDS};
use crate::vendors::lifepos::wire::workplaces::Workplace;
use crate::vendors::lifepos::wire::workplaces::{
    ActivationCodeIssued, GenerateActivationCode, NewWorkplace, WorkplaceChange, WorkplaceExtensions, MAX_NUMBER,
};

/// Attempts at a write that may clash with a concurrent one (next free number, random code).
const ATTEMPTS: usize = 5;

/// A workplace's extensions in their stored form (absent or null: none).
fn stored_extensions(extensions: Option<AsSent<WorkplaceExtensions>>) -> String {
    extensions
        .map_or_else(|| Value::Object(Map::new()), |extensions| extensions.value)
        .to_string()
}

pub async fn create_workplace(
    State(app): State<AppState>,
    access: OrgAccess,
    Body(new, _): Body<NewWorkplace, LifeposWords>,
) -> Result<Json<Workplace>, LifeposError> {
    let extensions = stored_extensions(new.fields.extensions);
    for _ in 0..ATTEMPTS {
        let mut tx = app.db.begin().await?;
        // Every attempt stamps the request's one instant.
        let now = to_ms(access.context.now(&mut *tx).await?);
        let number = match new.number {
            Some(number) => number,
            None => workplaces::next_number(&mut tx, access.tenant(), &access.org_guid).await?,
        };
        if number > MAX_NUMBER {
            return Err(LifeposError::invalid_field("number", NO_NUMBER_LEFT));
        }
        let record = WorkplaceRow {
            guid: uuid::Uuid::new_v4().to_string(),
            org_guid: access.org_guid.clone(),
            number,
            name: new.fields.name.clone(),
            workplace_type: new.fields.workplace_type.name().to_owned(),
            extensions: extensions.clone(),
            activation_code: None,
            activation_employee_guid: None,
            activation_outlet_guid: None,
            activated_at_ms: None,
            created_at_ms: now,
            updated_at_ms: now,
            deleted_at_ms: None,
        };
        match workplaces::insert(&mut tx, access.tenant(), &record).await {
            Ok(()) => {
                tx.commit().await?;
                return Ok(Json(record.answer(Presentation::Full)));
            }
            // A concurrent create took the number we picked: pick again.
            Err(err) if workplaces::NUMBER_INDEX.violated_by(&err) && new.number.is_none() => continue,
            Err(err) if workplaces::NUMBER_INDEX.violated_by(&err) => return Err(LifeposError::not_unique("number")),
            Err(err) => return Err(err.into()),
        }
    }
    Err(LifeposError::InternalServerError)
}

pub async fn list_workplaces(
    State(app): State<AppState>,
    access: OrgAccess,
    Listing(query): Listing,
) -> Result<Json<Page<Workplace>>, LifeposError> {
    let page = lists::list::<WorkplaceRow>(&app, access.tenant(), &access.org_guid, &workplaces::LIST, &query).await?;
    Ok(Json(page.page(|workplace| workplace.answer(page.presentation))))
}

pub async fn get_workplace(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Workplace>, LifeposError> {
    let found: WorkplaceRow = read.fetch(&app, workplaces::TABLE, workplaces::COLUMNS).await?;
    Ok(Json(found.answer(presentation)))
}

/// Loads a workplace for a change inside `tx`, with the tenant's time.
async fn load_for_change(tx: &mut Tx, access: &OrgAccess, guid: &str) -> Result<(WorkplaceRow, i64), LifeposError> {
    let guid = entity_guid(guid)?;
    store::lock_for_change(tx, workplaces::TABLE, access.tenant(), &guid).await?;
    let record = workplaces::find(&mut **tx, access.tenant(), &access.org_guid, &guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    let now = to_ms(access.context.now(&mut **tx).await?);
    Ok((record, now))
}

const READ_ONLY: [&str; 6] = [
    "guid",
    "activated_at",
    "deleted_at",
    "organization",
    "created_at",
    "updated_at",
];

pub async fn patch_workplace(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, guid)): Path<(String, String)>,
    Body(JsonPatch(operations), _): Body<JsonPatch, LifeposWords>,
) -> Result<Json<Workplace>, LifeposError> {
    let operations = patch::Operations::new(operations, &app.config.server)?;
    let mut tx = app.db.begin().await?;
    let (mut record, now) = load_for_change(&mut tx, &access, &guid).await?;
    if record.is_archived() {
        return Err(LifeposError::NotAllowedForArchived);
    }
    let patched = operations.apply(&to_value(&record.answer(Presentation::Full)), &READ_ONLY)?;
    let change: WorkplaceChange = wire::read(Value::Object(patched), &WORDS).map_err(FieldErrors::from)?;
    record.workplace_type = change.fields.workplace_type.name().to_owned();
    record.number = change.number;
    record.name = change.fields.name;
    record.extensions = stored_extensions(change.fields.extensions);
    record.updated_at_ms = now;
    match workplaces::update(&mut tx, access.tenant(), &record).await {
        Err(err) if workplaces::NUMBER_INDEX.violated_by(&err) => return Err(LifeposError::not_unique("number")),
        other => other?,
    }
    tx.commit().await?;
    Ok(Json(record.answer(Presentation::Full)))
}

pub async fn archive_workplace(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, guid)): Path<(String, String)>,
) -> Result<Json<Workplace>, LifeposError> {
    change(&app, &access, &guid, |record, now| {
        record.deleted_at_ms.get_or_insert(now);
    })
    .await
}

const UNARCHIVE: &str = "unarchive";
const DEACTIVATE: &str = "deactivate";
const GENERATE_ACTIVATION_CODE: &str = "generate-activation-code";
/// The actions of `POST …/workplaces/{guid}:<action>`; another is a 404.
pub const ACTIONS: [&str; 3] = [UNARCHIVE, DEACTIVATE, GENERATE_ACTIVATION_CODE];

/// `POST …/workplaces/{guid}:<action>`.
pub async fn workplace_action(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, target)): Path<(String, String)>,
    // Only `:generate-activation-code` reads a body.
    body: Bytes,
) -> Result<Response, LifeposError> {
    let (guid, action) = target.split_once(':').ok_or(LifeposError::NotFound)?;
    match action {
        UNARCHIVE => change(&app, &access, guid, |record, _now| {
            record.deleted_at_ms = None;
        })
        .await
        .map(IntoResponse::into_response),
        DEACTIVATE => deactivate(&app, &access, guid).await.map(IntoResponse::into_response),
        GENERATE_ACTIVATION_CODE => generate_activation_code(&app, &access, guid, &body)
            .await
            .map(IntoResponse::into_response),
        _ => Err(LifeposError::NotFound),
    }
}

/// Applies `edit` and stamps `updated_at` when it changed anything.
async fn change(
    app: &AppState,
    access: &OrgAccess,
    guid: &str,
    edit: impl FnOnce(&mut WorkplaceRow, i64),
) -> Result<Json<Workplace>, LifeposError> {
    let mut tx = app.db.begin().await?;
    let (mut record, now) = load_for_change(&mut tx, access, guid).await?;
    let before = record.clone();
    edit(&mut record, now);
    if record != before {
        record.updated_at_ms = now;
        workplaces::update(&mut tx, access.tenant(), &record).await?;
    }
    tx.commit().await?;
    Ok(Json(record.answer(Presentation::Full)))
}

async fn deactivate(app: &AppState, access: &OrgAccess, guid: &str) -> Result<Json<Workplace>, LifeposError> {
    let mut tx = app.db.begin().await?;
    let (mut record, now) = load_for_change(&mut tx, access, guid).await?;
    if record.activated_at_ms.take().is_some() {
        record.updated_at_ms = now;
        workplaces::update(&mut tx, access.tenant(), &record).await?;
    }
    tokens::revoke_for_workplace(&mut tx, access.tenant(), &record.guid).await?;
    tx.commit().await?;
    Ok(Json(record.answer(Presentation::Full)))
}

async fn generate_activation_code(
    app: &AppState,
    access: &OrgAccess,
    guid: &str,
    body: &[u8],
) -> Result<Json<ActivationCodeIssued>, LifeposError> {
    // An empty body is the empty object: its `employee` is what is missing.
    let body = wire::read_body::<GenerateActivationCode, _>(if body.is_empty() { b"{}" } else { body }, &WORDS)
        .map_err(FieldErrors::from)?;
    let employee_guid = body.employee.guid();
    let outlet_guid = body.outlet.as_ref().map(Reference::guid);
    let send_sms = body.send_sms.unwrap_or(false);

    for _ in 0..ATTEMPTS {
        let mut tx = app.db.begin().await?;
        let (mut record, now) = load_for_change(&mut tx, access, guid).await?;
        if record.is_archived() {
            return Err(LifeposError::NotAllowedForArchived);
        }
        let employee = employees::find(&mut *tx, access.tenant(), &access.org_guid, &employee_guid)
            .await?
            .ok_or_else(|| LifeposError::invalid_field("employee", NO_SUCH_EMPLOYEE))?;
        if let Some(outlet) = &outlet_guid {
            outlets::find(&mut *tx, access.tenant(), &access.org_guid, outlet)
                .await?
                .ok_or_else(|| LifeposError::invalid_field("outlet", NO_SUCH_OUTLET))?;
        }
        let phone = employee.phone.as_deref().and_then(normalize_phone);
        if send_sms && phone.is_none() {
            return Err(LifeposError::PhoneIsNotFound);
        }
        let code = random_digits(8);
        record.activation_code = Some(code.clone());
        record.activation_employee_guid = Some(employee.guid.clone());
        record.activation_outlet_guid = outlet_guid.clone();
        record.updated_at_ms = now;
        match workplaces::update(&mut tx, access.tenant(), &record).await {
            // Another workplace of the tenant holds the same code: draw again.
            Err(err) if workplaces::CODE_INDEX.violated_by(&err) => continue,
            other => other?,
        }
        if let (true, Some(phone)) = (send_sms, phone) {
            let text = format!("Код активации рабочего места LIFE POS: {code}");
            let sms = OutgoingSms {
                vendor: crate::vendors::lifepos::NAME,
                phone: &phone,
                text: &text,
                code: Some(&code),
            };
            outbox::send(&mut tx, access.tenant(), sms, from_ms(now)).await?;
        }
        tx.commit().await?;
        return Ok(Json(ActivationCodeIssued { activation_code: code }));
    }
    Err(LifeposError::InternalServerError)
}
