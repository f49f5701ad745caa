//! CloudTips' settings: `[vendors.cloudtips]` of the configuration
//! (`EMULATOR__VENDORS__CLOUDTIPS__…`), documented in `config/default.toml`.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudtipsSettings {
    /// An extra listener serving CloudTips at its root ("": none).
    pub listen: String,
    pub token_ttl_seconds: i64,
    pub sms_resend_seconds: i64,
}
