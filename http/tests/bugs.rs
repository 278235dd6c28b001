//! The authorization bugs of S3-compatible servers, each a named test through compiled
//! policies and the runtime's combined authorizer.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use base64::Engine as _;
use http::{HeaderMap, HeaderValue, Method, Uri};
use md5::{Digest as _, Md5};
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_http::{Classifier, ErrorCode, Operation, Role, checks};
use support::{TestDirectory, ram};

/// The allowed flag of each check of a request under `policy`.
fn decide(
    policy: &CompiledPolicy,
    method: Method,
    target: &str,
    extra: &[(&'static str, &str)],
    body: Option<&[u8]>,
) -> Vec<(String, String, bool)> {
    support::decide(policy, method, target, extra, body, None)
}

#[test]
fn copy_from_another_bucket_is_denied_when_only_the_target_is_granted() {
    let policy = ram(
        r#"{"Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Resource":["acs:oss:*:*:examplebucket/*"]}"#,
    );
    let outcomes = decide(&policy, Method::PUT, "/dest.txt", &[("x-oss-copy-source", "/srcbucket/secret.txt")], None);
    assert_eq!(outcomes.iter().map(|o| o.2).collect::<Vec<_>>(), vec![false, true], "{outcomes:?}");
    assert_eq!(outcomes[0].0, "oss:GetObject");
    assert!(outcomes[0].1.ends_with(":srcbucket/secret.txt"));
}

#[test]
fn multi_delete_of_three_keys_with_one_denied_reports_each() {
    let policy = ram(r#"{"Effect":"Allow","Action":"oss:DeleteObject","Resource":"acs:oss:*:*:examplebucket/tmp/*"}"#);
    let body = b"<Delete><Quiet>false</Quiet><Object><Key>tmp/a</Key></Object><Object><Key>keep/b</Key></Object><Object><Key>tmp/c</Key></Object></Delete>";
    let md5 = base64::engine::general_purpose::STANDARD.encode(Md5::digest(body));
    let outcomes = decide(&policy, Method::POST, "/?delete", &[("content-md5", &md5)], Some(body));
    let flags: Vec<bool> = outcomes.iter().map(|o| o.2).collect();
    assert_eq!(flags, vec![true, false, true]);
    assert!(outcomes[1].1.ends_with("examplebucket/keep/b"));
}

#[test]
fn multi_delete_needs_its_content_md5() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let uri: Uri = "/?delete".parse().unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_static("examplebucket.oss-cn-hangzhou.aliyuncs.com"));
    let method = Method::POST;
    let body = b"<Delete><Object><Key>a</Key></Object></Delete>";
    let classified = classifier.classify(&method, &uri, &headers).unwrap();
    assert_eq!(classified.operation, Operation::DeleteMultipleObjects);
    assert_eq!(checks(&classified, &TestDirectory, Some(body)).unwrap_err().code(), ErrorCode::InvalidRequest);
    headers.insert("content-md5", HeaderValue::from_static("1B2M2Y8AsgTpgAmY7PhCfg=="));
    let classified = classifier.classify(&method, &uri, &headers).unwrap();
    assert_eq!(checks(&classified, &TestDirectory, Some(body)).unwrap_err().code(), ErrorCode::InvalidDigest);
}

#[test]
fn a_jack_policy_does_not_grant_jackson() {
    let policy = ram(r#"{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:jack/*"}"#);
    let mut allowed = Vec::new();
    for host in ["jack.oss-cn-hangzhou.aliyuncs.com", "jackson.oss-cn-hangzhou.aliyuncs.com"] {
        // The host header given last replaces the default one.
        let outcomes = decide(&policy, Method::GET, "/a.txt", &[("host", host)], None);
        allowed.push(outcomes.iter().all(|o| o.2));
    }
    assert_eq!(allowed, vec![true, false]);
}

#[test]
fn prefix_given_empty_is_not_prefix_absent() {
    // Allowed only when the request gives `prefix` as "" (listing the bucket's top).
    let policy = ram(
        r#"{"Effect":"Allow","Action":"oss:ListObjects","Resource":"acs:oss:*:*:examplebucket","Condition":{"StringEquals":{"oss:Prefix":[""]}}}"#,
    );
    assert!(decide(&policy, Method::GET, "/?prefix=", &[], None)[0].2);
    assert!(!decide(&policy, Method::GET, "/", &[], None)[0].2);
    assert!(!decide(&policy, Method::GET, "/?list-type=2&prefix=a", &[], None)[0].2);
    // The prefix is a condition key, never part of the resource.
    let listing = decide(&policy, Method::GET, "/?prefix=", &[], None);
    assert_eq!(listing[0].1, "acs:oss:cn-hangzhou:x:examplebucket");
}

#[test]
fn prefix_condition_is_honoured() {
    let policy = ram(
        r#"{"Effect":"Allow","Action":"oss:ListObjects","Resource":"acs:oss:*:*:examplebucket","Condition":{"StringLike":{"oss:Prefix":["home/*"]}}}"#,
    );
    assert!(decide(&policy, Method::GET, "/?list-type=2&prefix=home%2Falice%2F", &[], None)[0].2);
    assert!(!decide(&policy, Method::GET, "/?list-type=2&prefix=etc%2F", &[], None)[0].2);
}

#[test]
fn put_bucket_policy_needs_put_bucket_policy() {
    let writer = ram(
        r#"{"Effect":"Allow","Action":["oss:PutObject","oss:PutBucketAcl"],"Resource":["acs:oss:*:*:examplebucket","acs:oss:*:*:examplebucket/*"]}"#,
    );
    let outcomes = decide(&writer, Method::PUT, "/?policy", &[], None);
    assert_eq!(
        outcomes,
        vec![("oss:PutBucketPolicy".to_owned(), "acs:oss:cn-hangzhou:x:examplebucket".to_owned(), false)]
    );
    let admin = ram(r#"{"Effect":"Allow","Action":"oss:PutBucketPolicy","Resource":"acs:oss:*:*:examplebucket"}"#);
    assert!(decide(&admin, Method::PUT, "/?policy", &[], None)[0].2);
}

#[test]
fn versioned_get_needs_get_object_version_and_tagged_put_needs_tagging() {
    let reader = ram(
        r#"{"Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Resource":"acs:oss:*:*:examplebucket/*"}"#,
    );
    let get = decide(&reader, Method::GET, "/a.txt?versionId=v1", &[], None);
    assert_eq!(
        get.iter().map(|o| (o.0.as_str(), o.2)).collect::<Vec<_>>(),
        vec![("oss:GetObject", true), ("oss:GetObjectVersion", false)]
    );
    let put = decide(&reader, Method::PUT, "/a.txt", &[("x-oss-tagging", "a=1")], None);
    assert_eq!(
        put.iter().map(|o| (o.0.as_str(), o.2)).collect::<Vec<_>>(),
        vec![("oss:PutObject", true), ("oss:PutObjectTagging", false)]
    );
    let parts = decide(&reader, Method::PUT, "/a.txt?partNumber=1&uploadId=u", &[], None);
    assert_eq!(parts, vec![("oss:PutObject".to_owned(), "acs:oss:cn-hangzhou:x:examplebucket/a.txt".to_owned(), true)]);
    let _ = Role::Target;
}
