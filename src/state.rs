//! The state every handler shares: the platform's services, the fixture sections and startup
//! document, and what the registry says of the vendors (their names and OpenAPI surfaces).

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
    /// Every vendor's name, as fault rules and filters name them.
    pub vendor_names: Vec<&'static str>,
    /// Every vendor's OpenAPI surface, the control plane's last.
    pub surfaces: Vec<Surface>,
}

impl AppState {
    pub fn new(
        services: Arc<Services>,
        fixture_sections: FixtureSections,
        vendor_names: Vec<&'static str>,
        surfaces: Vec<Surface>,
    ) -> AppState {
        AppState(Arc::new(Shared {
            services,
            fixture_sections,
            vendor_names,
            surfaces,
        }))
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
