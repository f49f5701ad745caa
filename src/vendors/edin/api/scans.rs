//! `POST /Api/V1/Certificate/AttachScan`: the owner attaches a scan (any format, base64 in
//! `file_body`) to a certificate → `file_id`; GetFileByID gives the file back and GetCertByID
//! lists it in `cert_files`. A body over `server.body_limit_bytes` is refused before this handler
//! (413 in the vendor's shape).
//!
//! The page's error list (`AttachScan_errors`) is not published; choices: the members are checked
//! by their declaration (`wire::scans`: `file_body` and `file_name` required, `file_name` ≤ 255
//! characters, `file_body` read the lenient way a non-strict base64 decoder reads it, so only one
//! with no base64 character at all → 400 `Недопустимый формат поля "file_body", ожидается
//! base64`); then the certificate as in SetAccess (404 `Сертификат не найден` unless the caller's
//! company owns it). The body is kept and given back exactly as sent. The page means the method
//! for certificates without a file; a second scan is kept as another file (nothing documents a
//! refusal). A scan is `intType` 0, unsigned, and its `file_id` a string as in the example.

use axum::response::Response;

use crate::platform::clock::to_ms;
use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::store::certificates;
use crate::vendors::edin::store::files::{self, FileRow, SCAN_FILE_TYPE};
use crate::vendors::edin::store::sequences;
use crate::vendors::edin::wire::answer::Outcome;
use crate::vendors::edin::wire::scans::{Attached, Scan};

pub async fn attach_scan(call: Call<Scan>) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call<Scan>) -> Outcome<Attached> {
    let scan = &call.params;
    let mut tx = call.app.db.begin().await?;
    let cert_id = certificates::owned_by(&mut tx, call.tenant(), scan.cert_id.0, &call.caller.gln).await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let file_id = sequences::next(&mut tx, call.tenant(), sequences::FILES).await?;
    let file = FileRow {
        file_id,
        cert_id,
        file_type: SCAN_FILE_TYPE,
        file_name: scan.file_name.0.clone(),
        body: scan.file_body.0.clone(),
        sign_status: 0,
        created_at_ms: now_ms,
    };
    files::insert(&mut tx, call.tenant(), &file).await?;
    certificates::mark_reviewed(&mut tx, call.tenant(), cert_id, now_ms).await?;
    tx.commit().await?;
    Ok(Attached {
        file_id: file_id.to_string(),
    })
}
