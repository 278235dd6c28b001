//! Condition keys: how a policy's key name finds the request's values (docs/SPEC.md
//! section 3).
//!
//! Key names are compared ASCII case-insensitively (`acs:SourceIp` = `acs:sourceip`),
//! except the tag name after the `/` of `oss:ExistingObjectTag/`, `oss:RequestObjectTag/`
//! and `oss:BucketTag/`, which is case-sensitive (`oss:BucketTag/Team` is not
//! `oss:bucketTag/team`, but is `OSS:BUCKETTAG/Team`).
//!
//! A well-known key (docs/SPEC.md's table: `acs:SourceIp`, `oss:Prefix`, ...) is read as the
//! text the request gave for it, one value at most; every other key from the request's
//! extra entries, which may hold several values. A key the request lacks has no values.
//!
//! The keys the service sets for a request through an access point
//! (`oss:DataAccessPointArn`, `oss:DataAccessPointAccount`, `oss:AccessPointNetworkOrigin`)
//! are in the context the combined authorizer hands an engine. An
//! [explanation](crate::explain) decides a request without the authorizer, so it gives
//! their values beside the context ([`Values::service`]).

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

/// Where a request's condition values are read from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Values<'c, 'a> {
    /// The request's context.
    pub(crate) context: &'c Context<'a>,
    /// The values of `oss:DataAccessPointArn`, `oss:DataAccessPointAccount` and
    /// `oss:AccessPointNetworkOrigin`, in that order, when they are not in `context`:
    /// they then win over it (a client's own are dropped from every context anyway).
    pub(crate) service: Option<[&'a str; 3]>,
}

impl<'c, 'a> Values<'c, 'a> {
    /// The values of `context` alone.
    pub(crate) fn of(context: &'c Context<'a>) -> Values<'c, 'a> {
        Values { context, service: None }
    }

    /// The request's values for the key `name`, as text; empty when the request lacks it.
    pub(crate) fn get(&self, name: &str) -> Vec<&'a str> {
        if let Some(key) = Key::ALL.iter().copied().find(|key| same_key_name(key.name(), name)) {
            return self.well_known(key).into_iter().collect();
        }
        self.context
            .extra()
            .iter()
            .filter(|entry| same_key_name(entry.key, name))
            .flat_map(|entry| entry.values.iter().copied())
            .collect()
    }

    /// The text of a well-known key.
    fn well_known(&self, key: Key) -> Option<&'a str> {
        match (self.service, key) {
            (Some([arn, _, _]), Key::DataAccessPointArn) => Some(arn),
            (Some([_, account, _]), Key::DataAccessPointAccount) => Some(account),
            (Some([_, _, origin]), Key::AccessPointNetworkOrigin) => Some(origin),
            _ => self.context.get(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::{Context, ContextEntry, Key};

    use super::{Values, same_key_name};

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
            assert_eq!(Values::of(&context).get(name), want, "{name:?}");
        }
    }

    #[test]
    fn service_set_keys_come_from_beside_the_context() {
        let context = Context::new().with(Key::SourceVpc, "vpc-1").unwrap();
        let through = Values { context: &context, service: Some(["acs:oss:r:1:accesspoint/ap", "1", "vpc"]) };
        let cases: [(&str, &[&str], &[&str]); 4] = [
            ("oss:DataAccessPointArn", &[], &["acs:oss:r:1:accesspoint/ap"]),
            ("oss:dataaccesspointaccount", &[], &["1"]),
            ("oss:AccessPointNetworkOrigin", &[], &["vpc"]),
            ("acs:SourceVpc", &["vpc-1"], &["vpc-1"]),
        ];
        for (name, direct, want) in cases {
            assert_eq!(Values::of(&context).get(name), direct, "{name:?}");
            assert_eq!(through.get(name), want, "{name:?}");
        }
    }
}
