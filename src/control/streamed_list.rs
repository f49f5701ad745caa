//! A listing answer, `{"<key>":[…]}`, sent as the client reads it: each item is rendered when hyper
//! has room for it, so a listing of any length costs the memory of one item (plus what its source
//! holds, e.g. one page of rows), not the whole answer twice over as a JSON value would.
//!
//! The status (200) is sent before the last item is read. A source that fails part-way ends the
//! body with an error, which cuts the connection: a client sees a broken answer, never a shorter
//! list that looks whole.

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::BoxError;
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::Serialize;

pub fn json_list<T, E>(key: &'static str, items: impl Stream<Item = Result<T, E>> + Send + 'static) -> Response
where
    T: Serialize,
    E: Into<BoxError> + 'static,
{
    let opening = Bytes::from(format!("{{\"{key}\":["));
    let items = items.map_err(Into::into).enumerate().map(|(n, item)| {
        let mut chunk = if n == 0 { Vec::new() } else { b",".to_vec() };
        serde_json::to_writer(&mut chunk, &item?)?;
        Ok::<_, BoxError>(Bytes::from(chunk))
    });
    let body = stream::once(async move { Ok(opening) })
        .chain(items)
        .chain(stream::once(async { Ok(Bytes::from_static(b"]}")) }));
    ([(CONTENT_TYPE, "application/json")], Body::from_stream(body)).into_response()
}
