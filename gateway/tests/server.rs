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
    // The swapper makes a fixed number of swaps, a few milliseconds apart, then stops the
    // clients, which send requests until then (at least a few each, at most a bound): so
    // the test sees every swap however fast or slow the machine is, and stops by itself.
    const SWAPS: usize = 20;
    let (threads, at_least, at_most) = (4, 10, 20_000);
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (allows, done) = (Arc::clone(&allows), Arc::clone(&done));
        std::thread::spawn(move || {
            for i in 0..SWAPS {
                let allowed = i % 2 == 1;
                // The version is recorded before the policy can serve a request.
                let state = gateway.state();
                let text = if allowed { &allowing } else { &denying };
                let policy = state.versioned(compile(text, PolicyKind::Bucket).unwrap(), text.clone());
                allows.lock().unwrap().insert(policy.version, allowed);
                state.bucket("swap").unwrap().policy.store(Some(Arc::new(policy)));
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
        })
    };
    let clients: Vec<_> = (0..threads)
        .map(|_| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut answers = Vec::new();
                while answers.len() < at_most
                    && (answers.len() < at_least || !done.load(std::sync::atomic::Ordering::Relaxed))
                {
                    answers.push(send(address, "GET", "/swap/k", &[], b""));
                }
                answers
            })
        })
        .collect();
    let per_client: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    swapper.join().unwrap();
    // Every request sent was answered: `send` returns one answer per request, or fails.
    assert!(per_client.iter().all(|answers| answers.len() >= at_least), "a client was cut short");
    let answers: Vec<_> = per_client.into_iter().flatten().collect();
    assert_eq!(allows.lock().unwrap().len(), SWAPS + 1, "every swap has its version");
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
