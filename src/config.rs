//! Settings, layered: the bundled `config/default.toml` < `--config FILE` <
//! `EMULATOR__SECTION__KEY` environment variables < command-line flags.
//!
//! The bundled file is both the documentation of every setting and the source of the defaults, so
//! the two can never disagree.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize};

use crate::vendors::settings::VendorsSettings;

/// The commented default configuration, compiled into the binary.
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../config/default.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub fixtures: FixturesConfig,
    pub control: ControlConfig,
    pub journal: JournalConfig,
    pub tenants: TenantsConfig,
    pub faults: FaultsConfig,
    pub deliveries: DeliveriesConfig,
    pub log: LogConfig,
    /// Each vendor's own settings, under its name (`vendors/settings.rs`).
    pub vendors: VendorsSettings,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    #[serde(deserialize_with = "deserialize_proxies")]
    pub trusted_proxies: Vec<IpNet>,
    pub body_limit_bytes: usize,
    /// Items one call may list where it writes each of them (the calls are named in
    /// `config/default.toml`): such a call is one transaction, and on SQLite every tenant's writes
    /// wait for it.
    pub max_list_items: usize,
    /// Problems one validation refusal names (`platform::wire::listed`); the rest are counted.
    pub max_problems: usize,
    pub patch_max_operations: usize,
    pub patch_max_document_bytes: usize,
    pub request_timeout_ms: u64,
    pub header_read_timeout_ms: u64,
    pub shutdown_drain_ms: u64,
    /// vendor name → host names it answers for at the root path.
    pub vendor_hosts: BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsConfig {
    /// 0: a fresh random seed at every start.
    pub seed: u64,
    /// Most rules one tenant may hold; one more is a 409.
    pub max_rules_per_tenant: usize,
    /// Longest `path` glob of a rule, in bytes; longer is a 400 naming `path`.
    pub max_path_bytes: usize,
    /// Largest `body` of a rule, as JSON, in bytes; larger is a 400 naming `body`.
    pub max_body_bytes: usize,
}

/// Notifications sent to clients' URLs (`platform::deliveries`), each bound documented in
/// `config/default.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesConfig {
    pub poll_interval_ms: u64,
    pub attempt_timeout_ms: u64,
    pub max_attempts: u32,
    pub retry_base_seconds: u64,
    pub retry_max_seconds: u64,
    pub max_pending_per_tenant: usize,
    pub max_finished_per_tenant: usize,
    pub batch: usize,
    pub max_body_bytes: usize,
    /// A PEM file of certificates trusted for https beside the public web roots ("": none).
    pub extra_root_certificates: String,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub url: String,
    pub max_connections: u32,
    pub read_cache_bytes: usize,
}

/// The URL may carry a password: `Debug` shows it without one.
impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url_password(&self.url))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixturesConfig {
    /// Empty means the bundled demo fixtures.
    pub file: String,
}

