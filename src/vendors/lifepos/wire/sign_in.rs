//! `POST /auth/sign-in-by-phone` and `POST /auth/sign-in`
//! (the v6 reference pages SignInByPhone and SignIn, listed in docs/vendors/lifepos.md): an employee's
//! credentials for `{"token"}`.
//!
//! Choices where the pages are silent: a `full_username` is `<username>@<organization alias>`
//! (49 = the 24 characters of a username, `@`, the 24 of an alias).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vendors::lifepos::wire::members::{Password, Phone};

/// The page's `full_username`: 2 to 49 characters.
pub const FULL_USERNAME_CHARS: std::ops::RangeInclusive<usize> = 2..=49;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SignInByPhone {
    pub phone: Phone,
    pub password: Password,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SignIn {
    #[schemars(length(min = *FULL_USERNAME_CHARS.start(), max = *FULL_USERNAME_CHARS.end()))]
    pub full_username: String,
    pub password: Password,
    /// Both answer `{"token"}`.
    #[serde(default)]
    pub response_type: Option<ResponseType>,
}

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
pub enum ResponseType {
    Session,
    Token,
}

/// What both sign-ins answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SignedIn {
    pub token: String,
}
