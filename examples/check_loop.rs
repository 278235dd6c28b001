//! Runs a fixed number of authorizations of every request of a case file through one
//! engine, for instruction counts that do not depend on a noisy machine:
//!
//! ```text
//! cargo build --release --example check_loop
//! valgrind --tool=callgrind target/release/examples/check_loop compiled CASE.json 100000
//! ```
//!
//! Subtract a run with 0 rounds (set-up only) and divide by rounds × requests for the
//! instructions per check.

use std::process::ExitCode;

use oss_policy_compiler::cases::CaseFile;
use oss_policy_compiler::{EngineName, Limits};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, engine, case, rounds] = args.as_slice() else {
        eprintln!("usage: check_loop reference|compiled CASE.json ROUNDS");
        return ExitCode::from(2);
    };
    let (Some(engine), Ok(rounds)) = (EngineName::from_name(engine), rounds.parse::<u64>()) else {
        eprintln!("unknown engine `{engine}` or bad round count `{rounds}`");
        return ExitCode::from(2);
    };
    let loaded = std::fs::read_to_string(case).map_err(|e| e.to_string()).and_then(|text| {
        let cases = CaseFile::from_json(&text).map_err(|e| e.to_string())?;
        let engines = cases.compile(engine, &Limits::none()).map_err(|e| e.to_string())?;
        Ok((cases, engines))
    });
    let (cases, engines) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{case}: {error}");
            return ExitCode::from(2);
        }
    };
    let allowed = cases.with_requests(|requests| {
        engines.with_authorizer(|authorizer| {
            let mut allowed = 0u64;
            for _ in 0..rounds {
                for request in requests {
                    let decision = authorizer.authorize(std::hint::black_box(request)).map(|a| a.decision);
                    allowed += u64::from(decision == Ok(oss_policy_runtime::Decision::Allow));
                }
            }
            allowed
        })
    });
    match allowed {
        Ok(allowed) => {
            println!("{allowed} allowed");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{case}: {error}");
            ExitCode::from(2)
        }
    }
}
