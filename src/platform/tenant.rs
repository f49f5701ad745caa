//! Tenants: parallel test runs sharing one emulator. Every row of state carries its tenant; a
//! tenant comes into being on first use as a copy of the startup fixtures.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use axum::http::HeaderMap;

use crate::db::{Db, Tx};
use crate::platform::{clock, BoxFuture};

pub const TENANT_HEADER: &str = "x-emulator-tenant";
pub const DEFAULT_TENANT: &str = "default";
/// What a tenant name must match (as the spec declares it; `is_valid_name` checks it, and a test
/// holds the two together).
pub const TENANT_PATTERN: &str = "^[a-z0-9][a-z0-9_-]{0,63}$";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidTenant {
    #[error("X-Emulator-Tenant must match {}", TENANT_PATTERN)]
    Malformed,
    /// Two headers may name two tenants; taking either would act on a tenant the client may not
    /// have meant, so neither is taken.
    #[error("X-Emulator-Tenant must be sent once")]
    Repeated,
}

/// The tenant a request names, `default` when it names none.
pub fn tenant_from_headers(headers: &HeaderMap) -> Result<String, InvalidTenant> {
    let mut values = headers.get_all(TENANT_HEADER).iter();
    let Some(value) = values.next() else {
        return Ok(DEFAULT_TENANT.to_owned());
    };
    if values.next().is_some() {
        return Err(InvalidTenant::Repeated);
    }
    let name = value.to_str().map_err(|_| InvalidTenant::Malformed)?;
    is_valid_name(name)
        .then(|| name.to_owned())
        .ok_or(InvalidTenant::Malformed)
}

fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let allowed_first = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let allowed_rest = |b: &u8| allowed_first(b) || *b == b'_' || *b == b'-';
    matches!(bytes.split_first(), Some((first, rest))
        if allowed_first(first) && rest.len() <= 63 && rest.iter().all(allowed_rest))
}

/// What a new or reset tenant starts from (the startup fixtures), loaded inside the caller's
/// transaction. The platform only calls it; the fixture documents live above it.
pub trait TenantSeeder: Send + Sync {
    fn seed<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>>;
}

/// Remembers which tenants this process has seen seeded, so the common case costs no query.
/// Tenant rows are never deleted (a reset re-seeds in place), so a remembered tenant stays valid
/// even when another replica resets it.
pub struct TenantRegistry {
    seeded: RwLock<HashSet<String>>,
    seeder: Arc<dyn TenantSeeder>,
}

impl TenantRegistry {
    pub fn new(seeder: Arc<dyn TenantSeeder>) -> TenantRegistry {
        TenantRegistry {
            seeded: RwLock::default(),
            seeder,
        }
    }

    /// Makes sure the tenant exists, seeding it from the startup fixtures on first use. Two
    /// replicas racing to seed the same tenant are serialized by the `tenants` primary key.
    pub async fn ensure(&self, db: &Db, tenant: &str) -> Result<(), sqlx::Error> {
        if self.is_known(tenant) {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        let created = sqlx::query(
            "INSERT INTO tenants (name, clock_offset_ms, frozen_at_ms, created_at_ms) \
             VALUES ($1, 0, NULL, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(tenant)
        .bind(clock::real_now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if created {
            self.seed(&mut tx, tenant).await?;
        }
        tx.commit().await?;
        self.remember(tenant);
        Ok(())
    }

    /// Loads the startup fixtures into a tenant whose rows were just created or emptied.
    pub async fn seed(&self, tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        self.seeder.seed(tx, tenant).await
    }

    pub fn remember(&self, tenant: &str) {
        if let Ok(mut seeded) = self.seeded.write() {
            seeded.insert(tenant.to_owned());
        }
    }

    fn is_known(&self, tenant: &str) -> bool {
        self.seeded
            .read()
            .map(|seeded| seeded.contains(tenant))
            .unwrap_or(false)
    }
}

/// Every tenant that has ever been used, for `reset?all=true`.
pub async fn all(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM tenants ORDER BY name")
        .fetch_all(db.pool())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn named(value: &str) -> Result<String, InvalidTenant> {
        let mut headers = HeaderMap::new();
        headers.insert(TENANT_HEADER, HeaderValue::from_str(value).unwrap());
        tenant_from_headers(&headers)
    }

    #[test]
    fn names_follow_the_contract_pattern() {
        assert_eq!(tenant_from_headers(&HeaderMap::new()).unwrap(), "default");
        assert_eq!(named("ci-run_42").unwrap(), "ci-run_42");
        assert_eq!(named(&"a".repeat(64)).unwrap().len(), 64);
        for bad in ["", "-lead", "_lead", "Upper", "a b", "ü", &"a".repeat(65), "a.b"] {
            assert!(named(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn a_repeated_header_is_refused_even_when_both_name_the_same_tenant() {
        for second in ["b", "a"] {
            let mut headers = HeaderMap::new();
            headers.append(TENANT_HEADER, HeaderValue::from_static("a"));
            headers.append(TENANT_HEADER, HeaderValue::from_str(second).unwrap());
            assert_eq!(tenant_from_headers(&headers), Err(InvalidTenant::Repeated));
        }
    }
}
