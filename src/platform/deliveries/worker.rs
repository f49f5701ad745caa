//! The sender every process runs: every `poll_interval_ms` (or when woken), the due notifications —
//! pending, unclaimed, due on their tenant's clock, and first pending of their subject — are
//! claimed one conditional statement each (a replica that loses the race skips the row), sent, and
//! recorded under the claim. A claim is a lease in real time, long enough for the whole round; a
//! process that dies mid-round leaves a lease that runs out, and the notification is sent again
//! (at least once).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Method, Uri};
use serde_json::Value;
use tokio::task::JoinSet;

use crate::platform::clock::{self, from_ms, real_now_ms, rfc3339, to_ms};
use crate::platform::deliveries::http;
use crate::platform::deliveries::Attempt;
use crate::platform::journal::{EntryKind, Exchange};
use crate::platform::services::Services;

/// Tries kept in a notification's log (a redelivery keeps adding to it).
const MAX_LOGGED_TRIES: usize = 50;

/// Longest error text kept for a try.
const MAX_ERROR_CHARS: usize = 300;

#[derive(sqlx::FromRow)]
struct Due {
    tenant: String,
    id: String,
    vendor: String,
    type_of: String,
    url: String,
    secondary_url: Option<String>,
    body: String,
    attempts: i64,
    attempt_log: String,
    copies: i64,
}

/// Runs until the process stops (the caller aborts it).
pub async fn run(services: Arc<Services>) {
    let owner = uuid::Uuid::new_v4().to_string();
    let poll = Duration::from_millis(services.deliveries.config.poll_interval_ms.max(1));
    let wake = Arc::clone(&services.deliveries.wake);
    loop {
        match deliver_due(&services, &owner).await {
            // A full batch: there may be more due at once.
            Ok(sent) if sent >= services.deliveries.config.batch.max(1) => continue,
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "looking for due notifications failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(poll) => {}
            () = wake.notified() => {}
        }
    }
}

/// Claims and sends one batch of due notifications; how many it sent.
pub async fn deliver_due(services: &Arc<Services>, owner: &str) -> Result<usize, sqlx::Error> {
    let config = &services.deliveries.config;
    let real_now = real_now_ms();
    let due: Vec<Due> = sqlx::query_as(
        "SELECT d.tenant, d.id, d.vendor, d.type_of, d.url, d.secondary_url, d.body, d.attempts, d.attempt_log, d.copies \
         FROM deliveries d JOIN tenants t ON t.name = d.tenant \
         WHERE d.state = 'pending' AND d.lease_until_ms < $1 \
         AND d.next_attempt_at_ms <= CASE WHEN t.frozen_at_ms IS NULL THEN $1 + t.clock_offset_ms ELSE t.frozen_at_ms END \
         AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.tenant = d.tenant AND e.subject = d.subject \
             AND e.state = 'pending' AND e.id < d.id) \
         ORDER BY d.next_attempt_at_ms, d.id LIMIT $2",
    )
    .bind(real_now)
    .bind(i64::try_from(config.batch.max(1)).unwrap_or(1))
    .fetch_all(services.db.pool())
    .await?;
    let timeout_ms = config.attempt_timeout_ms.max(1);
    let mut sending = JoinSet::new();
    for row in due {
        // Every try of the round (two URLs, two copies) within the lease, and a margin.
        let lease_ms = i64::try_from(timeout_ms.saturating_mul(4)).unwrap_or(i64::MAX / 4);
        let lease_until = real_now_ms().saturating_add(lease_ms).saturating_add(10_000);
        let claim = sqlx::query(
            "UPDATE deliveries SET lease_until_ms = $1, lease_owner = $2 \
             WHERE tenant = $3 AND id = $4 AND state = 'pending' AND lease_until_ms < $5",
        )
        .bind(lease_until)
        .bind(owner.to_owned())
        .bind(row.tenant.clone())
        .bind(row.id.clone())
        .bind(real_now_ms());
        let claimed = services
            .db
            .write(move |conn| Box::pin(claim.execute(conn)))
            .await?
            .rows_affected()
            == 1;
        if claimed {
            // Asked here, in the order the notifications fell due, not in the rounds sent at once
            // below: a fault rule for one notification (`times: 1`) goes to the first that is due.
            let copies = copies_for(services, &row).await;
            let services = Arc::clone(services);
            let owner = owner.to_owned();
            sending.spawn(async move {
                if let Err(err) = send_round(&services, &owner, row, copies).await {
                    tracing::warn!(error = %err, "recording a notification's round failed");
                }
            });
        }
    }
    let mut sent = 0;
    while sending.join_next().await.is_some() {
        sent += 1;
    }
    Ok(sent)
}

/// How many times a notification goes out on success. A fault rule may ask for a notification to
/// go twice; asked once, when its first round starts.
async fn copies_for(services: &Services, row: &Due) -> i64 {
    if row.attempts == 0
        && services
            .faults
            .deliver_twice(&row.tenant, &row.vendor, &row.type_of)
            .await
    {
        2
    } else {
        row.copies.max(1)
    }
}

