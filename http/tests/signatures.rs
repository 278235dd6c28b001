//! Signatures: the vendor's V4 known-answer vector (`data/oss-signature-v4-vector.txt`)
//! and every failure mode, in V4 and V1.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::borrow::Cow;
use std::time::{Duration, UNIX_EPOCH};

use http::{HeaderMap, HeaderValue, Method, Uri};
use oss_policy_http::credentials::StaticCredentials;
use oss_policy_http::decode::Query;
use oss_policy_http::{Classified, ErrorCode, Operation, Signature, Style, Verifier, sigv1, sigv4};
use oss_policy_runtime::Principal;

/// A value of the vector file (`name: value`).
fn vector(name: &str) -> String {
    let text = support::data("oss-signature-v4-vector.txt");
    let line = text.lines().find(|l| l.starts_with(&format!("{name}:"))).unwrap();
    line.split_once(':').unwrap().1.trim().to_owned()
}

fn vector_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("x-oss-head1", "value"),
        ("abc", "value"),
        ("ZAbc", "value"),
        ("XYZ", "value"),
        ("content-type", "text/plain"),
        ("x-oss-content-sha256", "UNSIGNED-PAYLOAD"),
        ("x-oss-date", "20231216T162057Z"),
    ] {
        headers.insert(http::HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_static(value));
    }
    headers
}

const QUERY: &str = "param1=value1&%2Bparam1=value3&%7Cparam1=value4&%2Bparam2=&%7Cparam2=&param2=";

fn classified<'a>(method: &'a Method, headers: &'a HeaderMap, query: &'a str) -> Classified<'a> {
    Classified {
        operation: Operation::PutObject,
        region: "cn-hangzhou",
        bucket: Some("bucket"),
        addressed_bucket: Some("bucket"),
        key: Some(Cow::Borrowed("1234+-/123/1.txt")),
        access_point: None,
        style: Style::VirtualHosted,
        query: Query::parse(query).unwrap(),
        headers,
        method,
    }
}

fn store() -> StaticCredentials {
    let mut store = StaticCredentials::new();
    store.add("ak", "sk", None, Principal::Account { uid: support::OWNER });
    store
}

const AT: u64 = 1_702_743_657;

#[test]
fn v4_known_answer_vector() {
    let text = support::data("oss-signature-v4-vector.txt");
    let canonical = text.split("additional-headers list):\n").nth(1).unwrap().split("\n\nscope:").next().unwrap();
    let method = Method::PUT;
    let headers = vector_headers();
    let request = classified(&method, &headers, QUERY);
    let ours = sigv4::canonical_request(&request, &[], false, "UNSIGNED-PAYLOAD").unwrap();
    assert_eq!(ours, canonical);
    let to_sign = sigv4::string_to_sign("20231216T162057Z", "20231216", "cn-hangzhou", &ours);
    let signature = sigv4::sign(&sigv4::signing_key("sk", "20231216", "cn-hangzhou"), &to_sign);
    assert_eq!(signature, vector("signature"));

    // The whole verification, with the vector's header.
    let mut headers = vector_headers();
    let authorization = vector("header").strip_prefix("Authorization:").unwrap().trim().to_owned();
    headers.insert("authorization", HeaderValue::from_str(&authorization).unwrap());
    let request = classified(&method, &headers, QUERY);
    let store = store();
    let verifier = Verifier::new(&store);
    let caller = verifier.verify(&request, UNIX_EPOCH + Duration::from_secs(AT + 60)).unwrap();
    assert_eq!((caller.access_key_id, caller.signature), (Some("ak"), Signature::V4Header));
    // A second time, from the cached key.
    assert!(verifier.verify(&request, UNIX_EPOCH + Duration::from_secs(AT)).is_ok());
}

#[test]
fn v4_header_layouts_parse() {
    let sig = "e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe";
    for value in [
        format!("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature={sig}"),
        format!("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request, Signature={sig}"),
        format!(
            "OSS4-HMAC-SHA256 Signature={sig}, AdditionalHeaders=host;Range, Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request"
        ),
    ] {
        let signed = sigv4::parse_header(&value).unwrap();
        assert_eq!(
            (signed.access_key_id, signed.date, signed.region, signed.signature),
            ("ak", "20231216", "cn-hangzhou", sig)
        );
    }
    let text = format!(
        "OSS4-HMAC-SHA256 AdditionalHeaders=host;range,Credential=ak/20231216/r/oss/aliyun_v4_request,Signature={sig}"
    );
    let parsed = sigv4::parse_header(&text).unwrap();
    assert_eq!(parsed.additional, vec!["host", "range"]);
    for bad in [
        "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request".to_owned(),
        format!("OSS4-HMAC-SHA256 Credential=ak/2023/cn-hangzhou/oss/aliyun_v4_request,Signature={sig}"),
        format!("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/s3/aliyun_v4_request,Signature={sig}"),
        format!("OSS4-HMAC-SHA256 Credential=a/20231216/r/oss/aliyun_v4_request,Signature={sig},Signature={sig}"),
        "OSS4-HMAC-SHA256 Credential=a/20231216/r/oss/aliyun_v4_request,Signature=xyz".to_owned(),
    ] {
        assert_eq!(sigv4::parse_header(&bad).unwrap_err().code(), ErrorCode::InvalidArgument, "{bad}");
    }
}

