//! The store of product binds (`edin_product_binds`): which products (by GTIN, articles, УКТЗЕД
//! and ДКПП codes) a certificate is bound to. An absent field is stored as `''`; the same bind
//! added twice is one row (the primary key).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Executor};

use crate::db::Tx;

/// One bind, as SetBind's `product_binds` items and the fixtures write it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq, sqlx::FromRow)]
#[serde(deny_unknown_fields)]
pub struct ProductBind {
    #[serde(default)]
    pub gtin: String,
    #[serde(default)]
    pub article_supplier: String,
    #[serde(default)]
    pub article_buyer: String,
    #[serde(default)]
    pub uktved: String,
    #[serde(default)]
    pub dkpp: String,
}

impl ProductBind {
    pub fn is_empty(&self) -> bool {
        [
            &self.gtin,
            &self.article_supplier,
            &self.article_buyer,
            &self.uktved,
            &self.dkpp,
        ]
        .iter()
        .all(|field| field.is_empty())
    }
}

pub async fn add(tx: &mut Tx, tenant: &str, cert_id: i64, bind: &ProductBind) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_product_binds (tenant, cert_id, gtin, article_supplier, article_buyer, uktved, dkpp) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(tenant)
    .bind(cert_id)
    .bind(&bind.gtin)
    .bind(&bind.article_supplier)
    .bind(&bind.article_buyer)
    .bind(&bind.uktved)
    .bind(&bind.dkpp)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes every bind of the certificate that agrees with each field `bind` fills (a field it
/// leaves empty matches anything).
pub async fn remove(tx: &mut Tx, tenant: &str, cert_id: i64, bind: &ProductBind) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM edin_product_binds WHERE tenant = $1 AND cert_id = $2 \
         AND ($3 = '' OR gtin = $3) AND ($4 = '' OR article_supplier = $4) AND ($5 = '' OR article_buyer = $5) \
         AND ($6 = '' OR uktved = $6) AND ($7 = '' OR dkpp = $7)",
    )
    .bind(tenant)
    .bind(cert_id)
    .bind(&bind.gtin)
    .bind(&bind.article_supplier)
    .bind(&bind.article_buyer)
    .bind(&bind.uktved)
    .bind(&bind.dkpp)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const COLUMNS: &str = "gtin, article_supplier, article_buyer, uktved, dkpp";

/// A certificate's binds, in key order.
pub async fn of_certificate<'c, E>(executor: E, tenant: &str, cert_id: i64) -> Result<Vec<ProductBind>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM edin_product_binds WHERE tenant = $1 AND cert_id = $2 ORDER BY {COLUMNS}"
    ))
    .bind(tenant)
    .bind(cert_id)
    .fetch_all(executor)
    .await
}

/// One stored bind with its certificate.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BindRow {
    pub cert_id: i64,
    #[sqlx(flatten)]
    pub bind: ProductBind,
}

/// Every bind of the tenant, by certificate, then in key order.
pub async fn all<'c, E>(executor: E, tenant: &str) -> Result<Vec<BindRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT cert_id, {COLUMNS} FROM edin_product_binds WHERE tenant = $1 ORDER BY cert_id, {COLUMNS}"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}
