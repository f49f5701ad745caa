//! Workplaces (the v6 guide's page "Рабочие места", listed in docs/vendors/lifepos.md): create,
//! list, get, JSON-Patch, archive (DELETE), `:unarchive`, `:deactivate`,
//! `:generate-activation-code`.
//!
//! Choices where the guide is silent:
//! - every call answers 200 with the workplace (or `{"activation_code"}`); archiving an archived
//!   workplace, unarchiving a live one and deactivating an inactive one change nothing;
//! - `number` is the next free number of the organization when not given; numbers stay taken by
//!   archived workplaces;
//! - `extensions` takes the extensions the list page shows, each checked against the page's rules
//!   (`extension_rules`) on create and after a PATCH; another key is a 422;
//! - PATCH takes RFC 6902 operations on the workplace as GET shows it; only `name`, `number`,
//!   `workplace_type` and `extensions` may change, any other change is a 422 naming the field;
//! - a `:generate-activation-code` body names `employee` (required) and `outlet` as `{"guid"}`
//!   (a bare guid string is accepted); an unknown one is a 422 naming it. The SMS text is
//!   `Код активации рабочего места LIFE POS: <code>`, sent to the employee's phone;
//! - `:deactivate` revokes every token the workplace's activations issued.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::db::Tx;
use crate::platform::clock::{from_ms, to_ms};
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::phone::normalize_phone;
use crate::platform::secrets::random_digits;
use crate::state::AppState;
use crate::vendors::lifepos::access::{entity_guid, ListQuery, OneInOrg, OrgAccess, Shown};
use crate::vendors::lifepos::employee;
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::extension_rules::{self, WORKPLACE_EXTENSIONS};
use crate::vendors::lifepos::outlet;
use crate::vendors::lifepos::pagination::{self, Presentation};
use crate::vendors::lifepos::patch;
use crate::vendors::lifepos::request::{json_object, optional_string, reference_guid};
use crate::vendors::lifepos::workplace::{self, WorkplaceRow, WorkplaceType, MAX_NAME_LEN, MAX_NUMBER};
use crate::vendors::lifepos::{store, token};

/// Attempts at a write that may clash with a concurrent one (next free number, random code).
const ATTEMPTS: usize = 5;

/// A new workplace without a `number` when every number of the organization is taken.
pub const NO_FREE_NUMBER: &str = "свободных номеров не осталось";
/// `:generate-activation-code` for an employee or outlet the organization does not have.
pub const EMPLOYEE_NOT_IN_ORG: &str = "сотрудник не найден в организации";
pub const OUTLET_NOT_IN_ORG: &str = "торговая точка не найдена в организации";

/// The fields a client may set.
struct Writable {
    workplace_type: WorkplaceType,
    number: Option<i64>,
    name: Option<String>,
    extensions: Map<String, Value>,
}

fn writable(object: &Map<String, Value>, number_required: bool) -> Result<Writable, LifeposError> {
    let mut errors = FieldErrors::default();
    let kinds = || WorkplaceType::ALL.map(WorkplaceType::name).join(", ");
    let workplace_type = match object.get("workplace_type") {
        None | Some(Value::Null) => {
            errors.add("workplace_type", "поле обязательно");
            None
        }
        Some(value) => {
            let kind = value.as_str().and_then(WorkplaceType::from_name);
            if kind.is_none() {
                errors.add("workplace_type", format!("допустимые значения: {}", kinds()));
            }
            kind
        }
    };
    let number = match object.get("number") {
        None | Some(Value::Null) if !number_required => None,
        None | Some(Value::Null) => {
            errors.add("number", "поле обязательно");
            None
        }
        Some(value) => match value.as_i64().filter(|n| (1..=MAX_NUMBER).contains(n)) {
            Some(number) => Some(number),
            None => {
                errors.add("number", format!("целое число от 1 до {MAX_NUMBER}"));
                None
            }
        },
    };
    let name = optional_string(object, "name", MAX_NAME_LEN)
        .map_err(|why| errors.add("name", why))
        .ok()
        .flatten();
    let extensions = extension_rules::check(object.get("extensions"), WORKPLACE_EXTENSIONS, &mut errors);
    errors.into_result()?;
    Ok(Writable {
        workplace_type: workplace_type.unwrap_or_default(),
        number,
        name,
        extensions,
    })
}

