//! The vendors the emulator serves, by the names used everywhere (config, fixtures, journal).

use axum::http::StatusCode;
use axum::response::Response;

use crate::vendors::lifepos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vendor {
    LifePos,
}

impl Vendor {
    pub const ALL: [Vendor; 1] = [Vendor::LifePos];

    pub fn name(self) -> &'static str {
        match self {
            Vendor::LifePos => "lifepos",
        }
    }

    /// The vendor's own error body for a failure found outside its handlers: a bad tenant name,
    /// an oversized body, a timeout, a panic, an unknown path.
    pub fn platform_error(self, status: StatusCode, message: &str) -> Response {
        match self {
            Vendor::LifePos => lifepos::error::platform_error(status, message),
        }
    }
}
