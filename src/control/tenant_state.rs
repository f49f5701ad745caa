//! A tenant's whole state: `reset` back to the startup fixtures, `fixtures` to load a document
//! (all or nothing), `state` to export one.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::fixtures::{FixtureDocument, FixtureError};
use crate::platform::faults::Faults;
use crate::platform::{clock, deliveries, tenant};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    all: bool,
}

/// Back to the startup fixtures: entities, tokens and sessions, outbox, bans, clock, journal, rate
/// counters, fault rules. With `?all=true`, every tenant, each in a transaction of its own: the
/// other tenants' writes wait for one tenant's reset at a time, never for all of them. A tenant
/// deleted meanwhile stays deleted (and is not listed).
pub async fn reset(
    State(app): State<AppState>,
    ControlTenant(current): ControlTenant,
    ControlQuery(query): ControlQuery<ResetQuery>,
) -> Result<Json<Value>, ControlError> {
    let tenants = if query.all {
        tenant::all(&app.db).await?
    } else {
        vec![current]
    };
    let mut reset = Vec::with_capacity(tenants.len());
    for name in tenants {
        let mut tx = app.db.begin().await?;
        let found = app.tenants.reset(&mut tx, &name).await?;
        tx.commit().await?;
        app.journal.clear(&name);
        app.rate_limits.clear_tenant(&name);
        app.faults.forget(&name);
        if found {
            reset.push(name);
        }
    }
    if query.all {
        app.journal.clear_all();
        app.rate_limits.clear_all();
    }
    Ok(Json(json!({ "reset": reset })))
}

#[derive(Deserialize)]
pub struct LoadQuery {
    #[serde(default)]
    mode: LoadMode,
}

#[derive(Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum LoadMode {
    #[default]
    Add,
    Replace,
}

/// Adds a document to the tenant, or with `?mode=replace` makes it the tenant's whole state (its
/// fault rules removed too).
pub async fn load_fixtures(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<LoadQuery>,
    body: Bytes,
) -> Result<Json<Value>, ControlError> {
    let document = app.fixture_sections.parse(&body)?;
    let mut tx = app.db.begin().await?;
    let replace = query.mode == LoadMode::Replace;
    if replace {
        app.fixture_sections.clear_entities(&mut tx, &tenant).await?;
        Faults::clear_in(&mut tx, &tenant).await?;
    }
    let now = clock::now(&mut *tx, &tenant).await?;
    let counts = document.load(&mut tx, &tenant, now).await?;
    let bound = app.deliveries.config.max_pending_per_tenant;
    if let Some(problem) = deliveries::past_bound(&mut tx, &tenant, bound).await? {
        return Err(FixtureError::invalid("$", problem).into());
    }
    tx.commit().await?;
    if replace {
        app.faults.forget(&tenant);
    }
    Ok(Json(json!({ "added": counts })))
}

pub async fn export_state(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
) -> Result<Json<FixtureDocument>, ControlError> {
    Ok(Json(app.fixture_sections.export(app.db.pool(), &tenant).await?))
}
