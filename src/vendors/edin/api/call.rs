//! Reading EDIN calls. The parameters are the JSON object of the body, over the query string (so
//! a `GET` with its parameters in the URL works too), read the lenient way the vendor's own
//! examples need before anything checks them: keys and string values lose the white space around
//! them (`" varToken ": " 8q0h… "`), at every depth, and a member that is then null, `""` or `[]`
//! is left out ("not given", as the vendor's messages treat all three). Then, in turn: the caller
//! (the `varToken` of every call but Authorize: 401 before anything else), the lists
//! (`server.max_list_items`), and the operation's declaration (`wire::read`).

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::Uri;
use axum::response::Response;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::platform::context::RequestContext;
use crate::platform::whole_number;
use crate::platform::wire::{schema_of, Compiled};
use crate::state::AppState;
use crate::vendors::edin::api::sign_in::{authenticate, Session};
use crate::vendors::edin::settings::EdinHttpStatus;
use crate::vendors::edin::wire::answer::{respond, Done, Outcome};
use crate::vendors::edin::wire::error::EdinError;
use crate::vendors::edin::wire::read::read;
use crate::vendors::edin::wire::signed::{Signed, TOKEN};

/// One EDIN call: the application, the request's context (its tenant and clock), who makes it and
/// its parameters, read as `T`.
pub struct Call<T, Who = Session> {
    pub app: AppState,
    pub context: RequestContext,
    pub caller: Who,
    pub params: T,
}

impl<T, Who> Call<T, Who> {
    pub fn tenant(&self) -> &str {
        &self.context.tenant
    }

    pub fn mode(&self) -> EdinHttpStatus {
        self.app.config.vendors.edin.http_status
    }

    /// The outcome on the wire, with the status the settings ask for.
    pub fn respond<A: Serialize>(&self, outcome: Outcome<A>) -> Response {
        respond(self.mode(), outcome)
    }
}

/// Who makes a call, found before its parameters are checked.
pub trait Caller: Sized + Send {
    /// The declaration a call's parameters `T` are checked against when this caller makes it.
    fn declaration<T: JsonSchema + 'static>() -> Arc<Compiled>;

    fn identify(
        app: &AppState,
        context: &RequestContext,
        params: &Map<String, Value>,
    ) -> impl Future<Output = Result<Self, EdinError>> + Send;
}

/// A signed-in user: the session of the call's `varToken`.
impl Caller for Session {
    fn declaration<T: JsonSchema + 'static>() -> Arc<Compiled> {
        schema_of::<Signed<T>>()
    }

    async fn identify(
        app: &AppState,
        context: &RequestContext,
        params: &Map<String, Value>,
    ) -> Result<Self, EdinError> {
        authenticate(app, context, params.get(TOKEN).and_then(Value::as_str)).await
    }
}

/// Anyone: Authorize, which gives the token.
pub struct Anyone;

impl Caller for Anyone {
    fn declaration<T: JsonSchema + 'static>() -> Arc<Compiled> {
        schema_of::<T>()
    }

    async fn identify(_: &AppState, _: &RequestContext, _: &Map<String, Value>) -> Result<Self, EdinError> {
        Ok(Anyone)
    }
}

impl<T, Who> FromRequest<AppState> for Call<T, Who>
where
    T: DeserializeOwned + JsonSchema + Send + 'static,
    Who: Caller,
{
    type Rejection = Response;

    async fn from_request(request: Request, app: &AppState) -> Result<Self, Response> {
        let reject = |err: EdinError| respond::<Done>(app.config.vendors.edin.http_status, Err(err));
        let (mut parts, body) = request.into_parts();
        let context = RequestContext::from_request_parts(&mut parts, app)
            .await
            .map_err(|_| reject(EdinError::Internal))?;
        let params = parameters(&parts.uri, body).await.map_err(reject)?;
        let caller = Who::identify(app, &context, &params).await.map_err(reject)?;
        bounded(&params, app.config.server.max_list_items).map_err(reject)?;
        let params = read::<T>(Value::Object(params), &Who::declaration::<T>()).map_err(reject)?;
        Ok(Call {
            app: app.clone(),
            context,
            caller,
            params,
        })
    }
}

