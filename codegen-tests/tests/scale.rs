//! Policies of a thousand statements compiled through build.rs (feature `scale`): they
//! decide as the reference evaluator does, and a check stays fast whatever the size.
#![cfg(feature = "scale")]

use std::time::Instant;

use codegen_tests::scale::{PerUserFolders, PerUserPrincipals};
use oss_policy_runtime::{Evaluation, PolicyEngine, Principal, Request};

const ACCOUNT: &str = "174649585760xxxx";

fn time_per_check(policy: &dyn PolicyEngine, request: &Request<'_>) -> std::time::Duration {
    let rounds = 100_000u32;
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(policy.evaluate(std::hint::black_box(request)));
    }
    start.elapsed() / rounds
}

#[test]
fn per_user_folders_decide_through_the_resource_walk() {
    let user = Principal::RamUser { uid: "1", account: ACCOUNT };
    let rows = [
        ("bucket/user-999/report.pdf", Evaluation::allow(999)),
        ("bucket/user-0/report.pdf", Evaluation::allow(0)),
        ("bucket/user-123/a/b", Evaluation::allow(123)),
        ("bucket/user-1000/report.pdf", Evaluation::IGNORE),
        ("bucket/user-12", Evaluation::IGNORE),
        ("bucket/nobody/x", Evaluation::IGNORE),
    ];
    for (relative, want) in rows {
        let resource = format!("acs:oss:cn-hangzhou:{ACCOUNT}:{relative}");
        let request = Request::new(user, "oss:GetObject", &resource);
        assert_eq!(PerUserFolders.evaluate(&request), want, "{relative}");
        println!("{relative}: {:?} per check", time_per_check(&PerUserFolders, &request));
    }
}

#[test]
fn per_user_principals_decide_through_the_principal_branch() {
    let resource = format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/a.txt");
    for (uid, want) in [("2000999", Evaluation::allow(999)), ("20007", Evaluation::allow(7)), ("1", Evaluation::IGNORE)]
    {
        let request = Request::new(Principal::RamUser { uid, account: ACCOUNT }, "oss:GetObject", &resource);
        assert_eq!(PerUserPrincipals.evaluate(&request), want, "{uid}");
        println!("{uid}: {:?} per check", time_per_check(&PerUserPrincipals, &request));
    }
}
