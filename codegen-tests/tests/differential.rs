//! Differential test of generated code: every random policy the build script compiled
//! (`testgen::random`, the generator of the in-memory engine's differential test) against
//! the reference evaluator on seeded random requests, through `evaluate` and through
//! `evaluate_prepared` (what the authorizer calls). They must agree on the decision
//! **and** on the deciding statement, every time. `DIFF_REQUESTS` sets the requests per
//! policy (default 100).

use std::collections::BTreeMap;

use codegen_tests::RANDOM;
use oss_policy_compiler::model::Operator;
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::{PolicyEngine, Prepared};
use testgen::coverage::{REQUIRED_FEATURES, features};
use testgen::random::{Rng, outcome_name, request, with_request};

const SEED: u64 = 0x0D1F_F0C0;
const DEFAULT_REQUESTS: usize = 100;

#[test]
fn generated_code_agrees_with_the_reference() {
    let per_policy: usize =
        std::env::var("DIFF_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_REQUESTS);
    let mut rng = Rng(SEED);
    let mut disagreements = Vec::new();
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut covered: BTreeMap<String, usize> = BTreeMap::new();
    for (index, random) in RANDOM.iter().enumerate() {
        let policy = parse_policy(random.json, random.kind, &Limits::none()).expect("the build script compiled it");
        assert_eq!(random.engine.kind(), random.kind, "policy {index}");
        let reference = ReferencePolicy::new(policy.clone());
        for _ in 0..per_policy {
            let data = request(&mut rng, &policy);
            let (want, got, got_prepared) = with_request(&data, |request| {
                let prepared = Prepared::new(request);
                (
                    reference.evaluate(request),
                    random.engine.evaluate(request),
                    prepared.map(|prepared| random.engine.evaluate_prepared(&prepared)),
                )
            });
            if (want != got || want != got_prepared) && disagreements.len() < 10 {
                disagreements.push(format!(
                    "random policy {index}: reference {want:?}, generated {got:?}, prepared {got_prepared:?}\npolicy: {}\nrequest: {data:#?}",
                    random.json
                ));
            }
            *outcomes.entry(outcome_name(&want)).or_default() += 1;
            let Ok(want) = want else { continue };
            for feature in features(&policy, &data, want, &reference) {
                *covered.entry(feature).or_default() += 1;
            }
        }
    }
    println!("{} policies × {per_policy} requests, outcomes {outcomes:?}", RANDOM.len());
    for (feature, count) in &covered {
        println!("  {count:6}  {feature}");
    }
    assert!(disagreements.is_empty(), "generated code disagrees with the reference:\n{}", disagreements.join("\n\n"));
    assert!(RANDOM.len() >= 200, "only {} random policies", RANDOM.len());
    for feature in REQUIRED_FEATURES {
        assert!(covered.get(*feature).copied().unwrap_or(0) > 0, "no case decided by `{feature}`");
    }
    for operator in Operator::ALL {
        let name = format!("operator {}", operator.name());
        assert!(covered.get(&name).copied().unwrap_or(0) > 0, "no case decided by `{name}`");
    }
}
