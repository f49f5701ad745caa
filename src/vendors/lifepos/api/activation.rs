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

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::ip_ban::{self, BanPolicy, FailureOutcome};
use crate::platform::wire;
use crate::state::AppState;
use crate::vendors::lifepos::store::tokens::{self, TokenGrant};
use crate::vendors::lifepos::store::workplaces;
use crate::vendors::lifepos::wire::activation::{ActivateWorkplace, Activated};
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::words::WORDS;

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
    // Read after the rate limit and the ban, which answer whatever the body: a raw body here.
    body: Bytes,
) -> Result<Json<Activated>, LifeposError> {
    let tenant = context.tenant.as_str();
    let policy = ban_policy(&app);
    // Read before the transaction opens, so from the pool.
    let now = context.now(app.db.pool()).await?;
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
    let code = wire::read_body::<ActivateWorkplace, _>(&body, &WORDS)
        .map_err(FieldErrors::from)?
        .activation_code
        .0;

    let mut tx = app.db.begin().await?;
    let Some(activated) = workplaces::use_activation_code(&mut tx, tenant, &code, to_ms(now)).await? else {
        let outcome = ip_ban::record_failure(&mut tx, tenant, &policy, context.client_ip, now).await?;
        tx.commit().await?;
        return Err(match outcome {
            FailureOutcome::Counted => LifeposError::WrongActivationCode,
            FailureOutcome::Banned => LifeposError::TryActivateLater,
        });
    };
    // A ban started by failures that raced this request wins: the code stays unused.
    if ip_ban::banned_until(&mut *tx, tenant, &policy, context.client_ip, now)
        .await?
        .is_some()
    {
        return Err(LifeposError::TryActivateLater);
    }
    ip_ban::record_success(&mut tx, tenant, &policy, context.client_ip).await?;
    let grant = TokenGrant {
        org_guid: &activated.org_guid,
        employee_guid: activated.activation_employee_guid.as_deref(),
        workplace_guid: Some(&activated.guid),
    };
    let token = tokens::issue(&mut tx, tenant, grant, now).await?;
    tx.commit().await?;

    let reference = |guid: Option<&str>, kind| guid.map(|guid| EntityRef::new(guid, kind));
    Ok(Json(Activated {
        workplace: EntityRef::new(&activated.guid, "Workplace"),
        organization: EntityRef::new(&activated.org_guid, "Organization"),
        outlet: reference(activated.activation_outlet_guid.as_deref(), "Outlet"),
        employee: reference(activated.activation_employee_guid.as_deref(), "Employee"),
        token,
    }))
}
