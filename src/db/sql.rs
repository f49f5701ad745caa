//! What the stores share about SQL on both engines: the unique indexes a write can violate and how
//! each engine reports them, statements built at run time with `$n` placeholders, and deleting a
//! tenant's rows.

use sqlx::Any;

use super::Tx;

/// Deletes every row of `tenant` from each table, in the order given.
pub async fn delete_tenant_rows(tx: &mut Tx, tenant: &str, tables: &[&str]) -> Result<(), sqlx::Error> {
    for table in tables {
        sqlx::query(&format!("DELETE FROM {table} WHERE tenant = $1"))
            .bind(tenant)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A unique index refused the write: the caller maps it to the vendor's own "already exists" error.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db_err| db_err.is_unique_violation())
}

/// A unique index (or primary key) a write can violate, as the migrations declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UniqueIndex {
    /// The index name; PostgreSQL reports it as the violated constraint.
    pub name: &'static str,
    pub table: &'static str,
    /// The indexed columns in index order; SQLite reports them (it gives no name).
    pub columns: &'static [&'static str],
}

impl UniqueIndex {
    /// Whether `err` is a unique violation of exactly this index.
    pub fn violated_by(&self, err: &sqlx::Error) -> bool {
        let Some(db_err) = err.as_database_error().filter(|db_err| db_err.is_unique_violation()) else {
            return false;
        };
        match db_err.constraint() {
            Some(constraint) => constraint == self.name,
            None => self.matches_sqlite_message(db_err.message()),
        }
    }

    /// SQLite says `UNIQUE constraint failed: <table>.<column>, <table>.<column>…`.
    fn matches_sqlite_message(&self, message: &str) -> bool {
        let Some(reported) = message.strip_prefix("UNIQUE constraint failed: ") else {
            return false;
        };
        let mut reported = reported.split(", ");
        let exact = self.columns.iter().all(|column| {
            reported.next().and_then(|qualified| qualified.split_once('.')) == Some((self.table, *column))
        });
        exact && reported.next().is_none()
    }
}

/// A value bound to a statement built at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bind {
    Int(i64),
    Text(String),
}

/// Builds SQL with `$n` placeholders (sqlx's own builder writes `?` for the `Any` driver, which
/// PostgreSQL refuses), for statements whose shape depends on the request (filters, sort orders).
#[derive(Debug, Default)]
pub struct SqlBuilder {
    pub sql: String,
    binds: Vec<Bind>,
}

impl SqlBuilder {
    pub fn new(sql: &str) -> SqlBuilder {
        SqlBuilder {
            sql: sql.to_owned(),
            binds: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut SqlBuilder {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: Bind) -> &mut SqlBuilder {
        self.binds.push(value);
        self.sql.push_str(&format!("${}", self.binds.len()));
        self
    }

    pub fn binds(&self) -> &[Bind] {
        &self.binds
    }

    /// Adds a value for a placeholder already in the text (one copied from another builder).
    pub fn keep(&mut self, value: Bind) -> &mut SqlBuilder {
        self.binds.push(value);
        self
    }

    pub fn query_as<'q, R>(&'q self) -> sqlx::query::QueryAs<'q, Any, R, sqlx::any::AnyArguments<'q>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        self.binds
            .iter()
            .fold(sqlx::query_as(&self.sql), |query, bind| match bind {
                Bind::Int(value) => query.bind(*value),
                Bind::Text(value) => query.bind(value.as_str()),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBER: UniqueIndex = UniqueIndex {
        name: "lifepos_workplaces_number",
        table: "lifepos_workplaces",
        columns: &["tenant", "org_guid", "number"],
    };

    #[test]
    fn sqlite_messages_match_the_exact_column_list() {
        let message = "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.org_guid, lifepos_workplaces.number";
        assert!(NUMBER.matches_sqlite_message(message));
        for other in [
            "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.activation_code",
            "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.org_guid",
            "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.org_guid, lifepos_workplaces.number, lifepos_workplaces.x",
            "UNIQUE constraint failed: other.tenant, other.org_guid, other.number",
            "NOT NULL constraint failed: lifepos_workplaces.number",
        ] {
            assert!(!NUMBER.matches_sqlite_message(other), "{other}");
        }
    }
}
