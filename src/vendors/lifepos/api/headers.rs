//! The client headers every LIFE POS endpoint requires.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};

/// `Android` is accepted beside the document's four values: the v6 API lists it.
pub const CLIENT_TYPES: [&str; 5] = ["Unknown", "App", "WebApp", "Service", "Android"];

const REQUIRED: [&str; 3] = ["Accept-Language", "X-LP-Client-Identifier", "X-LP-Client-Type"];

/// The headers `/v4` does not require: a public PHP client runs against the real `/v4` in
/// production sending only `Accept-Language`.
pub const NOT_REQUIRED_ON_V4: &[&str] = &["X-LP-Client-Identifier", "X-LP-Client-Type"];

/// A request missing any of them is a 422 `RequestIsNotValid` naming each missing header.
pub async fn require_client_headers(request: Request, next: Next) -> Response {
    check(request, next, &[]).await
}

/// The same under `/v4`, less [`NOT_REQUIRED_ON_V4`]; a client type sent there is still checked.
pub async fn require_v4_headers(request: Request, next: Next) -> Response {
    check(request, next, NOT_REQUIRED_ON_V4).await
}

async fn check(request: Request, next: Next, optional: &[&str]) -> Response {
    let mut errors = FieldErrors::default();
    for name in REQUIRED {
        let value = request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        match value {
            None | Some("") if optional.contains(&name) => {}
            None | Some("") => errors.add(name, format!("заголовок {name} обязателен")),
            Some(client_type) if name == "X-LP-Client-Type" && !CLIENT_TYPES.contains(&client_type) => errors.add(
                name,
                format!(
                    "недопустимое значение «{client_type}»; допустимые значения: {}",
                    CLIENT_TYPES.join(", ")
                ),
            ),
            Some(_) => {}
        }
    }
    match errors.into_result() {
        Ok(()) => next.run(request).await,
        Err(errors) => LifeposError::from(errors).into_response(),
    }
}
