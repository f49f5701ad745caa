//! The GetCert controller (`/Api/V1/GetCertUA/…`): one certificate by id, one file by id, and the
//! lists of certificates by ЄДРПОУ, barcode, number, ІПН and GLN, each by `GET` (the pages'
//! method, JSON body or query string) or `POST`; plus the emulator's own `GetCertList`.
//!
//! Who may see a certificate is the one rule of [`certificate`] (the SetAccess rights). Errors,
//! as `GetCert_errors` gives them: the searched parameter missing → 400 `Ошибка в параметрах
//! запроса`; nothing with that value → 404 `Запрашиваемая информация не найдена`; found, but
//! nothing of it visible to the caller → 403 `Нет доступа к запрашиваемой информации`, except
//! GetCertByID, whose own page answers a certificate the caller's GLN may not see with 404
//! `no data found`. Choices where the pages are silent: a value that is no number where a number
//! is meant (an id) finds nothing (404); a `filter` other than `owner`/`private`/`public` is a
//! 400 `Ошибка в параметрах запроса`; a list whose matches the filter leaves out is `certs: []`.

use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::vendors::edin::auth::{authenticate, Session};
use crate::vendors::edin::certificate::{self, CertificateRow, ListFilter, Search};
use crate::vendors::edin::certificate_file;
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::product_bind;
use crate::vendors::edin::request::{integer, is_blank, quoted, Call};

pub async fn get_cert_by_id(call: Call) -> Response {
    call.respond(get_one(&call).await)
}

pub async fn get_file_by_id(call: Call) -> Response {
    call.respond(get_file(&call).await)
}

pub async fn get_cert_list(call: Call) -> Response {
    call.respond(list(&call).await)
}

pub async fn get_certs_by_edrpou_code(call: Call) -> Response {
    call.respond(list_by(&call, "edrpou", Search::Edrpou).await)
}

pub async fn get_certs_by_barcode(call: Call) -> Response {
    call.respond(list_by(&call, "barcode", Search::Gtin).await)
}

pub async fn get_certs_by_num(call: Call) -> Response {
    call.respond(list_by(&call, "num", Search::Number).await)
}

pub async fn get_certs_by_inn_code(call: Call) -> Response {
    call.respond(list_by(&call, "inn", Search::Inn).await)
}

pub async fn get_certs_by_gln(call: Call) -> Response {
    call.respond(list_by(&call, "gln", Search::OwnerGln).await)
}

/// The id a GetCert call names in `field`: missing is a 400, anything but a number finds nothing.
fn requested_number(call: &Call, field: &str) -> Result<i64, EdinError> {
    let value = call.param(field);
    if is_blank(value) {
        return Err(EdinError::BadQuery);
    }
    value.and_then(integer).ok_or(EdinError::InfoNotFound)
}

async fn get_one(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    // The page's table says `signInfo`, its example and the error page `certID`: both are read.
    let field = if is_blank(call.param("certID")) {
        "signInfo"
    } else {
        "certID"
    };
    let cert_id = requested_number(call, field)?;
    let row = certificate::search(call.app.db.pool(), call.tenant(), &session.gln, &Search::Id(cert_id))
        .await?
        .pop()
        .ok_or(EdinError::InfoNotFound)?;
    if !row.is_visible() {
        return Err(EdinError::NoDataFound);
    }
    let pool = call.app.db.pool();
    let files = certificate_file::of_certificate(pool, call.tenant(), cert_id).await?;
    let binds = product_bind::of_certificate(pool, call.tenant(), cert_id).await?;
    let mut members = Map::new();
    members.insert(
        "cert_data".to_owned(),
        render(call, &session, &row, !files.is_empty()).await?,
    );
    // Categories are the owner's own labels, which the API cannot set: the emulator keeps none.
    members.insert("cert_cat".to_owned(), json!([]));
    members.insert(
        "cert_files".to_owned(),
        files
            .iter()
            .map(|file| {
                json!({
                    "intFileID": file.file_id,
                    "intType": file.file_type,
                    "varFileName": file.file_name,
                    "intSignStatus": file.sign_status,
                    "varHashLink": file.hash,
                })
            })
            .collect(),
    );
    members.insert("product_binds".to_owned(), json!(binds));
    Ok(members)
}

