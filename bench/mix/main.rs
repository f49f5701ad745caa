//! The parallel-suites mix: `bench-mix URL [CLIENTS] [SECONDS]`.
//!
//! Each client plays a test suite of its own: its own tenant, one keep-alive connection, and a
//! journey across all four vendors replayed until SECONDS have passed (a journey under way is
//! finished, so every tenant ends reset). Every answer is checked against what the journey
//! expects, status and the fields it goes on with. Prints one line, `BENCH_JSON {...}`: requests,
//! journeys, req/s, latency percentiles, 5xx answers and unexpected answers (with the first few
//! described); bench/scenarios/mix.py reads it. Exits 0 whatever it saw: the scenario judges.

mod journey;

use std::time::{Duration, Instant};

use journey::{Client, Journey};

/// Unexpected answers described in the output; the rest are only counted.
const DESCRIBED: usize = 5;

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    journeys: u64,
    server_errors: u64,
    unexpected: u64,
    described: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        self.journeys += other.journeys;
        self.server_errors += other.server_errors;
        self.unexpected += other.unexpected;
        for d in other.described {
            if self.described.len() < DESCRIBED {
                self.described.push(d);
            }
        }
    }
}

async fn run_client(base: String, index: usize, until: Instant) -> Tally {
    let mut tally = Tally::default();
    let mut client = Client::new(base, format!("mix-{index}"));
    let mut round = 0_u64;
    loop {
        let outcome = Journey::new(&mut client, index, round).run().await;
        tally.latencies_us.append(&mut client.latencies_us);
        tally.server_errors += client.server_errors;
        client.server_errors = 0;
        round += 1;
        match outcome {
            Ok(()) => tally.journeys += 1,
            Err(what) => {
                tally.unexpected += 1;
                if tally.described.len() < DESCRIBED {
                    tally.described.push(what);
                }
                // The tenant may be left half-way: start the next journey from a clean one.
                if client.reset().await.is_err() {
                    break;
                }
            }
        }
        if Instant::now() >= until {
            break;
        }
    }
    tally
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench-mix URL [CLIENTS] [SECONDS]";
    let base = args.next().expect(usage).trim_end_matches('/').to_owned();
    let clients: usize = args.next().map_or(32, |a| a.parse().expect(usage));
    let seconds: f64 = args.next().map_or(10.0, |a| a.parse().expect(usage));

    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|i| tokio::spawn(run_client(base.clone(), i, until)))
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        total.merge(task.await.expect("a client task ran to its end"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    total.latencies_us.sort_unstable();
    let requests = total.latencies_us.len();
    let report = serde_json::json!({
        "clients": clients,
        "seconds": elapsed,
        "requests": requests,
        "journeys": total.journeys,
        "rps": requests as f64 / elapsed,
        "p50_ms": percentile(&total.latencies_us, 50.0),
        "p99_ms": percentile(&total.latencies_us, 99.0),
        "max_ms": percentile(&total.latencies_us, 100.0),
        "status_5xx": total.server_errors,
        "unexpected": total.unexpected,
        "first_unexpected": total.described,
    });
    println!("BENCH_JSON {report}");
}
