//! Explanations agree with the authorizer: on every request of every file of
//! `conformance/decisions/`, the explanation's decision and deciding statement (or its
//! refusal kind) are those of the combined authorizer over each engine.

use std::collections::BTreeSet;
use std::path::Path;

use oss_policy_compiler::cases::{CaseEngines, Outcome};
use oss_policy_compiler::explain::{Explanation, Standing, Step};
use oss_policy_compiler::{EngineName, Limits};
use testgen::conformance::{json_files, read_decisions};

/// The step's name, to count which steps the conformance files reach.
fn step_name(explanation: &Explanation) -> &'static str {
    match explanation.step() {
        None => "refused",
        Some(Step::Direct(Standing::BucketOwner)) => "bucket-owner",
        Some(Step::Direct(Standing::Anonymous)) => "anonymous",
        Some(Step::Direct(Standing::OtherAccount { .. })) => "other-account",
        Some(Step::Direct(Standing::Member)) => "member",
        Some(Step::AnonymousThroughAccessPoint) => "anonymous-through-access-point",
        Some(Step::AccessPoint(row)) if row.delegation_missing() => "access-point, delegation missing",
        Some(Step::AccessPoint(_)) => "access-point",
    }
}

#[test]
fn explanations_decide_as_the_authorizer_on_every_conformance_request_and_engine() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/decisions");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut steps = BTreeSet::new();
    for file in json_files(&root) {
        let cases = read_decisions(&file);
        let owner = cases.bucket_owner.as_deref();
        let policies =
            cases.policy_set(&Limits::default()).unwrap_or_else(|e| panic!("{}: invalid policy: {e}", file.display()));
        for engine in EngineName::ALL {
            let engines = CaseEngines::build(&policies, *engine);
            for (index, spec) in cases.requests.iter().enumerate() {
                let place = format!("{} (engine {engine}) request {index} `{}`", file.display(), spec.name);
                let outcome = engines.outcome(owner, spec).unwrap_or_else(|e| panic!("{place}: {e}"));
                let explanation = spec.explain(owner, &policies).unwrap_or_else(|e| panic!("{place}: {e}"));
                let explained = (
                    explanation.decision(),
                    explanation.deciding().map(|d| (d.policy, d.statement)),
                    explanation.refusal(),
                );
                let authorized = match &outcome {
                    Outcome::Decided(authorization) => (Some(authorization.decision), authorization.statement(), None),
                    Outcome::Refused(refusal) => (None, None, Some(refusal.kind())),
                };
                if explained != authorized {
                    failures
                        .push(format!("{place}: explained {explained:?}, authorized {authorized:?}\n{explanation}"));
                }
                // Every policy is explained, statement by statement, unless refused.
                let statements: usize = explanation.policies.iter().map(|policy| policy.statements.len()).sum();
                let expected = if explanation.refusal().is_some() { 0 } else { policies.statement_count() };
                if statements != expected {
                    failures.push(format!("{place}: {statements} statements explained, {expected} in the policies"));
                }
                steps.insert(step_name(&explanation));
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 500, "only {checked} requests");
    // The conformance files reach every step of SPEC.md section 5.
    let all = [
        "refused",
        "bucket-owner",
        "anonymous",
        "other-account",
        "member",
        "anonymous-through-access-point",
        "access-point",
        "access-point, delegation missing",
    ];
    assert_eq!(steps, BTreeSet::from(all));
}
