//! Runs a fixed number of checks of one request through one engine, for instruction
//! counts that do not depend on a noisy machine (`benches/callgrind.py` drives it):
//!
//! ```text
//! cargo build --release -p oss-policy-benches --example check_loop [--features scale]
//! valgrind --tool=callgrind target/release/examples/check_loop generated bucket-s02-readonly-folders Allow 100000
//! target/release/examples/check_loop --list
//! ```
//!
//! `check_loop [--policy] ENGINE CASE OUTCOME ROUNDS`:
//!
//! * ENGINE: a name of `oss_policy_benches::engines::ENGINES` (`compiled`, `generated`,
//!   `reference`);
//! * CASE: a seed case (`bucket-s02-readonly-folders`), `combined`, or a scale case
//!   (`scale-bucket-1000`, `scale-access-point-100`); `--list` prints them with their
//!   number of policies and the outcomes they have requests for;
//! * OUTCOME: `Allow`, `Deny` or `Ignore`: the case's first request that expects it (with
//!   `--policy`, the first that expects it from the policy alone: not a bucket owner's
//!   request that a bucket policy leaves to the owner's default Allow);
//! * each round is one combined authorization (`Authorizer::authorize`, as in the criterion
//!   benchmarks) or, with `--policy`, one `PolicyEngine::evaluate` of the case's only
//!   policy: the engine's own cost, without the authorizer around it.
//!
//! The decision is checked before the loop, as the benchmarks do. Subtract a run of 0
//! rounds (set-up only) and divide by ROUNDS for the instructions per check. Exit status:
//! 0 done, 1 a failure (a wrong decision, a policy that does not build), 2 bad arguments,
//! 3 skipped: the engine has no code for the case in this build (generated code for the
//! scale cases needs `--features scale`).

use std::hint::black_box;
use std::process::ExitCode;

use oss_policy_benches::cases::{Case, OUTCOMES, SEEDS};
use oss_policy_benches::engines::{Built, ENGINES, Engine, Policies, PolicySource, REFERENCE};
use oss_policy_benches::scale::{Family, SIZES, case_name};
use oss_policy_compiler::cases::{Expect, RequestSpec};
use oss_policy_runtime::{Decision, PolicyEngine};

const USAGE: &str = "usage: check_loop [--policy] ENGINE CASE Allow|Deny|Ignore ROUNDS\n       check_loop --list";

/// Why the loop did not run.
enum Stop {
    /// Bad arguments.
    Usage(String),
    /// A broken fixture or a wrong decision.
    Failed(String),
    /// The engine has no code for the case in this build.
    Skipped(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Failed(message)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [list] if list == "--list" => list_cases(),
        [policy, rest @ ..] if policy == "--policy" => run(rest, true),
        rest => run(rest, false),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Failed(message)) => {
            eprintln!("check_loop: {message}");
            ExitCode::FAILURE
        }
        Err(Stop::Usage(message)) => {
            eprintln!("check_loop: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Stop::Skipped(message)) => {
            eprintln!("check_loop: skipped: {message}");
            ExitCode::from(3)
        }
    }
}

/// Prints every case: its name, its number of policies, the outcomes it has requests for.
fn list_cases() -> Result<(), Stop> {
    let mut names: Vec<String> = SEEDS.iter().map(|(name, _)| (*name).to_owned()).collect();
    names.push("combined".to_owned());
    names.extend(Family::ALL.into_iter().flat_map(|family| SIZES.map(|statements| case_name(family, statements))));
    for name in names {
        let case = Case::named(&name)?;
        let outcomes: Vec<&str> = OUTCOMES
            .iter()
            .filter(|&&outcome| case.request(outcome).is_some())
            .map(|outcome| outcome.as_str())
            .collect();
        println!("{name}\t{}\t{}", case.policies().count(), outcomes.join(","));
    }
    Ok(())
}

