//! Runs the error cases of the conformance corpus (`conformance/errors/*.json`, format in
//! `conformance/README.md`) through `parse_policy`: each case's policy text must be
//! rejected, and the first error must carry the case's code and, when the case gives
//! one, its path.
//!
//! Two corpora: the repository's (`../conformance/errors`, always) and the shared one
//! (`/work/shared/conformance/errors`) when it exists — required when `CI=true`. Nothing
//! is skipped silently: a file that does not read, an unknown member, an unknown kind or
//! code is a failure, and a run of zero cases fails.
//!
//! The valid policies of the decision sets (`conformance/decisions/*.json`, here and in
//! the shared corpus when it exists) are checked the other way round: each must be
//! accepted as the kind it is attached as.

// Marks the helpers as test code, so that clippy.toml's test allowances cover them.
#![cfg(test)]

use std::fs;
use std::path::{Path, PathBuf};

use oss_policy_compiler::{ErrorCode, Limits, parse_policy};
use oss_policy_runtime::PolicyKind;
use serde::Deserialize;

const SHARED: &str = "/work/shared/conformance";

/// An error set.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorSet {
    description: String,
    cases: Vec<ErrorCase>,
}

/// One policy the compiler must reject.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorCase {
    name: String,
    kind: String,
    policy: String,
    error: String,
    #[serde(default)]
    path: Option<String>,
    /// For people, like a decision request's `why` (conformance/README.md).
    #[serde(default, rename = "why")]
    _why: Option<String>,
}

fn repo_folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("conformance").join(name)
}

/// The `*.json` files of `folder`, sorted; a folder that does not read is a failure.
fn json_files(folder: &Path, failures: &mut Vec<String>) -> Vec<PathBuf> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            failures.push(format!("{}: cannot read the folder: {error}", folder.display()));
            return Vec::new();
        }
    };
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// The folders of case sets `name` (`errors`, `decisions`) to run.
fn folders(name: &str, failures: &mut Vec<String>) -> Vec<PathBuf> {
    let mut folders = vec![repo_folder(name)];
    let shared = Path::new(SHARED).join(name);
    if shared.is_dir() {
        folders.push(shared);
    } else if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        failures.push(format!("{}: missing, and CI=true requires it", shared.display()));
    } else {
        println!("note: {} does not exist; running the repository's cases only", shared.display());
    }
    folders
}

/// Runs one case; a description of what went wrong when it fails.
fn run_case(case: &ErrorCase) -> Result<(), String> {
    let kind = PolicyKind::from_name(&case.kind).ok_or_else(|| format!("unknown kind `{}`", case.kind))?;
    let expected = ErrorCode::from_name(&case.error).ok_or_else(|| format!("unknown error code `{}`", case.error))?;
    let errors = match parse_policy(&case.policy, kind, &Limits::default()) {
        Ok(_) => return Err(format!("accepted; expected `{expected}`")),
        Err(errors) => errors,
    };
    let first = errors.first();
    let path_ok = case.path.as_deref().is_none_or(|path| path == first.path());
    if first.code() == expected && path_ok {
        return Ok(());
    }
    let wanted_path = case.path.as_deref().map(|path| format!(" at `{path}`")).unwrap_or_default();
    Err(format!(
        "expected `{expected}`{wanted_path}, got `{}` at `{}` ({first}); all errors:\n      {}",
        first.code(),
        first.path(),
        errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n      ")
    ))
}

#[test]
fn every_error_case_reports_its_code_and_path_first() {
    let mut failures = Vec::new();
    let (mut files, mut cases) = (0, 0);
    for folder in folders("errors", &mut failures) {
        for file in json_files(&folder, &mut failures) {
            let shown = file.display();
            let set: ErrorSet = match fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
            {
                Ok(set) => set,
                Err(error) => {
                    failures.push(format!("{shown}: does not read as an error set: {error}"));
                    continue;
                }
            };
            files += 1;
            if set.description.trim().is_empty() {
                failures.push(format!("{shown}: empty description"));
            }
            for case in &set.cases {
                cases += 1;
                if let Err(why) = run_case(case) {
                    failures.push(format!("{shown}: case `{}`: {why}", case.name));
                }
            }
        }
    }
    println!("error conformance: {files} files, {cases} cases, {} failures", failures.len());
    assert!(failures.is_empty(), "{} failures:\n  {}", failures.len(), failures.join("\n  "));
    assert!(cases > 0, "no error case ran");
}

#[test]
fn every_policy_of_the_decision_sets_is_accepted() {
    let mut failures = Vec::new();
    let mut policies = 0;
    let files: Vec<_> =
        folders("decisions", &mut failures).iter().flat_map(|folder| json_files(folder, &mut failures)).collect();
    for file in files {
        let shown = file.display();
        let set: serde_json::Value = match fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        {
            Ok(set) => set,
            Err(error) => {
                failures.push(format!("{shown}: does not read: {error}"));
                continue;
            }
        };
        let Some(attached) = set.get("policies").and_then(|p| p.as_object()) else {
            failures.push(format!("{shown}: no `policies` object"));
            continue;
        };
        for (member, value) in attached {
            let (kind, documents) = match (member.as_str(), value) {
                ("ram", serde_json::Value::Array(list)) => (PolicyKind::Ram, list.iter().collect()),
                ("bucket", document) => (PolicyKind::Bucket, vec![document]),
                ("access_point", document) => (PolicyKind::AccessPoint, vec![document]),
                _ => {
                    failures.push(format!("{shown}: unexpected `policies.{member}`"));
                    continue;
                }
            };
            for document in documents {
                policies += 1;
                let text = document.to_string();
                if let Err(errors) = parse_policy(&text, kind, &Limits::default()) {
                    failures.push(format!("{shown}: the {kind} policy is rejected: {errors}"));
                }
            }
        }
    }
    println!("decision sets: {policies} policies parsed");
    assert!(failures.is_empty(), "{} failures:\n  {}", failures.len(), failures.join("\n  "));
    assert!(policies > 0, "no policy checked");
}
