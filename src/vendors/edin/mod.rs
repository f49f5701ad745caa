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

pub mod auth;
pub mod certificate;
pub mod certificates;
pub mod directory;
pub mod error;
pub mod fixtures;
pub mod openapi;
pub mod request;
pub mod session;
pub mod set_access;
pub mod unmatched;

use axum::routing::any;

use crate::openapi::{ApiRouter, Surface};

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "edin";

pub fn api() -> ApiRouter {
    ApiRouter::new()
        .method_fallback(unmatched::method_not_allowed)
        .post("/Api/V1/Index/Authorize", auth::authorize)
        .post("/Api/V1/Certificate/SetAccess", set_access::set_access)
        .get("/Api/V1/GetCertUA/GetCertByID", certificates::get_cert_by_id)
        .post("/Api/V1/GetCertUA/GetCertByID", certificates::get_cert_by_id)
        .get("/Api/V1/GetCertUA/GetCertList", certificates::get_cert_list)
        .post("/Api/V1/GetCertUA/GetCertList", certificates::get_cert_list)
        // Unknown paths answer here, where the `http_status` setting can be read.
        .map(|router| {
            router
                .route("/", any(unmatched::unknown_method))
                .route("/{*path}", any(unmatched::unknown_method))
        })
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
