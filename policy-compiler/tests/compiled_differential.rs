//! Differential test: the in-memory compiled engine against the reference evaluator on
//! seeded random policies and requests. They must agree on the decision **and** on the
//! deciding statement, for every pair.
//!
//! Policies and requests come from `testgen::random` (shared with the differential test
//! of generated code in `codegen-tests/`): a small vocabulary so that patterns collide
//! often, every operator, keys present, missing, multi-valued and unparseable, the
//! bucket-owner rule, requests biased to land near the policy's patterns.
//!
//! The compiled engine must also allocate nothing for any of these checks.
//!
//! `DIFF_CASES` sets the number of (policy, request) pairs (default 20,000), `DIFF_SEED`
//! the seed. A disagreement is shrunk to a minimal policy and printed with its request.

#![cfg(test)]

use std::collections::BTreeMap;

use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::model::{Operator, Policy};
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_runtime::{Evaluation, PolicyEngine, RequestError};
use testgen::coverage::{REQUIRED_FEATURES, features};
use testgen::random::{RequestData, for_each_pair, outcome_name, run_settings, to_json, with_request};
use testgen::shrink::shrink;

const DEFAULT_CASES: usize = 20_000;
const DEFAULT_SEED: u64 = 0x05_5501_1C7E;
const REQUESTS_PER_POLICY: usize = 20;

/// An engine's answer: its evaluation, or its refusal.
type Answer = Result<Evaluation, RequestError>;

fn disagree(policy: &Policy, data: &RequestData) -> Option<(Answer, Answer)> {
    let reference = ReferencePolicy::new(policy.clone());
    let compiled = CompiledPolicy::from_policy(policy);
    with_request(data, |request| {
        let (want, got) = (reference.evaluate(request), compiled.evaluate(request));
        (want != got).then_some((want, got))
    })
}

#[test]
fn compiled_engine_agrees_with_the_reference() {
    let (cases, seed) = run_settings(DEFAULT_CASES, DEFAULT_SEED);
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut covered: BTreeMap<String, usize> = BTreeMap::new();
    let engines = |policy: &Policy| (ReferencePolicy::new(policy.clone()), CompiledPolicy::from_policy(policy));
    for_each_pair(cases, seed, REQUESTS_PER_POLICY, engines, |(reference, compiled), policy, data, case| {
        let (want, got, allocations) = with_request(data, |request| {
            let mut got = Ok(Evaluation::IGNORE);
            let counted = allocation_counter::measure(|| got = compiled.evaluate(request));
            (reference.evaluate(request), got, counted.count_total)
        });
        // A refusal allocates its message; a check never allocates.
        assert!(allocations == 0 || got.is_err(), "the compiled engine allocated for {data:#?}");
        if want != got {
            let minimal = shrink(policy.clone(), |candidate| disagree(candidate, data).is_some());
            let (want, got) = disagree(&minimal, data).unwrap_or((want, got));
            panic!(
                "compiled engine disagrees with the reference (seed {seed}, case {case}):\n\
                 reference: {want:?}\ncompiled:  {got:?}\nkind: {:?}\npolicy: {}\nrequest: {data:#?}",
                minimal.kind,
                to_json(&minimal),
            );
        }
        *outcomes.entry(outcome_name(&want)).or_default() += 1;
        let Ok(want) = want else { return };
        for feature in features(policy, data, want, reference) {
            *covered.entry(feature).or_default() += 1;
        }
    });
    let done = cases;
    println!("{done} cases, outcomes {outcomes:?}");
    for (feature, count) in &covered {
        println!("  {count:6}  {feature}");
    }
    for decision in ["Allow", "Deny", "Ignore"] {
        let share = outcomes.get(decision).copied().unwrap_or(0) * 100 / done.max(1);
        assert!(share >= 15, "{decision} is only {share}% of outcomes: {outcomes:?}");
    }
    for feature in REQUIRED_FEATURES {
        assert!(covered.get(*feature).copied().unwrap_or(0) > 0, "no case decided by `{feature}`");
    }
    for operator in Operator::ALL {
        let name = format!("operator {}", operator.name());
        assert!(covered.get(&name).copied().unwrap_or(0) > 0, "no case decided by `{name}`");
    }
}