/// Checks the decision of the request, then runs the rounds.
fn run(args: &[String], one_policy: bool) -> Result<(), Stop> {
    let [engine, case, outcome, rounds] = args else {
        return Err(Stop::Usage("expected four arguments".to_owned()));
    };
    let engine = ENGINES.iter().find(|e| e.name == engine).ok_or_else(|| {
        let names: Vec<&str> = ENGINES.iter().map(|e| e.name).collect();
        Stop::Usage(format!("unknown engine `{engine}` (the engines: {})", names.join(", ")))
    })?;
    let outcome = OUTCOMES
        .into_iter()
        .find(|decision| decision.as_str() == outcome)
        .ok_or_else(|| Stop::Usage(format!("unknown outcome `{outcome}`")))?;
    let rounds: u64 = rounds.parse().map_err(|_| Stop::Usage(format!("bad round count `{rounds}`")))?;
    let case = Case::named(case).map_err(Stop::Usage)?;
    let allowed = if one_policy {
        evaluations(engine, &case, outcome, rounds)?
    } else {
        let spec = case
            .request(outcome)
            .ok_or_else(|| Stop::Usage(format!("case `{}` has no request that expects {outcome}", case.name())))?;
        authorizations(engine, &case, spec, rounds)?
    };
    println!("{rounds} rounds of {} {} {outcome}: {allowed} allowed", engine.name, case.name());
    Ok(())
}

/// A built policy or policies, or why the loop stops.
fn ready<T>(built: Built<T>) -> Result<T, Stop> {
    built.required().map_err(Stop::Skipped)
}

/// `rounds` combined authorizations of `spec`'s request; how many were allowed.
fn authorizations(engine: &Engine, case: &Case, spec: &RequestSpec, rounds: u64) -> Result<usize, Stop> {
    let policies = ready(Policies::build(engine, case)?)?;
    let allowed = policies.with_authorizer(case.bucket_owner(), |authorizer| {
        case.authorize(authorizer, spec)?;
        case.with_request(spec, |request| {
            (0..rounds)
                .map(|_| authorizer.authorize(black_box(request)).map(|a| a.decision))
                .filter(|decision| *decision == Ok(Decision::Allow))
                .count()
        })
    })??;
    Ok(allowed)
}

/// `rounds` evaluations by the case's only policy of the first request that expects
/// `outcome` from that policy itself; how many were allowed.
///
/// A case's expectations are combined decisions (docs/SPEC.md section 5): the bucket owner's
/// account is allowed whatever a bucket policy that does not deny says. So the request is
/// the first that expects `outcome` and that the reference evaluator decides so with this
/// policy alone, and the engine must decide it so too.
fn evaluations(engine: &Engine, case: &Case, outcome: Decision, rounds: u64) -> Result<usize, Stop> {
    let mut policies = case.policies();
    let (Some((role, text)), None) = (policies.next(), policies.next()) else {
        let count = case.policies().count();
        return Err(Stop::Usage(format!("`--policy` takes a case of one policy; `{}` has {count}", case.name())));
    };
    let source = PolicySource { case: case.name(), role, text };
    let reference = ready((REFERENCE.build)(&source)?)?;
    let decides = |spec: &RequestSpec, policy: &dyn PolicyEngine| {
        case.with_request(spec, |request| {
            policy.evaluate(request).is_ok_and(|evaluation| evaluation.decision == outcome)
        })
    };
    let expecting = case.file().requests.iter().filter(|spec| spec.expect == Some(Expect::Decision(outcome)));
    let spec = expecting.into_iter().find(|spec| decides(spec, reference.as_ref()) == Ok(true)).ok_or_else(|| {
        Stop::Usage(format!("no request of `{}` expects {outcome} from its policy alone", case.name()))
    })?;
    let policy = ready((engine.build)(&source)?)?;
    if !decides(spec, policy.as_ref())? {
        return Err(Stop::Failed(format!("{}, {}: {} does not decide {outcome}", case.name(), spec.name, engine.name)));
    }
    let allowed = case.with_request(spec, |request| {
        (0..rounds).filter(|_| policy.evaluate(black_box(request)).is_ok_and(|e| e.decision == Decision::Allow)).count()
    })?;
    Ok(allowed)
}
