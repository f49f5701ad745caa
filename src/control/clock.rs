//! `GET /_emulator/clock` and `POST /_emulator/clock` with exactly one of `advance_seconds`,
//! `set` or `freeze`.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::control::{ControlError, ControlTenant};
use crate::platform::clock::{self, ClockChange, ClockError, ClockState};
use crate::platform::whole_number::whole;
use crate::state::AppState;

pub async fn read(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
) -> Result<Json<ClockState>, ControlError> {
    Ok(Json(clock::read(app.db.pool(), &tenant).await?))
}

pub async fn change(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    body: Bytes,
) -> Result<Json<ClockState>, ControlError> {
    let change = parse_change(&body)?;
    let mut tx = app.db.begin().await?;
    let state = clock::change(&mut tx, &tenant, change).await.map_err(|err| match err {
        ClockError::Database(err) => ControlError::from(err),
        other => ControlError::bad_request(other.to_string()),
    })?;
    tx.commit().await?;
    // Notifications whose retry the new time makes due go now.
    app.deliveries.wake();
    Ok(Json(state))
}

const EXPECTED: &str =
    "expected exactly one of {\"advance_seconds\": N}, {\"set\": \"<RFC 3339>\"}, {\"freeze\": true|false}";

fn parse_change(body: &[u8]) -> Result<ClockChange, ControlError> {
    let object: Map<String, Value> =
        serde_json::from_slice(body).map_err(|err| ControlError::bad_request(format!("{EXPECTED}: {err}")))?;
    let mut members = object.into_iter();
    let (Some((key, value)), None) = (members.next(), members.next()) else {
        return Err(ControlError::bad_request(EXPECTED));
    };
    match (key.as_str(), value) {
        ("advance_seconds", Value::Number(n)) => match whole(&n) {
            Some(seconds) if seconds >= 0 => Ok(ClockChange::Advance { seconds }),
            _ => Err(ControlError::bad_request("advance_seconds must be a whole number ≥ 0")),
        },
        ("set", Value::String(text)) => DateTime::parse_from_rfc3339(&text)
            .map(|at| ClockChange::Set {
                to: at.with_timezone(&Utc),
            })
            .map_err(|_| ControlError::bad_request("set must be an RFC 3339 time")),
        ("freeze", Value::Bool(frozen)) => Ok(ClockChange::Freeze { frozen }),
        _ => Err(ControlError::bad_request(EXPECTED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_well_typed_change() {
        assert_eq!(
            parse_change(br#"{"advance_seconds": 60}"#).unwrap(),
            ClockChange::Advance { seconds: 60 }
        );
        assert_eq!(
            parse_change(br#"{"advance_seconds": 60.0}"#).unwrap(),
            ClockChange::Advance { seconds: 60 },
            "a whole number, as JSON Schema's integer admits it"
        );
        assert_eq!(
            parse_change(br#"{"freeze": true}"#).unwrap(),
            ClockChange::Freeze { frozen: true }
        );
        assert!(matches!(
            parse_change(br#"{"set": "2030-01-01T00:00:00Z"}"#).unwrap(),
            ClockChange::Set { .. }
        ));
        for bad in [
            &br#"{}"#[..],
            br#"{"advance_seconds": -1}"#,
            br#"{"advance_seconds": 1.5}"#,
            br#"{"advance_seconds": 1e300}"#,
            br#"{"advance_seconds": 1, "freeze": true}"#,
            br#"{"set": "tomorrow"}"#,
            br#"{"freeze": "yes"}"#,
            br#"{"rewind": 5}"#,
            b"not json",
        ] {
            assert!(parse_change(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
