//! What every vendor shares: tenants, the virtual clock, the SMS outbox, notifications to clients'
//! URLs (deliveries), the request journal,
//! client IPs, rate limits and IP bans, and the layers that wrap each vendor's router. Nothing
//! here names a vendor: each arrives as a [`vendor::Vendor`] built by `crate::vendors`.

pub mod bounded_patch;
pub mod clock;
pub mod context;
pub mod deliveries;
pub mod faults;
pub mod ip_ban;
pub mod journal;
pub mod json_error;
pub mod layers;
pub mod metrics;
pub mod outbox;
pub mod page_headers;
pub mod phone;
pub mod rate_limit;
pub mod read_cache;
pub mod real_ip;
pub mod routing;
pub mod secrets;
pub mod services;
pub mod shared_stamps;
pub mod storable;
pub mod tenant;
pub mod tenant_registry;
pub mod tenant_removal;
pub mod vendor;
pub mod whole_number;
pub mod wire;

use std::future::Future;
use std::pin::Pin;

/// The statuses an HTTP answer may carry: what a fault rule may answer with and a journal filter
/// may ask for, and what either says of another value.
pub const HTTP_STATUSES: std::ops::RangeInclusive<u16> = 100..=599;
pub const NOT_AN_HTTP_STATUS: &str = "status must be an HTTP status (100–599)";

/// A future behind a trait object (fixture sections, tenant seeding), sendable between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