async fn get_file(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let file_id = requested_number(call, "intFileID")?;
    let pool = call.app.db.pool();
    let file = certificate_file::get(pool, call.tenant(), file_id)
        .await?
        .ok_or(EdinError::InfoNotFound)?;
    let visible = certificate::search(pool, call.tenant(), &session.gln, &Search::Id(file.cert_id))
        .await?
        .iter()
        .any(CertificateRow::is_visible);
    if !visible {
        return Err(EdinError::NoAccess);
    }
    let mut members = Map::new();
    members.insert(
        "cert_file_data".to_owned(),
        json!({
            "intCertFileID": file.file_id,
            "intType": file.file_type,
            "varFileName": file.file_name,
            "varHashLink": certificate_file::hash_link(&file.body),
            // "масив; тіло файлу в base64 форматі": one element, the whole body.
            "varBody": [file.body],
        }),
    );
    Ok(members)
}

/// A GetCertsBy… list: the certificates `field`'s value finds, as far as the caller may see them.
async fn list_by(call: &Call, field: &str, search: fn(String) -> Search) -> Outcome {
    let session = authenticate(call).await?;
    let value = match call.param(field) {
        value if is_blank(value) => return Err(EdinError::BadQuery),
        Some(value @ (Value::String(_) | Value::Number(_))) => quoted(value),
        Some(_) => return Err(EdinError::BadQuery),
        None => return Err(EdinError::BadQuery),
    };
    let filter = match call.param("filter") {
        value if is_blank(value) => ListFilter::Visible,
        Some(Value::String(name)) => ListFilter::named(name).ok_or(EdinError::BadQuery)?,
        Some(_) => return Err(EdinError::BadQuery),
        None => ListFilter::Visible,
    };
    let rows = certificate::search(call.app.db.pool(), call.tenant(), &session.gln, &search(value)).await?;
    if rows.is_empty() {
        return Err(EdinError::InfoNotFound);
    }
    if !rows.iter().any(CertificateRow::is_visible) {
        return Err(EdinError::NoAccess);
    }
    let certs: Vec<Value> = rows
        .iter()
        .filter(|row| row.is_visible() && filter.keeps(&row.card, &session.gln))
        .map(|row| certificate::render_listed(&row.card))
        .collect();
    let mut members = Map::new();
    members.insert("certs".to_owned(), Value::Array(certs));
    Ok(members)
}

/// `GetCertList`, the emulator's own: every certificate the caller sees, as `cert_data` objects.
async fn list(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let filter = match call.param("filter") {
        value if is_blank(value) => ListFilter::Visible,
        Some(value) => value
            .as_str()
            .and_then(ListFilter::named)
            .ok_or_else(|| EdinError::InvalidField {
                field: "filter",
                value: quoted(value),
            })?,
        None => ListFilter::Visible,
    };
    let rows = certificate::search(call.app.db.pool(), call.tenant(), &session.gln, &Search::Every).await?;
    let mut certs = Vec::new();
    for row in rows
        .iter()
        .filter(|row| row.is_visible() && filter.keeps(&row.card, &session.gln))
    {
        let has_files = !certificate_file::of_certificate(call.app.db.pool(), call.tenant(), row.card.cert_id)
            .await?
            .is_empty();
        certs.push(render(call, &session, row, has_files).await?);
    }
    let mut members = Map::new();
    members.insert("certs".to_owned(), Value::Array(certs));
    Ok(members)
}

async fn render(call: &Call, session: &Session, row: &CertificateRow, has_files: bool) -> Result<Value, EdinError> {
    if row.card.owner_gln != session.gln {
        return Ok(certificate::render(row, has_files, None));
    }
    let grants = certificate::grants(call.app.db.pool(), call.tenant(), row.card.cert_id).await?;
    Ok(certificate::render(row, has_files, Some(&grants)))
}