impl FixturesConfig {
    pub fn path(&self) -> Option<&Path> {
        (!self.file.is_empty()).then(|| Path::new(&self.file))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlConfig {
    pub token: Secret,
    /// Host names besides the loopback ones the control plane answers to while it listens on a
    /// loopback address (`control/browser_guard.rs`).
    pub allowed_hosts: Vec<String>,
    /// Web origins besides the emulator's own whose pages may call the control plane.
    pub allowed_origins: Vec<String>,
    pub list_page_rows: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalConfig {
    pub capacity: usize,
    pub max_body_bytes: usize,
    pub max_total_bytes: usize,
    pub max_streams: usize,
    pub max_streams_per_tenant: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantsConfig {
    /// The most tenants the database holds; a request that would create one more is refused.
    pub max_tenants: u64,
    /// A tenant unused this long is deleted (0: never); `default` never is.
    pub evict_idle_after_seconds: u64,
    /// How long this process trusts that a tenant it has seen still exists before it checks again
    /// (and records the tenant's use for eviction).
    pub recheck_after_ms: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

/// A string that never shows in logs or `Debug` output. Empty means "not set".
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> Option<&str> {
        (!self.0.is_empty()).then_some(self.0.as_str())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

/// Values given on the command line; they override every other layer.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub database_url: Option<String>,
    pub fixtures: Option<PathBuf>,
    pub log_format: Option<LogFormat>,
}

impl Config {
    /// The bundled defaults alone.
    pub fn defaults() -> Config {
        Figment::from(Toml::string(DEFAULT_CONFIG_TOML))
            .extract()
            .expect("the bundled config/default.toml is valid (checked by a unit test)")
    }

    /// Every layer, as `vendor-emulator serve` reads them.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, Box<figment::Error>> {
        let mut figment = Figment::from(Toml::string(DEFAULT_CONFIG_TOML));
        if let Some(file) = file {
            if !file.exists() {
                return Err(Box::new(figment::Error::from(format!(
                    "config file {} does not exist",
                    file.display()
                ))));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("EMULATOR__").split("__"));
        if let Some(listen) = overrides.listen {
            figment = figment.merge(("server.listen", listen.to_string()));
        }
        if let Some(url) = &overrides.database_url {
            figment = figment.merge(("database.url", url));
        }
        if let Some(path) = &overrides.fixtures {
            figment = figment.merge(("fixtures.file", path.display().to_string()));
        }
        if let Some(format) = overrides.log_format {
            figment = figment.merge(("log.format", format));
        }
        figment.extract().map_err(Box::new)
    }
}

/// Accepts single addresses ("10.0.0.1") as well as ranges ("10.0.0.0/8").
fn deserialize_proxies<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
    let raw = Vec::<String>::deserialize(deserializer)?;
    raw.iter()
        .map(|entry| parse_ip_or_net(entry).map_err(serde::de::Error::custom))
        .collect()
}

fn parse_ip_or_net(entry: &str) -> Result<IpNet, String> {
    let entry = entry.trim();
    entry
        .parse::<IpNet>()
        .or_else(|_| entry.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{entry}` is neither an IP address nor a CIDR range"))
}

fn redact_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_defaults_parse() {
        let config = Config::defaults();
        assert_eq!(config.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.vendors.lifepos.rate_limit_per_second, 10);
        assert_eq!(config.journal.capacity, 1000);
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let mut config = Config::defaults();
        config.control.token = Secret::new("top-secret-token");
        config.database.url = "postgres://app:hunter2@db/emulator".into();
        let printed = format!("{config:?}");
        assert!(!printed.contains("top-secret-token"), "{printed}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("postgres://app:***@db/emulator"), "{printed}");
    }

    #[test]
    fn proxies_accept_addresses_and_ranges() {
        assert_eq!(parse_ip_or_net("10.0.0.1").unwrap().to_string(), "10.0.0.1/32");
        assert_eq!(parse_ip_or_net("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert!(parse_ip_or_net("proxy.local").is_err());
    }

    // figment's own test API returns its large error type.
    #[allow(clippy::result_large_err)]
    #[test]
    fn layers_override_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "[server]\nlisten = \"127.0.0.1:9000\"\nrequest_timeout_ms = 5\n",
            )?;
            jail.set_env("EMULATOR__SERVER__LISTEN", "127.0.0.1:9001");
            jail.set_env("EMULATOR__VENDORS__LIFEPOS__RATE_LIMIT_PER_SECOND", "3");
            let flags = Overrides {
                database_url: Some("sqlite::memory:".into()),
                ..Overrides::default()
            };
            let config = Config::load(Some(Path::new("custom.toml")), &flags).map_err(|err| *err)?;
            assert_eq!(config.server.request_timeout_ms, 5, "file beats defaults");
            assert_eq!(config.server.listen.to_string(), "127.0.0.1:9001", "env beats file");
            assert_eq!(config.vendors.lifepos.rate_limit_per_second, 3);
            assert_eq!(config.database.url, "sqlite::memory:", "flags beat env");
            let with_flag = Config::load(
                None,
                &Overrides {
                    listen: Some("127.0.0.1:9002".parse().unwrap()),
                    ..Overrides::default()
                },
            )
            .map_err(|err| *err)?;
            assert_eq!(with_flag.server.listen.to_string(), "127.0.0.1:9002", "flags beat env");
            Ok(())
        });
    }
}
