//! Known OSS actions (re-exported from the runtime, where action ids live) and the
//! "did you mean" suggestion for an unknown one.
//!
//! ```
//! use oss_policy_compiler::actions::suggest_action;
//! assert_eq!(suggest_action("oss:GetObjet"), Some("oss:GetObject"));
//! assert_eq!(suggest_action("OSS:putobjekt"), Some("oss:PutObject"));
//! assert_eq!(suggest_action("oss:Frobnicate"), None);
//! ```

pub use oss_policy_runtime::actions::{ActionId, ActionLevel, KNOWN_ACTIONS, KnownAction, action_id};

use crate::parse::suggest::closest;

/// The known action whose name is closest to `name` (compared case-insensitively), when
/// one is reasonably close: within a third of the length of the name after its `oss:`
/// prefix. `None` for a name far from every known action. Never panics; the cost is
/// bounded whatever the length of `name`.
pub fn suggest_action(name: &str) -> Option<&'static str> {
    let part = |full: &'static str| full.get(SERVICE.len()..).unwrap_or(full);
    let wanted = strip_service(name);
    let found = closest(wanted, KNOWN_ACTIONS.iter().map(|known| part(known.name)))?;
    KNOWN_ACTIONS.iter().map(|known| known.name).find(|full| part(full) == found)
}

/// The prefix every known action name has.
const SERVICE: &str = "oss:";

/// The name after an `oss:` prefix (in any case), or the whole name without one.
fn strip_service(name: &str) -> &str {
    match name.get(..SERVICE.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(SERVICE) => name.get(SERVICE.len()..).unwrap_or(name),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_action() {
        let cases: &[(&str, Option<&str>)] = &[
            ("oss:GetObjet", Some("oss:GetObject")),
            ("oss:getobjet", Some("oss:GetObject")),
            ("OSS:GETOBJET", Some("oss:GetObject")),
            ("oss:PutObjekt", Some("oss:PutObject")),
            ("oss:DelteObject", Some("oss:DeleteObject")),
            ("oss:GetBucketInf", Some("oss:GetBucketInfo")),
            ("oss:GetObejct", Some("oss:GetObject")),
            ("oss:ListObject", Some("oss:ListObjects")),
            ("oss:Frobnicate", None),
            ("oss:", None),
            ("", None),
        ];
        for &(name, expected) in cases {
            assert_eq!(suggest_action(name), expected, "{name}");
        }
    }

    #[test]
    fn every_suggestion_is_a_known_action() {
        for name in ["oss:GetObjectAc", "oss:PutBucketLifecycl", "oss:ListBuckt", "oss:AbortMultipartUploa"] {
            let suggestion = suggest_action(name).unwrap_or_else(|| panic!("{name}: no suggestion"));
            assert!(action_id(suggestion).is_some(), "{name}: {suggestion}");
        }
    }

    #[test]
    fn a_huge_name_gets_no_suggestion() {
        assert_eq!(suggest_action(&format!("oss:{}", "GetObject".repeat(100_000))), None);
    }
}
