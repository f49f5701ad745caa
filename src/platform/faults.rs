//! Fault injection: rules that make matching vendor requests fail, or slow, on purpose.
//!
//! A rule matches on vendor, method and a glob over the vendor-relative path (`*` any characters
//! but `/`, `**` any characters, `?` one character). It fires with its `probability`, drawn from
//! one random generator per process (seeded by `faults.seed` when set, so runs repeat exactly).
//! A rule with `times` fires that many times and then disappears. A firing rule waits `delay_ms`,
//! then answers its `status` and `body` (default: the vendor's own error shape) without running
//! the handler, so a faulted request changes no state; a rule without `status` only delays, and
//! the real handler answers. Rules belong to a tenant and live in the memory of the process that
//! received them.

use std::collections::HashMap;
use std::sync::Mutex;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest delay a rule may ask for: ten minutes.
pub const MAX_DELAY_MS: u64 = 600_000;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default = "always")]
    pub probability: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
}

fn always() -> f64 {
    1.0
}

impl FaultRule {
    /// Why the rule cannot be used, if it cannot.
    pub fn problem(&self, known_vendors: &[&str]) -> Option<String> {
        if let Some(vendor) = &self.vendor {
            if !known_vendors.contains(&vendor.as_str()) {
                return Some(format!("vendor must be one of {}", known_vendors.join(", ")));
            }
        }
        if self.status.is_some_and(|status| !(100..=599).contains(&status)) {
            return Some("status must be an HTTP status (100–599)".into());
        }
        if self.delay_ms.is_some_and(|delay| delay > MAX_DELAY_MS) {
            return Some(format!("delay_ms must be at most {MAX_DELAY_MS}"));
        }
        if !(0.0..=1.0).contains(&self.probability) {
            return Some("probability must be between 0 and 1".into());
        }
        if self.times == Some(0) {
            return Some("times must be at least 1".into());
        }
        if self.status.is_none() && self.delay_ms.is_none() {
            return Some("a rule needs a status, a delay_ms, or both".into());
        }
        if self.body.is_some() && self.status.is_none() {
            return Some("a body needs a status".into());
        }
        None
    }

    fn matches(&self, vendor: &str, method: &str, path: &str) -> bool {
        self.vendor.as_deref().is_none_or(|v| v == vendor)
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path
                .as_deref()
                .is_none_or(|glob| glob_matches(glob.as_bytes(), path.as_bytes()))
    }
}

/// What a firing rule asks of the request.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultAction {
    pub delay_ms: Option<u64>,
    /// `Some`: answer this instead of running the handler.
    pub answer: Option<(u16, Option<Value>)>,
}

#[derive(Debug)]
pub struct Faults {
    rng: Mutex<StdRng>,
    tenants: Mutex<HashMap<String, Vec<FaultRule>>>,
}

impl Faults {
    pub fn new(seed: Option<u64>) -> Faults {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_entropy(),
        };
        Faults {
            rng: Mutex::new(rng),
            tenants: Mutex::new(HashMap::new()),
        }
    }

    pub fn add(&self, tenant: &str, mut rule: FaultRule) -> FaultRule {
        rule.id = uuid::Uuid::new_v4().to_string();
        if let Ok(mut tenants) = self.tenants.lock() {
            tenants.entry(tenant.to_owned()).or_default().push(rule.clone());
        }
        rule
    }

    pub fn list(&self, tenant: &str) -> Vec<FaultRule> {
        self.tenants
            .lock()
            .ok()
            .and_then(|tenants| tenants.get(tenant).cloned())
            .unwrap_or_default()
    }

    /// Removes one rule; false when the tenant has none with that id.
    pub fn remove(&self, tenant: &str, id: &str) -> bool {
        let Ok(mut tenants) = self.tenants.lock() else {
            return false;
        };
        let Some(rules) = tenants.get_mut(tenant) else {
            return false;
        };
        let before = rules.len();
        rules.retain(|rule| rule.id != id);
        rules.len() != before
    }

    pub fn clear(&self, tenant: &str) {
        if let Ok(mut tenants) = self.tenants.lock() {
            tenants.remove(tenant);
        }
    }

    pub fn clear_all(&self) {
        if let Ok(mut tenants) = self.tenants.lock() {
            tenants.clear();
        }
    }

    /// The first matching rule that fires for this request, counted down.
    pub fn fire(&self, tenant: &str, vendor: &str, method: &str, path: &str) -> Option<FaultAction> {
        let mut tenants = self.tenants.lock().ok()?;
        let rules = tenants.get_mut(tenant)?;
        let mut rng = self.rng.lock().ok()?;
        let index = rules
            .iter()
            .position(|rule| rule.matches(vendor, method, path) && rng.gen_bool(rule.probability))?;
        let rule = &mut rules[index];
        let action = FaultAction {
            delay_ms: rule.delay_ms,
            answer: rule.status.map(|status| (status, rule.body.clone())),
        };
        if let Some(times) = &mut rule.times {
            *times -= 1;
            if *times == 0 {
                rules.remove(index);
            }
        }
        Some(action)
    }
}

