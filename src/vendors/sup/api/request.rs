//! Reading a СУП call ([`SupCall`]): its client (the JWT of `Authorization`, bare or `Bearer`), its
//! `X-Nonce` (required on every authenticated call, single use per client), the ids in its path
//! (UUIDs) and its body (encrypted for a client with an `encryption_key`, plain JSON otherwise),
//! read as the operation declares it (see `wire`). Every problem after the token is answered in one
//! 422, in this order: `X-Nonce`, the path's ids, then the body's (the body itself, then its
//! members as the declaration's walk finds them). The login's plain body is read the same way
//! (the platform's `wire::Body`, with [`SupWords`]' reading).
//!
//! What the vendor does to a body before the declaration's walk stays here: it is decrypted first,
//! and a decrypted body is checked for U+0000 here (the gateway refuses one in a plain body
//! already). A nonce is used up as soon as an authenticated call presents it, whatever the call's
//! outcome, so a replay of a failed call is refused too. `GET` calls have no body: theirs is never
//! read.
//!
//! The call's statements — the token's client, the nonce, then the handler's — run in one
//! [`DbSession`], its handler's only way to the database.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::db::DbSession;
use crate::platform::context::RequestContext;
use crate::platform::storable::{nul_in_json_bytes, NUL_MESSAGE};
use crate::platform::wire::{self, BodyReading, FieldErrors, FieldProblem};
use crate::state::AppState;
use crate::vendors::sup::api::auth::{authenticate, SupClient};
use crate::vendors::sup::store::nonces;
use crate::vendors::sup::wire::crypto;
use crate::vendors::sup::wire::error::SupError;
use crate::vendors::sup::wire::words::{not_decrypted, SupWords, NONCE_MISSING, NONCE_USED, NOT_UUID, WORDS};

const NONCE_HEADER: &str = "x-nonce";

/// What [`presented_nonce`] reads as a nonce: visible ASCII (a header value that is not reads as
/// none), something besides the spaces and tabs around it, which do not count.
pub const NONCE_PATTERN: &str = "^[\\t -~]*[!-~][\\t -~]*$";

/// One authenticated СУП call, its nonce used up, its path's ids and its body valid.
pub struct SupCall<B = NoBody> {
    pub db: DbSession,
    pub client: SupClient,
    /// The tenant's time for the whole call, read once when the token's expiry was checked.
    pub now: DateTime<Utc>,
    /// Each path parameter with its UUID (hyphenated, lower-case).
    ids: Vec<(String, String)>,
    /// The body, as the operation declares it.
    pub body: B,
}

/// What a call's body is read as: a declared type (`Deserialize` + `JsonSchema`), or nothing.
pub trait CallBody: Sized {
    /// Whether the call has a body to read.
    const READ: bool = true;

    fn read(plaintext: &[u8]) -> Result<Self, Vec<FieldProblem>>;
}

/// The body of a call that takes none (a `GET`): never read.
pub struct NoBody;

impl CallBody for NoBody {
    const READ: bool = false;

    fn read(_plaintext: &[u8]) -> Result<NoBody, Vec<FieldProblem>> {
        Ok(NoBody)
    }
}

impl<T: DeserializeOwned + JsonSchema + 'static> CallBody for T {
    fn read(plaintext: &[u8]) -> Result<T, Vec<FieldProblem>> {
        read_document(plaintext)
    }
}

impl<B> SupCall<B> {
    /// The UUID in path parameter `name`. Owned, so the handler's statements can borrow the call's
    /// [`DbSession`] beside it.
    pub fn id(&self, name: &str) -> Result<String, SupError> {
        self.ids
            .iter()
            .find(|(param, _)| param == name)
            .map(|(_, id)| id.clone())
            .ok_or(SupError::Internal)
    }
}

impl<B: CallBody> FromRequest<AppState> for SupCall<B> {
    type Rejection = Response;

    /// In this order: the token (401); the path and the body as axum's own extractors read them
    /// (with their rejections); then the nonce, the path's ids and the body's content, collected
    /// for the one 422. The connection the token's check takes is held while the body is read:
    /// the journal layer has buffered it whole by then, so no slow client keeps it.
    async fn from_request(request: Request, app: &AppState) -> Result<SupCall<B>, Response> {
        let (mut parts, body) = request.into_parts();
        let context = <RequestContext as FromRequestParts<AppState>>::from_request_parts(&mut parts, app)
            .await
            .map_err(|_| SupError::Internal.into_response())?;
        let mut db = app.db.session();
        let (client, now) = authenticate(app, &mut db, &context, &parts.headers)
            .await
            .map_err(IntoResponse::into_response)?;
        let Path(params) =
            <Path<Vec<(String, String)>> as FromRequestParts<AppState>>::from_request_parts(&mut parts, app)
                .await
                .map_err(IntoResponse::into_response)?;
        let presented = presented_nonce(&parts.headers).to_owned();
        let bytes = if B::READ {
            let request = Request::from_parts(parts, body);
            <Bytes as FromRequest<AppState>>::from_request(request, app)
                .await
                .map_err(IntoResponse::into_response)?
        } else {
            Bytes::new()
        };

        let mut errors = FieldErrors::default();
        let nonce = take_nonce(&mut db, &client, &presented, now, &mut errors)
            .await
            .map_err(|err| SupError::from(err).into_response())?;
        let mut ids = Vec::with_capacity(params.len());
        for (param, raw) in params {
            match uuid::Uuid::try_parse(&raw) {
                Ok(id) => ids.push((param, id.to_string())),
                Err(_) => errors.add(&field_name(&param), NOT_UUID),
            }
        }
        let body = read_body::<B>(&client, nonce.as_deref(), &bytes, &mut errors);
        match body {
            Some(body) if errors.is_empty() => Ok(SupCall {
                db,
                client,
                now,
                ids,
                body,
            }),
            _ => Err(SupError::Invalid(errors).into_response()),
        }
    }
}

