//! LIFE POS's settings: `[vendors.lifepos]` of the configuration (`EMULATOR__VENDORS__LIFEPOS__…`),
//! documented in `config/default.toml`.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifeposSettings {
    /// An extra listener serving LIFE POS at its root ("": none).
    pub listen: String,
    pub rate_limit_per_second: u32,
    pub activation_max_failures: u32,
    pub activation_ban_seconds: i64,
}
