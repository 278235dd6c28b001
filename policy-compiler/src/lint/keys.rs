//! The known condition keys (`data/condition-keys.txt` of this crate, each with its
//! sources) and what is wrong with a key that is not one of them (docs/SPEC.md section 7,
//! `unknown-condition-key`).
//!
//! A key of the `acs:` or `oss:` namespace must be in the table; a tag family written
//! `oss:ExistingObjectTag/{tag}` stands for every key with that prefix and a non-empty tag
//! name. Names compare ASCII case-insensitively (docs/SPEC.md section 3). A key of another
//! cloud's namespace (`aws:`, `s3:`) or not of the form `{service}:{name}` is never
//! carried by a request; a key of another service (`custom:n`, `imm:...`) is left alone.
//!
//! ```
//! use oss_policy_compiler::lint::keys::{is_known, suggest_key};
//! assert!(is_known("ACS:sourceip"));
//! assert!(is_known("oss:ExistingObjectTag/status"));
//! assert!(!is_known("oss:ExistingObjectTag/"));
//! assert_eq!(suggest_key("acs:SourceIP4").as_deref(), Some("acs:SourceIp"));
//! assert_eq!(suggest_key("aws:SourceIp").as_deref(), Some("acs:SourceIp"));
//! ```

use std::sync::LazyLock;

use crate::parse::suggest::closest;

/// The table as the repository keeps it.
const TABLE: &str = include_str!("../../data/condition-keys.txt");

/// The marker of a tag family at the end of a name.
const FAMILY: &str = "{tag}";

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownKey {
    /// The name as the sources spell it; a family ends in `/{tag}`.
    pub name: &'static str,
    /// The ids of its sources (explained in the table's header).
    pub sources: &'static str,
}

impl KnownKey {
    /// For a tag family, the prefix every member has (`oss:ExistingObjectTag/`).
    pub fn family_prefix(&self) -> Option<&'static str> {
        self.name.strip_suffix(FAMILY)
    }

    /// Whether `key` is this key, or a member of this family.
    pub fn matches(&self, key: &str) -> bool {
        match self.family_prefix() {
            Some(prefix) => {
                key.len() > prefix.len()
                    && key.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
            }
            None => key.eq_ignore_ascii_case(self.name),
        }
    }
}

/// Every known key, in the table's order.
pub fn known_keys() -> &'static [KnownKey] {
    static KEYS: LazyLock<Vec<KnownKey>> = LazyLock::new(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| line.split_once('\t'))
            .map(|(name, sources)| KnownKey { name: name.trim(), sources: sources.trim() })
            .collect()
    });
    &KEYS
}

/// Whether `key` is in the table (a name, or a member of a family).
pub fn is_known(key: &str) -> bool {
    known_keys().iter().any(|known| known.matches(key))
}

/// What is wrong with a condition key, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// An `acs:` or `oss:` key outside the table.
    Unknown,
    /// A key of another cloud's namespace (`aws:`, `s3:`).
    Foreign,
    /// Not of the form `{service}:{name}`.
    Malformed,
}

/// The namespaces of other clouds whose keys are copied into policies by mistake.
const FOREIGN: [&str; 2] = ["aws", "s3"];

/// What is wrong with `key`; `None` for a known key or one of another service.
pub fn key_problem(key: &str) -> Option<KeyProblem> {
    let Some((service, name)) = key.split_once(':') else {
        return Some(KeyProblem::Malformed);
    };
    let service_ok =
        !service.is_empty() && service.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !service_ok || name.is_empty() {
        Some(KeyProblem::Malformed)
    } else if FOREIGN.iter().any(|foreign| service.eq_ignore_ascii_case(foreign)) {
        Some(KeyProblem::Foreign)
    } else if (service.eq_ignore_ascii_case("acs") || service.eq_ignore_ascii_case("oss")) && !is_known(key) {
        Some(KeyProblem::Unknown)
    } else {
        None
    }
}

/// The known key closest to `key`, as it would be written: a family member keeps the
/// tag name `key` gives (`oss:ExistingObjecTag/status` → `oss:ExistingObjectTag/status`).
pub fn suggest_key(key: &str) -> Option<String> {
    let tag = key.split_once('/').map(|(_, tag)| tag).filter(|tag| !tag.is_empty()).unwrap_or(FAMILY);
    let candidates: Vec<String> = known_keys()
        .iter()
        .map(|known| match known.family_prefix() {
            Some(prefix) => format!("{prefix}{tag}"),
            None => known.name.to_owned(),
        })
        .collect();
    closest(key, candidates.iter().map(String::as_str)).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::Key;

    use super::*;

    #[test]
    fn the_runtime_typed_keys_are_all_known() {
        for key in Key::ALL {
            assert!(is_known(key.name()), "{}", key.name());
            assert_eq!(key_problem(key.name()), None, "{}", key.name());
        }
    }

    #[test]
    fn every_row_names_its_sources() {
        assert!(known_keys().len() >= Key::ALL.len());
        for known in known_keys() {
            assert!(!known.sources.is_empty(), "{}", known.name);
            assert!(known.name.starts_with("acs:") || known.name.starts_with("oss:"), "{}", known.name);
        }
    }

    #[test]
    fn keys_are_judged_as_spec_section_7_says() {
        let cases: &[(&str, Option<KeyProblem>)] = &[
            ("acs:SourceIp", None),
            ("acs:sourceip", None),
            ("oss:BucketTag/Key1", None),
            ("acs:RequestTag/team", None),
            ("custom:n", None),
            ("imm:Anything", None),
            ("acs:SourceIP4", Some(KeyProblem::Unknown)),
            ("acs:SorceIp", Some(KeyProblem::Unknown)),
            ("oss:BucketTag/", Some(KeyProblem::Unknown)),
            ("oss:Frobnicate", Some(KeyProblem::Unknown)),
            ("aws:SourceIp", Some(KeyProblem::Foreign)),
            ("s3:prefix", Some(KeyProblem::Foreign)),
            ("SourceIp", Some(KeyProblem::Malformed)),
            (":SourceIp", Some(KeyProblem::Malformed)),
            ("acs:", Some(KeyProblem::Malformed)),
            ("a c s:x", Some(KeyProblem::Malformed)),
        ];
        for &(key, expected) in cases {
            assert_eq!(key_problem(key), expected, "{key}");
        }
    }

    #[test]
    fn suggestions_are_the_closest_known_key() {
        let cases: &[(&str, Option<&str>)] = &[
            ("acs:SourceIP4", Some("acs:SourceIp")),
            ("acs:SorceIp", Some("acs:SourceIp")),
            ("aws:SourceIp", Some("acs:SourceIp")),
            ("SourceIp", None),
            ("oss:ExistingObjecTag/status", Some("oss:ExistingObjectTag/status")),
            ("acs:SecureTransprt", Some("acs:SecureTransport")),
            ("oss:Frobnicate", None),
        ];
        for &(key, expected) in cases {
            assert_eq!(suggest_key(key).as_deref(), expected, "{key}");
        }
    }
}
