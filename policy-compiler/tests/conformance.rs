//! The conformance runner: every case of the project's `conformance/` folder — and of
//! `../shared/conformance` when it exists, so that new shared cases reach CI — through
//! every engine.
//!
//! * decisions: each request through the combined authorizer over each engine's
//!   policies: the decision, and the deciding statement where `expect_statement` is
//!   given (single-policy sets; then the policy's own evaluation is checked too);
//! * errors: each policy through the validator: the first error's code and, where given,
//!   its path.
//!
//! Nothing is skipped: an unreadable file, an unknown member or a request that cannot be
//! built fails the run. Counts are printed, and a count of zero fails.
#![expect(clippy::panic, reason = "a test harness: an unreadable case fails the run, naming it")]

use std::path::{Path, PathBuf};

use oss_policy_compiler::cases::{CaseFile, ErrorCaseFile};
use oss_policy_compiler::{EngineName, Limits, parse_policy};

#[derive(Default, Debug)]
struct Counts {
    files: usize,
    requests: usize,
    error_cases: usize,
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
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

fn run_decisions(file: &Path, counts: &mut Counts, failures: &mut Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let cases = CaseFile::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(!cases.requests.is_empty(), "{}: no requests", file.display());
    counts.files += 1;
    for engine in EngineName::ALL {
        let engines = cases
            .compile(*engine, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: engine {engine}: policy does not compile: {e}", file.display()));
        for (index, spec) in cases.requests.iter().enumerate() {
            let place = format!("{} request {index} `{}` (engine {engine})", file.display(), spec.name);
            let expect = spec.expect.unwrap_or_else(|| panic!("{place}: no `expect`"));
            let outcome = spec
                .with_request(cases.bucket_owner.as_deref(), |request| {
                    let combined = engines.with_authorizer(|authorizer| authorizer.authorize(request));
                    let single = engines.single().map(|policy| policy.evaluate(request));
                    (combined, single)
                })
                .unwrap_or_else(|e| panic!("{place}: {e}"));
            let (combined, single) = outcome;
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
                    failures.push(format!(
                        "{place}: expected {expect} by statement {statement}, the policy says {single:?}"
                    ));
                }
            }
            counts.requests += 1;
        }
    }
}

fn run_errors(file: &Path, counts: &mut Counts, failures: &mut Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let cases = ErrorCaseFile::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(!cases.cases.is_empty(), "{}: no cases", file.display());
    counts.files += 1;
    for case in &cases.cases {
        let place = format!("{} case `{}`", file.display(), case.name);
        match parse_policy(&case.policy, case.kind, &Limits::default()) {
            Ok(_) => failures.push(format!("{place}: accepted, expected error[{}]", case.error)),
            Err(errors) => {
                let first = errors.first();
                if first.code().as_str() != case.error {
                    failures.push(format!("{place}: expected error[{}], got {first}", case.error));
                }
                if let Some(path) = &case.path
                    && first.path() != path
                {
                    failures.push(format!("{place}: expected path `{path}`, got `{}`", first.path()));
                }
            }
        }
        counts.error_cases += 1;
    }
}

fn run_folder(root: &Path) -> Counts {
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    for file in json_files(&root.join("decisions")) {
        run_decisions(&file, &mut counts, &mut failures);
    }
    for file in json_files(&root.join("errors")) {
        run_errors(&file, &mut counts, &mut failures);
    }
    println!(
        "{}: {} files, {} requests (all engines), {} error cases",
        root.display(),
        counts.files,
        counts.requests,
        counts.error_cases
    );
    assert!(failures.is_empty(), "{} failures in {}:\n{}", failures.len(), root.display(), failures.join("\n"));
    assert!(counts.files > 0 && counts.requests > 0 && counts.error_cases > 0, "nothing ran: {counts:?}");
    counts
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn project_conformance_passes_on_every_engine() {
    run_folder(&workspace_root().join("conformance"));
}

#[test]
fn shared_conformance_passes_on_every_engine() {
    let shared = workspace_root().join("../shared/conformance");
    if !shared.is_dir() {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true but {} is missing", shared.display());
        println!("{} not found; skipped outside CI", shared.display());
        return;
    }
    run_folder(&shared);
}
