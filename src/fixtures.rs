//! Fixture documents (their format: docs/control-plane.md): what a tenant starts from, what
//! `POST /_emulator/fixtures` loads and what `GET /_emulator/state` exports.
//!
//! A document is a JSON object with one member per vendor section. The sections are the vendors'
//! own ([`Section`]); this module reaches them only through the [`FixtureSections`] the registry
//! in `crate::vendors` hands it, so it names no vendor.
//!
//! A document is checked whole before anything is written: its shape by serde (the error names
//! the JSON path of the first bad field), then each vendor's own rules (references, uniqueness,
//! formats). Missing ids and numbers are assigned while checking, once, so every tenant seeded from
//! the same document gets the same ids and a reset gives them back.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::path::Path;
use std::sync::Arc;

use crate::db::Pool;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::db::{is_unique_violation, Db, Tx};
use crate::platform::storable::{nul_in_json_bytes, NUL_MESSAGE_EN};
use crate::platform::tenant::TenantSeeder;
use crate::platform::{clock, deliveries, tenant_registry, BoxFuture};

/// The demo fixtures bundled into the binary, used when no `--fixtures` file is given.
pub const DEMO_FIXTURES_JSON: &str = include_str!("../config/demo-fixtures.json");

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

/// How many entities of each kind a load added, per kind.
pub type SectionCounts = BTreeMap<&'static str, u64>;

/// How many entities of each kind a load added, per vendor.
pub type LoadCounts = BTreeMap<&'static str, SectionCounts>;

/// One vendor's section of a fixture document, as that vendor defines it. `Self` is the section
/// as written (ids and numbers may be left out); `prepare` checks it and gives the `Prepared`
/// form, in which every id and number is filled, and which `load` writes and `export` reads back.
pub trait Section: DeserializeOwned + Send + 'static {
    /// The section's member name in a document, which is the vendor's name.
    const NAME: &'static str;

    type Prepared: Serialize + fmt::Debug + Send + Sync + 'static;

    /// Checks every rule a loaded tenant relies on and assigns missing ids; `base` is the JSON
    /// path of the section, for error messages.
    fn prepare(self, base: &str) -> Result<Self::Prepared, FixtureError>;

    /// Adds the prepared section to a tenant inside the caller's transaction.
    fn load(
        prepared: &Self::Prepared,
        tx: &mut Tx,
        tenant: &str,
        now: DateTime<Utc>,
        base: &str,
    ) -> impl Future<Output = Result<SectionCounts, FixtureError>> + Send;

    /// Removes every entity of the section (and the tokens that point at them) from a tenant.
    fn clear(tx: &mut Tx, tenant: &str) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    /// The tenant's entities as a section that `load` turns back into the same state. A value
    /// the database holds but cannot be read back is an error, never a made-up default.
    fn export(pool: &Pool, tenant: &str) -> impl Future<Output = Result<Self::Prepared, sqlx::Error>> + Send;
}

/// A parsed and prepared section, whatever its vendor.
pub trait PreparedSection: fmt::Debug + Send + Sync {
    fn name(&self) -> &'static str;
    fn load<'a>(
        &'a self,
        tx: &'a mut Tx,
        tenant: &'a str,
        now: DateTime<Utc>,
        base: &'a str,
    ) -> BoxFuture<'a, Result<SectionCounts, FixtureError>>;
    fn to_json(&self) -> Result<Value, serde_json::Error>;
}

/// The prepared form of a `T` section.
struct PreparedOf<T: Section>(T::Prepared);

impl<T: Section> fmt::Debug for PreparedOf<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(T::NAME).field(&self.0).finish()
    }
}

impl<T: Section> PreparedSection for PreparedOf<T> {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn load<'a>(
        &'a self,
        tx: &'a mut Tx,
        tenant: &'a str,
        now: DateTime<Utc>,
        base: &'a str,
    ) -> BoxFuture<'a, Result<SectionCounts, FixtureError>> {
        Box::pin(T::load(&self.0, tx, tenant, now, base))
    }

    fn to_json(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(&self.0)
    }
}

