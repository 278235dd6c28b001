//! The gateway's load test ([`oss_policy_gateway::load`]): GetObject of a small object by
//! the RAM user "reader" of the ready configuration (`examples/gateway/gateway.toml`,
//! bucket-policy.txt scenario 2: its RAM policy does not apply, the bucket policy
//! allows), with authorization and without, over loopback.
//!
//! ```text
//! cargo run --release -p oss-policy-gateway --example load -- [--requests N] [--concurrency C]
//!     [--object-bytes B] [--rounds R] [--server-threads T] [--only authorizing|baseline]
//! ```
//!
//! Prints one line per round and gateway, then the medians over the rounds (and, when
//! both gateways ran, the time authorizing as the difference of their medians); exits
//! with status 1 when a request failed. `--only` runs one gateway, to profile it alone
//! (`valgrind --tool=callgrind target/release/examples/load --only baseline ...`).

use std::path::Path;
use std::process::ExitCode;

use oss_policy_gateway::config::Config;
use oss_policy_gateway::load::{Gateways, Round, Settings, run};

/// The settings of the command line, over the defaults.
fn settings() -> Result<Settings, String> {
    let mut settings = Settings {
        bucket: "example-bucket".to_owned(),
        key: "hangzhou/2020/load.bin".to_owned(),
        object_bytes: 1024,
        access_key_id: "LTAI5tExampleReader".to_owned(),
        requests: 20_000,
        concurrency: 4,
        rounds: 3,
        server_threads: 2,
        gateways: Gateways::Both,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        if flag == "--only" {
            settings.gateways = match value.as_str() {
                "authorizing" => Gateways::Authorizing,
                "baseline" => Gateways::Baseline,
                _ => return Err(format!("--only takes authorizing or baseline, not `{value}`")),
            };
            continue;
        }
        let number: usize = value.parse().map_err(|_| format!("{flag}: `{value}` is not a number"))?;
        match flag.as_str() {
            "--requests" => settings.requests = number,
            "--concurrency" => settings.concurrency = number,
            "--object-bytes" => settings.object_bytes = number,
            "--rounds" => settings.rounds = number,
            "--server-threads" => settings.server_threads = number,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(settings)
}

/// `duration` in microseconds.
fn micros(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// The median of `values`.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn print_round(round: &Round) {
    println!(
        "{:<13} {:>7.0} req/s  p50 {:>6.1} µs  p99 {:>6.1} µs  server {:>5.1} µs/req  authorizing {:>5.2} µs/req ({:.2} %)  failures {}",
        if round.authorized { "authorizing" } else { "baseline" },
        round.requests_per_second(),
        micros(round.p50),
        micros(round.p99),
        round.server_micros(),
        round.authorize_micros(),
        round.authorize_percent(),
        round.failures,
    );
}

fn main() -> ExitCode {
    let settings = match settings() {
        Ok(settings) => settings,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(2);
        }
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/gateway/gateway.toml");
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("error: no scratch folder: {error}");
            return ExitCode::FAILURE;
        }
    };
    let rounds =
        match Config::load(&path).and_then(|config| run(&settings, &config, scratch.path()).map_err(|e| vec![e])) {
            Ok(rounds) => rounds,
            Err(errors) => {
                for error in errors {
                    eprintln!("error: {error}");
                }
                return ExitCode::FAILURE;
            }
        };
    println!(
        "GetObject of {} bytes, {} requests per round over {} connections, {} server threads, {} rounds",
        settings.object_bytes, settings.requests, settings.concurrency, settings.server_threads, settings.rounds
    );
    rounds.iter().for_each(print_round);
    let of = |authorized: bool, value: fn(&Round) -> f64| {
        median(rounds.iter().filter(|r| r.authorized == authorized).map(value).collect())
    };
    println!("medians over the rounds:");
    let ran = |authorized: bool| rounds.iter().any(|r| r.authorized == authorized);
    for authorized in [true, false].into_iter().filter(|a| ran(*a)) {
        println!(
            "  {:<13} {:>7.0} req/s  p50 {:>6.1} µs  p99 {:>6.1} µs  server {:>5.1} µs/req",
            if authorized { "authorizing" } else { "baseline" },
            of(authorized, Round::requests_per_second),
            of(authorized, |r| micros(r.p50)),
            of(authorized, |r| micros(r.p99)),
            of(authorized, Round::server_micros),
        );
    }
    if ran(true) {
        println!(
            "  authorizing, measured inside the server: {:.2} µs per request, {:.2} % of its server time",
            of(true, Round::authorize_micros),
            of(true, Round::authorize_percent)
        );
    }
    if ran(true) && ran(false) {
        let (on, off) = (of(true, Round::server_micros), of(false, Round::server_micros));
        println!(
            "  authorizing, as the difference of the medians: {:.2} µs per request, {:.2} % of the server time",
            on - off,
            100.0 * (on - off) / on.max(f64::MIN_POSITIVE)
        );
    }
    let failures: usize = rounds.iter().map(|r| r.failures).sum();
    if failures > 0 {
        eprintln!("error: {failures} requests failed");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
