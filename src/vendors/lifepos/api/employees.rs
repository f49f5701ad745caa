//! Employees: `POST /orgs/{org}/employees`, `GET` list (paginated; `query` by name, username, INN,
//! e-mail, meta or phone) and one, and `GET /orgs/{org}/me` for the signed-in employee.
//!
//! A new employee as `wire::employees` declares it. Choices where the page is silent: `username`
//! is unique in the organization (422 `UsernameIsAlreadyTaken`); `phone` is stored as
//! `+7XXXXXXXXXX` and unique in the tenant, since it signs in (422 `PhoneIsAlreadyTaken`); `me`
//! for an API key, which has no employee, is a 404.

use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::platform::clock::to_ms;
use crate::platform::phone::normalize_phone;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::lifepos::api::access::{OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store::employees::{self, EmployeeRow};
use crate::vendors::lifepos::store::lists;
use crate::vendors::lifepos::wire::employees::Employee;
use crate::vendors::lifepos::wire::employees::NewEmployee;
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::lists::Page;
use crate::vendors::lifepos::wire::words::LifeposWords;
use crate::vendors::lifepos::wire::words::NOT_A_RUSSIAN_PHONE;

pub async fn create_employee(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
    Body(new, _): Body<NewEmployee, LifeposWords>,
) -> Result<Json<Employee>, LifeposError> {
    // The pattern admits notations that are not a Russian number (8 or 12 digits): no schema
    // states that, so it is a refusal the operation declares.
    let phone =
        normalize_phone(&new.phone.0).ok_or_else(|| LifeposError::invalid_field("phone", NOT_A_RUSSIAN_PHONE))?;
    let details = new.details;
    let mut tx = app.db.begin().await?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let record = EmployeeRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name: new.name,
        username: Some(new.username),
        phone: Some(phone),
        password: new.password.map(|password| password.0),
        role: new.role.role().name().to_owned(),
        inn: details.inn,
        email: details.email.map(|email| email.0),
        pin_code_hash: details.pin_code_hash,
        meta: details.meta,
        meta_data: details.meta_data.map(|meta_data| Value::Object(meta_data).to_string()),
        created_at_ms: now,
        updated_at_ms: now,
    };
    if let Err(err) = employees::insert(&mut tx, access.tenant(), &record).await {
        return Err(if employees::USERNAME_INDEX.violated_by(&err) {
            LifeposError::UsernameIsAlreadyTaken
        } else if employees::PHONE_INDEX.violated_by(&err) {
            LifeposError::PhoneIsAlreadyTaken
        } else {
            err.into()
        });
    }
    tx.commit().await?;
    Ok(Json(record.answer(presentation)))
}

pub async fn list_employees(
    State(app): State<AppState>,
    access: OrgAccess,
    Listing(query): Listing,
) -> Result<Json<Page<Employee>>, LifeposError> {
    let page = lists::list::<EmployeeRow>(&app, access.tenant(), &access.org_guid, &employees::LIST, &query).await?;
    Ok(Json(page.page(|employee| employee.answer(page.presentation))))
}

pub async fn get_employee(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Employee>, LifeposError> {
    let found: EmployeeRow = read.fetch(&app, employees::TABLE, employees::COLUMNS).await?;
    Ok(Json(found.answer(presentation)))
}

pub async fn me(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
) -> Result<Json<Employee>, LifeposError> {
    let guid = access
        .principal
        .employee_guid
        .as_deref()
        .ok_or(LifeposError::NotFound)?;
    let record = employees::find(app.db.pool(), access.tenant(), &access.org_guid, guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    Ok(Json(record.answer(presentation)))
}
