//! SIGHUP, on the real binary: the policy files named in the configuration are read
//! again and the next requests are decided by them; a reload that fails keeps the
//! policies in force and says why (file, line and column) on standard error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};

use support::{GatewayProcess, PATIENCE, send};

mod support;

const OWNER: &str = "1746495857602745";

/// The status and the bucket policy version of an anonymous GetObject of `path`.
fn get(gateway: &GatewayProcess, path: &str) -> (u16, String) {
    let (status, headers) = send(gateway.address, "GET", path, &[], b"");
    (status, headers.get("x-oss-policy-version").cloned().unwrap_or_default())
}

/// A configuration of one bucket `reloaded` whose policy is the file `bucket.json`
/// holding `policy`, in `dir`: the configuration's path.
fn configure(dir: &Path, policy: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("bucket.json"), policy).unwrap();
    let config = dir.join("gw.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\naudit_log = \"audit.jsonl\"\nregion = \"cn-hangzhou\"\nendpoint = \"oss-cn-hangzhou.aliyuncs.com\"\n[[bucket]]\nname = \"reloaded\"\nowner = \"{OWNER}\"\npolicy = \"bucket.json\"\n"
        ),
    )
    .unwrap();
    config
}

/// A bucket policy letting anyone do `actions` on the objects of `bucket`.
fn allow(actions: &str, bucket: &str) -> String {
    format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":[{actions}],"Principal":["*"],"Resource":["acs:oss:*:{OWNER}:{bucket}/*"]}}]}}"#
    )
}

#[test]
fn sighup_reloads_policy_files_and_a_failed_reload_keeps_the_policies_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let config = configure(dir.path(), &allow(r#""oss:PutObject""#, "reloaded"));
    let policy = dir.path().join("bucket.json");
    let gateway = GatewayProcess::start(&config);
    let (put, _) = send(gateway.address, "PUT", "/reloaded/a.txt", &[], b"hello");
    assert_eq!(put, 200);
    let (denied, first_version) = get(&gateway, "/reloaded/a.txt");
    assert_eq!(denied, 403, "the first policy does not allow oss:GetObject");

    // The file now allows reading: after SIGHUP the decision changes.
    std::fs::write(&policy, allow(r#""oss:PutObject","oss:GetObject""#, "reloaded")).unwrap();
    gateway.hang_up();
    let deadline = Instant::now() + PATIENCE;
    let (status, version) = loop {
        let (status, version) = get(&gateway, "/reloaded/a.txt");
        if status != 403 || Instant::now() > deadline {
            break (status, version);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status, 200, "the reloaded policy allows oss:GetObject");
    assert_ne!(version, first_version, "a reload puts a new policy version in force");
    gateway.stderr_until("reload: policy files reloaded");

    // A policy with an error: the reload fails, says where, and the policy stays.
    std::fs::write(
        &policy,
        "{\"Version\":\"1\",\n\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"oss:GetObject\",\"Principal\":[\"*\"],\"Resorce\":\"*\"}]}",
    )
    .unwrap();
    gateway.hang_up();
    let lines = gateway.stderr_until("reload failed, the policies in force stay");
    let errors = gateway.stderr_until("error[unknown-field]");
    let error = errors.last().unwrap();
    assert!(error.contains(&format!("{}:2:", policy.display())), "{lines:?} {errors:?}");
    assert!(error.contains("Statement[0].Resorce"), "{error}");
    assert_eq!(get(&gateway, "/reloaded/a.txt"), (200, version), "the policy in force stays");
}

#[test]
fn a_sighup_right_after_the_first_line_reloads_and_does_not_end_the_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let config = configure(dir.path(), &allow(r#""oss:PutObject""#, "reloaded"));
    let mut gateway = GatewayProcess::start(&config);
    gateway.hang_up();
    gateway.stderr_until("reload: policy files reloaded");
    assert!(gateway.child.try_wait().unwrap().is_none(), "the gateway ended");
    assert_eq!(send(gateway.address, "PUT", "/reloaded/a.txt", &[], b"hello").0, 200);
}
