//! The mid-sized policies of `build.rs` (forty principals, forty nested folders, lists long
//! enough to be tables) against the reference evaluator, for every caller and resource
//! that matters to them.

use codegen_tests::SHAPED;
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::{PolicyEngine, Principal, Request, Resource};

#[test]
fn shaped_policies_agree_with_the_reference() {
    let uids: Vec<String> = (0..45).map(|n| format!("u{n}")).collect();
    let mut callers: Vec<Principal<'_>> = uids.iter().map(|uid| Principal::RamUser { uid, account: "1" }).collect();
    callers.extend([
        Principal::AssumedRole { arn: "arn:sts::1:assumed-role/r/s", account: "1" },
        Principal::AssumedRole { arn: "arn:sts::1:assumed-role/q/s", account: "1" },
        Principal::AssumedRole { arn: "arn:sts::1:assumed-role/r25/s", account: "1" },
        Principal::AssumedRole { arn: "arn:sts::1:assumed-role/r5/s", account: "1" },
        Principal::Account { uid: "1" },
        Principal::Anonymous,
    ]);
    let users: Vec<String> = (0..45).map(|n| format!("user-{n}")).collect();
    let mut keys: Vec<String> = vec!["a.txt".into(), "up/a".into(), "secret/a".into(), "user-2".into(), "".into()];
    for user in &users {
        for rest in ["/a.txt", "/secret/x", "/shared/y", ""] {
            keys.push(format!("{user}{rest}"));
        }
    }
    let actions = ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListObjects", "imm:Frob"];
    let mut checked = 0;
    for shaped in SHAPED {
        let reference = ReferencePolicy::new(parse_policy(shaped.json, shaped.kind, &Limits::none()).unwrap());
        for caller in &callers {
            for key in &keys {
                let arn = format!("acs:oss:cn-hangzhou:1:bucket/{key}");
                let (a, b) = arn.split_at(arn.len() / 2);
                for action in actions {
                    for resource in [Resource::new(&arn), Resource::from_parts([a, b, "", "", ""])] {
                        let request = Request { resource, ..Request::new(*caller, action, "") }.with_bucket_owner("1");
                        assert_eq!(
                            shaped.engine.evaluate(&request),
                            reference.evaluate(&request),
                            "{action} {arn} {caller:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 50_000, "{checked}");
}
