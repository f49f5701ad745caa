//! Notifications a vendor sends to a client's URL (webhooks): one row per notification in the
//! `deliveries` table, written in the same transaction as the change it reports, so a notification
//! exists exactly when its change does, pending ones survive a restart, and replicas share them.
//! [`worker`] sends them: a replica claims a due row with one conditional statement (so two
//! replicas never send one notification both), POSTs it with a bounded wait ([`http`]), and
//! records the try.
//!
//! Rules, where the vendor documents are silent:
//! - at least once, in order per subject (a sale's notifications one after the other: a later one
//!   waits while an earlier one of its subject is pending);
//! - a 2xx answer delivers; anything else, a refused connection or a timeout fails the try; a
//!   round tries the URL, then the secondary URL when there is one and the first failed;
//! - after a failed round the next is due `retry_base_seconds × 2^(round−1)` (at most
//!   `retry_max_seconds`) later on the **tenant's clock**: advancing the clock makes it due, and
//!   the control plane's clock change wakes the worker at once;
//! - after `max_attempts` failed rounds the notification is `failed`;
//! - a tenant holds at most `max_pending_per_tenant` pending ones: a new one past that drops the
//!   oldest pending one (`dropped`, and counted); finished ones are kept up to
//!   `max_finished_per_tenant`, oldest pruned first;
//! - `http://` and `https://` URLs are sent (an https server's certificate must chain to the public
//!   web roots or to `deliveries.extra_root_certificates`); another URL fails each try with a
//!   message saying so;
//! - a reset or deletion of the tenant removes its rows: nothing more is sent for it (a try
//!   already on the wire finishes, and its record finds no row);
//! - a fault rule with `deliver_twice` (`platform::faults`) matching a notification's vendor and
//!   type, checked when its first round starts, makes it go out twice on success.

pub mod http;
pub mod worker;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use sqlx::{Any, Executor};
use tokio::sync::Notify;

use crate::config::DeliveriesConfig;
use crate::db::Tx;
use crate::platform::clock::from_ms;
use crate::platform::clock::rfc3339;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";
pub const DROPPED: &str = "dropped";
/// Every state a delivery may be in, as `GET /_emulator/deliveries?state=` takes them.
pub const STATES: [&str; 4] = [PENDING, DELIVERED, FAILED, DROPPED];

/// What a process keeps of deliveries: its settings, the sender, the worker's wake-up and the
/// drop counter.
pub struct Deliveries {
    pub config: DeliveriesConfig,
    pub sender: http::Sender,
    wake: Arc<Notify>,
    dropped: AtomicU64,
}

impl Deliveries {
    pub fn new(config: DeliveriesConfig, sender: http::Sender) -> Deliveries {
        Deliveries {
            config,
            sender,
            wake: Arc::new(Notify::new()),
            dropped: AtomicU64::new(0),
        }
    }

    /// Makes the worker look for due notifications now (a tenant's clock moved, one was added).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Pending notifications dropped by this process since it started.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn count_dropped(&self, count: u64) {
        self.dropped.fetch_add(count, Ordering::Relaxed);
    }
}

/// A notification a vendor sends.
pub struct Notification<'a> {
    pub vendor: &'static str,
    pub type_of: &'a str,
    /// What it is about: one subject's notifications are sent in order.
    pub subject: &'a str,
    pub url: &'a str,
    pub secondary_url: Option<&'a str>,
    pub body: &'a Value,
}

/// Adds a notification inside the caller's transaction, at `now_ms` of the tenant's clock; past
/// the tenant's pending bound, the oldest pending one is dropped.
pub async fn enqueue(
    tx: &mut Tx,
    deliveries: &Deliveries,
    tenant: &str,
    notification: Notification<'_>,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let fresh = Restored {
        id: &id,
        notification,
        rounds: 0,
        next_attempt_ms: now_ms,
        created_ms: now_ms,
    };
    restore(tx, tenant, &fresh).await?;
    let pending = pending_count(tx, tenant).await?;
    let bound = i64::try_from(deliveries.config.max_pending_per_tenant).unwrap_or(i64::MAX);
    if pending > bound {
        let dropped = sqlx::query(
            "UPDATE deliveries SET state = 'dropped', finished_at_ms = $1, lease_until_ms = 0 \
             WHERE tenant = $2 AND state = 'pending' AND id IN \
             (SELECT id FROM deliveries WHERE tenant = $2 AND state = 'pending' ORDER BY id LIMIT $3)",
        )
        .bind(now_ms)
        .bind(tenant)
        .bind(pending - bound)
        .execute(&mut **tx)
        .await?;
        deliveries.count_dropped(dropped.rows_affected());
    }
    prune_finished(tx, tenant, deliveries.config.max_finished_per_tenant).await?;
    Ok(id)
}

