//! Reading LIFE POS requests by their declarations (`wire`): a body, a read's `presentation` and a
//! list's query string. Whatever breaks a declaration is one 422 `RequestIsNotValid` naming every
//! member's problem, never axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::Uri;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::platform::wire;
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::lists::{Presentation, ReadQuery};
use crate::vendors::lifepos::wire::words::WORDS;

/// A request body declared by `T`.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned + JsonSchema + 'static> Body<T> {
    /// `body` as a `T`, for a handler that must answer other checks before it reads its body.
    pub fn read(body: &[u8]) -> Result<T, LifeposError> {
        wire::read_json(body, &WORDS).map_err(|problems| FieldErrors::from(problems).into())
    }
}

impl<S, T> FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: DeserializeOwned + JsonSchema + 'static,
{
    type Rejection = LifeposError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| LifeposError::invalid_field("body", rejection.body_text()))?;
        Body::read(&body).map(Body)
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
