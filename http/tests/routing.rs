//! Every operation of `data/oss-operations.tsv` that has an action, as a request in both
//! addressing styles: the operation and the checks out. The expected actions come from
//! `oss-actions.txt` (column 3), the requests from the TSV paths and the vendor's API
//! reference (the parameters and headers that tell operations apart).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use http::{HeaderMap, HeaderValue, Method, Uri};
use oss_policy_http::table::{OBJECT, ROWS, SERVICE};
use oss_policy_http::{Classifier, ErrorCode, Operation, Role, Rule, Style, Target, checks};
use support::{OWNER, TestDirectory};

/// The extra query and headers an operation needs beyond its TSV path.
fn extras(name: &str) -> (&'static str, &'static [(&'static str, &'static str)]) {
    const AP: &[(&str, &str)] = &[("x-oss-access-point-name", "ap-01")];
    const FC: &[(&str, &str)] = &[("x-oss-access-point-for-object-process-name", "fc-ap-01")];
    const COPY: &[(&str, &str)] = &[("x-oss-copy-source", "/srcbucket/src.txt")];
    match name {
        "GetAccessPoint"
        | "GetAccessPointPolicy"
        | "DeleteAccessPointPolicy"
        | "PutAccessPointPolicy"
        | "DeleteAccessPoint" => ("", AP),
        "CompleteBucketWorm" | "ExtendBucketWorm" => ("wormId=1", &[]),
        "PutBucketInventory" | "GetBucketInventory" | "DeleteBucketInventory" => ("inventoryId=list1", &[]),
        "GetBucketDataRedundancyTransition" | "DeleteBucketDataRedundancyTransition" => {
            ("x-oss-redundancy-transition-taskid=t1", &[])
        }
        "GetCnameToken" => ("cname=example.com", &[]),
        "PutStyle" | "GetStyle" | "DeleteStyle" => ("styleName=s1", &[]),
        "CreateAccessPointForObjectProcess"
        | "GetAccessPointForObjectProcess"
        | "DeleteAccessPointForObjectProcess"
        | "GetAccessPointConfigForObjectProcess"
        | "PutAccessPointConfigForObjectProcess"
        | "PutAccessPointPolicyForObjectProcess"
        | "GetAccessPointPolicyForObjectProcess"
        | "DeleteAccessPointPolicyForObjectProcess" => ("", FC),
        "GetAccessPointPublicAccessBlock"
        | "PutAccessPointPublicAccessBlock"
        | "DeleteAccessPointPublicAccessBlock" => ("x-oss-access-point-name=ap-01", &[]),
        "CopyObject" => ("", COPY),
        "UploadPartCopy" => ("partNumber=1&uploadId=u1", COPY),
        "AppendObject" => ("position=0", &[]),
        "SealAppendObject" => ("position=10", &[]),
        "SelectObject" => ("x-oss-process=csv%2Fselect", &[]),
        "CreateSelectObjectMeta" => ("x-oss-process=csv%2Fmeta", &[]),
        "UploadPart" => ("partNumber=1&uploadId=u1", &[]),
        "CompleteMultipartUpload" | "AbortMultipartUpload" | "ListParts" => ("uploadId=u1", &[]),
        "PutLiveChannelStatus" => ("status=enabled", &[]),
        _ => ("", &[]),
    }
}

