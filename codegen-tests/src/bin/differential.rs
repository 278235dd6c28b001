//! The long differential run: random policies and requests decided by the reference
//! evaluator, the in-memory engine and generated code, every outcome compared (the
//! decision, the deciding statement, and refusals), with the throughput and the mix of
//! outcomes printed. `cargo test` runs the same comparison on thousands of cases; this
//! runs millions:
//!
//! ```text
//! cargo run --release -p codegen-tests --bin differential -- --cases 1000000 [--seed N]
//! ```
//!
//! Half the cases are random policies through the reference and the in-memory engine
//! (generated fresh, 20 requests each); the other half are requests against the fixed
//! corpus of random policies the build script compiled to Rust (`codegen_tests::RANDOM`),
//! through the reference and the generated type, by `evaluate` and `evaluate_prepared`.
//! Exits 1 at the first disagreement, printing the policy and the request.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use codegen_tests::RANDOM;
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::{PolicyEngine, Prepared};
use testgen::random::{Rng, for_each_pair, outcome_name, request, to_json, with_request};

/// The settings: `--cases N`, `--seed N`.
fn settings() -> Result<(usize, u64), String> {
    let (mut cases, mut seed) = (1_000_000, 0x0D1F_F10E);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--cases" => cases = value.parse().map_err(|_| format!("--cases {value}: not a number"))?,
            "--seed" => seed = value.parse().map_err(|_| format!("--seed {value}: not a number"))?,
            _ => return Err(format!("unknown argument {arg} (usage: differential [--cases N] [--seed N])")),
        }
    }
    Ok((cases, seed))
}

fn main() -> ExitCode {
    let (cases, seed) = match settings() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let in_memory = cases / 2;
    let generated = cases - in_memory;
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut disagreement = None;
    let start = Instant::now();
    let engines = |policy: &_| (ReferencePolicy::new(Clone::clone(policy)), CompiledPolicy::from_policy(policy));
    for_each_pair(in_memory, seed, 20, engines, |(reference, compiled), policy, data, case| {
        if disagreement.is_some() {
            return;
        }
        let (want, got) = with_request(data, |request| (reference.evaluate(request), compiled.evaluate(request)));
        *outcomes.entry(outcome_name(&want)).or_default() += 1;
        if want != got {
            disagreement = Some(format!(
                "case {case}: reference {want:?}, in-memory {got:?}\npolicy: {}\nrequest: {data:#?}",
                to_json(policy)
            ));
        }
    });
    let in_memory_time = start.elapsed();
    if let Some(disagreement) = disagreement {
        eprintln!("the in-memory engine disagrees with the reference (seed {seed}):\n{disagreement}");
        return ExitCode::FAILURE;
    }
    println!(
        "reference vs in-memory: {in_memory} cases in {:.1} s ({:.0} cases/s), outcomes {outcomes:?}",
        in_memory_time.as_secs_f64(),
        in_memory as f64 / in_memory_time.as_secs_f64()
    );

    let corpus: Vec<_> = RANDOM
        .iter()
        .filter_map(|random| {
            let policy = parse_policy(random.json, random.kind, &Limits::none()).ok()?;
            Some((random, ReferencePolicy::new(policy.clone()), policy))
        })
        .collect();
    if corpus.len() != RANDOM.len() {
        eprintln!("a generated policy's text does not parse");
        return ExitCode::FAILURE;
    }
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    for case in 0..generated {
        let Some((random, reference, policy)) = corpus.get(case % corpus.len()) else { break };
        let data = request(&mut rng, policy);
        let (want, got, prepared) = with_request(&data, |request| {
            let prepared = Prepared::new(request).map(|prepared| random.engine.evaluate_prepared(&prepared));
            (reference.evaluate(request), random.engine.evaluate(request), prepared)
        });
        *outcomes.entry(outcome_name(&want)).or_default() += 1;
        if want != got || want != prepared {
            eprintln!(
                "generated code disagrees with the reference (seed {seed}, case {case}): reference {want:?}, \
                 generated {got:?}, prepared {prepared:?}\npolicy: {}\nrequest: {data:#?}",
                random.json
            );
            return ExitCode::FAILURE;
        }
    }
    let generated_time = start.elapsed();
    println!(
        "reference vs generated ({} policies): {generated} cases in {:.1} s ({:.0} cases/s), outcomes {outcomes:?}",
        corpus.len(),
        generated_time.as_secs_f64(),
        generated as f64 / generated_time.as_secs_f64()
    );
    println!("{cases} cases, 0 disagreements");
    ExitCode::SUCCESS
}
