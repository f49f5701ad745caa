//! Tenants: parallel test runs sharing one emulator. Every row of state carries its tenant; a
//! tenant comes into being on first use as a copy of the startup fixtures.
//!
//! A request names its tenant in the `X-Emulator-Tenant` header or, for a client that can set
//! nothing but a base URL, in its path: `/_t/{tenant}/…` (`platform::routing` takes it off the
//! path before routing and leaves a [`PathTenant`]). Both follow the one rule of
//! [`TENANT_PATTERN`]; naming two different tenants the two ways is refused rather than guessed.

use axum::http::{Extensions, HeaderMap};

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
    #[error("the tenant in the path (/_t/{{tenant}}/…) must match {}", TENANT_PATTERN)]
    MalformedInPath,
    /// The base URL and the header disagree: either may be the one the client meant.
    #[error("the path names tenant `{path}` and X-Emulator-Tenant names `{header}`: name one tenant")]
    Conflicting { path: String, header: String },
}

/// Where the tenant segment of a path begins: `/_t/{tenant}/<the usual path>`.
pub const PATH_PREFIX: &str = "/_t/";

/// The tenant segment a request's path began with (unchecked: the request's extractors check it
/// with the header, so the refusal is in the shape of whoever answers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTenant(pub String);

/// The tenant a request names by its path or its header, `default` when it names none.
pub fn tenant_of(headers: &HeaderMap, extensions: &Extensions) -> Result<String, InvalidTenant> {
    let Some(PathTenant(path)) = extensions.get::<PathTenant>() else {
        return tenant_from_headers(headers);
    };
    if !is_valid_name(path) {
        return Err(InvalidTenant::MalformedInPath);
    }
    if headers.contains_key(TENANT_HEADER) {
        let header = tenant_from_headers(headers)?;
        if header != *path {
            return Err(InvalidTenant::Conflicting {
                path: path.clone(),
                header,
            });
        }
    }
    Ok(path.clone())
}

/// The tenant a request's header names, `default` when it names none.
fn tenant_from_headers(headers: &HeaderMap) -> Result<String, InvalidTenant> {
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

    fn by_path(path: &str, header: Option<&str>) -> Result<String, InvalidTenant> {
        let mut headers = HeaderMap::new();
        if let Some(header) = header {
            headers.insert(TENANT_HEADER, HeaderValue::from_str(header).unwrap());
        }
        let mut extensions = Extensions::new();
        extensions.insert(PathTenant(path.to_owned()));
        tenant_of(&headers, &extensions)
    }

    #[test]
    fn a_path_names_a_tenant_by_the_header_rule_and_must_agree_with_the_header() {
        assert_eq!(by_path("run-1", None).unwrap(), "run-1");
        assert_eq!(by_path("run-1", Some("run-1")).unwrap(), "run-1");
        assert_eq!(
            by_path("run-1", Some("run-2")),
            Err(InvalidTenant::Conflicting {
                path: "run-1".into(),
                header: "run-2".into()
            })
        );
        assert_eq!(by_path("run-1", Some("Bad")), Err(InvalidTenant::Malformed));
        for bad in ["", "Upper", "a%20b", &"a".repeat(65)] {
            assert_eq!(by_path(bad, None), Err(InvalidTenant::MalformedInPath), "{bad:?}");
        }
        assert_eq!(tenant_of(&HeaderMap::new(), &Extensions::new()).unwrap(), "default");
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
