//! Reading LIFE POS requests by their declarations (`wire`): a body (the platform's
//! `wire::Body`, read the LIFE POS way), a read's `presentation` and a list's query string. Whatever breaks a declaration is one 422 `RequestIsNotValid` naming every
//! member's problem, never axum's plain-text rejection.

use crate::platform::whole_number;
use crate::platform::wire::{self, BodyReading};
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::lists::{Presentation, ReadQuery};
use crate::vendors::lifepos::wire::words::{LifeposWords, WORDS};
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::Uri;
use serde_json::Value;

/// LIFE POS reads a body as its declaration says, nothing before; a body that could not be
/// received is a 422 on `body` (`platform::wire::Body`).
impl BodyReading for LifeposWords {
    type Error = LifeposError;

    /// `11.0` where an integer is declared is `11`, as JSON Schema reads `integer`.
    fn bind(&self, document: &mut Value, _schema: &Value) {
        whole_number::make_integral(document);
    }
}

/// The query string's decoded pairs, in order; one that cannot be decoded is a 422 on `query`.
fn query_pairs(uri: &Uri) -> Result<Vec<(String, String)>, LifeposError> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|Query(pairs)| pairs)
        .map_err(|err| LifeposError::invalid_field("query", err.body_text()))
}

/// The `presentation` of a read or a create ([`ReadQuery`]): `full` when absent.
pub struct Shown(pub Presentation);

impl<S: Send + Sync> FromRequestParts<S> for Shown {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let read: ReadQuery = wire::read_query(&query_pairs(&parts.uri)?, &WORDS).map_err(FieldErrors::from)?;
        Ok(Shown(read.presentation.unwrap_or(Presentation::Full)))
    }
}

/// A list's query string, read by the list's declaration once the handler knows the list
/// (`wire::lists::read`).
pub struct Listing(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Listing {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        query_pairs(&parts.uri).map(Listing)
    }
}
