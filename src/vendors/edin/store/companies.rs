//! The company directory: which GLNs exist in a tenant and which of them are retail networks.

use std::collections::HashMap;

use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx};

/// One stored company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyRow {
    pub gln: String,
    pub company: Company,
}

/// What the directory says about one company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    pub name: String,
    pub is_network: bool,
    pub network_gln: Option<String>,
    /// ЄДРПОУ and ІПН codes: GetCertsByEdrpouCode and GetCertsByInnCode find certificates by them.
    pub edrpou: Option<String>,
    pub inn: Option<String>,
}

type CompanyColumns = (String, String, i64, Option<String>, Option<String>, Option<String>);

fn from_columns((gln, name, is_network, network_gln, edrpou, inn): CompanyColumns) -> CompanyRow {
    CompanyRow {
        gln,
        company: Company {
            name,
            is_network: is_network != 0,
            network_gln,
            edrpou,
            inn,
        },
    }
}

/// The companies among `glns` that exist in the tenant, by GLN.
pub async fn find(
    connection: &mut crate::db::Conn,
    tenant: &str,
    glns: &[String],
) -> Result<HashMap<String, Company>, sqlx::Error> {
    let mut found = HashMap::new();
    // In chunks: one statement binds at most 32 766 values on SQLite and 65 535 on PostgreSQL,
    // and a SetAccess may name 100 000 partners.
    for chunk in glns.chunks(FIND_CHUNK) {
        found.extend(find_in(&mut *connection, tenant, chunk).await?);
    }
    Ok(found)
}

/// The companies of `glns` (at most [`FIND_CHUNK`] of them), in one statement.
async fn find_in<'c, E>(executor: E, tenant: &str, glns: &[String]) -> Result<HashMap<String, Company>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    if glns.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql =
        SqlBuilder::new("SELECT gln, name, is_network, network_gln, edrpou, inn FROM edin_companies WHERE tenant = ");
    sql.bind(Bind::Text(tenant.to_owned())).push(" AND gln IN (");
    for (i, gln) in glns.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(Bind::Text(gln.clone()));
    }
    sql.push(")");
    let rows: Vec<CompanyColumns> = sql.query_as().fetch_all(executor).await?;
    Ok(rows
        .into_iter()
        .map(|columns| {
            let row = from_columns(columns);
            (row.gln, row.company)
        })
        .collect())
}

/// GLNs looked up by one statement of [`find`].
const FIND_CHUNK: usize = 1000;

/// One company, if the tenant has it.
pub async fn get<'c, E>(executor: E, tenant: &str, gln: &str) -> Result<Option<Company>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    Ok(find_in(executor, tenant, &[gln.to_owned()]).await?.remove(gln))
}

pub async fn insert(tx: &mut Tx, tenant: &str, gln: &str, company: &Company) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_companies (tenant, gln, name, is_network, network_gln, edrpou, inn) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(gln)
    .bind(&company.name)
    .bind(i64::from(company.is_network))
    .bind(company.network_gln.as_deref())
    .bind(company.edrpou.as_deref())
    .bind(company.inn.as_deref())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every company of the tenant, by GLN.
pub async fn all<'c, E>(executor: E, tenant: &str) -> Result<Vec<CompanyRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let rows: Vec<CompanyColumns> = sqlx::query_as(
        "SELECT gln, name, is_network, network_gln, edrpou, inn FROM edin_companies WHERE tenant = $1 ORDER BY gln",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(from_columns).collect())
}
