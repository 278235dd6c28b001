//! The compiled engine decides every random (policy, request) pair as the reference
//! evaluator does through each shape of its decision tree — the one it plans, one split
//! by resource and principal wherever it can be, one leaf per action class. (The engine
//! plans small policies as one leaf per class, so the differential test of
//! `compiled_differential.rs` alone would reach the splits only with its larger policies.)
//!
//! Policies and requests come from `testgen::random`. `DIFF_CASES` sets the number of
//! (policy, request) pairs (default 20,000), `DIFF_SEED` the seed.

use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::model::Policy;
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_runtime::PolicyEngine;
use testgen::random::{for_each_pair, run_settings, to_json, with_request};

const DEFAULT_CASES: usize = 20_000;
const DEFAULT_SEED: u64 = 0x001D_E50F_C0DE;
const REQUESTS_PER_POLICY: usize = 10;

#[test]
fn every_shape_of_the_tree_agrees_with_the_reference() {
    let (cases, seed) = run_settings(DEFAULT_CASES, DEFAULT_SEED);
    let engines = |policy: &Policy| (ReferencePolicy::new(policy.clone()), CompiledPolicy::from_policy(policy));
    for_each_pair(cases, seed, REQUESTS_PER_POLICY, engines, |(reference, compiled), policy, data, case| {
        with_request(data, |request| {
            let want = reference.evaluate(request);
            let ways = ["as planned", "split wherever it can be", "one leaf per class"];
            match (compiled.evaluate_each_way(request), want) {
                (Ok(got), Ok(want)) => {
                    for (way, got) in ways.iter().zip(got) {
                        assert_eq!(got, want, "{way} (seed {seed}, case {case}):\n{}\n{data:#?}", to_json(policy));
                    }
                }
                (got, want) => assert_eq!(got.err(), want.err(), "refusals (seed {seed}, case {case}): {data:#?}"),
            }
        });
    });
}
