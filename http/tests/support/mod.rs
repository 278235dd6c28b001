//! Shared test support: the data files and a directory of the test buckets.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use oss_policy_http::{AccessPointAlias, Directory, Endpoint};

pub const OWNER: &str = "1746495857602745";
pub const OTHER_OWNER: &str = "1746495857609999";

pub fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR")))
        .or_else(|_| std::fs::read_to_string(format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"))))
        .unwrap()
}

/// The rows of `oss-operations.tsv`: (name, method, path).
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
