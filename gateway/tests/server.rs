//! The gateway in process, driven over loopback: a cross-bucket copy decided by each
//! bucket's own policy, and bucket policy swaps under load.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use oss_policy_gateway::Gateway;
use oss_policy_gateway::config::Config;
use oss_policy_gateway::policies::compile;
use oss_policy_gateway::store::Attributes;
use oss_policy_runtime::PolicyKind;
use support::send;

mod support;

const OWNER: &str = "1746495857602745";

fn start(dir: &Path, buckets: &[&str]) -> (Gateway, SocketAddr) {
    let mut text = format!(
        "listen = \"127.0.0.1:0\"\ndata_dir = \"{}\"\nregion = \"cn-hangzhou\"\nendpoint = \"oss-cn-hangzhou.aliyuncs.com\"\naudit_log = \"{}\"\n",
        dir.join("data").display(),
        dir.join("audit.jsonl").display()
    );
    for bucket in buckets {
        text.push_str(&format!("[[bucket]]\nname = \"{bucket}\"\nowner = \"{OWNER}\"\n"));
    }
    let config = Config::parse(&text, &dir.join("gw.toml")).unwrap();
    let gateway = Gateway::from_config(config).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let (listener, address) = gateway.bind().await.unwrap();
            tx.send(address).unwrap();
            gateway.serve(listener).await;
        });
    });
    (gateway, rx.recv().unwrap())
}

fn set_policy(gateway: &Gateway, bucket: &str, text: &str) -> u64 {
    let state = gateway.state();
    let policy = state.versioned(compile(text, PolicyKind::Bucket).unwrap(), text.to_owned());
    let version = policy.version;
    state.bucket(bucket).unwrap().policy.store(Some(Arc::new(policy)));
    version
}

fn allow(actions: &str, resource: &str) -> String {
    format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":[{actions}],"Principal":["*"],"Resource":["{resource}"]}}]}}"#
    )
}

