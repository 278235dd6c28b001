//! A tiny run of the load test (`gateway/examples/load.rs`): every request succeeds, the
//! authorizing gateway's counters show time spent authorizing and the baseline's none.
//! Speed is not asserted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

use oss_policy_gateway::config::Config;
use oss_policy_gateway::load::{Gateways, Settings, run};

#[test]
fn a_short_load_run_succeeds_and_measures_authorization() {
    let scratch = tempfile::tempdir().unwrap();
    let config = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/gateway/gateway.toml")).unwrap();
    let settings = Settings {
        bucket: "example-bucket".to_owned(),
        key: "hangzhou/2020/load.bin".to_owned(),
        object_bytes: 1024,
        access_key_id: "LTAI5tExampleReader".to_owned(),
        requests: 40,
        concurrency: 2,
        rounds: 1,
        server_threads: 1,
        gateways: Gateways::Both,
    };
    let rounds = run(&settings, &config, scratch.path()).unwrap();
    assert_eq!(rounds.len(), 2);
    for round in &rounds {
        assert_eq!((round.requests, round.failures), (40, 0), "{round:?}");
        assert_eq!(round.server.requests, 40, "{round:?}");
        assert!(round.server.handle_nanos > round.server.authorize_nanos, "{round:?}");
    }
    assert!(rounds[0].authorized && rounds[0].server.authorize_nanos > 0, "{:?}", rounds[0]);
    assert!(!rounds[1].authorized && rounds[1].server.authorize_nanos == 0, "{:?}", rounds[1]);
}

#[test]
fn a_caller_the_policies_refuse_fails_every_request_of_the_authorizing_gateway() {
    let scratch = tempfile::tempdir().unwrap();
    let config = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/gateway/gateway.toml")).unwrap();
    // hangzhou/2021/ is outside the reader's folder grant (bucket-policy.txt scenario 2).
    let settings = Settings {
        bucket: "example-bucket".to_owned(),
        key: "hangzhou/2021/load.bin".to_owned(),
        object_bytes: 16,
        access_key_id: "LTAI5tExampleReader".to_owned(),
        requests: 8,
        concurrency: 1,
        rounds: 1,
        server_threads: 1,
        gateways: Gateways::Both,
    };
    let rounds = run(&settings, &config, scratch.path()).unwrap();
    assert_eq!((rounds[0].authorized, rounds[0].failures), (true, 8), "{:?}", rounds[0]);
    assert_eq!((rounds[1].authorized, rounds[1].failures), (false, 0), "{:?}", rounds[1]);
}

#[test]
fn one_gateway_alone_runs_only_its_rounds() {
    let scratch = tempfile::tempdir().unwrap();
    let config = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/gateway/gateway.toml")).unwrap();
    let settings = Settings {
        bucket: "example-bucket".to_owned(),
        key: "hangzhou/2020/load.bin".to_owned(),
        object_bytes: 1,
        access_key_id: "LTAI5tExampleReader".to_owned(),
        requests: 4,
        concurrency: 1,
        rounds: 2,
        server_threads: 1,
        gateways: Gateways::Baseline,
    };
    let rounds = run(&settings, &config, scratch.path()).unwrap();
    assert_eq!(rounds.iter().map(|r| (r.authorized, r.failures)).collect::<Vec<_>>(), [(false, 0), (false, 0)]);
}
