//! Employees: `POST /orgs/{org}/employees`, `GET` list (paginated; `query` by name, username, INN,
//! e-mail, meta or phone) and one, and `GET /orgs/{org}/me` for the signed-in employee.
//!
//! As the create-employee page has them: `name` (5–64), `username` (2–24) and `phone` (10–18
//! characters, the pages' phone pattern, see `phone_rule`) and `role` are required; `inn` is 12
//! digits or null.
//!
//! Choices where the page is silent (it is cut after `pin_code_hash`): `username` has no spaces
//! and is unique in the organization (422 `UsernameIsAlreadyTaken`); `phone` is stored as
//! `+7XXXXXXXXXX` and unique in the tenant, since it signs in (422 `PhoneIsAlreadyTaken`); `role`
//! is a name or `{"guid"}`; `password` is optional and, like sign-in's, 6–32 characters (without
//! one the employee cannot sign in); `me` for an API key, which has no employee, is a 404.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{Map, Value};

use crate::platform::clock::to_ms;
use crate::platform::phone::normalize_phone;
use crate::state::AppState;
use crate::vendors::lifepos::access::{ListQuery, OneInOrg, OrgAccess, Shown};
use crate::vendors::lifepos::employee::{self, EmployeeRole, EmployeeRow};
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::pagination;
use crate::vendors::lifepos::phone_rule;
use crate::vendors::lifepos::request::{json_object, optional_string, required_string};
use crate::vendors::lifepos::sign_in::PASSWORD_CHARS;

pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 5..=64;
pub const USERNAME_CHARS: std::ops::RangeInclusive<usize> = 2..=24;
/// An INN is this many ASCII digits.
pub const INN_DIGITS: usize = 12;

struct NewEmployee {
    name: String,
    username: Option<String>,
    phone: Option<String>,
    role: EmployeeRole,
    inn: Option<String>,
    email: Option<String>,
    pin_code_hash: Option<String>,
    meta: Option<String>,
    /// A JSON object.
    meta_data: Option<String>,
    password: Option<String>,
}

fn new_employee(object: &Map<String, Value>) -> Result<NewEmployee, LifeposError> {
    let mut errors = FieldErrors::default();
    let name = match required_string(object, "name") {
        Ok(name) if NAME_CHARS.contains(&name.trim().chars().count()) => name.trim().to_owned(),
        Ok(_) => {
            errors.add("name", "от 5 до 64 символов");
            String::new()
        }
        Err(why) => {
            errors.add("name", why);
            String::new()
        }
    };
    let username = match required_string(object, "username") {
        Ok(username)
            if USERNAME_CHARS.contains(&username.chars().count()) && !username.chars().any(char::is_whitespace) =>
        {
            Some(username.to_owned())
        }
        Ok(_) => {
            errors.add("username", "от 2 до 24 символов без пробелов");
            None
        }
        Err(why) => {
            errors.add("username", why);
            None
        }
    };
    let phone = match required_string(object, "phone") {
        Ok(raw) => match phone_rule::problem(raw) {
            Some(why) => {
                errors.add("phone", why);
                None
            }
            None => {
                let phone = normalize_phone(raw);
                if phone.is_none() {
                    errors.add("phone", "номер телефона в России: +7 и 10 цифр");
                }
                phone
            }
        },
        Err(why) => {
            errors.add("phone", why);
            None
        }
    };
    let role = match object.get("role") {
        Some(Value::String(name)) => EmployeeRole::find(name),
        Some(Value::Object(reference)) => reference
            .get("guid")
            .and_then(Value::as_str)
            .and_then(EmployeeRole::find),
        _ => None,
    };
    if role.is_none() {
        let names: Vec<&str> = EmployeeRole::ALL.iter().map(|role| role.name()).collect();
        errors.add(
            "role",
            format!("ожидается {{\"guid\"}} или название роли: {}", names.join(", ")),
        );
    }
    let inn = match optional_string(object, "inn", INN_DIGITS) {
        Ok(Some(inn)) if inn.len() == INN_DIGITS && inn.bytes().all(|b| b.is_ascii_digit()) => Some(inn),
        Ok(None) => None,
        Ok(Some(_)) | Err(_) => {
            errors.add("inn", "12 цифр или null");
            None
        }
    };
    let mut checked = |field: &str, rule: fn(&str) -> Option<&'static str>| match optional_string(object, field, 256) {
        Ok(Some(value)) => match rule(&value) {
            Some(why) => {
                errors.add(field, why);
                None
            }
            None => Some(value),
        },
        Ok(None) => None,
        Err(why) => {
            errors.add(field, why);
            None
        }
    };
    let email = checked("email", employee::email_problem);
    let pin_code_hash = checked("pin_code_hash", employee::pin_code_hash_problem);
    let meta = checked("meta", employee::meta_problem);
    let meta_data = match object.get("meta_data") {
        None | Some(Value::Null) => None,
        Some(meta_data @ Value::Object(_)) => Some(meta_data.to_string()),
        Some(_) => {
            errors.add("meta_data", "ожидается объект или null");
            None
        }
    };
    let password = match optional_string(object, "password", *PASSWORD_CHARS.end()) {
        Ok(Some(password)) if password.chars().count() < *PASSWORD_CHARS.start() => {
            errors.add("password", "от 6 до 32 символов");
            None
        }
        Ok(password) => password,
        Err(_) => {
            errors.add("password", "от 6 до 32 символов");
            None
        }
    };
    errors.into_result()?;
    Ok(NewEmployee {
        name,
        username,
        phone,
        role: role.unwrap_or_default(),
        inn,
        email,
        pin_code_hash,
        meta,
        meta_data,
        password,
    })
}

pub async fn create_employee(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let new = new_employee(&json_object(&body)?)?;
    let mut tx = app.db.begin().await?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let record = EmployeeRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name: new.name,
        username: new.username,
        phone: new.phone,
        password: new.password,
        role: new.role.name().to_owned(),
        inn: new.inn,
        email: new.email,
        pin_code_hash: new.pin_code_hash,
        meta: new.meta,
        meta_data: new.meta_data,
        created_at_ms: now,
        updated_at_ms: now,
    };
    if let Err(err) = employee::insert(&mut tx, access.tenant(), &record).await {
        return Err(if employee::USERNAME_INDEX.violated_by(&err) {
            LifeposError::UsernameIsAlreadyTaken
        } else if employee::PHONE_INDEX.violated_by(&err) {
            LifeposError::PhoneIsAlreadyTaken
        } else {
            err.into()
        });
    }
    tx.commit().await?;
    Ok(Json(record.to_json(presentation)))
}

pub async fn list_employees(
    State(app): State<AppState>,
    access: OrgAccess,
    ListQuery(params): ListQuery,
) -> Result<Json<Value>, LifeposError> {
    let page =
        pagination::list::<EmployeeRow>(&app, access.tenant(), &access.org_guid, &employee::LIST, params).await?;
    Ok(Json(page.envelope(|employee| employee.to_json(page.presentation))))
}

pub async fn get_employee(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Value>, LifeposError> {
    let found: EmployeeRow = read.fetch(&app, employee::TABLE, employee::COLUMNS).await?;
    Ok(Json(found.to_json(presentation)))
}

pub async fn me(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
) -> Result<Json<Value>, LifeposError> {
    let guid = access
        .principal
        .employee_guid
        .as_deref()
        .ok_or(LifeposError::NotFound)?;
    let record = employee::find(app.db.pool(), access.tenant(), &access.org_guid, guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    Ok(Json(record.to_json(presentation)))
}
