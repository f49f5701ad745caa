//! EDIN EDO (`../shared/seeds/003_*.txt`, edo.edin.ua), under `/edin`: sign-in, certificate access
//! rights by GLN (`SetAccess`) and the read side that shows their effect.
//!
//! Every answer is `{"varMessage", "intCode", …}`, HTTP 200 (`vendors.edin.http_status = "ok"`) or
//! with the status equal to `intCode` (`"mirror"`). Parameters are the members of the JSON body,
//! over those of the query string.
//!
//! Choices where the document is silent:
//! - wrong credentials are `401 Неверный логин или пароль`; a missing `varLogin`/`varPassword` is
//!   `400 Не заполнено обязательное поле "varLogin"` (`login`/`password` are accepted as aliases);
//!   a missing, unknown, expired or other tenant's `varToken` is `401 Пользователь не авторизован`;
//!   a body that is not a JSON object is `400 Некорректный JSON в теле запроса`;
//! - a blank `cert_id` (or `signInfo`) is `400 Не заполнено обязательное поле "cert_id"`; any other
//!   value that names no certificate of the caller's company (not a number, too large, unknown,
//!   another company's) is `404 Сертификат не найден`;
//! - `access_type` 1 makes the certificate public and ignores `access_action` and `amigos_info`;
//!   the grants stay stored and matter again once the type is back to 2. `access_type` 2 with an
//!   action applies it to every listed GLN (granting twice or revoking what was never granted
//!   changes nothing);
//! - `amigos_info` that is an empty array is "not filled"; one that is no array is
//!   `400 Недопустимый формат поля "amigos_info" <value>`. An entry that is not an object has no `gln`;
//! - a GLN is 13 digits (as a string or a JSON number), without check-digit validation;
//!   `isRetailer` is absent/null (= false), a boolean, `0`/`1`, or `"true"`/`"false"`/`"1"`/`"0"`;
//! - each `amigos_info` check runs over every entry before the next check (so an empty `gln`
//!   anywhere wins over a malformed `isRetailer` earlier); a value in a message is quoted as sent
//!   (a string as is, anything else as JSON); GLN lists name each GLN once, in request order;
//! - a grant to a network reaches the network company itself and every company whose
//!   `network_gln` it is; a grant by GLN reaches only that company;
//! - `GetCertByID` answers `cert_data {intCertID, varNumber, varOwnerGLN, varOwnerName,
//!   access_type}` (plus `amigos_info` for the owner), with empty `cert_cat` and `cert_files`;
//!   `GetCertList` answers `certs` (same objects, by id), `filter` = `owner` | `private` | `public`
//!   narrowing to the caller's own certificates as the vendor's other list calls do;
//! - unknown paths are `404 Not Found` and wrong methods `405 Method Not Allowed`; they, and failures
//!   found before the EDIN router runs (bad tenant header, body over the limit, timeout, panic,
//!   injected fault), follow `http_status` like every other answer.

pub mod attach_scan;
pub mod auth;
pub mod certificate;
pub mod certificate_file;
pub mod certificates;
pub mod complaint;
pub mod create;
pub mod dates;
pub mod dictionary;
pub mod directory;
pub mod error;
pub mod fixtures;
pub mod notify_error;
pub mod openapi;
pub mod product_bind;
pub mod request;
pub mod sequence;
pub mod session;
pub mod set_access;
pub mod set_bind;
pub mod unmatched;

use axum::handler::Handler;
use axum::routing::any;

use crate::openapi::{ApiRouter, Surface};
use crate::state::AppState;

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "edin";

pub fn api() -> ApiRouter {
    let router = ApiRouter::new()
        .method_fallback(unmatched::method_not_allowed)
        .post("/Api/V1/User/Authorize", auth::authorize)
        .post("/Api/V1/Index/Authorize", auth::authorize)
        .post("/Api/V1/Certificate/SetAccess", set_access::set_access)
        .post("/Api/V1/Certificate/Create", create::create)
        .post("/Api/V1/Certificate/SetBind", set_bind::set_bind)
        .post("/Api/V1/Certificate/AttachScan", attach_scan::attach_scan)
        .post("/Api/V1/Certificate/NotifyError", notify_error::notify_error);
    let router = read(router, "/Api/V1/GetCertUA/GetCertByID", certificates::get_cert_by_id);
    let router = read(router, "/Api/V1/GetCertUA/GetFileByID", certificates::get_file_by_id);
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByEdrpouCode",
        certificates::get_certs_by_edrpou_code,
    );
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByBarcode",
        certificates::get_certs_by_barcode,
    );
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByNum",
        certificates::get_certs_by_num,
    );
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByInnCode",
        certificates::get_certs_by_inn_code,
    );
    let router = read(
        router,
        "/Api/V1/GetCertUA/GetCertsByGLN",
        certificates::get_certs_by_gln,
    );
    let router = read(router, "/Api/V1/GetCertUA/GetCertList", certificates::get_cert_list);
    let router = read(
        router,
        "/Api/V1/Certificate/ShowAccessActions",
        dictionary::show_access_actions,
    );
    let router = read(
        router,
        "/Api/V1/Certificate/ShowAccessTypes",
        dictionary::show_access_types,
    );
    let router = read(
        router,
        "/Api/V1/Certificate/ShowBindActions",
        dictionary::show_bind_actions,
    );
    let router = read(router, "/Api/V1/Certificate/ShowTypes", dictionary::show_types);
    let router = read(router, "/Api/V1/Certificate/ShowSubTypes", dictionary::show_sub_types);
    let router = read(
        router,
        "/Api/V1/Certificate/ShowErrorTypes",
        dictionary::show_error_types,
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
    }
}
