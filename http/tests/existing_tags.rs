//! `oss:ExistingObjectTag/{k}`: the stored object's tags are looked up only when a policy
//! conditions on them — the host asks the compiled policy
//! (`CompiledPolicy::reads_key_prefix`) and passes its tag lookup only then.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use http::Method;
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_http::context::{EXISTING_OBJECT_TAG, TagLookup};
use support::ram;

/// The stored tags of every object: `team` = the given value; counts its calls.
struct Tags {
    team: &'static str,
    calls: AtomicUsize,
}

impl TagLookup for Tags {
    fn object_tags(&self, _bucket: &str, _key: &str) -> Option<Vec<(String, String)>> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        Some(vec![("team".to_owned(), self.team.to_owned())])
    }
}

/// What a host does: the lookup only for a policy that reads the stored tags.
fn get(policy: &CompiledPolicy, tags: &Tags) -> bool {
    let lookup = policy.reads_key_prefix(EXISTING_OBJECT_TAG).then_some(tags as &dyn TagLookup);
    let outcomes = support::decide(policy, Method::GET, "/reports/q1.csv", &[], None, lookup);
    outcomes.iter().all(|(_, _, allowed)| *allowed)
}

#[test]
fn the_tag_lookup_is_called_only_for_a_policy_that_reads_the_tags() {
    let tagged = ram(r#"{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:examplebucket/*",
            "Condition":{"StringEquals":{"oss:ExistingObjectTag/team":"finance"}}}"#);
    let finance = Tags { team: "finance", calls: AtomicUsize::new(0) };
    assert!(get(&tagged, &finance));
    let sales = Tags { team: "sales", calls: AtomicUsize::new(0) };
    assert!(!get(&tagged, &sales), "the stored tag decides");
    assert_eq!((finance.calls.load(Ordering::Relaxed), sales.calls.load(Ordering::Relaxed)), (1, 1));

    let plain = ram(r#"{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:examplebucket/*"}"#);
    let unused = Tags { team: "finance", calls: AtomicUsize::new(0) };
    assert!(get(&plain, &unused));
    assert_eq!(unused.calls.load(Ordering::Relaxed), 0, "no policy reads the tags: no lookup");
}

#[test]
fn without_the_lookup_a_tag_condition_does_not_hold() {
    // A host that skips the lookup for a policy that reads the tags (the mistake the
    // check above prevents) leaves the key unset: the Allow does not apply.
    let tagged = ram(r#"{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:examplebucket/*",
            "Condition":{"StringEquals":{"oss:ExistingObjectTag/team":"finance"}}}"#);
    let outcomes = support::decide(&tagged, Method::GET, "/reports/q1.csv", &[], None, None);
    assert!(!outcomes[0].2);
}
