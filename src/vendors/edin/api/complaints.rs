//! `POST /Api/V1/Certificate/NotifyError` (NotifyError, NotifyError_errors): a complaint about a
//! certificate (`type_error` from ShowErrorTypes, `text` ≤ 500 characters). Complaints show in
//! `GET /_emulator/state` (`edin.complaints`); the vendor's side of handling them is not emulated.
//!
//! The members are checked by their declaration (`wire::complaints`: an unknown `type_error` is
//! the page's `{"varMessage": "Недопустимый формат поля ", "type_error": <value>, "intCode": 400}`,
//! a `text` over 500 characters the length message, which the page prints as invalid JSON and is
//! served valid). Then a certificate the caller may not see (unknown, restricted and not granted)
//! → 404 `Сертификат не найден`: a complaint comes from whoever reads the certificate, its owner
//! included (the page's "does not belong to the user" is SetAccess's wording, and a reader is who
//! has something to complain about). "The same complaint" is one of the same certificate, sender
//! company and type, whatever its text: the second → 400 `Уведомление об ошибке было отправлено
//! ранее`, decided by the primary key.

use axum::response::Response;

use crate::db::is_unique_violation;
use crate::platform::clock::to_ms;
use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::store::certificates::{self, CertificateRow, Search};
use crate::vendors::edin::store::complaints::{self, ComplaintRow};
use crate::vendors::edin::wire::answer::{Done, Outcome};
use crate::vendors::edin::wire::complaints::Complaint;
use crate::vendors::edin::wire::error::EdinError;
use crate::vendors::edin::wire::values::Text;

pub async fn notify_error(call: Call<Complaint>) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call<Complaint>) -> Outcome<Done> {
    let complaint = &call.params;
    let cert_id = complaint.cert_id.0;
    let pool = call.app.db.pool();
    let visible = certificates::search(pool, call.tenant(), &call.caller.gln, &Search::Id(cert_id))
        .await?
        .iter()
        .any(CertificateRow::is_visible);
    if !visible {
        return Err(EdinError::CertificateNotFound);
    }

    let mut tx = call.app.db.begin().await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let row = ComplaintRow {
        cert_id,
        gln: call.caller.gln.clone(),
        type_error: complaint.type_error.0,
        login: call.caller.login.clone(),
        body: Text::or_empty(&complaint.text),
        created_at_ms: now_ms,
    };
    if let Err(err) = complaints::insert(&mut tx, call.tenant(), &row).await {
        return Err(if is_unique_violation(&err) {
            EdinError::AlreadyNotified
        } else {
            err.into()
        });
    }
    tx.commit().await?;
    Ok(Done {})
}
