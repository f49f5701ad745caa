//! Sign-in (the v6 reference pages SignInByPhone and SignIn, listed in docs/vendors/lifepos.md),
//! also under `/v5` and `/v6`: an employee's credentials for `{"token"}`, a token that reaches the
//! employee's organization.
//!
//! - `POST /auth/sign-in-by-phone`: `phone` (10–18 characters, the pages' pattern, see
//!   `phone_rule`) and `password` (6–32);
//! - `POST /auth/sign-in`: `full_username` (2–49), `password` (6–32), `response_type` (`Session`
//!   or `Token`, optional).
//!
//! Choices where the pages are silent: a `full_username` is `<username>@<organization alias>`
//! (49 = the 24 characters of a username, `@`, the 24 of an alias; usernames are unique only within
//! an organization), the alias in any case; a bare username signs in when exactly one employee of
//! the tenant has it. Both `response_type`s answer `{"token"}`. A rule broken is a 422
//! `RequestIsNotValid` naming the field; credentials that name nobody, or a wrong password, are a
//! 401 `WrongUsernameOrPassword` (one answer for both, so a caller learns nothing about who
//! exists).

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::platform::context::RequestContext;
use crate::platform::phone::normalize_phone;
use crate::state::AppState;
use crate::vendors::lifepos::employee::{self, EmployeeRow};
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::phone_rule;
use crate::vendors::lifepos::request::{json_object, required_string};
use crate::vendors::lifepos::token::{self, TokenGrant};

/// The pages' `password`: 6 to 32 characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 6..=32;
/// The page's `full_username`: 2 to 49 characters.
pub const FULL_USERNAME_CHARS: std::ops::RangeInclusive<usize> = 2..=49;
pub const RESPONSE_TYPES: [&str; 2] = ["Session", "Token"];

/// A required string member that `rule` accepts; its problem is added to `errors` otherwise.
fn checked<'a>(
    object: &'a Map<String, Value>,
    field: &str,
    rule: impl Fn(&str) -> Option<String>,
    errors: &mut FieldErrors,
) -> Option<&'a str> {
    let value = required_string(object, field)
        .map_err(|why| errors.add(field, why))
        .ok()?;
    match rule(value) {
        Some(why) => {
            errors.add(field, why);
            None
        }
        None => Some(value),
    }
}

fn length(chars: std::ops::RangeInclusive<usize>) -> impl Fn(&str) -> Option<String> {
    move |value| {
        (!chars.contains(&value.chars().count())).then(|| format!("от {} до {} символов", chars.start(), chars.end()))
    }
}

pub async fn sign_in_by_phone(
    State(app): State<AppState>,
    context: RequestContext,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let object = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let phone = checked(&object, "phone", phone_rule::problem, &mut errors);
    let password = checked(&object, "password", length(PASSWORD_CHARS), &mut errors);
    errors.into_result()?;
    let (Some(phone), Some(password)) = (phone, password) else {
        return Err(LifeposError::InternalServerError);
    };
    // A phone the pattern allows but no Russian number is can match nobody.
    let phone_key = normalize_phone(phone).ok_or(LifeposError::WrongUsernameOrPassword)?;
    let found = employee::find_by_phone(app.db.pool(), &context.tenant, &phone_key).await?;
    issue_for(&app, &context, found, password).await
}

pub async fn sign_in(
    State(app): State<AppState>,
    context: RequestContext,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let object = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let full_username = checked(&object, "full_username", length(FULL_USERNAME_CHARS), &mut errors);
    let password = checked(&object, "password", length(PASSWORD_CHARS), &mut errors);
    match object.get("response_type") {
        None | Some(Value::Null) => {}
        Some(Value::String(kind)) if RESPONSE_TYPES.contains(&kind.as_str()) => {}
        Some(_) => errors.add(
            "response_type",
            format!("допустимые значения: {}", RESPONSE_TYPES.join(", ")),
        ),
    }
    errors.into_result()?;
    let (Some(full_username), Some(password)) = (full_username, password) else {
        return Err(LifeposError::InternalServerError);
    };
    let (username, alias) = match full_username.rsplit_once('@') {
        Some((username, alias)) => (username, Some(alias)),
        None => (full_username, None),
    };
    let mut found = employee::find_by_username(app.db.pool(), &context.tenant, username, alias).await?;
    // A bare username shared by employees of two organizations names nobody in particular.
    let one = if found.len() == 1 { found.pop() } else { None };
    issue_for(&app, &context, one, password).await
}

/// A token for the employee found, when the password is theirs. Without a password an employee
/// cannot sign in.
async fn issue_for(
    app: &AppState,
    context: &RequestContext,
    found: Option<EmployeeRow>,
    password: &str,
) -> Result<Json<Value>, LifeposError> {
    let employee = found
        .filter(|employee| employee.password.as_deref() == Some(password))
        .ok_or(LifeposError::WrongUsernameOrPassword)?;
    let mut tx = app.db.begin().await?;
    let now = context.now(&mut *tx).await?;
    let grant = TokenGrant {
        org_guid: &employee.org_guid,
        employee_guid: Some(&employee.guid),
        workplace_guid: None,
    };
    let token = token::issue(&mut tx, &context.tenant, grant, now).await?;
    tx.commit().await?;
    Ok(Json(json!({ "token": token })))
}
