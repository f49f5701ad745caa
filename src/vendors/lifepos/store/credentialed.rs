//! One entity of an organization read together with the credential that asks for it, in a single
//! query: the credential's row (with its employee's role) joined to the entity, which must belong
//! to the credential's own organization. A GET of one entity so costs one indexed query instead of
//! two, with nothing cached: every answer is as current as the database.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::state::AppState;
use crate::vendors::lifepos::api::auth::{Credential, Principal};
use crate::vendors::lifepos::store::tokens::TokenRow;

/// The credential's principal, and the entity when the credential's organization has it.
pub struct Credentialed<R> {
    pub principal: Principal,
    pub entity: Option<R>,
}

/// `columns` (a plain list of column names) of `table`, as the `x` side of the join.
fn entity_columns(columns: &str) -> String {
    columns
        .split(',')
        .map(|column| format!("x.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sql(credential: &Credential, table: &str, columns: &str) -> String {
    let entity = entity_columns(columns);
    match credential {
        Credential::Token(_) => format!(
            "SELECT t.org_guid AS principal_org, t.employee_guid AS principal_employee, \
             t.workplace_guid AS principal_workplace, e.role AS principal_role, x.guid AS entity_guid, {entity} \
             FROM lifepos_tokens t \
             LEFT JOIN lifepos_employees e ON e.tenant = t.tenant AND e.guid = t.employee_guid \
             LEFT JOIN {table} x ON x.tenant = t.tenant AND x.org_guid = t.org_guid AND x.guid = $3 \
             WHERE t.token = $1 AND t.tenant = $2"
        ),
        Credential::ApiKey(_) => format!(
            "SELECT k.org_guid AS principal_org, CAST(NULL AS TEXT) AS principal_employee, \
             CAST(NULL AS TEXT) AS principal_workplace, CAST(NULL AS TEXT) AS principal_role, \
             x.guid AS entity_guid, {entity} \
             FROM lifepos_api_keys k \
             LEFT JOIN {table} x ON x.tenant = k.tenant AND x.org_guid = k.org_guid AND x.guid = $3 \
             WHERE k.api_key = $1 AND k.tenant = $2"
        ),
    }
}

/// `None` when the credential is unknown in the tenant. A `Bearer` value that is no token is
/// tried as an API key (see `auth`).
pub async fn find<R>(
    app: &AppState,
    tenant: &str,
    credential: &Credential,
    table: &str,
    columns: &str,
    guid: &str,
) -> Result<Option<Credentialed<R>>, sqlx::Error>
where
    R: for<'r> FromRow<'r, AnyRow>,
{
    let found = find_as(app, tenant, credential, table, columns, guid).await?;
    match (found, credential) {
        (None, Credential::Token(value)) => {
            let key = Credential::ApiKey(value.clone());
            find_as(app, tenant, &key, table, columns, guid).await
        }
        (found, _) => Ok(found),
    }
}

async fn find_as<R>(
    app: &AppState,
    tenant: &str,
    credential: &Credential,
    table: &str,
    columns: &str,
    guid: &str,
) -> Result<Option<Credentialed<R>>, sqlx::Error>
where
    R: for<'r> FromRow<'r, AnyRow>,
{
    let Some(row) = sqlx::query(&sql(credential, table, columns))
        .bind(credential.value())
        .bind(tenant)
        .bind(guid)
        .fetch_optional(app.db.pool())
        .await?
    else {
        return Ok(None);
    };
    let principal = Principal::from(TokenRow {
        org_guid: row.try_get("principal_org")?,
        employee_guid: row.try_get("principal_employee")?,
        workplace_guid: row.try_get("principal_workplace")?,
        role: row.try_get("principal_role")?,
    });
    let found: Option<String> = row.try_get("entity_guid")?;
    let entity = match found {
        Some(_) => Some(R::from_row(&row)?),
        None => None,
    };
    Ok(Some(Credentialed { principal, entity }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_columns_are_taken_from_the_joined_table() {
        assert_eq!(
            entity_columns("guid, org_guid,\n    name"),
            "x.guid, x.org_guid, x.name"
        );
    }
}
