//! The doc comment of a generated type names the policy's kind with the right article:
//! "A RAM policy", "A bucket policy", "An access point policy".
#![cfg(feature = "codegen")]

use oss_policy_compiler::codegen::{Codegen, to_source};
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::PolicyKind;

const RAM: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
    "Resource":"acs:oss:*:*:b/*"}]}"#;
const BUCKET: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
    "Principal":"*","Resource":"acs:oss:*:*:b/*"}]}"#;
const ACCESS_POINT: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject",
    "Principal":"*","Resource":"acs:oss:*:*:accesspoint/ap-01/object/*"}]}"#;

/// The first doc line of the generated type.
#[expect(clippy::expect_used, clippy::panic, reason = "test helper: an invalid fixture fails the test")]
fn type_doc(kind: PolicyKind, text: &str) -> String {
    let policy = parse_policy(text, kind, &Limits::default()).expect("a valid policy");
    let source = to_source(&Codegen::new("Generated").expect("a valid name").generate(&policy));
    let mut first_doc_line = None;
    for line in source.lines().map(str::trim) {
        if line.contains("pub struct Generated") {
            return first_doc_line.expect("a doc comment on the type");
        }
        match (line.starts_with("///"), first_doc_line.is_some()) {
            (true, false) => first_doc_line = Some(line.to_owned()),
            (false, _) if !line.starts_with("#[") => first_doc_line = None,
            _ => {}
        }
    }
    panic!("no `pub struct Generated` in:\n{source}")
}

#[test]
fn each_kind_gets_its_article() {
    assert_eq!(
        type_doc(PolicyKind::Ram, RAM),
        "/// A RAM policy of 1 statement, compiled to Rust by oss-policy-compiler."
    );
    assert_eq!(
        type_doc(PolicyKind::Bucket, BUCKET),
        "/// A bucket policy of 1 statement, compiled to Rust by oss-policy-compiler."
    );
    assert_eq!(
        type_doc(PolicyKind::AccessPoint, ACCESS_POINT),
        "/// An access point policy of 1 statement, compiled to Rust by oss-policy-compiler."
    );
}