/// A vendor's section kind: how to parse, clear and export it, whatever its type.
pub trait SectionKind: Send + Sync {
    fn name(&self) -> &'static str;
    fn parse(&self, value: Value, base: &str) -> Result<Box<dyn PreparedSection>, FixtureError>;
    fn clear<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>>;
    fn export<'a>(
        &'a self,
        pool: &'a Pool,
        tenant: &'a str,
    ) -> BoxFuture<'a, Result<Box<dyn PreparedSection>, sqlx::Error>>;
}

struct KindOf<T>(PhantomData<fn() -> T>);

impl<T: Section> SectionKind for KindOf<T> {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn parse(&self, value: Value, base: &str) -> Result<Box<dyn PreparedSection>, FixtureError> {
        let section: T = serde_path_to_error::deserialize(value).map_err(|err| {
            let path = err.path().to_string();
            let path = path.trim_end_matches('?').trim_end_matches('.');
            let path = match path {
                "" => base.to_owned(),
                index if index.starts_with('[') => format!("{base}{index}"),
                member => format!("{base}.{member}"),
            };
            FixtureError::invalid(path, err.into_inner().to_string())
        })?;
        Ok(Box::new(PreparedOf::<T>(section.prepare(base)?)))
    }

    fn clear<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(T::clear(tx, tenant))
    }

    fn export<'a>(
        &'a self,
        pool: &'a Pool,
        tenant: &'a str,
    ) -> BoxFuture<'a, Result<Box<dyn PreparedSection>, sqlx::Error>> {
        Box::pin(
            async move { Ok(Box::new(PreparedOf::<T>(T::export(pool, tenant).await?)) as Box<dyn PreparedSection>) },
        )
    }
}

/// The section kind of `T`, for the registry.
pub fn kind_of<T: Section>() -> Arc<dyn SectionKind> {
    Arc::new(KindOf::<T>(PhantomData))
}

/// Every vendor's section kind, in the registry's order (which is the order of a document).
#[derive(Clone)]
pub struct FixtureSections(Arc<[Arc<dyn SectionKind>]>);

impl FixtureSections {
    pub fn new(kinds: Vec<Arc<dyn SectionKind>>) -> FixtureSections {
        FixtureSections(kinds.into())
    }