#[test]
fn a_copy_source_is_decided_by_its_own_bucket_policy() {
    let dir = tempfile::tempdir().unwrap();
    let (gateway, address) = start(dir.path(), &["src-open", "src-closed", "dst"]);
    for bucket in ["src-open", "src-closed"] {
        gateway.state().store.put(bucket, "secret.txt", b"data", Attributes::default()).unwrap();
    }
    set_policy(&gateway, "src-open", &allow(r#""oss:GetObject""#, &format!("acs:oss:*:{OWNER}:src-open/*")));
    // The target's policy also names the closed bucket's objects: only the closed
    // bucket's own policy may decide on them.
    set_policy(
        &gateway,
        "dst",
        &format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":["oss:PutObject","oss:GetObject"],"Principal":["*"],"Resource":["acs:oss:*:{OWNER}:dst/*","acs:oss:*:{OWNER}:src-closed/*"]}}]}}"#
        ),
    );
    let (open, _) = send(address, "PUT", "/dst/copy1", &[("x-oss-copy-source", "/src-open/secret.txt")], b"");
    assert_eq!(open, 200);
    let (closed, _) = send(address, "PUT", "/dst/copy2", &[("x-oss-copy-source", "/src-closed/secret.txt")], b"");
    assert_eq!(closed, 403);
    assert!(gateway.state().store.head("dst", "copy2").unwrap().is_none());
    assert_eq!(gateway.state().store.get("dst", "copy1").unwrap().unwrap().1, b"data");
}

#[test]
fn policy_swaps_under_load_each_answer_matches_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let (gateway, address) = start(dir.path(), &["swap"]);
    gateway.state().store.put("swap", "k", b"v", Attributes::default()).unwrap();
    let allowing = allow(r#""oss:GetObject""#, &format!("acs:oss:*:{OWNER}:swap/*"));
    let denying = allow(r#""oss:PutObject""#, &format!("acs:oss:*:{OWNER}:swap/*"));
    let allows: Arc<Mutex<HashMap<u64, bool>>> = Arc::default();
    let first = set_policy(&gateway, "swap", &allowing);
    allows.lock().unwrap().insert(first, true);
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapped = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let swapper = {
        let (allows, done, swapped) = (Arc::clone(&allows), Arc::clone(&done), Arc::clone(&swapped));
        std::thread::spawn(move || {
            let mut swaps = 0;
            for i in 0..10_000 {
                if done.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let allowed = i % 2 == 1;
                // The version is recorded before the policy can serve a request.
                let state = gateway.state();
                let text = if allowed { &allowing } else { &denying };
                let policy = state.versioned(compile(text, PolicyKind::Bucket).unwrap(), text.clone());
                allows.lock().unwrap().insert(policy.version, allowed);
                state.bucket("swap").unwrap().policy.store(Some(Arc::new(policy)));
                swaps += 1;
                swapped.store(swaps, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            swaps
        })
    };
    // Each client sends at least `per_thread` requests, and goes on (up to a bound) until
    // the policy has been swapped a few times, however fast the gateway answers.
    let (threads, per_thread, most) = (4, 60, 20_000);
    let clients: Vec<_> = (0..threads)
        .map(|_| {
            let swapped = Arc::clone(&swapped);
            std::thread::spawn(move || {
                let mut answers = Vec::new();
                while answers.len() < per_thread
                    || (swapped.load(std::sync::atomic::Ordering::Relaxed) < 10 && answers.len() < most)
                {
                    answers.push(send(address, "GET", "/swap/k", &[], b""));
                }
                answers
            })
        })
        .collect();
    let answers: Vec<_> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert!(answers.len() >= threads * per_thread, "no request lost");
    assert!(swaps > 5, "only {swaps} swaps");
    let allows = allows.lock().unwrap();
    let (mut allowed, mut denied) = (0, 0);
    for (status, headers) in &answers {
        let version: u64 = headers["x-oss-policy-version"].parse().unwrap();
        let expected = if allows[&version] { 200 } else { 403 };
        assert_eq!(*status, expected, "version {version}");
        if *status == 200 { allowed += 1 } else { denied += 1 }
    }
    assert!(allowed > 0 && denied > 0, "{allowed} allowed, {denied} denied");
}

/// A bucket policy whose Allow conditions on a stored tag, swapped in after one that
/// reads no tag: the gateway looks the tags up only for policies that read them, and it
/// decides that per request, so the swapped-in policy sees the stored tags at once.
#[test]
fn a_policy_that_reads_existing_tags_sees_them_after_a_swap() {
    let dir = tempfile::tempdir().unwrap();
    let (gateway, address) = start(dir.path(), &["tagged"]);
    for (key, team) in [("a.txt", "a"), ("b.txt", "b")] {
        let attributes = Attributes { tags: vec![("team".to_owned(), team.to_owned())], ..Attributes::default() };
        gateway.state().store.put("tagged", key, b"data", attributes).unwrap();
    }
    gateway.state().store.put("tagged", "untagged.txt", b"data", Attributes::default()).unwrap();
    set_policy(&gateway, "tagged", &allow(r#""oss:GetObject""#, &format!("acs:oss:*:{OWNER}:tagged/*")));
    for key in ["a.txt", "b.txt", "untagged.txt"] {
        assert_eq!(send(address, "GET", &format!("/tagged/{key}"), &[], b"").0, 200, "{key}");
    }
    set_policy(
        &gateway,
        "tagged",
        &format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":["oss:GetObject"],"Principal":["*"],"Resource":["acs:oss:*:{OWNER}:tagged/*"],"Condition":{{"StringEquals":{{"oss:ExistingObjectTag/team":"a"}}}}}}]}}"#
        ),
    );
    assert_eq!(send(address, "GET", "/tagged/a.txt", &[], b"").0, 200, "the tag team=a is read");
    assert_eq!(send(address, "GET", "/tagged/b.txt", &[], b"").0, 403, "team=b does not match");
    assert_eq!(send(address, "GET", "/tagged/untagged.txt", &[], b"").0, 403, "no tag: the condition fails");
}

/// Each audit line is one JSON object with the fields the audit module documents.
#[test]
fn audit_lines_are_json_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let (gateway, address) = start(dir.path(), &["logged"]);
    gateway.state().store.put("logged", "dir/a \"quoted\"\\.txt", b"data", Attributes::default()).unwrap();
    let version =
        set_policy(&gateway, "logged", &allow(r#""oss:GetObject""#, &format!("acs:oss:*:{OWNER}:logged/dir/*")));
    assert_eq!(send(address, "GET", "/logged/dir/a%20%22quoted%22%5C.txt", &[], b"").0, 200);
    assert_eq!(send(address, "GET", "/logged/other", &[], b"").0, 403);
    let text = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{text}");
    let fields = [
        "request_id",
        "time",
        "caller",
        "access_key_id",
        "operation",
        "bucket",
        "key",
        "status",
        "error",
        "checks",
        "policy_version",
    ];
    for line in &lines {
        let object = line.as_object().unwrap();
        let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut expected = fields.to_vec();
        expected.sort_unstable();
        assert_eq!(names, expected, "{line}");
        let time = line["time"].as_str().unwrap();
        assert!(time.len() == 20 && time.ends_with('Z') && time.as_bytes()[10] == b'T', "{time}");
        assert!(line["request_id"].as_str().unwrap().bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
        assert_eq!(line["caller"], "anonymous");
        assert_eq!(line["access_key_id"], serde_json::Value::Null);
        assert_eq!(line["operation"], "GetObject");
        assert_eq!(line["bucket"], "logged");
        assert_eq!(line["policy_version"], version);
    }
    let (allowed, denied) = (&lines[0], &lines[1]);
    assert_eq!(allowed["key"], "dir/a \"quoted\"\\.txt");
    assert_eq!(allowed["status"], 200);
    assert_eq!(allowed["error"], serde_json::Value::Null);
    let check = &allowed["checks"][0];
    assert_eq!(check["action"], "oss:GetObject");
    assert_eq!(check["resource"], format!("acs:oss:cn-hangzhou:{OWNER}:logged/dir/a \"quoted\"\\.txt"));
    assert_eq!(check["decision"], "Allow");
    assert!(check["reason"].as_str().unwrap().contains("bucket"), "{check}");
    assert_eq!(denied["status"], 403);
    assert_eq!(denied["error"], "AccessDenied");
    assert_eq!(denied["checks"][0]["decision"], "Ignore");
    assert_eq!(denied["checks"].as_array().unwrap().len(), 1);
}
