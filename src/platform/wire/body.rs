//! The one JSON body extractor every vendor's handlers take: [`Body<T, V>`], a body declared by
//! `T`, read the way vendor `V` reads bodies and refused in `V`'s own error shape.
//!
//! What a vendor does to a body before the declaration's walk is its [`BodyReading`]'s hooks:
//! СУП refuses U+0000 in a decrypted body in its own words ([`BodyReading::screen`]); CloudTips
//! binds member names as ASP.NET does ([`BodyReading::bind`]). The rest is the same for all: the
//! body received whole (within the gateway's limit), parsed as JSON (a body that is not JSON is a
//! problem of `body`), walked against `T`'s schema, every problem worded by the vendor.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::platform::wire::{read, schema_of, FieldErrors, FieldProblem, Problem, Wording};

/// How one vendor reads a JSON body: its words (the [`Wording`] it is), what it does before the
/// walk, and the error its refusals are.
pub trait BodyReading: Wording + Default + Send + Sync + 'static {
    /// The vendor's error, which shapes every problem of a body at once.
    type Error: From<FieldErrors> + IntoResponse;

    /// Refuses the raw bytes before they are read as JSON; nothing by default.
    fn screen(&self, _body: &[u8]) -> Result<(), Vec<FieldProblem>> {
        Ok(())
    }

    /// Changes the parsed document before the walk against `schema` (`T`'s); nothing by default.
    fn bind(&self, _document: &mut Value, _schema: &Value) {}

    /// A body that could not be received whole: by default a problem of `body`, in axum's words.
    fn unreceived(&self, rejection: BytesRejection) -> Response {
        let mut errors = FieldErrors::default();
        errors.add("body", rejection.body_text());
        Self::Error::from(errors).into_response()
    }
}

/// A JSON body declared by `T`, read the way vendor `V` reads bodies
/// (`Body(new, _): Body<NewWorkplace, LifeposWords>`).
pub struct Body<T, V>(pub T, pub PhantomData<V>);

impl<S, T, V> FromRequest<S> for Body<T, V>
where
    S: Send + Sync,
    T: DeserializeOwned + JsonSchema + 'static,
    V: BodyReading,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let words = V::default();
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| words.unreceived(rejection))?;
        read_body(&bytes, &words)
            .map(|body| Body(body, PhantomData))
            .map_err(|problems| V::Error::from(FieldErrors::from(problems)).into_response())
    }
}

/// `body` as a `T`, read the way `words`' vendor reads bodies, or every problem in its words (for
/// a handler that must answer other checks before it reads its body, or a body that arrives
/// another way, such as СУП's encrypted one).
pub fn read_body<T, V>(body: &[u8], words: &V) -> Result<T, Vec<FieldProblem>>
where
    T: DeserializeOwned + JsonSchema + 'static,
    V: BodyReading,
{
    words.screen(body)?;
    let mut document = parse(body, words)?;
    words.bind(&mut document, &schema_of::<T>().schema);
    read(document, words)
}

/// The body as a JSON document; one that is not JSON is a problem of `body`.
pub fn parse(body: &[u8], wording: &dyn Wording) -> Result<Value, Vec<FieldProblem>> {
    serde_json::from_slice::<Value>(body).map_err(|err| {
        vec![FieldProblem {
            field: "body".to_owned(),
            message: wording.problem(&Problem::malformed(err.to_string())),
        }]
    })
}
