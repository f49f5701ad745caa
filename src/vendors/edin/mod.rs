//! EDIN EDO (edo.edin.ua), under `/edin`: the certificate API of the vendor's public pages
//! (wiki.edin.ua, listed page by page in docs/vendors/edin.md): sign-in, the GetCert controller,
//! access rights (SetAccess), the directories, certificate cards (Create), product binds
//! (SetBind), scans (AttachScan) and complaints (NotifyError). Each handler module's docs list
//! its checks and the choices made where its page is silent; each request's rules are its
//! declaration's (`wire`).
//!
//! Every answer is `{"varMessage", "intCode", …}`, HTTP 200 (`vendors.edin.http_status = "ok"`) or
//! with the status equal to `intCode` (`"mirror"`). Parameters are the members of the JSON body,
//! over those of the query string; keys and string values are read without surrounding spaces
//! (the pages' examples send `" varToken ": " 8q0h… "`), numbers as JSON numbers or numeric
//! strings, and a member null, `""` or `[]` as not given. A refused request's `varMessage` names
//! every member's problem, joined by `; `. The read methods answer `GET` (as the pages give them,
//! with a JSON body or a query string) and `POST`.
//!
//! Choices where the pages are silent:
//! - sign-in is `POST /Api/V1/User/Authorize` (`/Api/V1/Index/Authorize`, which a related vendor
//!   API uses, is an alias); wrong credentials are `401 Неверный логин или пароль`; a missing
//!   `varLogin`/`varPassword` is `400 Не заполнено обязательное поле "varLogin"` (`login`/`password`
//!   are accepted as aliases); a missing, unknown, expired or other tenant's `varToken` is
//!   `401 Пользователь не авторизован`; a session lives 30 idle minutes of the tenant's clock
//!   (`vendors.edin.token_idle_seconds`, 1800); a body that is not a JSON object is
//!   `400 Некорректный JSON в теле запроса`;
//! - where a page and its error page differ (GetCertByID's `signInfo` and `certID`), both are read;
//!   where an example's types differ from its table, answers follow the table (`intCertID` is a
//!   number), except `certificate_id` and `file_id`, strings as their examples show;
//! - the pages' examples print some keys with spaces (`"name "`); answers spell them as the tables;
//! - unknown paths are `404 Not Found` and wrong methods `405 Method Not Allowed`; they, and failures
//!   found before the EDIN router runs (bad tenant header, body over the limit, timeout, panic,
//!   injected fault), follow `http_status` like every other answer.
//!
//! The folders: `api/` the handlers and the extractor that reads a call (`api::call`); `wire/` what
//! goes over the wire, each operation's request and answer declared once, the words of a refusal,
//! the error table and the OpenAPI texts; `store/` each resource's rows and SQL; `fixtures/` the
//! vendor's section of a fixture document.

pub mod api;
pub mod fixtures;
pub mod settings;
pub mod store;
pub mod wire;

/// The registry (`vendors/mod.rs`) shapes the platform's failures through `edin::error`.
pub use wire::error;

use axum::handler::Handler;
use axum::routing::any;

use crate::openapi::{ApiRouter, Surface};
use crate::state::AppState;
use crate::vendors::edin::api::{access, binds, complaints, create, directories, reads, scans, sign_in, unmatched};
use crate::vendors::edin::wire::openapi;

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "edin";

/// The name a person reads: the dashboard's tab, `GET /_emulator/vendors`.
pub const DISPLAY_NAME: &str = "EDIN";

pub fn api() -> ApiRouter {
    let router = ApiRouter::new()
        .method_fallback(unmatched::method_not_allowed)
        .post("/Api/V1/User/Authorize", sign_in::authorize)
        .post("/Api/V1/Index/Authorize", sign_in::authorize)
        .post("/Api/V1/Certificate/SetAccess", access::set_access)
        .post("/Api/V1/Certificate/Create", create::create)
        .post("/Api/V1/Certificate/SetBind", binds::set_bind)
        .post("/Api/V1/Certificate/AttachScan", scans::attach_scan)
        .post("/Api/V1/Certificate/NotifyError", complaints::notify_error);
    let router = read(router, "/Api/V1/GetCertUA/GetCertByID", reads::get_cert_by_id);
    let router = read(router, "/Api/V1/GetCertUA/GetFileByID", reads::get_file_by_id);
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByEdrpouCode",
        reads::get_certs_by_edrpou_code,
    );
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByBarcode",
        reads::get_certs_by_barcode,
    );
    let router = read(router, "/Api/V1/GetCertUA/GetCertsByNum", reads::get_certs_by_num);
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByInnCode",
        reads::get_certs_by_inn_code,
    );
    let router = read(router, "/Api/V1/GetCertUA/GetCertsByGLN", reads::get_certs_by_gln);
    let router = read(router, "/Api/V1/GetCertUA/GetCertList", reads::get_cert_list);
    let router = read(
        router,
        "/Api/V1/Certificate/ShowAccessActions",
        directories::show_access_actions,
    );
    let router = read(
        router,
        "/Api/V1/Certificate/ShowAccessTypes",
        directories::show_access_types,
    );
    let router = read(
        router,
        "/Api/V1/Certificate/ShowBindActions",
        directories::show_bind_actions,
    );
    let router = read(router, "/Api/V1/Certificate/ShowTypes", directories::show_types);
    let router = read(router, "/Api/V1/Certificate/ShowSubTypes", directories::show_sub_types);
    let router = read(
        router,
        "/Api/V1/Certificate/ShowErrorTypes",
        directories::show_error_types,
    );
    // Unknown paths answer here, where the `http_status` setting can be read.
    router.map(|router| {
        router
            .route("/", any(unmatched::unknown_method))
            .route("/{*path}", any(unmatched::unknown_method))
    })
}

/// A read-only method: `GET` as the pages give it (parameters in a JSON body or the query string),
/// and `POST` for clients that cannot send a body with a `GET`.
fn read<H: Handler<T, AppState> + Clone, T: 'static>(router: ApiRouter, path: &str, handler: H) -> ApiRouter {
    router.get(path, handler.clone()).post(path, handler)
}

pub fn surface() -> Surface {
    Surface {
        name: NAME,
        title: openapi::TITLE,
        prefix: "/edin",
        routes: api().routes().to_vec(),
        operations: openapi::operations(),
        headers: openapi::HEADERS,
        header_params: openapi::header_params(),
        errors: Some(openapi::ERRORS),
    }
}
