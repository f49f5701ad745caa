//! `GET /_emulator/metrics`: Prometheus text. Requests by vendor, route and status and their
//! latency are this process's; journal sizes are this process's, per tenant; outbox sizes and bans
//! in force (on each tenant's own clock) and pending notifications come from the database, so every
//! replica reports them alike; dropped notifications are this process's count.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

use crate::control::ControlError;
use crate::platform::clock::real_now_ms;
use crate::platform::metrics::GaugeValue;
use crate::state::AppState;

pub async fn metrics(State(app): State<AppState>) -> Result<impl IntoResponse, ControlError> {
    let outbox: Vec<(String, i64)> =
        sqlx::query_as("SELECT tenant, COUNT(*) FROM outbox GROUP BY tenant ORDER BY tenant")
            .fetch_all(app.db.pool())
            .await?;
    let bans: Vec<(String, i64)> = sqlx::query_as(
        "SELECT f.tenant, COUNT(*) FROM ip_failures f JOIN tenants t ON t.name = f.tenant \
         WHERE f.banned_until_ms > COALESCE(t.frozen_at_ms, $1 + t.clock_offset_ms) GROUP BY f.tenant ORDER BY f.tenant",
    )
    .bind(real_now_ms())
    .fetch_all(app.db.pool())
    .await?;
    let pending = crate::platform::deliveries::pending_by_tenant(app.db.pool()).await?;
    let per_tenant = |rows: Vec<(String, i64)>| -> Vec<GaugeValue> {
        rows.into_iter()
            .map(|(tenant, value)| GaugeValue {
                label: "tenant",
                label_value: tenant,
                value,
            })
            .collect()
    };
    let journal = app
        .journal
        .sizes()
        .into_iter()
        .map(|(tenant, size)| GaugeValue {
            label: "tenant",
            label_value: tenant,
            value: size as i64,
        })
        .collect();
    let text = app.metrics.render(&[
        ("emulator_journal_entries", "Journal entries kept, per tenant.", journal),
        (
            "emulator_outbox_messages",
            "SMS in the outbox, per tenant.",
            per_tenant(outbox),
        ),
        (
            "emulator_bans_active",
            "Client IPs banned now, per tenant.",
            per_tenant(bans),
        ),
        (
            "emulator_deliveries_pending",
            "Notifications waiting to be sent, per tenant.",
            per_tenant(pending),
        ),
        (
            "emulator_deliveries_dropped",
            "Pending notifications this process dropped from a full queue.",
            vec![GaugeValue {
                label: "process",
                label_value: "this".to_owned(),
                value: i64::try_from(app.deliveries.dropped()).unwrap_or(i64::MAX),
            }],
        ),
    ]);
    Ok(([(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text))
}