pub async fn create_workplace(
    State(app): State<AppState>,
    access: OrgAccess,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let fields = writable(&json_object(&body)?, false)?;
    for _ in 0..ATTEMPTS {
        let mut tx = app.db.begin().await?;
        // Every attempt stamps the request's one instant.
        let now = to_ms(access.context.now(&mut *tx).await?);
        let number = match fields.number {
            Some(number) => number,
            None => workplace::next_number(&mut tx, access.tenant(), &access.org_guid).await?,
        };
        if number > MAX_NUMBER {
            return Err(LifeposError::invalid_field("number", NO_FREE_NUMBER));
        }
        let record = WorkplaceRow {
            guid: uuid::Uuid::new_v4().to_string(),
            org_guid: access.org_guid.clone(),
            number,
            name: fields.name.clone(),
            workplace_type: fields.workplace_type.name().to_owned(),
            extensions: Value::Object(fields.extensions.clone()).to_string(),
            activation_code: None,
            code_employee_guid: None,
            code_outlet_guid: None,
            activated_at_ms: None,
            created_at_ms: now,
            updated_at_ms: now,
            deleted_at_ms: None,
        };
        match workplace::insert(&mut tx, access.tenant(), &record).await {
            Ok(()) => {
                tx.commit().await?;
                return Ok(Json(record.to_json(Presentation::Full)));
            }
            // A concurrent create took the number we picked: pick again.
            Err(err) if workplace::NUMBER_INDEX.violated_by(&err) && fields.number.is_none() => continue,
            Err(err) if workplace::NUMBER_INDEX.violated_by(&err) => return Err(LifeposError::not_unique("number")),
            Err(err) => return Err(err.into()),
        }
    }
    Err(LifeposError::InternalServerError)
}

pub async fn list_workplaces(
    State(app): State<AppState>,
    access: OrgAccess,
    ListQuery(params): ListQuery,
) -> Result<Json<Value>, LifeposError> {
    let page =
        pagination::list::<WorkplaceRow>(&app, access.tenant(), &access.org_guid, &workplace::LIST, params).await?;
    Ok(Json(page.envelope(|workplace| workplace.to_json(page.presentation))))
}

pub async fn get_workplace(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Value>, LifeposError> {
    let found: WorkplaceRow = read.fetch(&app, workplace::TABLE, workplace::COLUMNS).await?;
    Ok(Json(found.to_json(presentation)))
}

/// Loads a workplace for a change inside `tx`, with the tenant's time.
async fn load_for_change(tx: &mut Tx, access: &OrgAccess, guid: &str) -> Result<(WorkplaceRow, i64), LifeposError> {
    let guid = entity_guid(guid)?;
    store::lock_for_change(tx, workplace::TABLE, access.tenant(), &guid).await?;
    let record = workplace::find(&mut **tx, access.tenant(), &access.org_guid, &guid)
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
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let operations = patch::operations(&body, &app.config.server)?;
    let mut tx = app.db.begin().await?;
    let (mut record, now) = load_for_change(&mut tx, &access, &guid).await?;
    if record.is_archived() {
        return Err(LifeposError::NotAllowedForArchived);
    }
    let patched = operations.apply(&record.to_json(Presentation::Full), &READ_ONLY)?;
    let fields = writable(&patched, true)?;
    record.workplace_type = fields.workplace_type.name().to_owned();
    record.number = fields.number.unwrap_or(record.number);
    record.name = fields.name;
    record.extensions = Value::Object(fields.extensions).to_string();
    record.updated_at_ms = now;
    match workplace::update(&mut tx, access.tenant(), &record).await {
        Err(err) if workplace::NUMBER_INDEX.violated_by(&err) => return Err(LifeposError::not_unique("number")),
        other => other?,
    }
    tx.commit().await?;
    Ok(Json(record.to_json(Presentation::Full)))
}

pub async fn archive_workplace(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, guid)): Path<(String, String)>,
) -> Result<Json<Value>, LifeposError> {
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
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let (guid, action) = target.split_once(':').ok_or(LifeposError::NotFound)?;
    match action {
        UNARCHIVE => {
            change(&app, &access, guid, |record, _now| {
                record.deleted_at_ms = None;
            })
            .await
        }
        DEACTIVATE => deactivate(&app, &access, guid).await,
        GENERATE_ACTIVATION_CODE => generate_activation_code(&app, &access, guid, &body).await,
        _ => Err(LifeposError::NotFound),
    }
}

