//! Shared test support: the data files and a directory of the test buckets.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use std::net::IpAddr;
use std::time::UNIX_EPOCH;

use http::{HeaderMap, HeaderValue, Method, Uri};
use oss_policy_compiler::Limits;
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_http::authorize::{Scene, all_allowed, authorize};
use oss_policy_http::context::{Connection, TagLookup, WireContext};
use oss_policy_http::{AccessPointAlias, Caller, Classifier, Directory, Endpoint, Signature, checks};
use oss_policy_runtime::{Authorizer, PolicyEngine, PolicyKind, Principal};

pub const OWNER: &str = "1746495857602745";
pub const OTHER_OWNER: &str = "1746495857609999";
pub const USER: Principal<'static> = Principal::RamUser { uid: "20214760404935", account: "1746495857602745" };

pub fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR")))
        .or_else(|_| std::fs::read_to_string(format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"))))
        .unwrap()
}

/// The rows of `data/oss-operations.tsv`: (name, method, path).
pub fn operations() -> Vec<(String, String, String)> {
    data("oss-operations.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("operation\t") && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_owned(), f[1].to_owned(), f[2].to_owned())
        })
        .collect()
}

/// The actions `oss-actions.txt` names for `operation` without a qualifier ("with
/// versionId", "with x-oss-tagging", "copying tags"): the actions a plain request needs.
pub fn plain_actions(operation: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in data("oss-actions.txt").lines().filter(|l| l.starts_with("oss:")) {
        let f: Vec<&str> = line.split('\t').collect();
        // "(+oss:PutObject on target bucket)" names another action's resource, not an operation.
        let column = f[2].split(" (+").next().unwrap();
        for segment in column.split(';') {
            let qualified = segment.contains(" with ") || segment.contains("copying");
            let named = segment.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w.eq_ignore_ascii_case(operation));
            if named && !qualified && !found.contains(&f[0].to_owned()) {
                found.push(f[0].to_owned());
            }
        }
    }
    found.sort();
    found
}

pub struct TestDirectory;

impl Directory for TestDirectory {
    fn bucket_owner(&self, bucket: &str) -> Option<&str> {
        match bucket {
            "examplebucket" | "jack" | "jackson" => Some(OWNER),
            "srcbucket" => Some(OTHER_OWNER),
            _ => None,
        }
    }

    fn access_point(&self, alias: &str) -> Option<AccessPointAlias<'_>> {
        (alias == "ap-01-3b00d6f0-ossalias").then_some(AccessPointAlias {
            alias: "",
            name: "ap-01",
            bucket: "examplebucket",
        })
    }

    fn cname(&self, host: &str) -> Option<&str> {
        (host == "static.example.com").then_some("examplebucket")
    }
}

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::vendor("oss-cn-hangzhou.aliyuncs.com").unwrap()]
}

/// A RAM policy of `statements`.
pub fn ram(statements: &str) -> CompiledPolicy {
    let text = format!(r#"{{"Version":"1","Statement":[{statements}]}}"#);
    CompiledPolicy::from_json(&text, PolicyKind::Ram, &Limits::default()).unwrap()
}

/// The action, ARN and allowed flag of each check of a request to `examplebucket` by
/// [`USER`] under `policy`, with the stored tags from `existing_tags`.
pub fn decide(
    policy: &CompiledPolicy,
    method: Method,
    target: &str,
    extra: &[(&'static str, &str)],
    body: Option<&[u8]>,
    existing_tags: Option<&dyn TagLookup>,
) -> Vec<(String, String, bool)> {
    let endpoints = endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &TestDirectory);
    let uri: Uri = target.parse().unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_static("examplebucket.oss-cn-hangzhou.aliyuncs.com"));
    for (name, value) in extra {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    let classified = classifier.classify(&method, &uri, &headers).unwrap();
    let found = checks(&classified, &TestDirectory, body).unwrap();
    let caller = Caller { principal: USER, access_key_id: Some("LTAI5t"), signature: Signature::V4Header };
    let peer: IpAddr = "203.0.113.5".parse().unwrap();
    let connection = Connection { peer, secure: true, vpc: None, now: UNIX_EPOCH, trusted_proxies: &[] };
    let context = WireContext::read(&classified, &connection, caller.access_key_id).unwrap();
    let policies: [&dyn PolicyEngine; 1] = [policy];
    let authorizer = Authorizer::new(OWNER).with_ram(&policies).unwrap();
    let scene =
        Scene { classified: &classified, caller: &caller, context: &context, directory: &TestDirectory, existing_tags };
    let outcomes = authorize(&authorizer, &scene, &found).unwrap();
    let all = all_allowed(&outcomes);
    let listed: Vec<_> = outcomes
        .iter()
        .map(|o| (o.check.action.to_owned(), o.check.target.arn("cn-hangzhou", "x"), o.allowed()))
        .collect();
    assert_eq!(all, listed.iter().all(|(_, _, allowed)| *allowed));
    listed
}