#[test]
fn v4_failure_modes() {
    let method = Method::PUT;
    let store = store();
    let verifier = Verifier::new(&store);
    let authorization = vector("header").strip_prefix("Authorization:").unwrap().trim().to_owned();
    let with = |auth: &str, extra: Option<(&'static str, &'static str)>| {
        let mut headers = vector_headers();
        headers.insert("authorization", HeaderValue::from_str(auth).unwrap());
        if let Some((name, value)) = extra {
            headers.insert(name, HeaderValue::from_static(value));
        }
        headers
    };
    let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
    // Tampered: a signed header changed.
    let headers = with(&authorization, Some(("x-oss-head1", "other")));
    let code = verifier.verify(&classified(&method, &headers, QUERY), at(AT)).unwrap_err().code();
    assert_eq!(code, ErrorCode::SignatureDoesNotMatch);
    // Tampered: a query parameter changed.
    let headers = with(&authorization, None);
    let code = verifier
        .verify(
            &classified(
                &method,
                &headers,
                "param1=value2&%2Bparam1=value3&%7Cparam1=value4&%2Bparam2=&%7Cparam2=&param2=",
            ),
            at(AT),
        )
        .unwrap_err()
        .code();
    assert_eq!(code, ErrorCode::SignatureDoesNotMatch);
    // Skew beyond 15 minutes, either way.
    for t in [AT + 901, AT - 901] {
        let code = verifier.verify(&classified(&method, &headers, QUERY), at(t)).unwrap_err().code();
        assert_eq!(code, ErrorCode::RequestTimeTooSkewed);
    }
    assert!(verifier.verify(&classified(&method, &headers, QUERY), at(AT + 900)).is_ok());
    // An unknown key.
    let unknown = authorization.replace("Credential=ak/", "Credential=nobody/");
    let headers = with(&unknown, None);
    let code = verifier.verify(&classified(&method, &headers, QUERY), at(AT)).unwrap_err().code();
    assert_eq!(code, ErrorCode::InvalidAccessKeyId);
    // A security token the key does not have.
    let headers = with(&authorization, Some(("x-oss-security-token", "forged")));
    let code = verifier.verify(&classified(&method, &headers, QUERY), at(AT)).unwrap_err().code();
    assert_eq!(code, ErrorCode::InvalidAccessKeyId);
    // The wrong secret.
    let mut other = StaticCredentials::new();
    other.add("ak", "not-sk", None, Principal::Anonymous);
    let headers = with(&authorization, None);
    let code = Verifier::new(&other).verify(&classified(&method, &headers, QUERY), at(AT)).unwrap_err().code();
    assert_eq!(code, ErrorCode::SignatureDoesNotMatch);
    // No signature: anonymous.
    let headers = vector_headers();
    let caller = verifier.verify(&classified(&method, &headers, QUERY), at(AT)).unwrap();
    assert_eq!((caller.principal, caller.signature), (Principal::Anonymous, Signature::Anonymous));
}

#[test]
fn v1_sign_and_fail() {
    let method = Method::GET;
    let mut headers = HeaderMap::new();
    headers.insert("date", HeaderValue::from_static("Sat, 16 Dec 2023 16:20:57 GMT"));
    headers.insert("x-oss-meta-a", HeaderValue::from_static("1"));
    let mut request = classified(&method, &headers, "acl&max-keys=5");
    request.operation = Operation::GetObjectAcl;
    let to_sign = sigv1::string_to_sign(&request, "Sat, 16 Dec 2023 16:20:57 GMT").unwrap();
    // Method, MD5, type, date, x-oss headers, resource with its sub-resource only.
    assert_eq!(to_sign, "GET\n\n\nSat, 16 Dec 2023 16:20:57 GMT\nx-oss-meta-a:1\n/bucket/1234+-/123/1.txt?acl");
    let signature = sigv1::sign("sk", &to_sign);
    let store = store();
    let verifier = Verifier::new(&store);
    let mut signed = headers.clone();
    signed.insert("authorization", HeaderValue::from_str(&format!("OSS ak:{signature}")).unwrap());
    let mut request = classified(&method, &signed, "acl&max-keys=5");
    request.operation = Operation::GetObjectAcl;
    let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
    assert_eq!(verifier.verify(&request, at(AT)).unwrap().signature, Signature::V1Header);
    assert_eq!(verifier.verify(&request, at(AT + 1000)).unwrap_err().code(), ErrorCode::RequestTimeTooSkewed);
    let mut tampered = classified(&method, &signed, "tagging&max-keys=5");
    tampered.operation = Operation::GetObjectTagging;
    assert_eq!(verifier.verify(&tampered, at(AT)).unwrap_err().code(), ErrorCode::SignatureDoesNotMatch);
    // Presigned: Expires in the DATE line; past it, "Request has expired".
    let presign = sigv1::string_to_sign(&classified(&method, &HeaderMap::new(), ""), "1702744000").unwrap();
    let sig = sigv1::sign("sk", &presign);
    let encoded: String = percent_encoding::utf8_percent_encode(&sig, percent_encoding::NON_ALPHANUMERIC).to_string();
    let query = format!("OSSAccessKeyId=ak&Expires=1702744000&Signature={encoded}");
    let empty = HeaderMap::new();
    let request = classified(&method, &empty, &query);
    assert_eq!(verifier.verify(&request, at(AT)).unwrap().signature, Signature::V1Presigned);
    let error = verifier.verify(&request, at(1_702_744_001)).unwrap_err();
    assert_eq!((error.code(), error.message()), (ErrorCode::AccessDenied, "Request has expired."));
    // Two signatures at once are refused.
    let mut both = HeaderMap::new();
    both.insert("authorization", HeaderValue::from_static("OSS ak:x"));
    assert_eq!(
        verifier.verify(&classified(&method, &both, &query), at(AT)).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    let _ = Uri::from_static("/");
}