/// Applies `edit` and stamps `updated_at` when it changed anything.
async fn change(
    app: &AppState,
    access: &OrgAccess,
    guid: &str,
    edit: impl FnOnce(&mut WorkplaceRow, i64),
) -> Result<Json<Value>, LifeposError> {
    let mut tx = app.db.begin().await?;
    let (mut record, now) = load_for_change(&mut tx, access, guid).await?;
    let before = record.clone();
    edit(&mut record, now);
    if record != before {
        record.updated_at_ms = now;
        workplace::update(&mut tx, access.tenant(), &record).await?;
    }
    tx.commit().await?;
    Ok(Json(record.to_json(Presentation::Full)))
}

async fn deactivate(app: &AppState, access: &OrgAccess, guid: &str) -> Result<Json<Value>, LifeposError> {
    let mut tx = app.db.begin().await?;
    let (mut record, now) = load_for_change(&mut tx, access, guid).await?;
    if record.activated_at_ms.take().is_some() {
        record.updated_at_ms = now;
        workplace::update(&mut tx, access.tenant(), &record).await?;
    }
    token::revoke_for_workplace(&mut tx, access.tenant(), &record.guid).await?;
    tx.commit().await?;
    Ok(Json(record.to_json(Presentation::Full)))
}

async fn generate_activation_code(
    app: &AppState,
    access: &OrgAccess,
    guid: &str,
    body: &Bytes,
) -> Result<Json<Value>, LifeposError> {
    let object = if body.is_empty() {
        Map::new()
    } else {
        json_object(body)?
    };
    let mut errors = FieldErrors::default();
    let employee_guid = match reference_guid(&object, "employee") {
        Ok(Some(guid)) => Some(guid),
        Ok(None) => {
            errors.add("employee", "поле обязательно");
            None
        }
        Err(why) => {
            errors.add("employee", why);
            None
        }
    };
    let outlet_guid = reference_guid(&object, "outlet")
        .map_err(|why| errors.add("outlet", why))
        .ok()
        .flatten();
    let send_sms = match object.get("send_sms") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(send)) => *send,
        Some(_) => {
            errors.add("send_sms", "ожидается true или false");
            false
        }
    };
    errors.into_result()?;
    let Some(employee_guid) = employee_guid else {
        return Err(LifeposError::InternalServerError);
    };

    for _ in 0..ATTEMPTS {
        let mut tx = app.db.begin().await?;
        let (mut record, now) = load_for_change(&mut tx, access, guid).await?;
        if record.is_archived() {
            return Err(LifeposError::NotAllowedForArchived);
        }
        let employee = employee::find(&mut *tx, access.tenant(), &access.org_guid, &employee_guid)
            .await?
            .ok_or_else(|| LifeposError::invalid_field("employee", EMPLOYEE_NOT_IN_ORG))?;
        if let Some(outlet) = &outlet_guid {
            outlet::find(&mut *tx, access.tenant(), &access.org_guid, outlet)
                .await?
                .ok_or_else(|| LifeposError::invalid_field("outlet", OUTLET_NOT_IN_ORG))?;
        }
        let phone = employee.phone.as_deref().and_then(normalize_phone);
        if send_sms && phone.is_none() {
            return Err(LifeposError::PhoneIsNotFound);
        }
        let code = random_digits(8);
        record.activation_code = Some(code.clone());
        record.code_employee_guid = Some(employee.guid.clone());
        record.code_outlet_guid = outlet_guid.clone();
        record.updated_at_ms = now;
        match workplace::update(&mut tx, access.tenant(), &record).await {
            // Another workplace of the tenant holds the same code: draw again.
            Err(err) if workplace::CODE_INDEX.violated_by(&err) => continue,
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
        return Ok(Json(json!({ "activation_code": code })));
    }
    Err(LifeposError::InternalServerError)
}
