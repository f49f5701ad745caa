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

use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::platform::clock::to_ms;
use crate::platform::phone::normalize_phone;
use crate::state::AppState;
use crate::vendors::lifepos::access::{ListQuery, OneInOrg, OrgAccess, Shown};
use crate::vendors::lifepos::employee::{self, EmployeeRow};
use crate::vendors::lifepos::error::LifeposError;
use crate::vendors::lifepos::pagination;
use crate::vendors::lifepos::request::Body;
use crate::vendors::lifepos::wire::employees::NewEmployee;

pub async fn create_employee(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
    Body(new): Body<NewEmployee>,
) -> Result<Json<Value>, LifeposError> {
    // The pattern admits notations that are not a Russian number (8 or 12 digits): no schema
    // states that, so it is a refusal the operation declares.
    let phone = normalize_phone(&new.phone)
        .ok_or_else(|| LifeposError::invalid_field("phone", "номер телефона в России: +7 и 10 цифр"))?;
    let mut tx = app.db.begin().await?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let record = EmployeeRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name: new.name,
        username: Some(new.username),
        phone: Some(phone),
        password: new.password,
        role: new.role.role().name().to_owned(),
        inn: new.inn,
        email: new.email,
        pin_code_hash: new.pin_code_hash,
        meta: new.meta,
        meta_data: new.meta_data.map(|meta_data| Value::Object(meta_data).to_string()),
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
