//! The runner of the conformance decision cases (`conformance/README.md`), over any
//! engines: the reference evaluator and the in-memory engine
//! (`policy-compiler/tests/conformance.rs`), generated code (`codegen-tests/`).
//!
//! Nothing is skipped: an unreadable file, an unknown member or a request that cannot be
//! built fails the run, naming it; failures of a decision are collected and reported
//! together.

use std::path::{Path, PathBuf};

use oss_policy_compiler::cases::{CaseEngines, CaseFile};

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
/// decision, and where `expect_statement` is given (single-policy sets, direct requests)
/// the deciding statement, both in the combined decision and in the policy's own
/// evaluation. Failures are pushed to `failures`, each starting with `label` and the
/// request; returns how many requests were checked.
pub fn check_decisions(cases: &CaseFile, engines: &CaseEngines, label: &str, failures: &mut Vec<String>) -> usize {
    let mut checked = 0;
    for (index, spec) in cases.requests.iter().enumerate() {
        let place = format!("{label} request {index} `{}`", spec.name);
        let expect = spec.expect.unwrap_or_else(|| panic!("{place}: no `expect`"));
        let (combined, single) = spec
            .with_request(cases.bucket_owner.as_deref(), |request| {
                let combined = engines.with_authorizer(|authorizer| authorizer.authorize(request));
                let single = engines.single().map(|policy| policy.evaluate(request));
                (combined, single)
            })
            .unwrap_or_else(|e| panic!("{place}: {e}"));
        checked += 1;
        let combined = match combined {
            Ok(combined) => combined,
            Err(e) => {
                failures.push(format!("{place}: refused: {e}"));
                continue;
            }
        };
        if combined.decision != expect {
            failures.push(format!("{place}: expected {expect}, got {} ({:?})", combined.decision, combined.reason));
        }
        if let Some(statement) = spec.expect_statement {
            assert!(spec.access_point.is_none(), "{place}: expect_statement on an access point request");
            let single = single.unwrap_or_else(|| panic!("{place}: expect_statement in a set of several policies"));
            let got = combined.statement().map(|(_, index)| index);
            if got != Some(statement) {
                failures.push(format!("{place}: expected statement {statement}, combined decision names {got:?}"));
            }
            if single.statement != Some(statement) || single.decision != expect {
                failures
                    .push(format!("{place}: expected {expect} by statement {statement}, the policy says {single:?}"));
            }
        }
    }
    checked
}
