//! `POST /v1/auth/login`: `{"login", "password"}`, plain JSON from every client (no nonce or key
//! is agreed before it) → `{"access_token", "token_type": "bearer", "expires_in"}`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::platform::wire::NOT_BLANK;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Credentials {
    #[schemars(regex(pattern = NOT_BLANK))]
    pub login: String,
    #[schemars(regex(pattern = NOT_BLANK))]
    pub password: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Token {
    pub access_token: String,
    /// Always `bearer`.
    pub token_type: &'static str,
    /// Seconds.
    pub expires_in: i64,
}
