//! The `edin` section of a fixture document.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::fixtures::FixtureError;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EdinFixtures {}

impl EdinFixtures {
    /// Checks every rule a loaded tenant relies on and assigns missing ids.
    pub fn prepare(&mut self, _base: &str) -> Result<(), FixtureError> {
        Ok(())
    }

    pub async fn load(
        &self,
        _tx: &mut Tx,
        _tenant: &str,
        _now: DateTime<Utc>,
        _base: &str,
    ) -> Result<BTreeMap<&'static str, u64>, FixtureError> {
        Ok(BTreeMap::new())
    }

    pub async fn clear(_tx: &mut Tx, _tenant: &str) -> Result<(), sqlx::Error> {
        Ok(())
    }

    pub async fn export<'c, E>(_executor: E, _tenant: &str) -> Result<EdinFixtures, sqlx::Error>
    where
        E: Executor<'c, Database = Any> + Copy,
    {
        Ok(EdinFixtures::default())
    }
}
