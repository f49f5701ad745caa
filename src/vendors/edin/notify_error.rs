//! `POST /Api/V1/Certificate/NotifyError` (NotifyError, NotifyError_errors): a complaint about a
//! certificate (`type_error` from ShowErrorTypes, `text` ≤ 500 characters). Complaints show in
//! `GET /_emulator/state` (`edin.complaints`); the vendor's side of handling them is not emulated.
//!
//! Checks, the first failing one answers: token; `cert_id` blank → 400 `Не заполнено обязательное
//! поле "cert_id"`, a certificate the caller may not see (unknown, not a number, restricted and
//! not granted) → 404 `Сертификат не найден` (a complaint comes from whoever reads the
//! certificate, its owner included: the page's "does not belong to the user" is SetAccess's
//! wording, and a reader is who has something to complain about); `type_error` blank → 400
//! `Не заполнено обязательное поле "type_error"`, not in the directory → the page's answer
//! `{"varMessage": "Недопустимый формат поля ", "type_error": <value>, "intCode": 400}`; `text`
//! over 500 characters → 400 `Недопустимый формат поля "text" <text>, максимальное количество
//! символов 500` (the page prints it as invalid JSON; it is served valid); `text` may be left out.
//! "The same complaint" is one of the same certificate, sender company and type, whatever its text:
//! the second → 400 `Уведомление об ошибке было отправлено ранее`, decided by the primary key.

use axum::response::Response;
use serde_json::Map;

use crate::db::is_unique_violation;
use crate::platform::clock::to_ms;
use crate::vendors::edin::auth::authenticate;
use crate::vendors::edin::certificate::{self, CertificateRow, Search};
use crate::vendors::edin::complaint::{self, ComplaintRow};
use crate::vendors::edin::dictionary::ERROR_TYPES;
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::request::{filled, integer, quoted, Call};

pub const TEXT_MAX: usize = 500;

pub async fn notify_error(call: Call) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let cert_id = certificate::requested_id(call, "cert_id")?.ok_or(EdinError::CertificateNotFound)?;
    let pool = call.app.db.pool();
    let visible = certificate::search(pool, call.tenant(), &session.gln, &Search::Id(cert_id))
        .await?
        .iter()
        .any(CertificateRow::is_visible);
    if !visible {
        return Err(EdinError::CertificateNotFound);
    }
    let type_value = call
        .param("type_error")
        .filter(|_| filled(call, "type_error").is_some())
        .ok_or(EdinError::MissingField("type_error"))?;
    let type_error = integer(type_value)
        .filter(|code| ERROR_TYPES.has(*code))
        .ok_or_else(|| EdinError::UnknownErrorType(quoted(type_value)))?;
    let text = filled(call, "text").unwrap_or_default();
    if text.chars().count() > TEXT_MAX {
        return Err(EdinError::too_long("text", &text, TEXT_MAX));
    }

    let mut tx = call.app.db.begin().await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let row = ComplaintRow {
        cert_id,
        gln: session.gln.clone(),
        type_error,
        login: session.login.clone(),
        body: text,
        created_at_ms: now_ms,
    };
    if let Err(err) = complaint::insert(&mut tx, call.tenant(), &row).await {
        return Err(if is_unique_violation(&err) {
            EdinError::AlreadyNotified
        } else {
            err.into()
        });
    }
    tx.commit().await?;
    Ok(Map::new())
}
