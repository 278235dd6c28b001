//! Every policy document of the vendor's pages goes through the parser.
//!
//! `examples/policies/` holds each policy of the vendor's pages (the sources table of
//! docs/SPEC.md: `ram-policy.txt`, `bucket-policy.txt`, ...) verbatim, one file
//! per document, and `examples/policies/index.json` says of each its kind (`ram`, `bucket`,
//! `access_point`) and the place in the source document it comes from:
//!
//! ```json
//! [{"file": "bucket-s02-readonly-folders.json", "kind": "bucket", "source": "bucket-policy.txt scenario 2"}]
//! ```
//!
//! The vendor publishes these policies as working examples, so each must be accepted as
//! the kind the index gives it — with one exception: bucket-policy.txt scenario 11 masks
//! its blacklisted address as `101.***.***.100`, which is no IP address, and docs/SPEC.md
//! section 3 makes a policy value that does not parse for its operator a compile-time
//! `bad-condition-value` error, at the value itself (section 6). The test also keeps the
//! folder and its index in step: no policy file without an entry, no entry without a file.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

use oss_policy_compiler::{Limits, detect_kind, parse_policy};
use oss_policy_runtime::PolicyKind;

/// The seed policies the parser must reject: file, first error code, that error's path.
const EXPECTED_INVALID: &[(&str, &str, &str)] =
    &[("bucket-s11-ip-blacklist.json", "bad-condition-value", "Statement[0].Condition.IpAddress.acs:SourceIp[0]")];

/// The seeds hold 49 policy documents; fewer than this means some went missing.
const MIN_POLICIES: usize = 45;

/// One entry of `index.json`, with the text of its file.
struct Entry {
    file: String,
    kind: PolicyKind,
    source: String,
    text: String,
}

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/policies")
}

/// Reads `index.json` and every file it lists. An entry with a missing or unknown member,
/// an unknown kind, or a file that cannot be read is an error.
fn load_index() -> Result<Vec<Entry>, String> {
    let dir = policies_dir();
    let index_path = dir.join("index.json");
    let index_text =
        fs::read_to_string(&index_path).map_err(|err| format!("cannot read {}: {err}", index_path.display()))?;
    let index: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&index_text).map_err(|err| format!("index.json is not a list of objects: {err}"))?;
    index
        .iter()
        .enumerate()
        .map(|(position, entry)| {
            let member = |name: &str| {
                entry
                    .get(name)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("index.json entry {position} lacks the string member `{name}`"))
            };
            let unknown: Vec<&String> =
                entry.keys().filter(|key| !["file", "kind", "source"].contains(&key.as_str())).collect();
            if !unknown.is_empty() {
                return Err(format!("index.json entry {position} has unknown members {unknown:?}"));
            }
            let file = member("file")?;
            let kind_name = member("kind")?;
            // The manifest spells kinds as the case format does (`access_point`).
            let kind = PolicyKind::from_name(&kind_name.replace('_', "-"))
                .ok_or_else(|| format!("index.json entry {position} ({file}) has unknown kind `{kind_name}`"))?;
            let path = dir.join(&file);
            let text = fs::read_to_string(&path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            Ok(Entry { file, kind, source: member("source")?, text })
        })
        .collect()
}

#[test]
fn every_seed_policy_parses_except_the_masked_address() -> Result<(), String> {
    let entries = load_index()?;
    let mut failures = Vec::new();
    let mut rejected_as_expected = 0;
    for entry in &entries {
        let result = parse_policy(&entry.text, entry.kind, &Limits::default());
        let expected = EXPECTED_INVALID.iter().find(|(file, _, _)| *file == entry.file);
        match (result, expected) {
            (Ok(_), None) => {}
            (Err(errors), None) => {
                failures.push(format!("{} ({}, {}): rejected: {errors}", entry.file, entry.kind, entry.source));
            }
            (Ok(_), Some((_, code, path))) => {
                failures.push(format!("{} ({}): accepted, expected `{code}` at `{path}`", entry.file, entry.source));
            }
            (Err(errors), Some((_, code, path))) => {
                let first = errors.first();
                if first.code().as_str() == *code && first.path() == *path {
                    rejected_as_expected += 1;
                } else {
                    failures.push(format!(
                        "{} ({}): first error `{}` at `{}`, expected `{code}` at `{path}`: {errors}",
                        entry.file,
                        entry.source,
                        first.code().as_str(),
                        first.path(),
                    ));
                }
            }
        }
    }
    println!("{} seed policies parsed, {rejected_as_expected} rejected as expected", entries.len());
    assert!(failures.is_empty(), "{} seed policies misjudged:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(rejected_as_expected, EXPECTED_INVALID.len(), "an expected-invalid policy is missing from index.json");
    Ok(())
}

#[test]
fn index_lists_every_policy_file_once() -> Result<(), String> {
    let entries = load_index()?;
    assert!(
        entries.len() >= MIN_POLICIES,
        "only {} policies in index.json, expected at least {MIN_POLICIES}",
        entries.len()
    );

    let mut listed = BTreeSet::new();
    for entry in &entries {
        assert!(listed.insert(entry.file.as_str()), "{} is listed twice in index.json", entry.file);
    }

    let dir = policies_dir();
    let mut orphans = Vec::new();
    for dir_entry in fs::read_dir(&dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))? {
        let name = dir_entry.map_err(|err| format!("cannot list {}: {err}", dir.display()))?.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".json") && name != "index.json" && !listed.contains(name.as_ref()) {
            orphans.push(name.into_owned());
        }
    }
    assert!(orphans.is_empty(), "policy files missing from index.json: {orphans:?}");
    Ok(())
}

#[test]
fn detect_kind_agrees_with_the_index() -> Result<(), String> {
    let entries = load_index()?;
    let disagreements: Vec<String> = entries
        .iter()
        .filter_map(|entry| {
            let detected = detect_kind(&entry.text);
            let agrees = detected == entry.kind;
            (!agrees).then(|| format!("{}: index says {}, detect_kind says {detected}", entry.file, entry.kind))
        })
        .collect();
    println!("{} seed policies checked with detect_kind", entries.len());
    assert!(disagreements.is_empty(), "detect_kind disagrees with index.json:\n{}", disagreements.join("\n"));
    Ok(())
}

/// Every valid seed policy linted as the kind the index gives it: one line per warning,
/// `file: code at path: message`, reviewed against docs/SPEC.md section 7 in the snapshot.
/// Most warnings are the vendor documents' masked ids (`placeholder-value`, and
/// `consecutive-wildcards` for `1746****` in bucket and access point policies).
#[test]
fn seed_policy_warnings_are_the_reviewed_ones() -> Result<(), String> {
    let mut report = String::new();
    for entry in load_index()? {
        let Ok(policy) = parse_policy(&entry.text, entry.kind, &Limits::default()) else { continue };
        for warning in oss_policy_compiler::lint::lint(&policy, &entry.text) {
            report.push_str(&format!(
                "{}: {} at `{}`: {}\n",
                entry.file,
                warning.code(),
                warning.path(),
                warning.message()
            ));
        }
    }
    insta::assert_snapshot!(report);
    Ok(())
}