fn headers(host: &str, extra: &[(&'static str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_str(host).unwrap());
    for (name, value) in extra {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    headers
}

#[test]
fn every_operation_with_an_action_in_both_styles() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let mut covered = 0;
    for row in ROWS.iter().filter(|r| matches!(r.rule, Rule::Action(_))) {
        let name = row.operation.name();
        if name == "DeleteMultipleObjects" {
            continue; // needs a body: tests/bugs.rs
        }
        let (extra_query, extra_headers) = extras(name);
        let (path, tsv_query) = row.tsv_path.split_once('?').unwrap_or((row.tsv_path, ""));
        let path =
            path.replace("{key}", "dir/obj+1 %.txt").replace("{channel}", "ch").replace("{playlist}", "list.m3u8");
        let path = path.replace(' ', "%20").replace('%', "%25").replace("%2520", "%20");
        let query: Vec<&str> = [tsv_query, extra_query].into_iter().filter(|q| !q.is_empty()).collect();
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        let service = row.scope == SERVICE;
        let styles: Vec<(String, String)> = if service {
            vec![
                ("oss-cn-hangzhou.aliyuncs.com".into(), format!("{path}{query}")),
                ("127.0.0.1:8080".into(), format!("/{query}")),
            ]
        } else {
            vec![
                ("examplebucket.oss-cn-hangzhou.aliyuncs.com".into(), format!("{path}{query}")),
                ("127.0.0.1:8080".into(), format!("/examplebucket{path}{query}")),
            ]
        };
        let expected = support::plain_actions(name);
        for (host, target) in styles {
            let uri: Uri = target.parse().unwrap();
            let method = Method::from_bytes(row.method.as_bytes()).unwrap();
            let headers = headers(&host, extra_headers);
            let classified =
                classifier.classify(&method, &uri, &headers).unwrap_or_else(|e| panic!("{name} {host}{target}: {e}"));
            assert_eq!(classified.operation, row.operation, "{host}{target}");
            let checks = checks(&classified, &TestDirectory, None).unwrap();
            let mut actions: Vec<String> = checks.iter().map(|c| c.action.to_owned()).collect();
            actions.sort();
            actions.dedup();
            // Case differs in a few of the file's names (PutObjectACL): compare folded.
            let fold = |v: &[String]| v.iter().map(|a| a.to_ascii_lowercase()).collect::<Vec<_>>();
            assert_eq!(fold(&actions), fold(&expected), "{name}");
            for check in checks.iter() {
                let arn = check.target.arn("cn-hangzhou", OWNER);
                let want = match (&check.role, row.scope) {
                    (Role::Source, _) => "acs:oss:cn-hangzhou:1746495857609999:srcbucket/src.txt".to_owned(),
                    (_, SERVICE) => "acs:oss:*:*:*".to_owned(),
                    (_, scope) if scope & OBJECT != 0 => {
                        let key = row.tsv_path.split('?').next().unwrap().trim_start_matches('/');
                        let key = key
                            .replace("{key}", "dir/obj+1 %.txt")
                            .replace("{channel}", "ch")
                            .replace("{playlist}", "list.m3u8");
                        format!("acs:oss:cn-hangzhou:{OWNER}:examplebucket/{key}")
                    }
                    _ => format!("acs:oss:cn-hangzhou:{OWNER}:examplebucket"),
                };
                let owner = if check.role == Role::Source { support::OTHER_OWNER } else { OWNER };
                assert_eq!(check.target.arn("cn-hangzhou", owner), want, "{name}");
                let _ = arn;
            }
        }
        covered += 1;
    }
    assert!(covered > 130, "{covered}");
}

#[test]
fn custom_domains_and_access_point_aliases() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let uri: Uri = "/a/b.txt".parse().unwrap();
    let get = Method::GET;
    let h = headers("static.example.com", &[]);
    let c = classifier.classify(&get, &uri, &h).unwrap();
    assert_eq!(
        (c.bucket, c.key.as_deref(), c.operation),
        (Some("examplebucket"), Some("a/b.txt"), Operation::GetObject)
    );
    let h = headers("ap-01-3b00d6f0-ossalias.oss-cn-hangzhou.aliyuncs.com", &[]);
    let c = classifier.classify(&get, &uri, &h).unwrap();
    assert_eq!(c.bucket, Some("examplebucket"));
    assert_eq!(c.addressed_bucket, Some("ap-01-3b00d6f0-ossalias"));
    assert_eq!(c.access_point.map(|ap| ap.name), Some("ap-01"));
    let h = headers("ap-02-ffff-ossalias.oss-cn-hangzhou.aliyuncs.com", &[]);
    assert_eq!(classifier.classify(&get, &uri, &h).unwrap_err().code(), ErrorCode::NoSuchBucket);
}

#[test]
fn keys_are_decoded_once_and_never_normalised() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let host = headers("examplebucket.oss-cn-hangzhou.aliyuncs.com", &[]);
    for (path, key) in [
        ("/a%2Fb", "a/b"),
        ("/a/b", "a/b"),
        ("/a%252Fb", "a%2Fb"),
        ("/a/../b", "a/../b"),
        ("/a//b", "a//b"),
        ("/a+b", "a+b"),
        ("/a%2Bb", "a+b"),
        ("/a%20b", "a b"),
    ] {
        let uri: Uri = path.parse().unwrap();
        let c = classifier.classify(&Method::GET, &uri, &host).unwrap();
        assert_eq!(c.key.as_deref(), Some(key), "{path}");
    }
    for (path, code) in [
        ("/%zz", ErrorCode::InvalidObjectName),
        ("//a", ErrorCode::InvalidObjectName),
        ("/k?acl&unknownSubresource", ErrorCode::InvalidArgument),
        ("/k?acl&acl", ErrorCode::InvalidArgument),
    ] {
        let uri: Uri = path.parse().unwrap();
        assert_eq!(classifier.classify(&Method::GET, &uri, &host).unwrap_err().code(), code, "{path}");
    }
    let long = format!("/{}", "k".repeat(1024));
    let uri: Uri = long.parse().unwrap();
    assert_eq!(classifier.classify(&Method::GET, &uri, &host).unwrap_err().code(), ErrorCode::InvalidObjectName);
    let uri: Uri = "/k".parse().unwrap();
    assert_eq!(classifier.classify(&Method::PATCH, &uri, &host).unwrap_err().code(), ErrorCode::MethodNotAllowed);
    let bad = headers("Example_Bucket.oss-cn-hangzhou.aliyuncs.com", &[]);
    assert_eq!(classifier.classify(&Method::GET, &uri, &bad).unwrap_err().code(), ErrorCode::InvalidBucketName);
}

