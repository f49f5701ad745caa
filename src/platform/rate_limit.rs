//! Requests-per-second limits per client IP, counted in memory (bounded) in one-second windows of
//! the tenant's clock. Using the tenant's clock makes limits reproducible in tests: with a frozen
//! clock every request falls in the same second, and advancing it by a second opens a new window.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Windows kept before stale ones are pruned; bounds memory whatever the number of clients.
const MAX_TRACKED: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    tenant: String,
    scope: &'static str,
    ip: IpAddr,
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<Key, (i64, u32)>>,
}

impl RateLimiter {
    /// Counts one request and says whether it is within `limit` per second (0 means no limit).
    pub fn allow(&self, tenant: &str, scope: &'static str, ip: IpAddr, second: i64, limit: u32) -> bool {
        if limit == 0 {
            return true;
        }
        let Ok(mut windows) = self.windows.lock() else {
            return true;
        };
        if windows.len() >= MAX_TRACKED {
            windows.retain(|_, (window, _)| *window >= second);
        }
        let key = Key {
            tenant: tenant.to_owned(),
            scope,
            ip,
        };
        let (window, count) = windows.entry(key).or_insert((second, 0));
        if *window != second {
            *window = second;
            *count = 0;
        }
        *count = count.saturating_add(1);
        *count <= limit
    }

    pub fn clear_tenant(&self, tenant: &str) {
        if let Ok(mut windows) = self.windows.lock() {
            windows.retain(|key, _| key.tenant != tenant);
        }
    }

    pub fn clear_all(&self) {
        if let Ok(mut windows) = self.windows.lock() {
            windows.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn limits_per_second_window() {
        let limiter = RateLimiter::default();
        let allowed = (0..5).filter(|_| limiter.allow("t", "s", IP, 100, 3)).count();
        assert_eq!(allowed, 3);
        assert!(limiter.allow("t", "s", IP, 101, 3), "a new second opens a new window");
        assert!(limiter.allow("other", "s", IP, 100, 3), "tenants count apart");
        assert!(
            (0..50).all(|_| limiter.allow("t", "s", IP, 100, 0)),
            "0 means unlimited"
        );
    }

    #[test]
    fn clearing_a_tenant_forgets_its_counts() {
        let limiter = RateLimiter::default();
        assert!(limiter.allow("t", "s", IP, 1, 1));
        assert!(!limiter.allow("t", "s", IP, 1, 1));
        limiter.clear_tenant("t");
        assert!(limiter.allow("t", "s", IP, 1, 1));
    }
}
