//! Reading a СУП call ([`SupCall`]): its client (the JWT of `Authorization`, bare or `Bearer`), its
//! `X-Nonce` (required on every authenticated call, single use per client), the ids in its path
//! (UUIDs) and its body (encrypted for a client with an `encryption_key`, plain JSON otherwise).
//! Problems after the token are collected with the call's other invalid fields, so one 422 lists
//! them all, in this order: `X-Nonce`, the path's ids, `body`, then the fields the handler reads.
//!
//! A nonce is used up as soon as an authenticated call presents it, whatever the call's outcome,
//! so a replay of a failed call is refused too. `GET` calls have no body: theirs is never read.
//!
//! The call's statements — the token's client, the nonce, then the handler's — run in one
//! [`DbSession`], its handler's only way to the database.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::db::DbSession;
use crate::platform::context::RequestContext;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::sup::auth::{authenticate, SupClient};
use crate::vendors::sup::error::SupError;
use crate::vendors::sup::validate::{json_object, uuid};
use crate::vendors::sup::wire::words::{not_decrypted, NONCE_MISSING, NONCE_USED};
use crate::vendors::sup::{crypto, nonce};

const NONCE_HEADER: &str = "x-nonce";

/// One authenticated СУП call, its nonce used up.
pub struct SupCall {
    pub db: DbSession,
    pub client: SupClient,
    /// The tenant's time for the whole call, read once when the token's expiry was checked.
    pub now: DateTime<Utc>,
    /// Each path parameter with its UUID, `None` when it was none (and so recorded).
    ids: Vec<(String, Option<String>)>,
    /// The body's JSON object, `None` when there is none to read (recorded, unless it is a `GET`).
    body: Option<Map<String, Value>>,
    errors: FieldErrors,
}

impl SupCall {
    /// What `read` takes from the body, once every invalid field of the call — the extractor's and
    /// those `read` records — has been answered in one 422.
    pub fn fields<T>(
        &mut self,
        read: impl FnOnce(&Map<String, Value>, &mut FieldErrors) -> Option<T>,
    ) -> Result<T, SupError> {
        let fields = self.body.as_ref().and_then(|object| read(object, &mut self.errors));
        self.check()?;
        fields.ok_or(SupError::Internal)
    }

    /// For a call without a body: the invalid nonce and path ids, answered in one 422.
    pub fn check(&mut self) -> Result<(), SupError> {
        Ok(std::mem::take(&mut self.errors).into_result()?)
    }

    /// The UUID in path parameter `name`, once [`check`](Self::check) or [`fields`](Self::fields)
    /// has passed. Owned, so the handler's statements can borrow the call's [`DbSession`] beside it.
    pub fn id(&self, name: &str) -> Result<String, SupError> {
        self.ids
            .iter()
            .find(|(param, _)| param == name)
            .and_then(|(_, id)| id.clone())
            .ok_or(SupError::Internal)
    }
}

impl FromRequest<AppState> for SupCall {
    type Rejection = Response;

    /// In this order: the token (401); the path and the body as axum's own extractors read them
    /// (with their rejections); then the nonce, the path's ids and the body's content, collected
    /// for the one 422. The connection the token's check takes is held while the body is read:
    /// the journal layer has buffered it whole by then, so no slow client keeps it.
    async fn from_request(request: Request, app: &AppState) -> Result<SupCall, Response> {
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
        let bytes = if matches!(parts.method, Method::GET | Method::HEAD) {
            None
        } else {
            let request = Request::from_parts(parts, body);
            Some(
                <Bytes as FromRequest<AppState>>::from_request(request, app)
                    .await
                    .map_err(IntoResponse::into_response)?,
            )
        };

        let mut errors = FieldErrors::default();
        let nonce = take_nonce(&mut db, &client, &presented, now, &mut errors)
            .await
            .map_err(|err| SupError::from(err).into_response())?;
        let ids = params
            .into_iter()
            .map(|(param, raw)| {
                let id = uuid(&raw, &field_name(&param), &mut errors);
                (param, id)
            })
            .collect();
        let body = bytes.and_then(|bytes| read_body(&client, nonce.as_deref(), &bytes, &mut errors));
        Ok(SupCall {
            db,
            client,
            now,
            ids,
            body,
            errors,
        })
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
    if nonce::use_up(db, &client.tenant, &client.login, presented, now).await? {
        Ok(Some(presented.to_owned()))
    } else {
        errors.add("X-Nonce", NONCE_USED);
        Ok(None)
    }
}

/// The call's JSON object, decrypted when the client has a key; `None` once the reason is recorded.
fn read_body(
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
                errors.add("body", not_decrypted(err));
                return None;
            }
        },
    };
    json_object(&plaintext, errors)
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
    fn path_parameters_take_the_documents_names() {
        assert_eq!(field_name("id_employee"), "idEmployee");
        assert_eq!(field_name("id_card"), "idCard");
    }
}
