//! Certificates in storage — their cards, grants and the searches of the GetCert controller —
//! and the one rule of who sees a certificate: its owner; everyone when its access type is 1;
//! otherwise a company granted by GLN, or a network granted (`isRetailer: true`) together with
//! every member company of that network. A search returns every match with that rule's verdict
//! as a column, so one query tells "nothing found" (404) from "found, but hidden" (403). How a
//! card prints is `wire::cards`'.

use sqlx::{Any, Executor};

use crate::db::{Tx, UniqueIndex};
use crate::vendors::edin::wire::error::EdinError;

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

/// The stored card of a certificate: what Create, fixtures and the state export read and write.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CertificateCard {
    pub cert_id: i64,
    pub owner_gln: String,
    pub number: String,
    pub access_type: i64,
    /// `intType`, a ShowTypes code.
    pub cert_type: i64,
    /// `intSubType`, a ShowSubTypes code.
    pub sub_type: i64,
    pub supplier_gln: String,
    /// Calendar dates, `YYYY-MM-DD`.
    pub issued_on: Option<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub part_number: String,
    pub lot_number: String,
    pub gtd: String,
    pub description: String,
    pub created_at_ms: i64,
    pub reviewed_at_ms: Option<i64>,
}

/// A certificate as a reader finds it: its card, its owner's name, and whether the reader may see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CertificateRow {
    #[sqlx(flatten)]
    pub card: CertificateCard,
    pub owner_name: String,
    /// 1 when the viewer may see it.
    pub visible: i64,
}

impl CertificateRow {
    pub fn is_visible(&self) -> bool {
        self.visible != 0
    }
}

const CARD_COLUMNS: &str = "c.cert_id, c.owner_gln, c.number, c.access_type, c.cert_type, c.sub_type, \
     COALESCE(c.supplier_gln, c.owner_gln) AS supplier_gln, c.issued_on, c.starts_on, c.ends_on, c.part_number, \
     c.lot_number, c.gtd, c.description, c.created_at_ms, c.reviewed_at_ms";

/// The one rule of who sees a certificate, as a 0/1 column: `$2` is the viewer's GLN; a grant to
/// the network its company belongs to reaches it too.
const VISIBLE: &str = "CASE WHEN c.owner_gln = $2 OR c.access_type = 1 OR EXISTS ( \
         SELECT 1 FROM edin_certificate_grants g WHERE g.tenant = c.tenant AND g.cert_id = c.cert_id \
         AND ((g.is_network = 0 AND g.gln = $2) OR (g.is_network = 1 AND (g.gln = $2 OR g.gln = ( \
             SELECT v.network_gln FROM edin_companies v WHERE v.tenant = c.tenant AND v.gln = $2))))) \
     THEN 1 ELSE 0 END";

/// What a search matches, whether or not the viewer may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    Id(i64),
    Number(String),
    OwnerGln(String),
    /// Bound to a product with this GTIN (barcode).
    Gtin(String),
    /// Owned by a company with this EDRPOU code.
    Edrpou(String),
    /// Owned by a company with this INN code.
    Inn(String),
    Every,
}

impl Search {
    fn condition(&self) -> &'static str {
        match self {
            Search::Id(_) => " AND c.cert_id = $3",
            Search::Number(_) => " AND c.number = $3",
            Search::OwnerGln(_) => " AND c.owner_gln = $3",
            Search::Gtin(_) => {
                " AND EXISTS (SELECT 1 FROM edin_product_binds b \
                   WHERE b.tenant = c.tenant AND b.cert_id = c.cert_id AND b.gtin = $3)"
            }
            Search::Edrpou(_) => " AND o.edrpou = $3",
            Search::Inn(_) => " AND o.inn = $3",
            Search::Every => "",
        }
    }
}

