//! `POST /Api/V1/Certificate/AttachScan`: the owner attaches a scan (any format, base64 in
//! `file_body`) to a certificate → `file_id`; GetFileByID gives the file back and GetCertByID
//! lists it in `cert_files`. A body over `server.body_limit_bytes` is refused before this handler
//! (413 in the vendor's shape).
//!
//! The page's error list (`AttachScan_errors`) is not published; choices: token; `cert_id` as in
//! SetAccess (404 `Сертификат не найден` unless the caller's company owns it); `file_body`, then
//! `file_name`, missing → 400 `Не заполнено обязательное поле "<field>"`; `file_name` over 255
//! characters → the length message of the other methods; `file_body` is read the lenient way a
//! non-strict base64 decoder reads it, skipping characters outside the alphabet (so the page's
//! own abbreviated example `JVBERi0xLjQK...NTcKJSVFT0Y=` is accepted), and only one with no base64
//! character at all → 400 `Недопустимый формат поля "file_body", ожидается base64`. The body is
//! kept and given back exactly as sent. The page means the method for
//! certificates without a file; a second scan is kept as another file (nothing documents a
//! refusal). A scan is `intType` 0, unsigned, and its `file_id` a string as in the example.

use axum::response::Response;
use serde_json::{json, Map};

use crate::platform::clock::to_ms;
use crate::vendors::edin::auth::authenticate;
use crate::vendors::edin::certificate;
use crate::vendors::edin::certificate_file::{self, is_base64, FileRow, SCAN_FILE_TYPE};
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::request::{filled, Call};
use crate::vendors::edin::sequence;

pub const FILE_NAME_MAX: usize = 255;

pub async fn attach_scan(call: Call) -> Response {
    call.respond(run(&call).await)
}

async fn run(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let mut tx = call.app.db.begin().await?;
    let cert_id = certificate::owned_by(&mut tx, call, &session.gln).await?;
    let body = filled(call, "file_body").ok_or(EdinError::MissingField("file_body"))?;
    let file_name = filled(call, "file_name").ok_or(EdinError::MissingField("file_name"))?;
    if file_name.chars().count() > FILE_NAME_MAX {
        return Err(EdinError::too_long("file_name", &file_name, FILE_NAME_MAX));
    }
    if !is_base64(&body) {
        return Err(EdinError::NotBase64);
    }
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let file_id = sequence::next(&mut tx, call.tenant(), sequence::FILES).await?;
    let file = FileRow {
        file_id,
        cert_id,
        file_type: SCAN_FILE_TYPE,
        file_name,
        body,
        sign_status: 0,
        created_at_ms: now_ms,
    };
    certificate_file::insert(&mut tx, call.tenant(), &file).await?;
    certificate::mark_reviewed(&mut tx, call.tenant(), cert_id, now_ms).await?;
    tx.commit().await?;
    let mut members = Map::new();
    members.insert("file_id".to_owned(), json!(file_id.to_string()));
    Ok(members)
}
