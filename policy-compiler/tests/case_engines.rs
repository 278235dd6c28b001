//! The authorizer of a case file's policies is built with all of them or not at all: a
//! policy of the wrong kind in a place is an error, never a policy silently dropped (a
//! RAM Deny dropped that way let a bucket Allow through).

use oss_policy_compiler::Limits;
use oss_policy_compiler::cases::CaseEngines;
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_runtime::{Decision, PolicyEngine, PolicyKind, Principal, Refusal, Request};

#[expect(clippy::unwrap_used, reason = "test helper: a failure fails the test")]
fn compiled(text: &str, kind: PolicyKind) -> Box<dyn PolicyEngine> {
    Box::new(CompiledPolicy::from_json(text, kind, &Limits::default()).unwrap())
}

#[test]
fn a_policy_of_the_wrong_kind_is_an_error_not_dropped() {
    let deny = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Resource":"*"}]}"#;
    let allow = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Principal":"*","Resource":"*"}]}"#;
    let request =
        Request::new(Principal::RamUser { uid: "2021", account: "1746" }, "oss:GetObject", "acs:oss:r:1746:b/k");
    // As meant: the RAM Deny wins over the bucket Allow.
    let right =
        CaseEngines::new(vec![compiled(deny, PolicyKind::Ram)], Some(compiled(allow, PolicyKind::Bucket)), None);
    let decided = right.with_authorizer(Some("1746"), |authorizer| authorizer.authorize(&request)).unwrap().unwrap();
    assert_eq!(decided.decision, Decision::Deny);
    // A bucket policy among the RAM policies: no authorizer at all, not one without them.
    let wrong = CaseEngines::new(
        vec![compiled(deny, PolicyKind::Ram), compiled(allow, PolicyKind::Bucket)],
        Some(compiled(allow, PolicyKind::Bucket)),
        None,
    );
    let error = wrong.with_authorizer(Some("1746"), |authorizer| authorizer.authorize(&request)).unwrap_err();
    assert_eq!(error.kind(), Refusal::WrongPolicyKind);
    let misplaced = CaseEngines::new(vec![], Some(compiled(deny, PolicyKind::Ram)), None);
    assert!(misplaced.with_authorizer(Some("1746"), |_| ()).is_err());
}
