//! Each tenant's virtual clock: real time plus an offset, or a frozen instant. Every time a vendor
//! reads (token lifetimes, bans, resend intervals, `created_at`) comes from here, so a test can
//! move a tenant through a day in a millisecond. Time never moves backwards.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use sqlx::{Any, Executor};

use crate::db::Tx;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ClockState {
    #[serde(serialize_with = "serialize_rfc3339")]
    pub now: DateTime<Utc>,
    pub offset_seconds: i64,
    pub frozen: bool,
}

/// One change asked of a clock (`POST /_emulator/clock`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockChange {
    Advance { seconds: i64 },
    Set { to: DateTime<Utc> },
    Freeze { frozen: bool },
}

/// The start of the refusal of a clock set backwards.
pub const BACKWARDS: &str = "time never moves backwards: ";

#[derive(Debug, thiserror::Error)]
pub enum ClockError {
    /// Starts with [`BACKWARDS`], the text the control plane's spec tells the refusal by.
    #[error("{}{requested} is before the tenant's now {now}", BACKWARDS)]
    Backwards { requested: String, now: String },
    #[error("advance_seconds is too large")]
    Overflow,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The stored form of a clock: an offset from real time, or the instant it was frozen at.
#[derive(Clone, Copy, Debug)]
struct StoredClock {
    offset_ms: i64,
    frozen_at_ms: Option<i64>,
}

impl StoredClock {
    fn now_ms(self, real_ms: i64) -> i64 {
        self.frozen_at_ms.unwrap_or(real_ms.saturating_add(self.offset_ms))
    }

    fn state(self, real_ms: i64) -> ClockState {
        let now_ms = self.now_ms(real_ms);
        ClockState {
            now: from_ms(now_ms),
            offset_seconds: (now_ms - real_ms).div_euclid(1000),
            frozen: self.frozen_at_ms.is_some(),
        }
    }

    fn apply(self, change: ClockChange, real_ms: i64) -> Result<StoredClock, ClockError> {
        let now_ms = self.now_ms(real_ms);
        let target_ms = match change {
            ClockChange::Advance { seconds } => seconds
                .checked_mul(1000)
                .and_then(|delta| now_ms.checked_add(delta))
                .filter(|target| *target <= MAX_MS)
                .ok_or(ClockError::Overflow)?,
            ClockChange::Set { to } => {
                let target = to_ms(to);
                if target < now_ms {
                    return Err(ClockError::Backwards {
                        requested: to.to_rfc3339(),
                        now: from_ms(now_ms).to_rfc3339(),
                    });
                }
                target
            }
            ClockChange::Freeze { frozen: true } => {
                return Ok(StoredClock {
                    offset_ms: self.offset_ms,
                    frozen_at_ms: Some(now_ms),
                })
            }
            ClockChange::Freeze { frozen: false } => now_ms,
        };
        let frozen = match change {
            ClockChange::Freeze { frozen } => frozen,
            _ => self.frozen_at_ms.is_some(),
        };
        Ok(if frozen {
            StoredClock {
                offset_ms: self.offset_ms,
                frozen_at_ms: Some(target_ms),
            }
        } else {
            StoredClock {
                offset_ms: target_ms - real_ms,
                frozen_at_ms: None,
            }
        })
    }
}

/// Far enough for any test, near enough that chrono can always represent it (year 9999).
pub const MAX_MS: i64 = 253_402_300_799_000;

/// The tenant's current time.
pub async fn now<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    Ok(read(executor, tenant).await?.now)
}

pub async fn read<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<ClockState, sqlx::Error> {
    Ok(load(executor, tenant).await?.state(real_now_ms()))
}

