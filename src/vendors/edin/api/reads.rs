//! The GetCert controller (`/Api/V1/GetCertUA/…`): one certificate by id, one file by id, and the
//! lists of certificates by ЄДРПОУ, barcode, number, ІПН and GLN, each by `GET` (the pages'
//! method, JSON body or query string) or `POST`; plus the emulator's own `GetCertList`.
//!
//! Who may see a certificate is the one rule of `store::certificates` (the SetAccess rights). Errors,
//! as `GetCert_errors` gives them: the searched parameter missing or malformed → 400 `Ошибка в
//! параметрах запроса` (the declarations of `wire::reads`); nothing with that value → 404
//! `Запрашиваемая информация не найдена`; found, but nothing of it visible to the caller → 403
//! `Нет доступа к запрашиваемой информации`, except GetCertByID, whose own page answers a
//! certificate the caller's GLN may not see with 404 `no data found`. Choices where the pages are
//! silent: an id that is no number, and a `filter` other than `owner`/`private`/`public`, are a
//! 400 `Ошибка в параметрах запроса` (GetCertList's `filter`: `Недопустимый формат поля "filter"
//! <value>`); a list whose matches the filter leaves out is `certs: []`.

use axum::response::Response;

use crate::vendors::edin::api::call::Call;
use crate::vendors::edin::api::sign_in::Session;
use crate::vendors::edin::store::binds;
use crate::vendors::edin::store::certificates::{self, CertificateRow, ListFilter, Search};
use crate::vendors::edin::store::files;
use crate::vendors::edin::wire::answer::Outcome;
use crate::vendors::edin::wire::cards::CertData;
use crate::vendors::edin::wire::error::EdinError;
use crate::vendors::edin::wire::reads::{
    ByBarcode, ByEdrpou, ByGln, ByInn, ByNumber, Cards, CertFile, CertList, Certificate, CertificateById, File,
    FileById, FileData, ListQuery, Listed, ListedCert,
};

pub async fn get_cert_by_id(call: Call<CertificateById>) -> Response {
    call.respond(get_one(&call).await)
}

pub async fn get_file_by_id(call: Call<FileById>) -> Response {
    call.respond(get_file(&call).await)
}

pub async fn get_cert_list(call: Call<CertList>) -> Response {
    call.respond(list(&call).await)
}

pub async fn get_certs_by_edrpou_code(call: Call<ByEdrpou>) -> Response {
    call.respond(list_by(&call).await)
}

pub async fn get_certs_by_barcode(call: Call<ByBarcode>) -> Response {
    call.respond(list_by(&call).await)
}

pub async fn get_certs_by_num(call: Call<ByNumber>) -> Response {
    call.respond(list_by(&call).await)
}

pub async fn get_certs_by_inn_code(call: Call<ByInn>) -> Response {
    call.respond(list_by(&call).await)
}

pub async fn get_certs_by_gln(call: Call<ByGln>) -> Response {
    call.respond(list_by(&call).await)
}

async fn get_one(call: &Call<CertificateById>) -> Outcome<Certificate> {
    let cert_id = call.params.id();
    let pool = call.app.db.pool();
    let row = certificates::search(pool, call.tenant(), &call.caller.gln, &Search::Id(cert_id))
        .await?
        .pop()
        .ok_or(EdinError::InfoNotFound)?;
    if !row.is_visible() {
        return Err(EdinError::NoDataFound);
    }
    let files = files::of_certificate(pool, call.tenant(), cert_id).await?;
    let binds = binds::of_certificate(pool, call.tenant(), cert_id).await?;
    Ok(Certificate {
        cert_data: card(call, &call.caller, &row, !files.is_empty()).await?,
        cert_cat: Vec::new(),
        cert_files: files
            .into_iter()
            .map(|file| CertFile {
                file_id: file.file_id,
                file_type: file.file_type,
                file_name: file.file_name,
                sign_status: file.sign_status,
                hash: file.hash,
            })
            .collect(),
        product_binds: binds,
    })
}

async fn get_file(call: &Call<FileById>) -> Outcome<File> {
    let pool = call.app.db.pool();
    let file = files::get(pool, call.tenant(), call.params.file_id.0)
        .await?
        .ok_or(EdinError::InfoNotFound)?;
    let visible = certificates::search(pool, call.tenant(), &call.caller.gln, &Search::Id(file.cert_id))
        .await?
        .iter()
        .any(CertificateRow::is_visible);
    if !visible {
        return Err(EdinError::NoAccess);
    }
    Ok(File {
        cert_file_data: FileData {
            file_id: file.file_id,
            file_type: file.file_type,
            hash: files::hash_link(&file.body),
            file_name: file.file_name,
            body: vec![file.body],
        },
    })
}

/// A GetCertsBy… list: the certificates its searched value finds, as far as the caller may see
/// them.
async fn list_by<Q: ListQuery>(call: &Call<Q>) -> Outcome<Listed> {
    let gln = &call.caller.gln;
    let rows = certificates::search(call.app.db.pool(), call.tenant(), gln, &call.params.search()).await?;
    if rows.is_empty() {
        return Err(EdinError::InfoNotFound);
    }
    if !rows.iter().any(CertificateRow::is_visible) {
        return Err(EdinError::NoAccess);
    }
    let filter = call.params.filter();
    Ok(Listed {
        certs: rows
            .iter()
            .filter(|row| row.is_visible() && filter.keeps(&row.card, gln))
            .map(|row| ListedCert::of(&row.card))
            .collect(),
    })
}

/// `GetCertList`, the emulator's own: every certificate the caller sees, as `cert_data` objects.
async fn list(call: &Call<CertList>) -> Outcome<Cards> {
    let filter = call.params.filter.map_or(ListFilter::Visible, |filter| filter.0);
    let gln = &call.caller.gln;
    let rows = certificates::search(call.app.db.pool(), call.tenant(), gln, &Search::Every).await?;
    let mut certs = Vec::new();
    for row in rows
        .iter()
        .filter(|row| row.is_visible() && filter.keeps(&row.card, gln))
    {
        let has_files = !files::of_certificate(call.app.db.pool(), call.tenant(), row.card.cert_id)
            .await?
            .is_empty();
        certs.push(card(call, &call.caller, row, has_files).await?);
    }
    Ok(Cards { certs })
}

/// A card as `session` sees it: the owner sees its grants.
async fn card<T>(
    call: &Call<T>,
    session: &Session,
    row: &CertificateRow,
    has_files: bool,
) -> Result<CertData, EdinError> {
    if row.card.owner_gln != session.gln {
        return Ok(CertData::of(row, has_files, None));
    }
    let grants = certificates::grants(call.app.db.pool(), call.tenant(), row.card.cert_id).await?;
    Ok(CertData::of(row, has_files, Some(&grants)))
}