/// `*` matches within one path segment, `**` across segments, `?` one character.
fn glob_matches(glob: &[u8], text: &[u8]) -> bool {
    match glob.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) if rest.first() == Some(&b'*') => {
            let rest = &rest[1..];
            (0..=text.len()).any(|skip| glob_matches(rest, &text[skip..]))
        }
        Some((b'*', rest)) => {
            let segment = text.iter().position(|b| *b == b'/').unwrap_or(text.len());
            (0..=segment).any(|skip| glob_matches(rest, &text[skip..]))
        }
        Some((b'?', rest)) => text.first().is_some_and(|b| *b != b'/') && glob_matches(rest, &text[1..]),
        Some((literal, rest)) => text.first() == Some(literal) && glob_matches(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: Value) -> FaultRule {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn globs_match_segments_and_paths() {
        let cases = [
            ("/v5/auth/*", "/v5/auth/activate-workplace", true),
            ("/v5/*", "/v5/auth/activate-workplace", false),
            ("/v5/**", "/v5/auth/activate-workplace", true),
            ("**/link_card", "/v1/employee/42/link_card", true),
            ("/orgs/*/workplaces/?", "/orgs/x/workplaces/1", true),
            ("/orgs/*/workplaces/?", "/orgs/x/workplaces/12", false),
            ("/exact", "/exact", true),
            ("/exact", "/exactly", false),
        ];
        for (glob, path, expected) in cases {
            assert_eq!(
                glob_matches(glob.as_bytes(), path.as_bytes()),
                expected,
                "{glob} ~ {path}"
            );
        }
    }

    #[test]
    fn times_count_down_and_the_rule_disappears() {
        let faults = Faults::new(Some(1));
        faults.add("t", rule(serde_json::json!({ "status": 503, "times": 2 })));
        assert!(faults.fire("t", "lifepos", "GET", "/orgs").is_some());
        assert!(
            faults.fire("other", "lifepos", "GET", "/orgs").is_none(),
            "rules are per tenant"
        );
        assert!(faults.fire("t", "lifepos", "GET", "/orgs").is_some());
        assert!(faults.fire("t", "lifepos", "GET", "/orgs").is_none());
        assert!(faults.list("t").is_empty());
    }

    #[test]
    fn a_seed_makes_probability_repeatable() {
        let draws = |seed| {
            let faults = Faults::new(Some(seed));
            faults.add("t", rule(serde_json::json!({ "status": 500, "probability": 0.5 })));
            (0..64)
                .map(|_| faults.fire("t", "sup", "POST", "/x").is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        let fired = draws(7).iter().filter(|f| **f).count();
        assert!((10..=54).contains(&fired), "about half: {fired}");
    }

    #[test]
    fn rules_are_checked() {
        let vendors = ["lifepos", "sup"];
        assert!(rule(serde_json::json!({ "status": 500 })).problem(&vendors).is_none());
        for bad in [
            serde_json::json!({}),
            serde_json::json!({ "status": 99 }),
            serde_json::json!({ "status": 500, "vendor": "acme" }),
            serde_json::json!({ "status": 500, "probability": 1.5 }),
            serde_json::json!({ "status": 500, "times": 0 }),
            serde_json::json!({ "delay_ms": 10, "body": {} }),
        ] {
            assert!(rule(bad.clone()).problem(&vendors).is_some(), "{bad}");
        }
    }
}
