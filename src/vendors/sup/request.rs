//! Reading a СУП call: its `X-Nonce` (required on every authenticated call, single use per client)
//! and its body (encrypted for a client with an `encryption_key`, plain JSON otherwise). Problems
//! are collected with the call's other invalid fields, so one 422 lists them all.
//!
//! A nonce is used up as soon as an authenticated call presents it, whatever the call's outcome,
//! so a replay of a failed call is refused too.

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::db::is_unique_violation;
use crate::platform::clock::{self, to_ms};
use crate::state::AppState;
use crate::vendors::sup::auth::SupClient;
use crate::vendors::sup::crypto;
use crate::vendors::sup::error::{FieldErrors, SupError};

const NONCE_HEADER: &str = "x-nonce";

/// Uses up the call's nonce; returns it when it was fresh.
pub async fn take_nonce(
    app: &AppState,
    client: &SupClient,
    headers: &HeaderMap,
    errors: &mut FieldErrors,
) -> Result<Option<String>, SupError> {
    let nonce = headers
        .get(NONCE_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if nonce.is_empty() {
        errors.add("X-Nonce", "Заголовок X-Nonce обязателен");
        return Ok(None);
    }
    let now = clock::now(app.db.pool(), &client.tenant).await?;
    let inserted = sqlx::query("INSERT INTO sup_nonces (tenant, login, nonce, used_at_ms) VALUES ($1, $2, $3, $4)")
        .bind(&client.tenant)
        .bind(&client.login)
        .bind(nonce)
        .bind(to_ms(now))
        .execute(app.db.pool())
        .await;
    match inserted {
        Ok(_) => Ok(Some(nonce.to_owned())),
        Err(err) if is_unique_violation(&err) => {
            errors.add("X-Nonce", "Значение X-Nonce уже использовано");
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// The call's JSON object, decrypted when the client has a key; `None` once the reason is recorded.
pub fn read_body(
    client: &SupClient,
    nonce: Option<&str>,
    body: &Bytes,
    errors: &mut FieldErrors,
) -> Option<Map<String, Value>> {
    let plaintext = match (&client.encryption_key, nonce) {
        (None, _) => body.to_vec(),
        // Without a usable nonce nothing can be decrypted; the nonce is already reported.
        (Some(_), None) => return None,
        (Some(key), Some(nonce)) => match crypto::decrypt(key, nonce, body) {
            Ok(plaintext) => plaintext,
            Err(err) => {
                errors.add("body", format!("Тело запроса не расшифровано: {err}"));
                return None;
            }
        },
    };
    json_object(&plaintext)
        .map_err(|message| errors.add("body", message))
        .ok()
}

pub fn json_object(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("Тело запроса должно быть JSON-объектом".to_owned()),
        Err(_) => Err("Тело запроса не является корректным JSON".to_owned()),
    }
}

pub fn required_string<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match object.get(field) {
        None | Some(Value::Null) => Err("Обязательное поле".to_owned()),
        Some(Value::String(value)) if !value.trim().is_empty() => Ok(value),
        Some(Value::String(_)) => Err("Поле не может быть пустым".to_owned()),
        Some(_) => Err("Поле должно быть строкой".to_owned()),
    }
}

pub fn optional_string(object: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err("Поле должно быть строкой".to_owned()),
    }
}
