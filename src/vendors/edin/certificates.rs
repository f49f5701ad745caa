//! The read side of certificate access, so a grant's effect shows through the API:
//! `GetCertByID` (one certificate by `signInfo`) and `GetCertList` (every certificate the caller
//! sees), both by `GET` or `POST`.

use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::vendors::edin::auth::{authenticate, Session};
use crate::vendors::edin::certificate::{self, CertificateRow, ListFilter, Viewer};
use crate::vendors::edin::directory;
use crate::vendors::edin::error::{EdinError, Outcome};
use crate::vendors::edin::request::{is_blank, quoted, Call};

pub async fn get_cert_by_id(call: Call) -> Response {
    call.respond(get_one(&call).await)
}

pub async fn get_cert_list(call: Call) -> Response {
    call.respond(list(&call).await)
}

async fn get_one(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let cert_id = certificate::requested_id(call, "signInfo")?.ok_or(EdinError::CertificateNotFound)?;
    let network_gln = network_of(call, &session).await?;
    let viewer = Viewer {
        gln: &session.gln,
        network_gln: network_gln.as_deref(),
    };
    let row = certificate::visible_one(call.app.db.pool(), call.tenant(), &viewer, cert_id)
        .await?
        .ok_or(EdinError::CertificateNotFound)?;
    let mut members = Map::new();
    members.insert("cert_data".to_owned(), render(call, &session, &row).await?);
    // The real answer's categories and attached files: the emulator keeps none.
    members.insert("cert_cat".to_owned(), json!([]));
    members.insert("cert_files".to_owned(), json!([]));
    Ok(members)
}

async fn list(call: &Call) -> Outcome {
    let session = authenticate(call).await?;
    let filter = match call.param("filter") {
        value if is_blank(value) => ListFilter::Visible,
        Some(Value::String(name)) if name == "owner" => ListFilter::Owner,
        Some(Value::String(name)) if name == "private" => ListFilter::Private,
        Some(Value::String(name)) if name == "public" => ListFilter::Public,
        Some(other) => {
            return Err(EdinError::InvalidField {
                field: "filter",
                value: quoted(other),
            })
        }
        None => ListFilter::Visible,
    };
    let network_gln = network_of(call, &session).await?;
    let viewer = Viewer {
        gln: &session.gln,
        network_gln: network_gln.as_deref(),
    };
    let rows = certificate::visible_list(call.app.db.pool(), call.tenant(), &viewer, filter).await?;
    let mut certs = Vec::with_capacity(rows.len());
    for row in &rows {
        certs.push(render(call, &session, row).await?);
    }
    let mut members = Map::new();
    members.insert("certs".to_owned(), Value::Array(certs));
    Ok(members)
}

/// The network the caller's company belongs to: a grant to it reaches the caller.
async fn network_of(call: &Call, session: &Session) -> Result<Option<String>, EdinError> {
    Ok(directory::get(call.app.db.pool(), call.tenant(), &session.gln)
        .await?
        .and_then(|company| company.network_gln))
}

async fn render(call: &Call, session: &Session, row: &CertificateRow) -> Result<Value, EdinError> {
    if row.owner_gln != session.gln {
        return Ok(certificate::render(row, None));
    }
    let grants = certificate::grants(call.app.db.pool(), call.tenant(), row.cert_id).await?;
    Ok(certificate::render(row, Some(&grants)))
}
