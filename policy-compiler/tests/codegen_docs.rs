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
    let source = to_source(&Codegen::new("Generated").expect("a valid name").generate(&policy), "a test");
    // The first line of the last doc block before the type (its attributes come between).
    let (mut first_doc_line, mut in_doc) = (None, false);
    for line in source.lines().map(str::trim) {
        if line.contains("pub struct Generated") {
            return first_doc_line.expect("a doc comment on the type");
        }
        let doc = line.starts_with("///");
        if doc && !in_doc {
            first_doc_line = Some(line.to_owned());
        }
        in_doc = doc;
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
