//! The registry: the one place that names the four vendors. For each it gives the name, the title a
//! person reads, the router, the error shaper (status + message → that vendor's body), the fixture
//! section, the OpenAPI surface and its extra listener; the platform, the control plane and the
//! fixture documents reach vendors only through what is built here. Host names come from
//! `server.vendor_hosts` and settings from `[vendors.<name>]` (`settings.rs`), keyed by these names.

pub mod cloudtips;
pub mod edin;
pub mod lifepos;
pub mod settings;
pub mod sup;

use std::sync::Arc;

use axum::Router;

use crate::config::Config;
use crate::fixtures::{kind_of, FixtureSections, SectionKind};
use crate::openapi::{ApiRouter, Operation, Surface};
use crate::platform::layers;
use crate::platform::vendor::{ErrorShaper, FieldErrorShaper, Vendor};
use crate::state::{AppState, VendorListing};
use settings::VendorsSettings;

/// What the registry knows of one vendor.
struct Entry {
    name: &'static str,
    /// As a person reads it (the dashboard's tab).
    title: &'static str,
    /// `[vendors.<name>].listen`: an extra listener serving the vendor at its root ("": none).
    listen: fn(&VendorsSettings) -> &str,
    api: fn() -> ApiRouter,
    surface: fn() -> Surface,
    fixtures: fn() -> Arc<dyn SectionKind>,
    error_shaper: fn(&Config) -> ErrorShaper,
    /// Its validation error naming one field, for what the platform refuses before a handler.
    field_error_shaper: fn(&Config) -> FieldErrorShaper,
    /// Its GET and HEAD requests never write, so their answers may be kept (`read_cache`).
    pure_reads: bool,
    /// Its own control routes, under the control plane (paths start with `/<name>`), and their
    /// operations in the control plane's spec.
    control: fn() -> ApiRouter,
    control_operations: fn() -> Vec<Operation>,
}

impl Entry {
    fn vendor(&self, config: &Config) -> Vendor {
        let vendor = Vendor::new(
            self.name,
            (self.error_shaper)(config),
            (self.field_error_shaper)(config),
        );
        if self.pure_reads {
            vendor.with_pure_reads()
        } else {
            vendor
        }
    }
}

fn registry() -> [Entry; 4] {
    [
        Entry {
            name: lifepos::NAME,
            title: lifepos::DISPLAY_NAME,
            listen: |settings| &settings.lifepos.listen,
            api: lifepos::api,
            surface: lifepos::surface,
            fixtures: kind_of::<lifepos::fixtures::LifeposFixtures>,
            error_shaper: |_config| Arc::new(lifepos::error::platform_error),
            field_error_shaper: |_config| {
                Arc::new(|_path, field, message| lifepos::error::platform_invalid_field(field, message))
            },
            // Lists, one entity, /orgs, /me: reads only.
            pure_reads: true,
            control: lifepos::till,
            control_operations: lifepos::wire::openapi::till_operations,
        },
        Entry {
            name: sup::NAME,
            title: sup::DISPLAY_NAME,
            listen: |settings| &settings.sup.listen,
            api: sup::api,
            surface: sup::surface,
            fixtures: kind_of::<sup::fixtures::SupFixtures>,
            error_shaper: |_config| Arc::new(sup::error::platform_error),
            field_error_shaper: |_config| {
                Arc::new(|_path, field, message| sup::error::platform_invalid_field(field, message))
            },
            // Every authenticated call, GET too, uses up its X-Nonce.
            pure_reads: false,
            control: ApiRouter::new,
            control_operations: Vec::new,
        },
        Entry {
            name: edin::NAME,
            title: edin::DISPLAY_NAME,
            listen: |settings| &settings.edin.listen,
            api: edin::api,
            surface: edin::surface,
            fixtures: kind_of::<edin::fixtures::EdinFixtures>,
            error_shaper: |config| {
                let mode = config.vendors.edin.http_status;
                Arc::new(move |status, message| edin::error::platform_error(mode, status, message))
            },
            field_error_shaper: |config| {
                let mode = config.vendors.edin.http_status;
                Arc::new(move |_path, field, message| edin::error::platform_invalid_field(mode, field, message))
            },
            // Every call with a varToken restarts the session's idle time.
            pure_reads: false,
            control: ApiRouter::new,
            control_operations: Vec::new,
        },
        Entry {
            name: cloudtips::NAME,
            title: cloudtips::DISPLAY_NAME,
            listen: |settings| &settings.cloudtips.listen,
            api: cloudtips::api,
            surface: cloudtips::surface,
            fixtures: kind_of::<cloudtips::fixtures::CloudtipsFixtures>,
            error_shaper: |_config| Arc::new(cloudtips::error::platform_error),
            field_error_shaper: |_config| Arc::new(cloudtips::platform_invalid_field),
            pure_reads: false,
            control: ApiRouter::new,
            control_operations: Vec::new,
        },
    ]
}

