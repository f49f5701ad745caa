//! The form of `POST /connect/token` (`application/x-www-form-urlencoded`, field names in any
//! case): the password grant takes `client_id`, `username` and `password`, the refresh grant
//! `refresh_token` (and, when given, the `client_id` it was issued to).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The grants the identity server has.
pub const GRANT_TYPES: [&str; 2] = ["password", "refresh_token"];

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(tag = "grant_type", rename_all = "snake_case")]
pub enum TokenForm {
    Password {
        /// The partner's client id, or `MobilePhone` for a receiver's own login.
        client_id: String,
        /// The partner's username, or the receiver's phone in any notation.
        username: String,
        password: String,
    },
    RefreshToken {
        refresh_token: String,
        /// The client id the token was issued to, when given.
        client_id: Option<String>,
    },
}

/// The tokens a grant issues.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Tokens {
    pub access_token: String,
    /// Seconds of the tenant's clock (`vendors.cloudtips.token_ttl_seconds`).
    pub expires_in: i64,
    /// Lives 30 days and works once.
    pub refresh_token: String,
    pub scope: &'static str,
    pub token_type: &'static str,
}
