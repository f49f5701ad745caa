//! СУП's settings: `[vendors.sup]` of the configuration (`EMULATOR__VENDORS__SUP__…`), documented
//! in `config/default.toml`.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupSettings {
    /// An extra listener serving СУП at its root ("": none).
    pub listen: String,
    pub token_ttl_seconds: i64,
}
