//! `POST /auth/sign-in-by-phone` (also under `/v5` and `/v6`): an employee's phone and password
//! for a token that reaches the employee's organization.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::platform::clock;
use crate::platform::context::RequestContext;
use crate::platform::phone::normalize_phone;
use crate::state::AppState;
use crate::vendors::lifepos::auth::{issue_token, TokenGrant};
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::request::{json_object, required_string};

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

    let employee: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT guid, org_guid, password FROM lifepos_employees WHERE tenant = $1 AND phone_key = $2")
            .bind(&context.tenant)
            .bind(&phone_key)
            .fetch_optional(app.db.pool())
            .await?;
    let (employee_guid, org_guid) = match employee {
        Some((guid, org, Some(stored))) if stored == password => (guid, org),
        _ => return Err(LifeposError::WrongUsernameOrPassword),
    };
    let mut tx = app.db.begin().await?;
    let now = clock::now(&mut *tx, &context.tenant).await?;
    let grant = TokenGrant {
        org_guid: &org_guid,
        employee_guid: Some(&employee_guid),
        workplace_guid: None,
    };
    let token = issue_token(&mut tx, &context.tenant, grant, now).await?;
    tx.commit().await?;
    Ok(Json(json!({ "token": token })))
}