pub async fn change(tx: &mut Tx, tenant: &str, change: ClockChange) -> Result<ClockState, ClockError> {
    let real_ms = real_now_ms();
    let updated = load(&mut **tx, tenant).await?.apply(change, real_ms)?;
    sqlx::query("UPDATE tenants SET clock_offset_ms = $1, frozen_at_ms = $2 WHERE name = $3")
        .bind(updated.offset_ms)
        .bind(updated.frozen_at_ms)
        .bind(tenant)
        .execute(&mut **tx)
        .await?;
    Ok(updated.state(real_ms))
}

/// Back to real time, running; false when the tenant is not there (deleted meanwhile).
pub async fn reset(tx: &mut Tx, tenant: &str) -> Result<bool, sqlx::Error> {
    let reset = sqlx::query("UPDATE tenants SET clock_offset_ms = 0, frozen_at_ms = NULL WHERE name = $1")
        .bind(tenant)
        .execute(&mut **tx)
        .await?;
    Ok(reset.rows_affected() == 1)
}

async fn load<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<StoredClock, sqlx::Error> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT clock_offset_ms, frozen_at_ms FROM tenants WHERE name = $1")
            .bind(tenant)
            .fetch_optional(executor)
            .await?;
    // A tenant is seeded before any vendor or control code runs; a missing row reads as real time.
    let (offset_ms, frozen_at_ms) = row.unwrap_or((0, None));
    Ok(StoredClock {
        offset_ms,
        frozen_at_ms,
    })
}

/// The tenant's now from its `tenants` row's `clock_offset_ms` and `frozen_at_ms`, for a caller
/// that read them with its own query (one round trip instead of two).
pub fn now_of_stored(offset_ms: i64, frozen_at_ms: Option<i64>) -> DateTime<Utc> {
    StoredClock {
        offset_ms,
        frozen_at_ms,
    }
    .state(real_now_ms())
    .now
}

pub fn real_now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

pub fn to_ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms.clamp(0, MAX_MS))
        .single()
        .unwrap_or_default()
}

/// RFC 3339 with milliseconds and `Z`, the form every time in the emulator's output takes.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn serialize_rfc3339<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: i64 = 1_700_000_000_000;

    fn running(offset_ms: i64) -> StoredClock {
        StoredClock {
            offset_ms,
            frozen_at_ms: None,
        }
    }

    #[test]
    fn advance_moves_a_running_clock_forward() {
        let clock = running(0).apply(ClockChange::Advance { seconds: 90 }, REAL).unwrap();
        assert_eq!(clock.now_ms(REAL), REAL + 90_000);
        assert_eq!(clock.state(REAL).offset_seconds, 90);
    }

    #[test]
    fn a_frozen_clock_stands_still_until_advanced() {
        let frozen = running(5_000)
            .apply(ClockChange::Freeze { frozen: true }, REAL)
            .unwrap();
        assert_eq!(frozen.now_ms(REAL + 60_000), REAL + 5_000);
        let advanced = frozen
            .apply(ClockChange::Advance { seconds: 10 }, REAL + 60_000)
            .unwrap();
        assert_eq!(advanced.now_ms(REAL + 99_000), REAL + 15_000);
        let thawed = advanced
            .apply(ClockChange::Freeze { frozen: false }, REAL + 99_000)
            .unwrap();
        assert_eq!(
            thawed.now_ms(REAL + 100_000),
            REAL + 16_000,
            "runs on from where it stood"
        );
    }

    #[test]
    fn set_refuses_the_past() {
        let clock = running(0);
        assert!(matches!(
            clock.apply(ClockChange::Set { to: from_ms(REAL - 1) }, REAL),
            Err(ClockError::Backwards { .. })
        ));
        let later = clock
            .apply(
                ClockChange::Set {
                    to: from_ms(REAL + 3_600_000),
                },
                REAL,
            )
            .unwrap();
        assert_eq!(later.now_ms(REAL), REAL + 3_600_000);
    }

    #[test]
    fn absurd_advances_are_refused() {
        assert!(matches!(
            running(0).apply(ClockChange::Advance { seconds: i64::MAX }, REAL),
            Err(ClockError::Overflow)
        ));
    }
}
