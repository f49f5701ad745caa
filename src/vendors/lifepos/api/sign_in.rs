//! Sign-in (the v6 reference pages SignInByPhone and SignIn, listed in docs/vendors/lifepos.md), also under
//! `/v5` and `/v6`: an employee's credentials for `{"token"}`, a token that reaches the employee's
//! organization.
//!
//! - `POST /auth/sign-in-by-phone`: `phone` and `password` (`wire::sign_in`);
//! - `POST /auth/sign-in`: `full_username`, `password`, `response_type` (`wire::sign_in`).
//!
//! Choices where the pages are silent: a `full_username` is `<username>@<organization alias>`
//! (usernames are unique only within an organization), the alias in any case; a bare username
//! signs in when exactly one employee of the tenant has it. Both `response_type`s answer
//! `{"token"}`. A rule broken is a 422 `RequestIsNotValid` naming the field; credentials that name
//! nobody, or a wrong password, are a 401 `WrongUsernameOrPassword` (one answer for both, so a
//! caller learns nothing about who exists).

use axum::extract::State;
use axum::Json;

use crate::platform::context::RequestContext;
use crate::platform::phone::normalize_phone;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::lifepos::store::employees::{self, EmployeeRow};
use crate::vendors::lifepos::store::tokens::{self, TokenGrant};
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::sign_in::{SignIn, SignInByPhone, SignedIn};
use crate::vendors::lifepos::wire::words::LifeposWords;

pub async fn sign_in_by_phone(
    State(app): State<AppState>,
    context: RequestContext,
    Body(body, _): Body<SignInByPhone, LifeposWords>,
) -> Result<Json<SignedIn>, LifeposError> {
    // A phone the pattern allows but no Russian number is can match nobody.
    let phone_key = normalize_phone(&body.phone.0).ok_or(LifeposError::WrongUsernameOrPassword)?;
    let found = employees::find_by_phone(app.db.pool(), &context.tenant, &phone_key).await?;
    issue_for(&app, &context, found, &body.password.0).await
}

pub async fn sign_in(
    State(app): State<AppState>,
    context: RequestContext,
    Body(body, _): Body<SignIn, LifeposWords>,
) -> Result<Json<SignedIn>, LifeposError> {
    let (username, alias) = match body.full_username.rsplit_once('@') {
        Some((username, alias)) => (username, Some(alias)),
        None => (body.full_username.as_str(), None),
    };
    let mut found = employees::find_by_username(app.db.pool(), &context.tenant, username, alias).await?;
    // A bare username shared by employees of two organizations names nobody in particular.
    let one = if found.len() == 1 { found.pop() } else { None };
    issue_for(&app, &context, one, &body.password.0).await
}

/// A token for the employee found, when the password is theirs. Without a password an employee
/// cannot sign in.
async fn issue_for(
    app: &AppState,
    context: &RequestContext,
    found: Option<EmployeeRow>,
    password: &str,
) -> Result<Json<SignedIn>, LifeposError> {
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
    let token = tokens::issue(&mut tx, &context.tenant, grant, now).await?;
    tx.commit().await?;
    Ok(Json(SignedIn { token }))
}
