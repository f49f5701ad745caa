//! What every vendor shares: tenants, the virtual clock, the SMS outbox, the request journal,
//! client IPs, rate limits and IP bans, and the gateway that wraps each vendor's router.

pub mod clock;
pub mod context;
pub mod faults;
pub mod gateway;
pub mod ip_ban;
pub mod journal;
pub mod metrics;
pub mod outbox;
pub mod phone;
pub mod rate_limit;
pub mod real_ip;
pub mod routing;
pub mod secrets;
pub mod tenant;
pub mod vendor;
