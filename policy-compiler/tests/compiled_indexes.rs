//! Each way the compiled engine lists candidates — the index by resource, the index by
//! principal, every statement in turn — decides every random (policy, request) pair as
//! the reference evaluator does, whichever the engine would choose for it. (The engine
//! checks small policies in full, so the differential test of `compiled_differential.rs`
//! alone would reach the indexes only with its larger policies.)
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
fn every_way_of_listing_candidates_agrees_with_the_reference() {
    let (cases, seed) = run_settings(DEFAULT_CASES, DEFAULT_SEED);
    let engines = |policy: &Policy| (ReferencePolicy::new(policy.clone()), CompiledPolicy::from_policy(policy));
    for_each_pair(cases, seed, REQUESTS_PER_POLICY, engines, |(reference, compiled), policy, data, case| {
        with_request(data, |request| {
            let want = reference.evaluate(request);
            let ways = ["by resource", "by principal", "in full"];
            match (compiled.evaluate_by_each_index(request), want) {
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
