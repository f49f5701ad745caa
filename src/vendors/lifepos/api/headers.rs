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

/// The same under `/v4`, where [`NOT_REQUIRED_ON_V4`] may be left out; sent, they are checked.
pub async fn require_v4_headers(request: Request, next: Next) -> Response {
    check(request, next, NOT_REQUIRED_ON_V4).await
}

async fn check(request: Request, next: Next, optional: &[&str]) -> Response {
    let mut errors = FieldErrors::default();
    for name in REQUIRED {
        // A header that is not text counts as blank.
        let value = request.headers().get(name).map(|v| v.to_str().map_or("", str::trim));
        match value {
            None if optional.contains(&name) => {}
            // Sent, an optional header is checked as a required one is: blank is no value.
            Some("") if optional.contains(&name) => errors.add(name, format!("заголовок {name} пуст")),
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