/// Every certificate the search matches, by id, each marked visible to the company of
/// `viewer_gln` or not: one query.
pub async fn search<'c, E>(
    executor: E,
    tenant: &str,
    viewer_gln: &str,
    search: &Search,
) -> Result<Vec<CertificateRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let sql = format!(
        "SELECT {CARD_COLUMNS}, o.name AS owner_name, {VISIBLE} AS visible \
         FROM edin_certificates c JOIN edin_companies o ON o.tenant = c.tenant AND o.gln = c.owner_gln \
         WHERE c.tenant = $1{} ORDER BY c.cert_id",
        search.condition()
    );
    let query = sqlx::query_as(&sql).bind(tenant).bind(viewer_gln);
    let query = match search {
        Search::Id(id) => query.bind(*id),
        Search::Number(text)
        | Search::OwnerGln(text)
        | Search::Gtin(text)
        | Search::Edrpou(text)
        | Search::Inn(text) => query.bind(text.as_str()),
        Search::Every => query,
    };
    query.fetch_all(executor).await
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

/// `filter`'s values, in the order of [`ListFilter::named`]'s variants: owner, private, public.
pub const FILTERS: [&str; 3] = ["owner", "private", "public"];

impl ListFilter {
    /// `filter` as the GetCert pages name its values.
    pub fn named(name: &str) -> Option<ListFilter> {
        match FILTERS.iter().position(|known| *known == name)? {
            0 => Some(ListFilter::Owner),
            1 => Some(ListFilter::Private),
            _ => Some(ListFilter::Public),
        }
    }

    /// Whether a visible certificate passes the filter for the viewer of GLN `gln`.
    pub fn keeps(self, card: &CertificateCard, gln: &str) -> bool {
        let own = card.owner_gln == gln;
        match self {
            ListFilter::Visible => true,
            ListFilter::Owner => own,
            ListFilter::Private => own && card.access_type == AccessType::Restricted.code(),
            ListFilter::Public => own && card.access_type == AccessType::Public.code(),
        }
    }
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

/// Every certificate card of the tenant, by `cert_id`.
pub async fn all<'c, E>(executor: E, tenant: &str) -> Result<Vec<CertificateCard>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM edin_certificates c WHERE c.tenant = $1 ORDER BY c.cert_id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

/// The unique index a new card's number can clash with: one number per owner GLN.
pub const OWNER_NUMBER: UniqueIndex = UniqueIndex {
    name: "edin_certificates_owner_number",
    table: "edin_certificates",
    columns: &["tenant", "owner_gln", "number"],
};

pub async fn insert(tx: &mut Tx, tenant: &str, card: &CertificateCard) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_certificates (tenant, cert_id, owner_gln, number, access_type, cert_type, sub_type, \
         supplier_gln, issued_on, starts_on, ends_on, part_number, lot_number, gtd, description, created_at_ms, \
         reviewed_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(tenant)
    .bind(card.cert_id)
    .bind(&card.owner_gln)
    .bind(&card.number)
    .bind(card.access_type)
    .bind(card.cert_type)
    .bind(card.sub_type)
    .bind(&card.supplier_gln)
    .bind(card.issued_on.as_deref())
    .bind(card.starts_on.as_deref())
    .bind(card.ends_on.as_deref())
    .bind(&card.part_number)
    .bind(&card.lot_number)
    .bind(&card.gtd)
    .bind(&card.description)
    .bind(card.created_at_ms)
    .bind(card.reviewed_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stamps the certificate's last change (`varReviewDate`).
pub async fn mark_reviewed(tx: &mut Tx, tenant: &str, cert_id: i64, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE edin_certificates SET reviewed_at_ms = $1 WHERE tenant = $2 AND cert_id = $3")
        .bind(now_ms)
        .bind(tenant)
        .bind(cert_id)
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

/// The certificate `cert_id`, if the caller's company (of GLN `gln`) owns it; anything else
/// (unknown, another company's) is `404 Сертификат не найден`, exactly like one that does not
/// exist.
pub async fn owned_by(tx: &mut Tx, tenant: &str, cert_id: i64, gln: &str) -> Result<i64, EdinError> {
    match owner_of(&mut **tx, tenant, cert_id).await? {
        Some(owner) if owner == gln => Ok(cert_id),
        _ => Err(EdinError::CertificateNotFound),
    }
}
