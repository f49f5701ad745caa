//! A fault rule as a client writes it, and what makes one unusable.
//!
//! Bounds, where the rule's documentation is silent: `path` at most `faults.max_path_bytes`
//! (every request of the tenant runs it), `body` at most `faults.max_body_bytes` as JSON, `method`
//! an HTTP token of at most [`MAX_METHOD_BYTES`] letters.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::FaultsConfig;
use crate::platform::faults::glob::Glob;
use crate::platform::{whole_number, HTTP_STATUSES, NOT_AN_HTTP_STATUS};

/// Longest delay a rule may ask for: ten minutes.
pub const MAX_DELAY_MS: u64 = 600_000;

/// Longest `method`: longer than any method a vendor serves.
pub const MAX_METHOD_BYTES: usize = 16;

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
    #[serde(
        default,
        deserialize_with = "whole_number::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(
        default,
        deserialize_with = "whole_number::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub delay_ms: Option<u64>,
    #[serde(default = "always")]
    pub probability: f64,
    /// How many more times the rule fires (`None`: every time).
    #[serde(
        default,
        deserialize_with = "whole_number::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub times: Option<u64>,
    /// A rule for a vendor's notifications rather than its requests: a notification of the
    /// rule's `vendor` whose type (`SalePayment`, …) matches `path` is delivered twice, so a
    /// client's de-duplication is tested. Such a rule takes no `method`, `status`, `body` or
    /// `delay_ms`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deliver_twice: bool,
}

fn always() -> f64 {
    1.0
}

/// Why a rule cannot be used: the field at fault and what is wrong with it.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> Option<RuleProblem> {
    Some(RuleProblem {
        field,
        message: message.into(),
    })
}

impl FaultRule {
    /// Why the rule cannot be used, if it cannot.
    pub fn problem(&self, known_vendors: &[&str], limits: &FaultsConfig) -> Option<RuleProblem> {
        if let Some(vendor) = &self.vendor {
            if !known_vendors.contains(&vendor.as_str()) {
                return problem("vendor", format!("vendor must be one of {}", known_vendors.join(", ")));
            }
        }
        if let Some(method) = &self.method {
            let letters = method.bytes().all(|byte| byte.is_ascii_alphabetic());
            if method.is_empty() || method.len() > MAX_METHOD_BYTES || !letters {
                return problem("method", format!("method must be 1–{MAX_METHOD_BYTES} ASCII letters"));
            }
        }
        if let Some(path) = &self.path {
            if path.len() > limits.max_path_bytes {
                return problem(
                    "path",
                    format!(
                        "path must be at most {} bytes (faults.max_path_bytes)",
                        limits.max_path_bytes
                    ),
                );
            }
            if let Err(err) = Glob::compile(path) {
                return problem("path", err.to_string());
            }
        }
        if self.status.is_some_and(|status| !HTTP_STATUSES.contains(&status)) {
            return problem("status", NOT_AN_HTTP_STATUS);
        }
        if let Some(body) = &self.body {
            if serde_json::to_vec(body).map_or(true, |bytes| bytes.len() > limits.max_body_bytes) {
                return problem(
                    "body",
                    format!(
                        "body must be at most {} bytes of JSON (faults.max_body_bytes)",
                        limits.max_body_bytes
                    ),
                );
            }
        }
        if self.delay_ms.is_some_and(|delay| delay > MAX_DELAY_MS) {
            return problem("delay_ms", format!("delay_ms must be at most {MAX_DELAY_MS}"));
        }
        if !(0.0..=1.0).contains(&self.probability) {
            return problem("probability", "probability must be between 0 and 1");
        }
        if self.times == Some(0) || self.times.is_some_and(|times| i64::try_from(times).is_err()) {
            return problem("times", format!("times must be between 1 and {}", i64::MAX));
        }
        if self.deliver_twice {
            let request_only = [
                ("method", self.method.is_some()),
                ("status", self.status.is_some()),
                ("body", self.body.is_some()),
                ("delay_ms", self.delay_ms.is_some()),
            ];
            if let Some((field, _)) = request_only.into_iter().find(|(_, given)| *given) {
                return problem(field, format!("a deliver_twice rule takes no {field}"));
            }
            return None;
        }
        if self.status.is_none() && self.delay_ms.is_none() {
            return problem("status", "a rule needs a status, a delay_ms, or both");
        }
        if self.body.is_some() && self.status.is_none() {
            return problem("body", "a body needs a status");
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: Value) -> FaultRule {
        serde_json::from_value(json).unwrap()
    }

    fn limits() -> FaultsConfig {
        crate::config::Config::defaults().faults
    }

    #[test]
    fn rules_are_checked_and_the_field_named() {
        let vendors = ["lifepos", "sup"];
        assert!(rule(serde_json::json!({ "status": 500 }))
            .problem(&vendors, &limits())
            .is_none());
        assert!(rule(serde_json::json!({ "deliver_twice": true, "path": "Sale*" }))
            .problem(&vendors, &limits())
            .is_none());
        let too_long = format!("/{}", "a".repeat(limits().max_path_bytes));
        let big_body = "x".repeat(limits().max_body_bytes);
        for (bad, field) in [
            (serde_json::json!({}), "status"),
            (serde_json::json!({ "status": 99 }), "status"),
            (serde_json::json!({ "status": 500, "vendor": "acme" }), "vendor"),
            (serde_json::json!({ "status": 500, "probability": 1.5 }), "probability"),
            (serde_json::json!({ "status": 500, "times": 0 }), "times"),
            (serde_json::json!({ "delay_ms": 10, "body": {} }), "body"),
            (serde_json::json!({ "status": 500, "path": too_long }), "path"),
            (serde_json::json!({ "status": 500, "path": "" }), "path"),
            (serde_json::json!({ "status": 500, "path": "/a b" }), "path"),
            (serde_json::json!({ "status": 500, "method": "G E T" }), "method"),
            (serde_json::json!({ "status": 500, "body": big_body }), "body"),
            (serde_json::json!({ "deliver_twice": true, "status": 500 }), "status"),
            (serde_json::json!({ "deliver_twice": true, "method": "POST" }), "method"),
        ] {
            let found = rule(bad.clone()).problem(&vendors, &limits());
            assert_eq!(found.map(|problem| problem.field), Some(field), "{bad}");
        }
    }
}
