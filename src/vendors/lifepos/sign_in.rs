//! `POST /auth/sign-in-by-phone` (also under `/v5` and `/v6`): an employee's phone and password
//! for a token that reaches the employee's organization.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::platform::context::RequestContext;
use crate::platform::phone::normalize_phone;
use crate::state::AppState;
use crate::vendors::lifepos::employee;
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::request::{json_object, required_string};
use crate::vendors::lifepos::token::{self, TokenGrant};

pub async fn sign_in_by_phone(
    State(app): State<AppState>,
    context: RequestContext,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let object = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let phone = required_string(&object, "phone")
        .map_err(|why| errors.add("phone", why))
        .ok();
    let password = required_string(&object, "password")
        .map_err(|why| errors.add("password", why))
        .ok();
    errors.into_result()?;
    let (Some(phone), Some(password)) = (phone, password) else {
        return Err(LifeposError::InternalServerError);
    };
    // A phone in no Russian notation can match nobody: the same answer as a wrong password.
    let phone_key = normalize_phone(phone).ok_or(LifeposError::WrongUsernameOrPassword)?;

    let employee = employee::find_by_phone(app.db.pool(), &context.tenant, &phone_key)
        .await?
        // Without a password an employee cannot sign in by phone.
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