#[test]
fn ordinary_parameters_are_known() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let host = headers("examplebucket.oss-cn-hangzhou.aliyuncs.com", &[]);
    for (target, operation) in [
        (
            "/?list-type=2&max-keys=10&continuation-token=abc&encoding-type=url&prefix=a&delimiter=%2F&start-after=b&fetch-owner=true",
            Operation::ListObjectsV2,
        ),
        ("/?max-keys=10&marker=m&prefix=", Operation::ListObjects),
        (
            "/k?response-content-type=text%2Fplain&response-content-disposition=attachment&versionId=v1",
            Operation::GetObject,
        ),
        ("/k?x-oss-process=image%2Fresize%2Cw_100", Operation::GetObject),
        ("/k?uploadId=u&max-parts=10&part-number-marker=3", Operation::ListParts),
    ] {
        let uri: Uri = target.parse().unwrap();
        assert_eq!(classifier.classify(&Method::GET, &uri, &host).unwrap().operation, operation, "{target}");
    }
}

#[test]
fn free_and_unknown_operations_have_no_checks() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let host = headers("examplebucket.oss-cn-hangzhou.aliyuncs.com", &[]);
    let uri: Uri = "/k".parse().unwrap();
    let c = classifier.classify(&Method::OPTIONS, &uri, &host).unwrap();
    let found = checks(&c, &TestDirectory, None).unwrap();
    assert_eq!((c.operation, found.rule(), found.len()), (Operation::OptionObject, Rule::Free, 0));
    let uri: Uri = "/?objectHash".parse().unwrap();
    let c = classifier.classify(&Method::PUT, &uri, &host).unwrap();
    let found = checks(&c, &TestDirectory, None).unwrap();
    assert_eq!((c.operation, found.rule(), found.len()), (Operation::PutBucketHash, Rule::Unknown, 0));
    assert!(found.iter().next().is_none());
    let _ = Target::Service;
}

#[test]
fn host_ports_are_dropped_and_nothing_else() {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let uri: Uri = "/examplebucket/k".parse().unwrap();
    for (host, style, bucket) in [
        ("examplebucket.oss-cn-hangzhou.aliyuncs.com:8080", Style::VirtualHosted, "examplebucket"),
        ("oss-cn-hangzhou.aliyuncs.com:443", Style::PathStyle, "examplebucket"),
        ("127.0.0.1:38175", Style::PathStyle, "examplebucket"),
        ("127.0.0.1", Style::PathStyle, "examplebucket"),
        ("[::1]:8080", Style::PathStyle, "examplebucket"),
        ("static.example.com:80", Style::VirtualHosted, "examplebucket"),
    ] {
        let h = headers(host, &[]);
        let c = classifier.classify(&Method::GET, &uri, &h).unwrap();
        assert_eq!((c.style, c.bucket), (style, Some(bucket)), "{host}");
    }
    // The virtual-hosted key is the whole path.
    let h = headers("examplebucket.oss-cn-hangzhou.aliyuncs.com:8080", &[]);
    let c = classifier.classify(&Method::GET, &uri, &h).unwrap();
    assert_eq!(c.key.as_deref(), Some("examplebucket/k"));
    // What follows a `:` is a port only when it is digits: otherwise the host is unknown
    // (path-style on the default region), never the endpoint.
    let h = headers("examplebucket.oss-cn-hangzhou.aliyuncs.com:x", &[]);
    let c = classifier.classify(&Method::GET, &uri, &h).unwrap();
    assert_eq!(c.style, Style::PathStyle);
}
