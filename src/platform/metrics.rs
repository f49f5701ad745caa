//! Request counters and latency histograms, kept in memory (bounded: routes are route templates,
//! not raw paths), and written out in the Prometheus text format with the gauges the control
//! plane adds (journal and outbox sizes, bans in force).

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Debug, Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Debug, Default)]
struct Recorded {
    /// vendor → route → status → count
    requests: HashMap<&'static str, HashMap<String, HashMap<u16, u64>>>,
    latency: HashMap<&'static str, Histogram>,
}

#[derive(Debug, Default)]
pub struct Metrics {
    recorded: Mutex<Recorded>,
}

/// One labelled value of a gauge.
pub struct GaugeValue {
    pub label: &'static str,
    pub label_value: String,
    pub value: i64,
}

impl Metrics {
    pub fn record(&self, vendor: &'static str, route: &str, status: u16, seconds: f64) {
        let Ok(mut recorded) = self.recorded.lock() else { return };
        let routes = recorded.requests.entry(vendor).or_default();
        let statuses = match routes.get_mut(route) {
            Some(statuses) => statuses,
            None => routes.entry(route.to_owned()).or_default(),
        };
        *statuses.entry(status).or_default() += 1;
        let histogram = recorded.latency.entry(vendor).or_default();
        for (bucket, bound) in histogram.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        histogram.sum += seconds;
        histogram.count += 1;
    }

    /// The Prometheus exposition, counters first, then the given gauges.
    pub fn render(&self, gauges: &[(&str, &str, Vec<GaugeValue>)]) -> String {
        let mut out = String::new();
        if let Ok(recorded) = self.recorded.lock() {
            out.push_str("# HELP emulator_requests_total Vendor requests answered, by vendor, route and status.\n");
            out.push_str("# TYPE emulator_requests_total counter\n");
            let mut lines = Vec::new();
            for (vendor, routes) in &recorded.requests {
                for (route, statuses) in routes {
                    for (status, count) in statuses {
                        lines.push(format!(
                            "emulator_requests_total{{vendor=\"{vendor}\",route=\"{}\",status=\"{status}\"}} {count}\n",
                            escape(route)
                        ));
                    }
                }
            }
            lines.sort();
            out.extend(lines);
            out.push_str("# HELP emulator_request_duration_seconds Time to answer vendor requests.\n");
            out.push_str("# TYPE emulator_request_duration_seconds histogram\n");
            let mut vendors: Vec<_> = recorded.latency.iter().collect();
            vendors.sort_by_key(|(vendor, _)| **vendor);
            for (vendor, histogram) in vendors {
                for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
                    let _ = writeln!(
                        out,
                        "emulator_request_duration_seconds_bucket{{vendor=\"{vendor}\",le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "emulator_request_duration_seconds_bucket{{vendor=\"{vendor}\",le=\"+Inf\"}} {}",
                    histogram.count
                );
                let _ = writeln!(
                    out,
                    "emulator_request_duration_seconds_sum{{vendor=\"{vendor}\"}} {}",
                    histogram.sum
                );
                let _ = writeln!(
                    out,
                    "emulator_request_duration_seconds_count{{vendor=\"{vendor}\"}} {}",
                    histogram.count
                );
            }
        }
        for (name, help, values) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            for value in values {
                let _ = writeln!(
                    out,
                    "{name}{{{}=\"{}\"}} {}",
                    value.label,
                    escape(&value.label_value),
                    value.value
                );
            }
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets() {
        let metrics = Metrics::default();
        metrics.record("lifepos", "/lifepos/orgs", 200, 0.0004);
        metrics.record("lifepos", "/lifepos/orgs", 200, 0.002);
        metrics.record("lifepos", "/lifepos/orgs", 401, 0.2);
        let text = metrics.render(&[(
            "emulator_bans_active",
            "Bans in force.",
            vec![GaugeValue {
                label: "tenant",
                label_value: "a\"b".into(),
                value: 2,
            }],
        )]);
        assert!(
            text.contains("emulator_requests_total{vendor=\"lifepos\",route=\"/lifepos/orgs\",status=\"200\"} 2\n"),
            "{text}"
        );
        assert!(text.contains("emulator_requests_total{vendor=\"lifepos\",route=\"/lifepos/orgs\",status=\"401\"} 1\n"));
        assert!(text.contains("emulator_request_duration_seconds_bucket{vendor=\"lifepos\",le=\"0.0005\"} 1\n"));
        assert!(text.contains("emulator_request_duration_seconds_bucket{vendor=\"lifepos\",le=\"0.0025\"} 2\n"));
        assert!(text.contains("emulator_request_duration_seconds_bucket{vendor=\"lifepos\",le=\"+Inf\"} 3\n"));
        assert!(text.contains("emulator_request_duration_seconds_count{vendor=\"lifepos\"} 3\n"));
        assert!(text.contains("# TYPE emulator_bans_active gauge\nemulator_bans_active{tenant=\"a\\\"b\"} 2\n"));
    }
}
