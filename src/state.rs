//! The state every handler shares: the platform's services, the fixture sections and startup
//! document, and what the registry says of the vendors (names, titles, listeners and OpenAPI
//! surfaces).

use std::ops::Deref;
use std::sync::Arc;

use crate::fixtures::FixtureSections;
use crate::openapi::Surface;
use crate::platform::services::Services;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub services: Arc<Services>,
    /// Every vendor's fixture section, to parse, clear and export documents.
    pub fixture_sections: FixtureSections,
    /// Every vendor in registry order: its name (as fault rules and filters name it), title and
    /// where it is reached.
    pub vendors: Vec<VendorListing>,
    /// Every vendor's OpenAPI surface, the control plane's last.
    pub surfaces: Vec<Surface>,
}

impl AppState {
    pub fn new(
        services: Arc<Services>,
        fixture_sections: FixtureSections,
        vendors: Vec<VendorListing>,
        surfaces: Vec<Surface>,
    ) -> AppState {
        AppState(Arc::new(Shared {
            services,
            fixture_sections,
            vendors,
            surfaces,
        }))
    }
}

/// One vendor as the registry and the configuration describe it.
#[derive(Clone, Debug)]
pub struct VendorListing {
    /// The registry name: the path prefix, the fixture section, `[vendors.<name>]`.
    pub name: &'static str,
    /// As a person reads it ("LIFE POS").
    pub title: &'static str,
    /// Where its routes are mounted (`/<name>`).
    pub base_path: String,
    /// The extra listener serving it at its root, as configured.
    pub listen: Option<String>,
    /// The host names it answers at the root path (`server.vendor_hosts`).
    pub hosts: Vec<String>,
    /// Its own control routes, which the control plane mounts beside its own (paths start with
    /// `/<name>`), and their operations in the control plane's spec.
    pub control_routes: fn() -> crate::openapi::ApiRouter,
    pub control_operations: fn() -> Vec<crate::openapi::Operation>,
}

impl Shared {
    /// Every vendor's name, in registry order.
    pub fn vendor_names(&self) -> Vec<&'static str> {
        self.vendors.iter().map(|vendor| vendor.name).collect()
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// `app.db`, `app.config`, … reach the services directly.
impl Deref for Shared {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.services
    }
}
