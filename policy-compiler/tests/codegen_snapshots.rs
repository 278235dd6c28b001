//! Snapshots of generated code (formatted as `oss-policy compile` prints it), for
//! policies of three shapes: a bucket policy granting one user two folders and a
//! listing under a condition; a RAM policy whose deny covers every action from outside a
//! CIDR block; and a larger bucket policy whose candidates the decision tree narrows by
//! resource prefix and by principal, with a `NotAction` deny and typed conditions.
//! Review a changed snapshot by reading it: it is the code users get.
#![cfg(feature = "codegen")]

use oss_policy_compiler::codegen::{Codegen, to_source};
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::PolicyKind;

#[expect(clippy::expect_used, reason = "test helper: an invalid fixture fails the test")]
fn generated(name: &str, kind: PolicyKind, text: &str) -> String {
    let policy = parse_policy(text, kind, &Limits::none()).expect("a valid policy");
    to_source(&Codegen::new(name).expect("a valid name").generate(&policy), "`tests/codegen_snapshots.rs`")
}

#[expect(clippy::expect_used, reason = "test helper: a missing fixture fails the test")]
fn example(file: &str) -> String {
    let path = format!("{}/../examples/policies/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).expect("the example policy exists")
}

#[test]
fn bucket_policy_with_a_principal_and_a_condition() {
    let text = example("bucket-s02-readonly-folders.json");
    insta::assert_snapshot!(generated("ReadonlyFolders", PolicyKind::Bucket, &text));
}

#[test]
fn ram_policy_denying_every_action_outside_a_cidr_block() {
    let text = example("ram-s08b-deny-outside-ip.json");
    insta::assert_snapshot!(generated("DenyOutsideIp", PolicyKind::Ram, &text));
}

#[test]
fn bucket_policy_narrowed_by_resource_prefix_and_principal() {
    let mut statements: Vec<String> = (1..=6)
        .map(|n| {
            format!(
                r#"{{"Sid":"Home{n}","Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Principal":"2000{n}","Resource":"acs:oss:*:1746:bucket/home/user-{n}/*"}}"#
            )
        })
        .collect();
    statements.extend((1..=10).map(|n| {
        format!(
            r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":"3000{n}","Resource":"acs:oss:*:1746:bucket/shared/*"}}"#
        )
    }));
    statements.push(
        r#"{"Sid":"ReadOnlyOutsideOffice","Effect":"Deny","NotAction":["oss:Get*","oss:List*"],"Principal":"*","Resource":"acs:oss:*:*:bucket/*","Condition":{"NotIpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateGreaterThan":{"acs:CurrentTime":"2026-01-01T08:00:00+08:00"}}}"#.to_owned(),
    );
    statements.push(
        r#"{"Effect":"Allow","Action":"oss:GetObject","Principal":["*"],"Resource":"acs:oss:*:1746:bucket/public/*.pdf","Condition":{"NumericLessThanEquals":{"custom:size":["100","250.5"]},"Bool":{"acs:SecureTransport":"true"}}}"#.to_owned(),
    );
    let text = format!(r#"{{"Version":"1","Statement":[{}]}}"#, statements.join(","));
    insta::assert_snapshot!(generated("Indexed", PolicyKind::Bucket, &text));
}
