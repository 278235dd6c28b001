//! Condition keys: how a policy's key name finds the request's values (SPEC.md
//! section 3).
//!
//! Key names are compared ASCII case-insensitively (`acs:SourceIp` = `acs:sourceip`),
//! except the tag name after the `/` of `oss:ExistingObjectTag/`, `oss:RequestObjectTag/`
//! and `oss:BucketTag/`, which is case-sensitive (`oss:BucketTag/Team` is not
//! `oss:bucketTag/team`, but is `OSS:BUCKETTAG/Team`).
//!
//! A well-known key (SPEC.md's table: `acs:SourceIp`, `oss:Prefix`, ...) is read as the
//! text the request gave for it, one value at most; every other key from the request's
//! extra entries, which may hold several values. A key the request lacks has no values.

use oss_policy_runtime::{Context, Key};

/// The key prefixes after which the tag name is case-sensitive.
const TAG_PREFIXES: [&str; 3] = ["oss:ExistingObjectTag/", "oss:RequestObjectTag/", "oss:BucketTag/"];

/// Whether two key names name the same key.
pub(super) fn same_key_name(a: &str, b: &str) -> bool {
    match (split_tag(a), split_tag(b)) {
        (Some((prefix_a, tag_a)), Some((prefix_b, tag_b))) => prefix_a == prefix_b && tag_a == tag_b,
        (None, None) => a.eq_ignore_ascii_case(b),
        // A tag key and another key: never the same, whatever the case.
        (Some(_), None) | (None, Some(_)) => false,
    }
}

/// `(prefix as TAG_PREFIXES spells it, tag name)` when `name` is a tag key.
fn split_tag(name: &str) -> Option<(&'static str, &str)> {
    TAG_PREFIXES.into_iter().find_map(|prefix| {
        let head = name.get(..prefix.len())?;
        let tag = name.get(prefix.len()..)?;
        head.eq_ignore_ascii_case(prefix).then_some((prefix, tag))
    })
}

/// The request's values for the key `name`, as text; empty when the request lacks it.
pub(super) fn request_values<'a>(context: &Context<'a>, name: &str) -> Vec<&'a str> {
    if let Some(key) = Key::ALL.iter().copied().find(|key| same_key_name(key.name(), name)) {
        return context.get(key).into_iter().collect();
    }
    context
        .extra()
        .iter()
        .filter(|entry| same_key_name(entry.key, name))
        .flat_map(|entry| entry.values.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::{Context, ContextEntry, Key};

    use super::{request_values, same_key_name};

    #[test]
    fn names_compare_case_insensitively_but_tag_names_do_not() {
        let cases = [
            ("acs:SourceIp", "acs:sourceip", true),
            ("acs:SourceIp", "ACS:SOURCEIP", true),
            ("acs:SourceIp", "acs:SourceIp ", false),
            ("acs:SourceIp", "acs:SourceVpc", false),
            ("custom:Level", "CUSTOM:level", true),
            ("oss:ExistingObjectTag/status", "OSS:existingobjecttag/status", true),
            ("oss:ExistingObjectTag/status", "oss:ExistingObjectTag/Status", false),
            ("oss:RequestObjectTag/Team", "oss:requestobjecttag/Team", true),
            ("oss:RequestObjectTag/Team", "oss:RequestObjectTag/team", false),
            ("oss:BucketTag/a", "oss:BUCKETTAG/a", true),
            ("oss:BucketTag/a", "oss:BucketTag/A", false),
            ("oss:BucketTag/a", "oss:RequestObjectTag/a", false),
            ("oss:BucketTag/", "oss:buckettag/", true),
            ("oss:BucketTags/A", "oss:buckettags/a", true),
            ("报告", "报告", true),
            ("Ä:x", "ä:x", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_key_name(a, b), want, "{a:?} vs {b:?}");
            assert_eq!(same_key_name(b, a), want, "{b:?} vs {a:?}");
        }
    }

    #[test]
    fn finds_well_known_and_extra_values() {
        let extra = [
            ContextEntry { key: "oss:ExistingObjectTag/status", values: &["draft", "final"] },
            ContextEntry { key: "custom:Level", values: &["3"] },
        ];
        let context = Context::new()
            .with(Key::SourceIp, "203.0.113.5")
            .unwrap()
            .with(Key::Prefix, "")
            .unwrap()
            .with_extra(&extra)
            .unwrap();
        let cases: [(&str, &[&str]); 9] = [
            ("acs:SourceIp", &["203.0.113.5"]),
            ("ACS:sourceip", &["203.0.113.5"]),
            ("oss:prefix", &[""]),
            ("acs:SourceVpc", &[]),
            ("oss:existingobjecttag/status", &["draft", "final"]),
            ("oss:ExistingObjectTag/Status", &[]),
            ("custom:level", &["3"]),
            ("custom:levels", &[]),
            ("oss:Delimiter", &[]),
        ];
        for (name, want) in cases {
            assert_eq!(request_values(&context, name), want, "{name:?}");
        }
    }
}