/// Every vendor's name, in registry order.
pub fn names() -> Vec<&'static str> {
    registry().iter().map(|entry| entry.name).collect()
}

/// Every vendor as `GET /_emulator/vendors` lists it, with its listener and host names from
/// `config`.
pub fn listing(config: &Config) -> Vec<VendorListing> {
    registry()
        .iter()
        .map(|entry| VendorListing {
            name: entry.name,
            title: entry.title,
            base_path: base_path(entry.name),
            listen: Some((entry.listen)(&config.vendors))
                .filter(|address| !address.is_empty())
                .map(str::to_owned),
            hosts: config.server.vendor_hosts.get(entry.name).cloned().unwrap_or_default(),
            control_routes: entry.control,
            control_operations: entry.control_operations,
        })
        .collect()
}

/// The vendor called `name`, with its error shaper set up for `config`.
pub fn vendor(config: &Config, name: &str) -> Option<Vendor> {
    registry()
        .into_iter()
        .find(|entry| entry.name == name)
        .map(|entry| entry.vendor(config))
}

/// Every vendor's fixture section, in registry order.
pub fn fixture_sections() -> FixtureSections {
    FixtureSections::new(registry().iter().map(|entry| (entry.fixtures)()).collect())
}

/// Every vendor in the OpenAPI spec.
pub fn surfaces() -> Vec<Surface> {
    registry().iter().map(|entry| (entry.surface)()).collect()
}

/// Where a vendor's routes are mounted.
fn base_path(name: &str) -> String {
    format!("/{name}")
}

/// Every vendor at `/<vendor name>`, behind the platform's layers.
pub fn router(state: &AppState) -> Router<AppState> {
    registry().into_iter().fold(Router::new(), |router, entry| {
        let vendor = entry.vendor(&state.config);
        let routes = (entry.api)().into_router();
        router.nest(
            &base_path(entry.name),
            layers::mount(vendor, routes, state.services.clone()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::FixtureError;

    #[test]
    fn every_vendor_is_registered_once() {
        assert_eq!(names(), ["lifepos", "sup", "edin", "cloudtips"]);
        assert_eq!(
            surfaces().iter().map(|surface| surface.name).collect::<Vec<_>>(),
            names()
        );
    }

    #[test]
    fn every_vendor_has_its_settings_section_and_no_other_is_read() {
        use figment::providers::{Format, Toml};
        let sections: figment::value::Dict = figment::Figment::from(Toml::string(crate::config::DEFAULT_CONFIG_TOML))
            .extract_inner("vendors")
            .expect("a [vendors] table");
        let sections: Vec<&str> = sections.keys().map(String::as_str).collect();
        let mut registered = names();
        registered.sort_unstable();
        assert_eq!(sections, registered);
        let config = Config::defaults();
        for entry in registry() {
            assert_eq!(
                (entry.listen)(&config.vendors),
                "",
                "{} listens nowhere by default",
                entry.name
            );
        }
    }

    #[test]
    fn a_listener_and_host_names_are_listed_with_their_vendor() {
        let mut config = Config::defaults();
        config.vendors.sup.listen = "127.0.0.1:8082".to_owned();
        let listing = listing(&config);
        assert_eq!(listing.iter().map(|vendor| vendor.name).collect::<Vec<_>>(), names());
        let sup = listing.iter().find(|vendor| vendor.name == "sup").expect("listed");
        assert_eq!(sup.listen.as_deref(), Some("127.0.0.1:8082"));
        assert_eq!(sup.hosts, ["rest.lksup.ru"]);
        assert!(listing
            .iter()
            .filter(|vendor| vendor.name != "sup")
            .all(|vendor| vendor.listen.is_none()));
    }

    #[test]
    fn demo_fixtures_are_valid() {
        let demo = fixture_sections().demo().to_json().expect("the demo serializes");
        let organizations = demo["lifepos"]["organizations"]
            .as_array()
            .expect("demo has LIFE POS data");
        assert!(!organizations.is_empty());
        assert!(organizations.iter().all(|org| org["guid"].is_string()));
    }

    fn path_of(document: &[u8]) -> String {
        match fixture_sections().parse(document).unwrap_err() {
            FixtureError::Invalid { path, .. } => path,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn shape_errors_name_the_json_path() {
        assert_eq!(
            path_of(br#"{"lifepos":{"organizations":[{"name":"x","workplaces":[{"workplace_type":"Boat"}]}]}}"#),
            "$.lifepos.organizations[0].workplaces[0].workplace_type"
        );
        assert_eq!(
            path_of(br#"{"lifepos": {"organisations": []}}"#),
            "$.lifepos.organisations"
        );
        assert_eq!(path_of(br#"{"acme": {}}"#), "$.acme");
        assert_eq!(path_of(b"nonsense"), "$");
        assert_eq!(path_of(b"[1]"), "$");
    }
}
