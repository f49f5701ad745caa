//! A tenant's whole state: `reset` back to the startup fixtures, `fixtures` to load a document
//! (all or nothing), `state` to export one.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::db::Tx;
use crate::fixtures::FixtureDocument;
use crate::platform::faults::Faults;
use crate::platform::{clock, ip_ban, outbox, tenant};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    all: bool,
}

/// Back to the startup fixtures: entities, tokens, outbox, bans, clock, journal, rate counters,
/// fault rules.
/// With `?all=true`, every tenant, in one transaction.
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
    let mut tx = app.db.begin().await?;
    let mut cleared_faults = Vec::with_capacity(tenants.len());
    for name in &tenants {
        reset_tenant(&mut tx, &app, name).await?;
        cleared_faults.push(Faults::clear_in(&mut tx, name).await?);
    }
    tx.commit().await?;
    for (name, cleared) in tenants.iter().zip(cleared_faults) {
        app.journal.clear(name);
        app.rate_limits.clear_tenant(name);
        app.faults.installed(name, cleared);
    }
    if query.all {
        app.journal.clear_all();
        app.rate_limits.clear_all();
    }
    Ok(Json(json!({ "reset": tenants })))
}

async fn reset_tenant(tx: &mut Tx, app: &AppState, name: &str) -> Result<(), sqlx::Error> {
    app.fixture_sections.clear_entities(tx, name).await?;
    outbox::clear(&mut **tx, name).await?;
    ip_ban::clear(&mut **tx, name).await?;
    clock::reset(tx, name).await?;
    app.tenants.seed(tx, name).await
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
    let mut cleared_faults = None;
    if query.mode == LoadMode::Replace {
        app.fixture_sections.clear_entities(&mut tx, &tenant).await?;
        cleared_faults = Some(Faults::clear_in(&mut tx, &tenant).await?);
    }
    let now = clock::now(&mut *tx, &tenant).await?;
    let counts = document.load(&mut tx, &tenant, now).await?;
    tx.commit().await?;
    if let Some(cleared) = cleared_faults {
        app.faults.installed(&tenant, cleared);
    }
    Ok(Json(json!({ "added": counts })))
}

pub async fn export_state(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
) -> Result<Json<FixtureDocument>, ControlError> {
    Ok(Json(app.fixture_sections.export(app.db.pool(), &tenant).await?))
}