/// СУП refuses U+0000 in a body in its own words before the walk (the gateway refuses one in a
/// plain body already; a decrypted one is checked only here), and answers a body that could not
/// be received as axum does (the gateway shapes that answer). The login's plain body is the
/// platform's `wire::Body` read this way.
impl BodyReading for SupWords {
    type Error = SupError;

    fn screen(&self, body: &[u8]) -> Result<(), Vec<FieldProblem>> {
        match nul_in_json_bytes(body) {
            Some(path) => Err(vec![FieldProblem {
                field: path.field(),
                message: NUL_MESSAGE.to_owned(),
            }]),
            None => Ok(()),
        }
    }

    fn unreceived(&self, rejection: BytesRejection) -> Response {
        rejection.into_response()
    }
}

fn presented_nonce(headers: &HeaderMap) -> &str {
    headers
        .get(NONCE_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .unwrap_or_default()
}

/// Uses up the call's nonce; returns it when it was fresh.
async fn take_nonce(
    db: &mut DbSession,
    client: &SupClient,
    presented: &str,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) -> Result<Option<String>, sqlx::Error> {
    if presented.is_empty() {
        errors.add("X-Nonce", NONCE_MISSING);
        return Ok(None);
    }
    if nonces::use_up(db, &client.tenant, &client.login, presented, now).await? {
        Ok(Some(presented.to_owned()))
    } else {
        errors.add("X-Nonce", NONCE_USED);
        Ok(None)
    }
}

/// The call's body, decrypted when the client has a key; `None` once the reasons are recorded.
fn read_body<B: CallBody>(client: &SupClient, nonce: Option<&str>, body: &[u8], errors: &mut FieldErrors) -> Option<B> {
    if !B::READ {
        return B::read(body).ok();
    }
    let decrypted;
    let plaintext = match (&client.encryption_key, nonce) {
        (None, _) => body,
        // Without a usable nonce nothing can be decrypted; the nonce is already reported.
        (Some(_), None) => return None,
        (Some(key), Some(nonce)) => match crypto::decrypt(key, nonce, body) {
            Ok(opened) => {
                decrypted = opened;
                &decrypted
            }
            Err(err) => {
                errors.add("body", not_decrypted(err));
                return None;
            }
        },
    };
    B::read(plaintext).map_err(|problems| errors.extend(problems)).ok()
}

/// A plain (or decrypted) JSON body as `T`: U+0000 first, then the declaration's walk.
fn read_document<T: DeserializeOwned + JsonSchema + 'static>(plaintext: &[u8]) -> Result<T, Vec<FieldProblem>> {
    wire::read_body(plaintext, &WORDS)
}

/// A path parameter under the document's name for the field: `id_employee` is `idEmployee`.
fn field_name(param: &str) -> String {
    let mut words = param.split('_');
    let mut name = words.next().unwrap_or_default().to_owned();
    for word in words {
        let mut chars = word.chars();
        name.extend(chars.next().map(|first| first.to_ascii_uppercase()));
        name.push_str(chars.as_str());
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_pattern_is_what_is_read_as_a_nonce() {
        let pattern = regex::Regex::new(NONCE_PATTERN).expect("compiles");
        for (value, read) in [
            ("n-1", true),
            (" \tn-1 ", true),
            ("", false),
            (" \t ", false),
            ("нонс", false),
            ("n\u{7f}", false),
        ] {
            let mut headers = HeaderMap::new();
            if let Ok(header) = axum::http::HeaderValue::from_bytes(value.as_bytes()) {
                headers.insert(NONCE_HEADER, header);
            }
            assert_eq!(!presented_nonce(&headers).is_empty(), read, "{value:?}");
            assert_eq!(pattern.is_match(value), read, "{value:?}");
        }
    }

    #[test]
    fn path_parameters_take_the_documents_names() {
        assert_eq!(field_name("id_employee"), "idEmployee");
        assert_eq!(field_name("id_card"), "idCard");
    }
}