/// The query string's parameters and the body's members over them, read leniently.
async fn parameters(uri: &Uri, body: Body) -> Result<Map<String, Value>, EdinError> {
    let query: Query<Vec<(String, String)>> = Query::try_from_uri(uri).map_err(|_| EdinError::MalformedBody)?;
    let mut params: Map<String, Value> = query
        .0
        .into_iter()
        .map(|(name, value)| (name, Value::String(value)))
        .collect();
    // The gateway has already buffered the body within the configured limit.
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| EdinError::MalformedBody)?;
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(object)) => params.extend(object),
            _ => return Err(EdinError::MalformedBody),
        }
    }
    Ok(lenient(params))
}

/// An object's members with their keys and every string inside them trimmed, and those then not
/// given left out. Where two keys become one (`"cert_id"` and `" cert_id "`), the later one in the
/// body wins. The depth is the document's, which serde_json bounds (128).
fn lenient(object: Map<String, Value>) -> Map<String, Value> {
    object
        .into_iter()
        .map(|(key, value)| (key.trim().to_owned(), trimmed(value)))
        .filter(|(_, value)| !is_blank(value))
        .collect()
}

fn trimmed(value: Value) -> Value {
    match value {
        Value::String(text) if text.trim().len() != text.len() => Value::String(text.trim().to_owned()),
        Value::Number(number) => whole(number),
        Value::Array(items) => Value::Array(items.into_iter().map(trimmed).collect()),
        Value::Object(object) => Value::Object(lenient(object)),
        other => other,
    }
}

/// A whole number written with a fraction (`2.0`) as the integer it is, as JSON Schema reads it
/// (and a fuzzer sends it for an integer member); others as they are
/// (`platform::whole_number::exact`).
fn whole(number: serde_json::Number) -> Value {
    let float = number.as_f64().filter(|_| number.is_f64());
    match float.and_then(whole_number::exact) {
        Some(whole) => Value::from(whole),
        None => Value::Number(number),
    }
}

/// Null, `""` and `[]` all mean "not given" in the vendor's messages.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Every list of the call within `server.max_list_items`, before anything walks one: the vendor
/// states no bound, and one call writes its list in one transaction, which on SQLite holds every
/// tenant's writes meanwhile.
fn bounded(params: &Map<String, Value>, max: usize) -> Result<(), EdinError> {
    for (name, value) in params {
        if let Value::Array(items) = value {
            if items.len() > max {
                return Err(EdinError::TooMany {
                    field: name.clone(),
                    count: items.len(),
                    max,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_leniently(value: Value) -> Value {
        let Value::Object(object) = value else { unreachable!() };
        Value::Object(lenient(object))
    }

    #[test]
    fn spaces_around_keys_and_values_are_dropped_and_blanks_left_out() {
        assert_eq!(
            read_leniently(json!({ " varToken ": " 8q0h ", "list": [{ " gln ": " 1 ", "isRetailer": "" }], "n": 2 })),
            json!({ "varToken": "8q0h", "list": [{ "gln": "1" }], "n": 2 })
        );
        assert_eq!(
            read_leniently(json!({ "a": null, "b": "  ", "c": [], "d": {}, "e": 0 })),
            json!({ "d": {}, "e": 0 })
        );
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_are_integers() {
        assert_eq!(
            read_leniently(json!({ "a": 220.0, "b": -331825822904.0, "c": 1.5, "d": 1e300, "e": 7 })),
            json!({ "a": 220, "b": -331825822904_i64, "c": 1.5, "d": 1e300, "e": 7 })
        );
        let past_i64: Value = serde_json::from_str(r#"{ "a": -9223372036854775809 }"#).unwrap();
        assert!(read_leniently(past_i64)["a"].is_f64(), "no i64 holds it");
    }

    #[test]
    fn lists_past_the_bound_are_refused_by_name() {
        let Value::Object(params) = json!({ "amigos_info": [1, 2, 3], "cert_id": "1" }) else {
            unreachable!()
        };
        assert!(bounded(&params, 3).is_ok());
        assert_eq!(
            bounded(&params, 2).unwrap_err().to_string(),
            "Недопустимый формат поля \"amigos_info\" [3 элементов], максимальное количество элементов 2"
        );
    }
}
