//! Tenants: parallel test runs sharing one emulator. Every row of state carries its tenant; a
//! tenant comes into being on first use as a copy of the startup fixtures.

use axum::http::HeaderMap;

use crate::db::{Db, Tx};
use crate::platform::BoxFuture;

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

/// A tenant name given elsewhere than in the header (a control call's path), checked alike.
pub fn checked_name(name: &str) -> Result<&str, InvalidTenant> {
    is_valid_name(name).then_some(name).ok_or(InvalidTenant::Malformed)
}

fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let allowed_first = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let allowed_rest = |b: &u8| allowed_first(b) || *b == b'_' || *b == b'-';
    matches!(bytes.split_first(), Some((first, rest))
        if allowed_first(first) && rest.len() <= 63 && rest.iter().all(allowed_rest))
}

/// What a new or reset tenant starts from (the startup fixtures), loaded inside the caller's
/// transaction, and how its entities go again. The platform only calls it; the fixture documents
/// live above it.
pub trait TenantSeeder: Send + Sync {
    fn seed<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>>;

    /// Removes every entity of the tenant and ends its sessions (`FixtureSections::clear_entities`).
    fn clear<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>>;
}

/// Every tenant there is, for `reset?all=true` and the tenant list.
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
