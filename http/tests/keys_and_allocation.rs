//! Keys survive encoding (a property test over hostile keys, both SDK encodings) and
//! classifying a GetObject allocates nothing.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use http::{HeaderMap, HeaderValue, Method, Uri};
use oss_policy_http::{Classifier, NoDirectory, Operation};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;

/// What the SDKs encode: everything but unreserved characters (`/` too, or kept).
const ALL: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
const KEEP_SLASH: &AsciiSet = &ALL.remove(b'/');

proptest! {
    #[test]
    fn classify_of_encoded_key_names_exactly_that_key(
        key in "[a-zA-Z0-9%+ /?#&=é中\u{1F600}.~-]{1,40}",
        slash_encoded in any::<bool>(),
        path_style in any::<bool>(),
    ) {
        prop_assume!(!key.starts_with('/'));
        let endpoints = support::endpoints();
        let classifier = Classifier::new(&endpoints, "cn-hangzhou", &NoDirectory);
        let encoded = utf8_percent_encode(&key, if slash_encoded { ALL } else { KEEP_SLASH }).to_string();
        let (host, target) = if path_style {
            ("127.0.0.1", format!("/examplebucket/{encoded}"))
        } else {
            ("examplebucket.oss-cn-hangzhou.aliyuncs.com", format!("/{encoded}"))
        };
        let uri: Uri = target.parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static(host));
        let classified = classifier.classify(&Method::GET, &uri, &headers).unwrap();
        prop_assert_eq!(classified.operation, Operation::GetObject);
        prop_assert_eq!(classified.key.as_deref(), Some(key.as_str()));
        prop_assert_eq!(classified.bucket, Some("examplebucket"));
    }
}

#[test]
fn classifying_a_get_object_allocates_nothing() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &NoDirectory);
    let uri: Uri = "/photos/2026/a.jpg?versionId=v1&response-content-type=image%2Fjpeg".parse().unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_static("examplebucket.oss-cn-hangzhou.aliyuncs.com"));
    headers.insert("user-agent", HeaderValue::from_static("aliyun-sdk-python/2.19.1"));
    let method = Method::GET;
    // Warm up, then count.
    assert_eq!(classifier.classify(&method, &uri, &headers).unwrap().operation, Operation::GetObject);
    let counted = allocation_counter::measure(|| {
        let classified = classifier.classify(&method, &uri, &headers).unwrap();
        let checks = oss_policy_http::checks(&classified, &NoDirectory, None).unwrap();
        assert_eq!(checks.len(), 2);
        std::hint::black_box((&classified, checks));
    });
    assert_eq!(counted.count_total, 0, "{counted:?}");
    // The counter counts: a formatted string allocates.
    let counted = allocation_counter::measure(|| drop(std::hint::black_box(format!("{}", uri))));
    assert!(counted.count_total > 0);
}
