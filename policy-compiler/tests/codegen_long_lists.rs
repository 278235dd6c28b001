//! Generated code for statements with long lists: 30,000 resources, STS principals,
//! ids and condition values in one statement. Each long alternation is a table and a
//! loop, not a 30,000-term `||` chain, which syn and prettyplease (and then rustc) walk
//! by recursion and which overflowed the stack.
#![cfg(feature = "codegen")]

use oss_policy_compiler::codegen::{Codegen, to_source};
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::PolicyKind;

const ENTRIES: usize = 30_000;

/// A JSON list of `ENTRIES` strings.
fn list(entry: impl Fn(usize) -> String) -> String {
    let entries: Vec<String> = (0..ENTRIES).map(|n| format!("\"{}\"", entry(n))).collect();
    format!("[{}]", entries.join(","))
}

/// The formatted code for one statement with `members` (JSON members) added.
#[expect(clippy::unwrap_used, reason = "test helper: a failure fails the test")]
fn generated(kind: PolicyKind, members: &str) -> String {
    let text = format!(r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"oss:GetObject",{members}}}]}}"#);
    let policy = parse_policy(&text, kind, &Limits::none()).unwrap();
    // On a test thread (2 MiB of stack), less than the 8 MiB of a build script's.
    to_source(&Codegen::new("Long").unwrap().generate(&policy), "`tests/codegen_long_lists.rs`")
}

#[test]
fn thirty_thousand_resources_format_without_overflowing() {
    let resources = list(|n| format!("acs:oss:*:1746:bucket/user-{n}/*.pdf"));
    let source = generated(PolicyKind::Ram, &format!(r#""Resource":{resources}"#));
    assert!(source.contains("\"bucket/user-29999/*.pdf\""), "the last pattern is in the table");
    assert!(source.lines().count() < 8 * ENTRIES, "a few lines per pattern");
    assert!(!source.contains("|| resource."), "no chain of resource checks");
    syn::parse_file(&source).unwrap();
}

#[test]
fn thirty_thousand_principals_and_values_format_without_overflowing() {
    let sts = list(|n| format!("arn:sts::1746:assumed-role/role-{n}/*"));
    let ids = list(|n| format!("2000{n}"));
    let agents = list(|n| format!("agent-{n}/*"));
    let folded = list(|n| format!("Tag-{n}"));
    let sizes = list(|n| format!("{n}"));
    for (kind, members) in [
        (PolicyKind::Bucket, format!(r#""Principal":{sts},"Resource":"*""#)),
        (PolicyKind::Bucket, format!(r#""Principal":{ids},"Resource":"*""#)),
        (
            PolicyKind::Ram,
            format!(
                r#""Resource":"*","Condition":{{"StringLike":{{"acs:UserAgent":{agents}}},
                "StringEqualsIgnoreCase":{{"oss:ExistingObjectTag/k":{folded}}},"NumericEquals":{{"custom:n":{sizes}}}}}"#
            ),
        ),
    ] {
        let source = generated(kind, &members);
        syn::parse_file(&source).unwrap();
        assert!(source.lines().count() < 8 * ENTRIES);
    }
}
