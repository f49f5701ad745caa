//! The directories (`/Api/V1/Certificate/Show…`), each exactly the list of its page
//! (`wire::directories`). Each answers a `GET` (the pages' method, JSON body or query string) and
//! a `POST`, and needs a live `varToken` like every call.

use axum::response::Response;
use serde_json::Map;

use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::wire::directories::{
    Dictionary, ACCESS_ACTIONS, ACCESS_TYPES, BIND_ACTIONS, ERROR_TYPES, SUB_TYPES, TYPES,
};
use crate::vendors::edin::wire::reads::NoParams;

async fn show(call: Call<NoParams>, dictionary: &'static Dictionary) -> Response {
    let mut members = Map::new();
    members.insert(dictionary.key.to_owned(), dictionary.listed());
    call.respond(Ok(members))
}

pub async fn show_access_actions(call: Call<NoParams>) -> Response {
    show(call, &ACCESS_ACTIONS).await
}

pub async fn show_access_types(call: Call<NoParams>) -> Response {
    show(call, &ACCESS_TYPES).await
}

pub async fn show_bind_actions(call: Call<NoParams>) -> Response {
    show(call, &BIND_ACTIONS).await
}

pub async fn show_types(call: Call<NoParams>) -> Response {
    show(call, &TYPES).await
}

pub async fn show_sub_types(call: Call<NoParams>) -> Response {
    show(call, &SUB_TYPES).await
}

pub async fn show_error_types(call: Call<NoParams>) -> Response {
    show(call, &ERROR_TYPES).await
}
