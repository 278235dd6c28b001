//! The GetObject the benchmarks and `examples/classify_loop.rs` classify.
#![allow(clippy::unwrap_used)]

use http::{HeaderMap, HeaderValue, Method, Uri};
use oss_policy_http::Endpoint;

/// The endpoint, method, URI and headers of a virtual-hosted GetObject without a query.
pub fn get_object() -> ([Endpoint; 1], Method, Uri, HeaderMap) {
    let endpoints = [Endpoint::vendor("oss-cn-hangzhou.aliyuncs.com").unwrap()];
    let uri: Uri = "/photos/2026/a.jpg".parse().unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_static("examplebucket.oss-cn-hangzhou.aliyuncs.com"));
    headers.insert("x-oss-date", HeaderValue::from_static("20231216T162057Z"));
    headers.insert("x-oss-content-sha256", HeaderValue::from_static("UNSIGNED-PAYLOAD"));
    (endpoints, Method::GET, uri, headers)
}