async fn pending_count(tx: &mut Tx, tenant: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE tenant = $1 AND state = 'pending'")
        .bind(tenant)
        .fetch_one(&mut **tx)
        .await
}

/// Keeps the newest `keep` finished notifications of the tenant.
async fn prune_finished(tx: &mut Tx, tenant: &str, keep: usize) -> Result<(), sqlx::Error> {
    let cut: Option<String> = sqlx::query_scalar(
        "SELECT id FROM deliveries WHERE tenant = $1 AND state <> 'pending' ORDER BY id DESC LIMIT 1 OFFSET $2",
    )
    .bind(tenant)
    .bind(i64::try_from(keep).unwrap_or(i64::MAX))
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(cut) = cut {
        sqlx::query("DELETE FROM deliveries WHERE tenant = $1 AND state <> 'pending' AND id <= $2")
            .bind(tenant)
            .bind(cut)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A pending notification's row: a new one (`enqueue`), or one put back as a fixture document
/// carries it, with its id (a v7 uuid, so it keeps its place in the order of delivery), the
/// rounds already made, and when the next round is due on the tenant's clock.
pub struct Restored<'a> {
    pub id: &'a str,
    pub notification: Notification<'a>,
    pub rounds: i64,
    pub next_attempt_ms: i64,
    pub created_ms: i64,
}

/// Writes the row, pending, with no bound checked: `enqueue` checks it, a fixture load refuses a
/// document past it ([`past_bound`]).
pub async fn restore(tx: &mut Tx, tenant: &str, restored: &Restored<'_>) -> Result<(), sqlx::Error> {
    let notification = &restored.notification;
    sqlx::query(
        "INSERT INTO deliveries (tenant, id, vendor, type_of, subject, url, secondary_url, body, state, attempts, \
         attempt_log, copies, next_attempt_at_ms, lease_until_ms, lease_owner, created_at_ms, finished_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, '[]', 1, $10, 0, NULL, $11, NULL)",
    )
    .bind(tenant)
    .bind(restored.id)
    .bind(notification.vendor)
    .bind(notification.type_of)
    .bind(notification.subject)
    .bind(notification.url)
    .bind(notification.secondary_url)
    .bind(notification.body.to_string())
    .bind(restored.rounds)
    .bind(restored.next_attempt_ms)
    .bind(restored.created_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a load that leaves the tenant with more pending notifications than `bound` is refused
/// with (a fixture document adds them whole or not at all, so nothing is dropped); None within it.
pub async fn past_bound(tx: &mut Tx, tenant: &str, bound: usize) -> Result<Option<String>, sqlx::Error> {
    let pending = pending_count(tx, tenant).await?;
    Ok((pending > i64::try_from(bound).unwrap_or(i64::MAX)).then(|| past_bound_message(pending, bound)))
}

pub fn past_bound_message(pending: i64, bound: usize) -> String {
    format!(
        "the tenant would hold {pending} pending notifications, more than deliveries.max_pending_per_tenant ({bound})"
    )
}

/// A vendor's pending notifications in the tenant, oldest first: what a state export carries.
pub async fn pending_of<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    vendor: &str,
) -> Result<Vec<Delivery>, sqlx::Error> {
    let filter = DeliveryFilter {
        vendor: vendor.to_owned(),
        state: PENDING.to_owned(),
        type_of: String::new(),
    };
    list(executor, tenant, &filter, "", usize::MAX).await
}

/// Every notification of one vendor in the tenant, for a load that replaces the vendor's state.
pub async fn clear_vendor(tx: &mut Tx, tenant: &str, vendor: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM deliveries WHERE tenant = $1 AND vendor = $2")
        .bind(tenant)
        .bind(vendor)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Every row of the tenant, for a reset or a deletion.
pub async fn clear<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM deliveries WHERE tenant = $1")
        .bind(tenant)
        .execute(executor)
        .await?;
    Ok(())
}

/// One try at one URL.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, Serialize)]
pub struct Attempt {
    pub at: String,
    pub url: String,
    /// The answer's HTTP status; null when none came.
    pub status: Option<u16>,
    pub ms: u64,
    /// Why the try failed (a non-2xx status, a refused connection, a timeout); null on success.
    pub error: Option<String>,
}

/// A notification as `GET /_emulator/deliveries` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Delivery {
    pub id: String,
    pub vendor: String,
    #[serde(rename = "type")]
    pub type_of: String,
    pub subject: String,
    pub url: String,
    pub secondary_url: Option<String>,
    pub body: Value,
    pub state: String,
    /// Rounds made.
    pub rounds: i64,
    pub attempts: Vec<Attempt>,
    pub copies: i64,
    pub created_at: String,
    /// When the next round is due (pending only), on the tenant's clock.
    pub next_attempt_at: Option<String>,
    pub finished_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: String,
    vendor: String,
    type_of: String,
    subject: String,
    url: String,
    secondary_url: Option<String>,
    body: String,
    state: String,
    attempts: i64,
    attempt_log: String,
    copies: i64,
    next_attempt_at_ms: i64,
    created_at_ms: i64,
    finished_at_ms: Option<i64>,
}

const COLUMNS: &str = "id, vendor, type_of, subject, url, secondary_url, body, state, attempts, attempt_log, copies, \
     next_attempt_at_ms, created_at_ms, finished_at_ms";

impl DeliveryRow {
    fn into_delivery(self) -> Delivery {
        Delivery {
            body: serde_json::from_str(&self.body).unwrap_or(Value::String(self.body)),
            attempts: serde_json::from_str(&self.attempt_log).unwrap_or_default(),
            next_attempt_at: (self.state == PENDING).then(|| rfc3339(from_ms(self.next_attempt_at_ms))),
            created_at: rfc3339(from_ms(self.created_at_ms)),
            finished_at: self.finished_at_ms.map(|ms| rfc3339(from_ms(ms))),
            id: self.id,
            vendor: self.vendor,
            type_of: self.type_of,
            subject: self.subject,
            url: self.url,
            secondary_url: self.secondary_url,
            state: self.state,
            rounds: self.attempts,
            copies: self.copies,
        }
    }
}

/// What `GET /_emulator/deliveries` narrows by; empty: any.
#[derive(Debug, Default)]
pub struct DeliveryFilter {
    pub vendor: String,
    pub state: String,
    pub type_of: String,
}

/// Oldest first, at most `limit`, after the id `after` ("" for the first).
pub async fn list<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    filter: &DeliveryFilter,
    after: &str,
    limit: usize,
) -> Result<Vec<Delivery>, sqlx::Error> {
    let rows: Vec<DeliveryRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM deliveries WHERE tenant = $1 AND ($2 = '' OR vendor = $2) AND ($3 = '' OR state = $3) \
         AND ($4 = '' OR type_of = $4) AND id > $5 ORDER BY id LIMIT $6"
    ))
    .bind(tenant)
    .bind(&filter.vendor)
    .bind(&filter.state)
    .bind(&filter.type_of)
    .bind(after)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(DeliveryRow::into_delivery).collect())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    id: &str,
) -> Result<Option<Delivery>, sqlx::Error> {
    let row: Option<DeliveryRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM deliveries WHERE tenant = $1 AND id = $2"
    ))
    .bind(tenant)
    .bind(id)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(DeliveryRow::into_delivery))
}

/// Starts a notification over: pending, due at `now_ms` of the tenant's clock, its rounds counted
/// afresh (the tries made so far stay in its log). False when the tenant has no such notification.
pub async fn redeliver(tx: &mut Tx, tenant: &str, id: &str, now_ms: i64) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at_ms = $1, lease_until_ms = 0, \
         lease_owner = NULL, finished_at_ms = NULL WHERE tenant = $2 AND id = $3",
    )
    .bind(now_ms)
    .bind(tenant)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Pending notifications per tenant, for the metrics.
pub async fn pending_by_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT tenant, COUNT(*) FROM deliveries WHERE state = 'pending' GROUP BY tenant ORDER BY tenant")
        .fetch_all(executor)
        .await
}
