//! The conformance runner: every case of the project's `conformance/` folder — and of
//! the project's master set of cases, wherever it sits beside the workspace (its own
//! development checkout; a clone has none), so that new cases reach CI — through
//! every engine. The decisions part is `testgen::conformance`, shared with the runner of
//! generated code (`codegen-tests/`).
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

use oss_policy_compiler::cases::ErrorCaseFile;
use oss_policy_compiler::{EngineName, Limits, parse_policy};
use testgen::conformance::{check_decisions, json_files, read_decisions};

#[derive(Default, Debug)]
struct Counts {
    files: usize,
    requests: usize,
    error_cases: usize,
}

fn run_decisions(file: &Path, counts: &mut Counts, failures: &mut Vec<String>) {
    let cases = read_decisions(file);
    counts.files += 1;
    for engine in EngineName::ALL {
        let engines = cases
            .compile(*engine, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: engine {engine}: policy does not compile: {e}", file.display()));
        let label = format!("{} (engine {engine})", file.display());
        counts.requests += check_decisions(&cases, &engines, &label, failures);
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
