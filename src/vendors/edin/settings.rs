//! EDIN's settings: `[vendors.edin]` of the configuration (`EMULATOR__VENDORS__EDIN__…`),
//! documented in `config/default.toml`.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdinSettings {
    /// An extra listener serving EDIN at its root ("": none).
    pub listen: String,
    pub http_status: EdinHttpStatus,
    pub token_idle_seconds: i64,
}

/// How EDIN answers carry their result code.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EdinHttpStatus {
    /// HTTP 200 always, the result in `intCode`.
    Ok,
    /// The HTTP status equals `intCode`.
    Mirror,
}
