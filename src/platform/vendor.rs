//! The vendors the emulator serves, by the names used everywhere (config, fixtures, journal).

use axum::http::StatusCode;
use axum::response::Response;

use crate::config::Config;
use crate::vendors::{cloudtips, edin, lifepos, sup};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vendor {
    LifePos,
    Sup,
    Edin,
    CloudTips,
}

impl Vendor {
    pub const ALL: [Vendor; 4] = [Vendor::LifePos, Vendor::Sup, Vendor::Edin, Vendor::CloudTips];

    pub fn name(self) -> &'static str {
        match self {
            Vendor::LifePos => "lifepos",
            Vendor::Sup => "sup",
            Vendor::Edin => "edin",
            Vendor::CloudTips => "cloudtips",
        }
    }

    pub fn from_name(name: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|vendor| vendor.name() == name)
    }

    /// The vendor's own error body for a failure found outside its handlers: a bad tenant name,
    /// an oversized body, a timeout, a panic, an unknown path.
    pub fn platform_error(self, config: &Config, status: StatusCode, message: &str) -> Response {
        match self {
            Vendor::LifePos => lifepos::error::platform_error(status, message),
            Vendor::Sup => sup::error::platform_error(status, message),
            Vendor::Edin => edin::error::platform_error(config.vendors.edin.http_status, status, message),
            Vendor::CloudTips => cloudtips::error::platform_error(status, message),
        }
    }
}