/// One round: the URL, then the secondary one when the first fails; `copies` times on success.
async fn send_round(services: &Services, owner: &str, row: Due, copies: i64) -> Result<(), sqlx::Error> {
    let config = &services.deliveries.config;
    let timeout = Duration::from_millis(config.attempt_timeout_ms.max(1));
    let mut log: Vec<Attempt> = serde_json::from_str(&row.attempt_log).unwrap_or_default();
    let body = Bytes::from(row.body);
    let mut urls = vec![row.url.as_str()];
    if let Some(secondary) = row.secondary_url.as_deref().filter(|url| !url.is_empty()) {
        urls.push(secondary);
    }
    let mut delivered = false;
    for url in urls {
        let copies = if delivered { 0 } else { copies };
        for _ in 0..copies {
            let at = real_now_ms();
            let outcome = if body.len() > config.max_body_bytes {
                http::Outcome {
                    status: None,
                    ms: 0,
                    error: Some(format!(
                        "body larger than deliveries.max_body_bytes ({})",
                        config.max_body_bytes
                    )),
                }
            } else {
                http::post(&services.deliveries.sender, url, body.clone(), timeout).await
            };
            journal(services, &row.tenant, &row.vendor, url, &body, &outcome, at);
            let ok = outcome.delivered();
            log.push(Attempt {
                at: rfc3339(from_ms(at)),
                url: url.to_owned(),
                status: outcome.status,
                ms: outcome.ms,
                error: outcome.error.map(|error| error.chars().take(MAX_ERROR_CHARS).collect()),
            });
            if !ok {
                break;
            }
            delivered = true;
        }
        if delivered {
            break;
        }
    }
    let skip = log.len().saturating_sub(MAX_LOGGED_TRIES);
    let log = serde_json::to_string(&log[skip..]).unwrap_or_else(|_| "[]".to_owned());
    let now = to_ms(clock::now(services.db.pool(), &row.tenant).await?);
    let rounds = row.attempts.saturating_add(1);
    let (state, next_at, finished_at) = if delivered {
        ("delivered", now, Some(now))
    } else if rounds >= i64::from(config.max_attempts.max(1)) {
        ("failed", now, Some(now))
    } else {
        (
            "pending",
            now.saturating_add(backoff_ms(config.retry_base_seconds, config.retry_max_seconds, rounds)),
            None,
        )
    };
    let record = sqlx::query(
        "UPDATE deliveries SET state = $1, attempts = $2, attempt_log = $3, next_attempt_at_ms = $4, \
         finished_at_ms = $5, lease_until_ms = 0, lease_owner = NULL, copies = $6 \
         WHERE tenant = $7 AND id = $8 AND lease_owner = $9 AND state = 'pending'",
    )
    .bind(state)
    .bind(rounds)
    .bind(log)
    .bind(next_at)
    .bind(finished_at)
    .bind(copies)
    .bind(row.tenant)
    .bind(row.id)
    .bind(owner.to_owned());
    services.db.write(move |conn| Box::pin(record.execute(conn))).await?;
    if state != "pending" {
        // The next of its subject may be due now.
        services.deliveries.wake();
    }
    Ok(())
}

/// The wait after `round` failed rounds: base × 2^(round−1), at most `max`, in milliseconds.
pub fn backoff_ms(base_seconds: u64, max_seconds: u64, round: i64) -> i64 {
    let doublings = u32::try_from(round.saturating_sub(1).clamp(0, 32)).unwrap_or(32);
    let seconds = base_seconds.saturating_mul(1_u64 << doublings).min(max_seconds);
    i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX)
}

/// A try on the tenant's journal, as an entry of its own kind.
fn journal(services: &Services, tenant: &str, vendor: &str, url: &str, body: &Bytes, outcome: &http::Outcome, at: i64) {
    let Some(vendor) = services.vendor_names.iter().copied().find(|name| *name == vendor) else {
        return;
    };
    let uri = url.parse::<Uri>().unwrap_or_default();
    let response = match &outcome.error {
        Some(error) => Value::String(error.clone()).to_string(),
        None => String::new(),
    };
    services.journal.record(
        tenant,
        Exchange {
            at: from_ms(at),
            vendor,
            kind: EntryKind::Delivery,
            method: Method::POST,
            uri,
            status: outcome.status.unwrap_or(0),
            duration_ms: outcome.ms as f64,
            request_body: body.clone(),
            response_body: Bytes::from(response),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_up_to_its_bound() {
        assert_eq!(backoff_ms(10, 3600, 1), 10_000);
        assert_eq!(backoff_ms(10, 3600, 2), 20_000);
        assert_eq!(backoff_ms(10, 3600, 3), 40_000);
        assert_eq!(backoff_ms(10, 3600, 20), 3_600_000);
        assert_eq!(backoff_ms(10, 3600, i64::MAX), 3_600_000);
    }
}
