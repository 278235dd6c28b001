//! Policies: compiled from files named in the configuration or from a PutBucketPolicy
//! body, kept where requests read them without locks.
//!
//! * A bucket's policy lives in its own [`ArcSwapOption`] slot ([`crate::state`]): a
//!   request loads the slot once and is decided under that snapshot to the end, however
//!   often the slot is swapped meanwhile; every policy put in a slot has a fresh
//!   [`BucketPolicy::version`].
//! * The RAM and access point policies of the files are one [`FilePolicies`] value in an
//!   [`arc_swap::ArcSwap`], replaced whole by a reload.
//!
//! Compilation is [`CompiledPolicy::from_json`] under the service's limits
//! ([`Limits::default`]); its errors are rendered `FILE:LINE:COL: error[CODE] at PATH:
//! MESSAGE`, one per error.
//!
//! [`ArcSwapOption`]: arc_swap::ArcSwapOption

use std::collections::HashMap;
use std::path::Path;

use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::{Limits, PolicyErrors};
use oss_policy_runtime::PolicyKind;

use crate::config::Config;

/// A bucket policy in force.
#[derive(Debug)]
pub struct BucketPolicy {
    /// The compiled policy.
    pub compiled: CompiledPolicy,
    /// Its text, as GetBucketPolicy answers it.
    pub text: String,
    /// Its version: every policy put in a slot gets a new one.
    pub version: u64,
}

/// The RAM and access point policies of the files named in the configuration, and the
/// bucket policies read from files (moved into the buckets' slots by the loader).
#[derive(Debug, Default)]
pub struct FilePolicies {
    /// The RAM policies of each credential, by AccessKey id, in configuration order.
    pub ram: HashMap<String, Vec<CompiledPolicy>>,
    /// The access point policy of each access point, by name.
    pub access_points: HashMap<String, CompiledPolicy>,
    /// The bucket policies of the files, by bucket: `(compiled, text)`.
    pub buckets: HashMap<String, (CompiledPolicy, String)>,
}

impl FilePolicies {
    /// Compiles every policy file `config` names.
    ///
    /// # Errors
    /// Every error of every file (a file that cannot be read is one error).
    pub fn load(config: &Config) -> Result<FilePolicies, Vec<String>> {
        let mut errors = Vec::new();
        let mut loaded = FilePolicies::default();
        for bucket in &config.buckets {
            if let Some(path) = &bucket.policy {
                match load_file(path, PolicyKind::Bucket) {
                    Ok(policy) => {
                        loaded.buckets.insert(bucket.name.clone(), policy);
                    }
                    Err(found) => errors.extend(found),
                }
            }
        }
        for credential in &config.credentials {
            let mut policies = Vec::new();
            for path in &credential.ram_policies {
                match load_file(path, PolicyKind::Ram) {
                    Ok((policy, _)) => policies.push(policy),
                    Err(found) => errors.extend(found),
                }
            }
            loaded.ram.insert(credential.access_key_id.clone(), policies);
        }
        for ap in &config.access_points {
            if let Some(path) = &ap.policy {
                match load_file(path, PolicyKind::AccessPoint) {
                    Ok((policy, _)) => {
                        loaded.access_points.insert(ap.name.clone(), policy);
                    }
                    Err(found) => errors.extend(found),
                }
            }
        }
        if errors.is_empty() { Ok(loaded) } else { Err(errors) }
    }
}

/// Reads and compiles the policy file `path` as a `kind` policy.
///
/// # Errors
/// The file's errors, each `FILE:LINE:COL: ...`.
pub fn load_file(path: &Path, kind: PolicyKind) -> Result<(CompiledPolicy, String), Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    let compiled = compile(&text, kind).map_err(|errors| render(&path.display().to_string(), &errors))?;
    Ok((compiled, text))
}

/// Compiles `text` as a `kind` policy under the service's limits.
///
/// # Errors
/// Every error of the document.
pub fn compile(text: &str, kind: PolicyKind) -> Result<CompiledPolicy, PolicyErrors> {
    CompiledPolicy::from_json(text, kind, &Limits::default())
}

/// `errors` rendered one per line, each prefixed with `source:`:
/// `SOURCE:LINE:COL: error[CODE] at PATH: MESSAGE`.
pub fn render(source: &str, errors: &PolicyErrors) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let path = if e.path().is_empty() { "the document" } else { e.path() };
            format!("{source}:{}:{}: error[{}] at {path}: {}", e.line(), e.column(), e.code(), e.message())
        })
        .collect()
}

/// The lint warnings of `policy`, `CODE at PATH (LINE:COL): MESSAGE` each.
pub fn warnings(policy: &CompiledPolicy) -> Vec<String> {
    policy
        .warnings()
        .iter()
        .map(|w| format!("{} at {} ({}:{}): {}", w.code(), w.path(), w.line(), w.column(), w.message()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn errors_carry_the_file_the_line_and_the_column() {
        let text = "{\"Version\":\"1\",\n \"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:GetObject\",\"Resorce\":\"*\"}]}";
        let errors = compile(text, PolicyKind::Ram).unwrap_err();
        let rendered = render("p.json", &errors);
        assert!(!rendered.is_empty());
        assert!(rendered.iter().all(|line| line.starts_with("p.json:2:")), "{rendered:?}");
        assert!(
            rendered.iter().any(|line| line.contains("error[unknown-field] at Statement[0].Resorce")),
            "{rendered:?}"
        );
    }
}
