//! Reading EDIN calls: the parameters are the JSON object of the body, over the query string (so a
//! `GET` with its parameters in the URL works too), and every value is read the lenient way the
//! vendor's own examples need: numbers as JSON numbers or numeric strings, and keys and string
//! values with the surrounding spaces the examples put in them (`" varToken ": " 8q0h… "`) read
//! without those spaces, at every depth.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::response::Response;
use serde_json::{Map, Value};

use super::settings::EdinHttpStatus;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::edin::error::{respond, EdinError, Outcome};

/// One EDIN call: the application, the request's context (its tenant and clock) and the call's
/// parameters.
pub struct Call {
    pub app: AppState,
    pub context: RequestContext,
    pub params: Map<String, Value>,
}

impl Call {
    pub fn tenant(&self) -> &str {
        &self.context.tenant
    }

    pub fn mode(&self) -> EdinHttpStatus {
        self.app.config.vendors.edin.http_status
    }

    /// The outcome on the wire, with the status the settings ask for.
    pub fn respond(&self, outcome: Outcome) -> Response {
        respond(self.mode(), outcome)
    }

    pub fn param(&self, name: &str) -> Option<&Value> {
        self.params.get(name).filter(|value| !value.is_null())
    }
}

impl FromRequest<AppState> for Call {
    type Rejection = Response;

    async fn from_request(request: Request, app: &AppState) -> Result<Call, Response> {
        let mode = app.config.vendors.edin.http_status;
        let reject = |err: EdinError| respond(mode, Err(err));
        let (mut parts, body) = request.into_parts();
        let context = RequestContext::from_request_parts(&mut parts, app)
            .await
            .map_err(|_| reject(EdinError::Internal))?;
        let query: Query<Vec<(String, String)>> =
            Query::try_from_uri(&parts.uri).map_err(|_| reject(EdinError::MalformedBody))?;
        let mut params: Map<String, Value> = query
            .0
            .into_iter()
            .map(|(name, value)| (name.trim().to_owned(), Value::String(value.trim().to_owned())))
            .collect();
        // The gateway has already buffered the body within the configured limit.
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|_| reject(EdinError::MalformedBody))?;
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(object)) => params.extend(trimmed_members(object)),
                _ => return Err(reject(EdinError::MalformedBody)),
            }
        }
        Ok(Call {
            app: app.clone(),
            context,
            params,
        })
    }
}

/// An object's members with their keys and every string inside them trimmed. Where two keys
/// become one (`"cert_id"` and `" cert_id "`), the later one in the body wins.
fn trimmed_members(object: Map<String, Value>) -> Map<String, Value> {
    object
        .into_iter()
        .map(|(key, value)| (key.trim().to_owned(), trimmed(value)))
        .collect()
}

fn trimmed(value: Value) -> Value {
    match value {
        Value::String(text) if text.trim().len() != text.len() => Value::String(text.trim().to_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(trimmed).collect()),
        Value::Object(object) => Value::Object(trimmed_members(object)),
        other => other,
    }
}

/// Null, absent and `""` all mean "not filled" in the vendor's messages.
pub fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.is_empty(),
        Some(_) => false,
    }
}

/// A JSON integer or a string of ASCII digits; `None` for anything else (or too large).
pub fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        _ => None,
    }
}

/// `true`/`false`, also as `1`/`0` or the strings `"true"`, `"false"`, `"1"`, `"0"`.
pub fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(text) => match text.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A value as the vendor quotes it in a message: a string as it is, anything else as JSON.
pub fn quoted(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A filled member as text: a string as sent, a number in decimal, anything else as JSON; `None`
/// when absent, null or `""`.
pub fn filled(call: &Call, name: &str) -> Option<String> {
    match call.param(name)? {
        Value::String(text) if text.is_empty() => None,
        value => Some(quoted(value)),
    }
}

/// A non-empty string member.
pub fn text<'a>(call: &'a Call, name: &str) -> Option<&'a str> {
    call.param(name).and_then(Value::as_str).filter(|text| !text.is_empty())
}

/// A GLN: 13 digits, as a string or a JSON number.
pub fn gln(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) if number.is_u64() => number.to_string(),
        _ => return None,
    };
    is_gln(&text).then_some(text)
}

/// How many digits a GLN has.
pub const GLN_DIGITS: usize = 13;

pub fn is_gln(text: &str) -> bool {
    text.len() == GLN_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_arrive_as_numbers_or_digit_strings() {
        assert_eq!(integer(&json!(2)), Some(2));
        assert_eq!(integer(&json!("2173")), Some(2173));
        assert_eq!(integer(&json!(" 2")), None);
        assert_eq!(integer(&json!("+2")), None);
        assert_eq!(integer(&json!(1.5)), None);
        assert_eq!(integer(&json!("99999999999999999999")), None);
    }

    #[test]
    fn spaces_around_keys_and_values_are_dropped() {
        let object = json!({ " varToken ": " 8q0h ", "list": [{ " gln ": " 1 " }], "n": 2 });
        let Value::Object(object) = object else { unreachable!() };
        assert_eq!(
            Value::Object(trimmed_members(object)),
            json!({ "varToken": "8q0h", "list": [{ "gln": "1" }], "n": 2 })
        );
    }

    #[test]
    fn booleans_and_glns() {
        assert_eq!(boolean(&json!(false)), Some(false));
        assert_eq!(boolean(&json!("1")), Some(true));
        assert_eq!(boolean(&json!("fdsa")), None);
        assert_eq!(gln(&json!("9864066822430")).as_deref(), Some("9864066822430"));
        assert_eq!(gln(&json!(9864066822430u64)).as_deref(), Some("9864066822430"));
        assert_eq!(gln(&json!("dfghdfg")), None);
        assert_eq!(quoted(&json!("fdsa")), "fdsa");
        assert_eq!(quoted(&json!(324)), "324");
    }
}
