//! Fixture documents (CONTRACT.md section 5): what a tenant starts from, what
//! `POST /_emulator/fixtures` loads and what `GET /_emulator/state` exports.
//!
//! A document is checked whole before anything is written: its shape by serde (the error names
//! the JSON path of the first bad field), then each vendor's own rules (references, uniqueness,
//! formats). Missing ids and numbers are assigned while checking, once, so every tenant seeded from
//! the same document gets the same ids and a reset gives them back.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::cloudtips::fixtures::CloudtipsFixtures;
use crate::vendors::edin::fixtures::EdinFixtures;
use crate::vendors::lifepos::fixtures::LifeposFixtures;
use crate::vendors::sup::fixtures::SupFixtures;

/// The demo fixtures bundled into the binary, used when no `--fixtures` file is given.
pub const DEMO_FIXTURES_JSON: &str = include_str!("../config/demo-fixtures.json");

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FixtureDocument {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifepos: Option<LifeposFixtures>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sup: Option<SupFixtures>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edin: Option<EdinFixtures>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudtips: Option<CloudtipsFixtures>,
}

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("cannot read {file}: {message}")]
    Unreadable { file: String, message: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl FixtureError {
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> FixtureError {
        FixtureError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    /// For callers that only load documents already checked: anything but a database failure
    /// there is a broken invariant, reported as an internal error.
    pub fn into_database_error(self) -> sqlx::Error {
        match self {
            FixtureError::Database(err) => err,
            other => sqlx::Error::Protocol(other.to_string()),
        }
    }
}

/// How many entities of each kind a load added, per vendor.
pub type LoadCounts = BTreeMap<&'static str, BTreeMap<&'static str, u64>>;

/// Parses and checks a document; on success every id is assigned.
pub fn parse(bytes: &[u8]) -> Result<FixtureDocument, FixtureError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    let mut document: FixtureDocument = serde_path_to_error::deserialize(deserializer).map_err(|err| {
        // `?` stands for a member whose name could not be read (broken JSON): name its parent.
        let path = err.path().to_string();
        let path = path.trim_end_matches('?').trim_end_matches('.');
        let path = match path {
            "" => "$".to_owned(),
            index if index.starts_with('[') => format!("${index}"),
            member => format!("$.{member}"),
        };
        FixtureError::invalid(path, err.into_inner().to_string())
    })?;
    if let Some(lifepos) = &mut document.lifepos {
        lifepos.prepare("$.lifepos")?;
    }
    if let Some(sup) = &mut document.sup {
        sup.prepare("$.sup")?;
    }
    if let Some(edin) = &mut document.edin {
        edin.prepare("$.edin")?;
    }
    if let Some(cloudtips) = &mut document.cloudtips {
        cloudtips.prepare("$.cloudtips")?;
    }
    Ok(document)
}

pub fn read_file(path: &Path) -> Result<FixtureDocument, FixtureError> {
    let bytes = std::fs::read(path).map_err(|err| FixtureError::Unreadable {
        file: path.display().to_string(),
        message: err.to_string(),
    })?;
    parse(&bytes)
}

pub fn demo() -> FixtureDocument {
    parse(DEMO_FIXTURES_JSON.as_bytes()).expect("the bundled demo fixtures are valid (checked by a unit test)")
}

/// Adds a checked document to a tenant. A row that clashes with one already there (same id,
/// same unique number) fails the whole load with the path of the clashing entity.
pub async fn load(
    tx: &mut Tx,
    tenant: &str,
    document: &FixtureDocument,
    now: DateTime<Utc>,
) -> Result<LoadCounts, FixtureError> {
    let mut counts = LoadCounts::new();
    if let Some(lifepos) = &document.lifepos {
        counts.insert("lifepos", lifepos.load(tx, tenant, now, "$.lifepos").await?);
    }
    if let Some(sup) = &document.sup {
        counts.insert("sup", sup.load(tx, tenant, now, "$.sup").await?);
    }
    if let Some(edin) = &document.edin {
        counts.insert("edin", edin.load(tx, tenant, now, "$.edin").await?);
    }
    if let Some(cloudtips) = &document.cloudtips {
        counts.insert("cloudtips", cloudtips.load(tx, tenant, now, "$.cloudtips").await?);
    }
    Ok(counts)
}

/// Removes every entity of the tenant (and the tokens that point at them); the clock, outbox and
/// bans stay.
pub async fn clear_entities(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
    LifeposFixtures::clear(tx, tenant).await?;
    SupFixtures::clear(tx, tenant).await?;
    EdinFixtures::clear(tx, tenant).await?;
    CloudtipsFixtures::clear(tx, tenant).await
}

/// The tenant's entities as a document that `load` turns back into the same state.
pub async fn export<'c, E>(executor: E, tenant: &str) -> Result<FixtureDocument, sqlx::Error>
where
    E: Executor<'c, Database = Any> + Copy,
{
    Ok(FixtureDocument {
        lifepos: Some(LifeposFixtures::export(executor, tenant).await?),
        sup: Some(SupFixtures::export(executor, tenant).await?),
        edin: Some(EdinFixtures::export(executor, tenant).await?),
        cloudtips: Some(CloudtipsFixtures::export(executor, tenant).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_fixtures_are_valid() {
        let demo = demo();
        let lifepos = demo.lifepos.expect("demo has LIFE POS data");
        assert!(!lifepos.organizations.is_empty());
        assert!(lifepos.organizations.iter().all(|org| org.guid.is_some()));
    }

    #[test]
    fn shape_errors_name_the_json_path() {
        let err = parse(br#"{"lifepos":{"organizations":[{"name":"x","workplaces":[{"workplace_type":"Boat"}]}]}}"#)
            .unwrap_err();
        match err {
            FixtureError::Invalid { path, .. } => {
                assert_eq!(path, "$.lifepos.organizations[0].workplaces[0].workplace_type")
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = parse(br#"{"lifepos": {"organisations": []}}"#).unwrap_err();
        assert!(
            matches!(err, FixtureError::Invalid { ref path, .. } if path == "$.lifepos.organisations"),
            "{err:?}"
        );
        let root = parse(b"nonsense").unwrap_err();
        assert!(
            matches!(root, FixtureError::Invalid { ref path, .. } if path == "$"),
            "{root:?}"
        );
        let listed = parse(b"[1]").unwrap_err();
        assert!(
            matches!(listed, FixtureError::Invalid { ref path, .. } if path == "$[0]"),
            "{listed:?}"
        );
    }
}
