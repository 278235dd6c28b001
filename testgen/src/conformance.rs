//! The runner of the conformance decision cases (`conformance/README.md`), over any
//! engines: the reference evaluator and the in-memory engine
//! (`policy-compiler/tests/conformance.rs`), generated code (`codegen-tests/`).
//!
//! Nothing is skipped: an unreadable file, an unknown member or a malformed request fails
//! the run, naming it; a request that docs/SPEC.md refuses is an outcome (`"expect":
//! "Refused"`); failures of an outcome are collected and reported together.

use std::path::{Path, PathBuf};

use oss_policy_compiler::cases::{CaseEngines, CaseFile, Expect, Outcome};

/// The `*.json` files of `dir`, sorted by name. Panics, naming the folder, when it cannot
/// be read or holds any other file.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())).path())
        .collect();
    files.sort();
    for file in &files {
        assert_eq!(
            file.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{}: not a .json case file",
            file.display()
        );
    }
    files
}

/// Reads a decisions case file. Panics, naming the file, when it does not read or has
/// no request.
pub fn read_decisions(file: &Path) -> CaseFile {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let cases = CaseFile::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(!cases.requests.is_empty(), "{}: no requests", file.display());
    cases
}

/// Checks every request of `cases` through the combined authorizer over `engines`: the
/// outcome (a decision, or a refusal of the expected kind), and where `expect_statement`
/// is given (single-policy sets, direct requests) the deciding statement, both in the
/// combined decision and in the policy's own evaluation, which must also refuse what the
/// authorizer refuses. Failures are pushed to `failures`, each starting with `label` and
/// the request; returns how many requests were checked.
pub fn check_decisions(cases: &CaseFile, engines: &CaseEngines, label: &str, failures: &mut Vec<String>) -> usize {
    let mut checked = 0;
    let owner = cases.bucket_owner.as_deref();
    for (index, spec) in cases.requests.iter().enumerate() {
        let place = format!("{label} request {index} `{}`", spec.name);
        let expect = spec.expect.unwrap_or_else(|| panic!("{place}: no `expect`"));
        let outcome = engines.outcome(owner, spec).unwrap_or_else(|e| panic!("{place}: {e}"));
        checked += 1;
        if !outcome.is_expected_by(spec) {
            let kind = spec.refusal.map(|kind| format!(" ({kind})")).unwrap_or_default();
            failures.push(format!("{place}: expected {expect}{kind}, got {outcome}"));
        }
        let Some(statement) = spec.expect_statement else { continue };
        assert!(spec.access_point.is_none(), "{place}: expect_statement on an access point request");
        let single =
            engines.single().unwrap_or_else(|| panic!("{place}: expect_statement in a set of several policies"));
        let single =
            spec.with_request(owner, |request| single.evaluate(request)).unwrap_or_else(|e| panic!("{place}: {e}"));
        let got = match &outcome {
            Outcome::Decided(authorization) => authorization.statement().map(|(_, index)| index),
            Outcome::Refused(_) => None,
        };
        if got != Some(statement) {
            failures.push(format!("{place}: expected statement {statement}, combined decision names {got:?}"));
        }
        let agrees = single
            .as_ref()
            .is_ok_and(|single| single.statement == Some(statement) && Expect::Decision(single.decision) == expect);
        if !agrees {
            failures.push(format!("{place}: expected {expect} by statement {statement}, the policy says {single:?}"));
        }
    }
    checked
}
