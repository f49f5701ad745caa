//! `POST /v5/auth/activate-workplace` (also `/v6/…` and unprefixed): a workplace is activated with
//! the code an employee received, once.
//!
//! Order of checks, and choices where the document is silent:
//! 1. the client headers (middleware) → 422 `RequestIsNotValid` naming the header;
//! 2. the per-IP rate limit (`vendors.lifepos.rate_limit_per_second`, per second of the tenant's
//!    clock, activation only) → 429 `TooManyRequests`;
//! 3. an IP ban in force → 429 `TryActivateLater`, whatever the code;
//! 4. the body → 422 `RequestIsNotValid` with `errors.activation_code` (not counted as a failure);
//! 5. a code matching no live workplace of the tenant → 401 `WrongActivationCode`, counted; the
//!    5th consecutive one from an IP bans it for 24 hours of the tenant's clock; a success resets
//!    the count.
//!
//! Success answers `workplace`, `organization`, `outlet` and `employee` as `{guid, type_of}`
//! (`type_of` is the entity's kind: `Workplace`, `Organization`, `Outlet`, `Employee`; `outlet`
//! and `employee` are null when the code was issued without them) plus `token`, which
//! authenticates as that workplace. The workplace gets `activated_at` and its code is used up.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use chrono::Duration;
use serde_json::{json, Value};

use crate::platform::clock::{self, to_ms};
use crate::platform::context::RequestContext;
use crate::platform::ip_ban::{self, BanPolicy, FailureOutcome};
use crate::state::AppState;
use crate::vendors::lifepos::auth::{issue_token, TokenGrant};
use crate::vendors::lifepos::error::LifeposError;
use crate::vendors::lifepos::request::{json_object, required_string};
use crate::vendors::lifepos::workplace::is_activation_code;

const RATE_SCOPE: &str = "lifepos.activation";

fn ban_policy(app: &AppState) -> BanPolicy {
    let config = &app.config.vendors.lifepos;
    BanPolicy {
        scope: RATE_SCOPE,
        max_failures: i64::from(config.activation_max_failures.max(1)),
        ban: Duration::seconds(config.activation_ban_seconds.max(0)),
    }
}

pub async fn activate_workplace(
    State(app): State<AppState>,
    context: RequestContext,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let tenant = context.tenant.as_str();
    let policy = ban_policy(&app);
    let now = clock::now(app.db.pool(), tenant).await?;
    let limit = app.config.vendors.lifepos.rate_limit_per_second;
    if !app
        .rate_limits
        .allow(tenant, RATE_SCOPE, context.client_ip, now.timestamp(), limit)
    {
        return Err(LifeposError::TooManyRequests);
    }
    if ip_ban::banned_until(app.db.pool(), tenant, &policy, context.client_ip, now)
        .await?
        .is_some()
    {
        return Err(LifeposError::TryActivateLater);
    }
    let code = activation_code(&body)?;

    let mut tx = app.db.begin().await?;
    // One statement finds and uses up the code, so two clients racing with it cannot both win.
    let activated: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "UPDATE lifepos_workplaces SET activation_code = NULL, activated_at_ms = $3, updated_at_ms = $3 \
         WHERE tenant = $1 AND activation_code = $2 AND deleted_at_ms IS NULL \
         RETURNING guid, org_guid, code_employee_guid, code_outlet_guid",
    )
    .bind(tenant)
    .bind(&code)
    .bind(to_ms(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((workplace, organization, employee, outlet)) = activated else {
        let outcome = ip_ban::record_failure(&mut tx, tenant, &policy, context.client_ip, now).await?;
        tx.commit().await?;
        return Err(match outcome {
            FailureOutcome::Counted => LifeposError::WrongActivationCode,
            FailureOutcome::Banned => LifeposError::TryActivateLater,
        });
    };
    ip_ban::record_success(&mut tx, tenant, &policy, context.client_ip).await?;
    let grant = TokenGrant {
        org_guid: &organization,
        employee_guid: employee.as_deref(),
        workplace_guid: Some(&workplace),
    };
    let token = issue_token(&mut tx, tenant, grant, now).await?;
    tx.commit().await?;

    let reference = |guid: Option<String>, kind: &str| guid.map(|guid| json!({ "guid": guid, "type_of": kind }));
    Ok(Json(json!({
        "workplace": reference(Some(workplace), "Workplace"),
        "organization": reference(Some(organization), "Organization"),
        "outlet": reference(outlet, "Outlet"),
        "employee": reference(employee, "Employee"),
        "token": token,
    })))
}

fn activation_code(body: &Bytes) -> Result<String, LifeposError> {
    let object = json_object(body)?;
    let code = required_string(&object, "activation_code")
        .map_err(|why| LifeposError::invalid_field("activation_code", why))?;
    if !is_activation_code(code) {
        return Err(LifeposError::invalid_field(
            "activation_code",
            "значение должно состоять только из цифр и быть не длиннее 8 символов",
        ));
    }
    Ok(code.to_owned())
}
