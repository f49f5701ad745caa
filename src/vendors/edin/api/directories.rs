//! The directories (`/Api/V1/Certificate/Show…`), each exactly the list of its page
//! (`wire::directories`). Each answers a `GET` (the pages' method, JSON body or query string) and
//! a `POST`, and needs a live `varToken` like every call.

use axum::response::Response;

use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::wire::directories::{
    AccessActions, AccessTypes, BindActions, ErrorTypes, Listing, SubTypes, Types,
};
use crate::vendors::edin::wire::reads::NoParams;
use crate::vendors::edin::wire::values::Directory;

async fn show<D: Directory>(call: Call<NoParams>) -> Response {
    call.respond(Ok(Listing::<D>::default()))
}

pub async fn show_access_actions(call: Call<NoParams>) -> Response {
    show::<AccessActions>(call).await
}

pub async fn show_access_types(call: Call<NoParams>) -> Response {
    show::<AccessTypes>(call).await
}

pub async fn show_bind_actions(call: Call<NoParams>) -> Response {
    show::<BindActions>(call).await
}

pub async fn show_types(call: Call<NoParams>) -> Response {
    show::<Types>(call).await
}

pub async fn show_sub_types(call: Call<NoParams>) -> Response {
    show::<SubTypes>(call).await
}

pub async fn show_error_types(call: Call<NoParams>) -> Response {
    show::<ErrorTypes>(call).await
}