    fn names(&self) -> String {
        self.0
            .iter()
            .map(|kind| format!("`{}`", kind.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses and checks a document; on success every id is assigned.
    pub fn parse(&self, bytes: &[u8]) -> Result<FixtureDocument, FixtureError> {
        // No section could store it on PostgreSQL; refused on SQLite too, so that an export always
        // loads into either engine.
        if let Some(path) = nul_in_json_bytes(bytes) {
            return Err(FixtureError::invalid(path.absolute(), NUL_MESSAGE_EN));
        }
        let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
        let members: serde_json::Map<String, Value> =
            serde_path_to_error::deserialize(deserializer).map_err(|err| {
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
        if let Some(unknown) = members
            .keys()
            .find(|name| !self.0.iter().any(|kind| kind.name() == name.as_str()))
        {
            return Err(FixtureError::invalid(
                format!("$.{unknown}"),
                format!("unknown field `{unknown}`, expected one of {}", self.names()),
            ));
        }
        let mut members = members;
        let mut sections = Vec::new();
        for kind in self.0.iter() {
            match members.remove(kind.name()) {
                None | Some(Value::Null) => {}
                Some(value) => sections.push(kind.parse(value, &format!("$.{}", kind.name()))?),
            }
        }
        Ok(FixtureDocument { sections })
    }

    pub fn read_file(&self, path: &Path) -> Result<FixtureDocument, FixtureError> {
        let bytes = std::fs::read(path).map_err(|err| FixtureError::Unreadable {
            file: path.display().to_string(),
            message: err.to_string(),
        })?;
        self.parse(&bytes)
    }

    pub fn demo(&self) -> FixtureDocument {
        self.parse(DEMO_FIXTURES_JSON.as_bytes())
            .expect("the bundled demo fixtures are valid (checked by a unit test)")
    }

    /// Removes every entity of the tenant and ends its sessions: the tokens in storage go with
    /// the entities they point at, a stateless one (a СУП JWT) with the tenant's session epoch.
    /// The clock, outbox and bans stay.
    pub async fn clear_entities(&self, tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        for kind in self.0.iter() {
            kind.clear(tx, tenant).await?;
        }
        tenant_registry::end_sessions(tx, tenant).await
    }

    /// The tenant's entities as a document that `load` turns back into the same state.
    pub async fn export(&self, pool: &Pool, tenant: &str) -> Result<FixtureDocument, sqlx::Error> {
        let mut sections = Vec::new();
        for kind in self.0.iter() {
            sections.push(kind.export(pool, tenant).await?);
        }
        Ok(FixtureDocument { sections })
    }
}

/// A checked document: the sections it has, every id assigned.
#[derive(Debug, Default)]
pub struct FixtureDocument {
    sections: Vec<Box<dyn PreparedSection>>,
}

impl FixtureDocument {
    /// Adds the document to a tenant. A row that clashes with one already there (same id, same
    /// unique number) fails the whole load with the path of the clashing entity.
    pub async fn load(&self, tx: &mut Tx, tenant: &str, now: DateTime<Utc>) -> Result<LoadCounts, FixtureError> {
        let mut counts = LoadCounts::new();
        for section in &self.sections {
            let base = format!("$.{}", section.name());
            counts.insert(section.name(), section.load(tx, tenant, now, &base).await?);
        }
        Ok(counts)
    }

    pub fn to_json(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }

    /// Every check `POST /_emulator/fixtures` makes, the ones that need the database included (a
    /// place's partner, a user's GLN, a clash): the document is loaded into a tenant no request can
    /// name, inside a transaction that is then rolled back, so nothing stays behind.
    /// `max_pending` is `deliveries.max_pending_per_tenant`: the pending notifications a document
    /// may leave a fresh tenant with.
    pub async fn check_loads(&self, db: &Db, max_pending: usize) -> Result<(), FixtureError> {
        let mut tx = db.begin().await?;
        self.load(&mut tx, CHECK_TENANT, clock::from_ms(clock::real_now_ms()))
            .await?;
        if let Some(problem) = deliveries::past_bound(&mut tx, CHECK_TENANT, max_pending).await? {
            return Err(FixtureError::invalid("$", problem));
        }
        tx.rollback().await?;
        Ok(())
    }
}

/// The tenant a document is checked in: `~` is outside the tenant pattern, so no request reaches it.
const CHECK_TENANT: &str = "~fixture-check";

impl Serialize for FixtureDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.sections.len()))?;
        for section in &self.sections {
            let value = section.to_json().map_err(serde::ser::Error::custom)?;
            map.serialize_entry(section.name(), &value)?;
        }
        map.end()
    }
}

/// What every tenant starts from and returns to on reset, and the sections that clear it.
pub struct StartupFixtures {
    pub document: FixtureDocument,
    pub sections: FixtureSections,
}

impl TenantSeeder for StartupFixtures {
    fn seed<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(async move {
            let now = clock::now(&mut **tx, tenant).await?;
            self.document
                .load(tx, tenant, now)
                .await
                .map(|_counts| ())
                .map_err(FixtureError::into_database_error)
        })
    }

    fn clear<'a>(&'a self, tx: &'a mut Tx, tenant: &'a str) -> BoxFuture<'a, Result<(), sqlx::Error>> {
        Box::pin(self.sections.clear_entities(tx, tenant))
    }
}

/// A unique index refused a fixture row: name the entity that clashes with what the tenant holds.
pub fn clash(err: sqlx::Error, path: &str, what: &str) -> FixtureError {
    if is_unique_violation(&err) {
        clashing(path, what)
    } else {
        FixtureError::Database(err)
    }
}

/// The entity at `path` clashes with one the tenant holds.
pub fn clashing(path: &str, what: &str) -> FixtureError {
    FixtureError::invalid(path, format!("{what} already exists in the tenant"))
}

/// Rejects a value seen twice in one document.
#[derive(Default)]
pub struct SeenOnce(HashSet<String>);

impl SeenOnce {
    pub fn check(&mut self, value: &str, path: &str, what: &str) -> Result<(), FixtureError> {
        if self.0.insert(value.to_owned()) {
            Ok(())
        } else {
            Err(FixtureError::invalid(
                path,
                format!("{what} {value} appears more than once"),
            ))
        }
    }
}
