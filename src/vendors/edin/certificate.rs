//! Certificates and their grants in storage, and the one rule of who sees a certificate: its owner;
//! everyone when its access type is 1; otherwise a company granted by GLN, or a network granted
//! (`isRetailer: true`) together with every member company of that network.

use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::edin::error::EdinError;
use crate::vendors::edin::request::{integer, is_blank, Call};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessType {
    /// 1: visible to everyone.
    Public,
    /// 2: visible to its owner and the grants.
    Restricted,
}

impl AccessType {
    pub fn from_code(code: i64) -> Option<AccessType> {
        match code {
            1 => Some(AccessType::Public),
            2 => Some(AccessType::Restricted),
            _ => None,
        }
    }

    pub fn code(self) -> i64 {
        match self {
            AccessType::Public => 1,
            AccessType::Restricted => 2,
        }
    }
}

/// The certificate id a call names in `field`: a blank one is a 400, one that is no integer can
/// name no certificate (`None`, a 404 for the caller).
pub fn requested_id(call: &Call, field: &'static str) -> Result<Option<i64>, EdinError> {
    let value = call.param(field);
    if is_blank(value) {
        return Err(EdinError::MissingField(field));
    }
    Ok(value.and_then(integer))
}

/// A certificate's row with its owner's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CertificateRow {
    pub cert_id: i64,
    pub owner_gln: String,
    pub owner_name: String,
    pub number: String,
    pub access_type: i64,
}

const SELECT_VISIBLE: &str = "SELECT c.cert_id, c.owner_gln, o.name AS owner_name, c.number, c.access_type \
     FROM edin_certificates c JOIN edin_companies o ON o.tenant = c.tenant AND o.gln = c.owner_gln \
     WHERE c.tenant = $1 AND (c.owner_gln = $2 OR c.access_type = 1 OR EXISTS ( \
         SELECT 1 FROM edin_certificate_grants g WHERE g.tenant = c.tenant AND g.cert_id = c.cert_id \
         AND ((g.is_network = 0 AND g.gln = $2) OR (g.is_network = 1 AND (g.gln = $2 OR g.gln = $3)))))";

/// Who is asking: the caller's GLN and the network its company belongs to.
pub struct Viewer<'a> {
    pub gln: &'a str,
    pub network_gln: Option<&'a str>,
}

pub async fn visible_one<'c, E>(
    executor: E,
    tenant: &str,
    viewer: &Viewer<'_>,
    cert_id: i64,
) -> Result<Option<CertificateRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(&format!("{SELECT_VISIBLE} AND c.cert_id = $4"))
        .bind(tenant)
        .bind(viewer.gln)
        .bind(viewer.network_gln)
        .bind(cert_id)
        .fetch_optional(executor)
        .await
}

/// Which of the visible certificates a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFilter {
    /// Every certificate the caller sees.
    Visible,
    /// The caller's own.
    Owner,
    /// The caller's own restricted ones.
    Private,
    /// The caller's own public ones.
    Public,
}

pub async fn visible_list<'c, E>(
    executor: E,
    tenant: &str,
    viewer: &Viewer<'_>,
    filter: ListFilter,
) -> Result<Vec<CertificateRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let narrowed = match filter {
        ListFilter::Visible => "",
        ListFilter::Owner => " AND c.owner_gln = $2",
        ListFilter::Private => " AND c.owner_gln = $2 AND c.access_type = 2",
        ListFilter::Public => " AND c.owner_gln = $2 AND c.access_type = 1",
    };
    sqlx::query_as(&format!("{SELECT_VISIBLE}{narrowed} ORDER BY c.cert_id"))
        .bind(tenant)
        .bind(viewer.gln)
        .bind(viewer.network_gln)
        .fetch_all(executor)
        .await
}

/// The owner's GLN of a certificate, if it exists.
pub async fn owner_of<'c, E>(executor: E, tenant: &str, cert_id: i64) -> Result<Option<String>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_scalar("SELECT owner_gln FROM edin_certificates WHERE tenant = $1 AND cert_id = $2")
        .bind(tenant)
        .bind(cert_id)
        .fetch_optional(executor)
        .await
}

/// A certificate's grants: `(gln, is_network)`, companies first, each kind by GLN.
pub async fn grants<'c, E>(executor: E, tenant: &str, cert_id: i64) -> Result<Vec<(String, bool)>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT gln, is_network FROM edin_certificate_grants WHERE tenant = $1 AND cert_id = $2 \
         ORDER BY is_network, gln",
    )
    .bind(tenant)
    .bind(cert_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(gln, kind)| (gln, kind != 0)).collect())
}

/// One stored certificate: `(cert_id, owner_gln, number, access_type code)`.
pub type CertificateColumns = (i64, String, String, i64);

/// Every certificate of the tenant, by `cert_id`.
pub async fn all<'c, E>(executor: E, tenant: &str) -> Result<Vec<CertificateColumns>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(
        "SELECT cert_id, owner_gln, number, access_type FROM edin_certificates WHERE tenant = $1 ORDER BY cert_id",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await
}

pub async fn insert(
    tx: &mut Tx,
    tenant: &str,
    cert_id: i64,
    owner_gln: &str,
    number: &str,
    access_type: AccessType,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_certificates (tenant, cert_id, owner_gln, number, access_type) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(cert_id)
    .bind(owner_gln)
    .bind(number)
    .bind(access_type.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_access_type(
    tx: &mut Tx,
    tenant: &str,
    cert_id: i64,
    access_type: AccessType,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE edin_certificates SET access_type = $1 WHERE tenant = $2 AND cert_id = $3")
        .bind(access_type.code())
        .bind(tenant)
        .bind(cert_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Opens the certificate to a company, or to a network and its members; granting twice is one grant.
pub async fn grant(tx: &mut Tx, tenant: &str, cert_id: i64, gln: &str, is_network: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_certificate_grants (tenant, cert_id, is_network, gln) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(tenant)
    .bind(cert_id)
    .bind(i64::from(is_network))
    .bind(gln)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn revoke(tx: &mut Tx, tenant: &str, cert_id: i64, gln: &str, is_network: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM edin_certificate_grants WHERE tenant = $1 AND cert_id = $2 AND is_network = $3 AND gln = $4",
    )
    .bind(tenant)
    .bind(cert_id)
    .bind(i64::from(is_network))
    .bind(gln)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `cert_data` of a certificate; the owner also sees its grants as `amigos_info`.
pub fn render(row: &CertificateRow, grants: Option<&[(String, bool)]>) -> Value {
    let mut data = json!({
        "intCertID": row.cert_id,
        "varNumber": row.number,
        "varOwnerGLN": row.owner_gln,
        "varOwnerName": row.owner_name,
        "access_type": row.access_type,
    });
    if let Some(grants) = grants {
        data["amigos_info"] = grants
            .iter()
            .map(|(gln, is_network)| json!({ "gln": gln, "isRetailer": is_network }))
            .collect();
    }
    data
}
