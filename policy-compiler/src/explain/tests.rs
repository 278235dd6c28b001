//! Explanations of the docs/SPEC.md section 5 steps, in words and in JSON.

use oss_policy_runtime::{
    AccessPoint, Context, Decision, Key, NetworkOrigin, PolicyKind, PolicySource, Principal, Request,
};

use super::{Failure, PolicySet, Standing, Step};
use crate::{Limits, parse_policy};

const OWNER: &str = "1746";
const OBJECT: &str = "acs:oss:cn-hangzhou:1746:example-bucket/dir/a.txt";
const USER: Principal<'static> = Principal::RamUser { uid: "2021", account: OWNER };

fn policy(kind: PolicyKind, statements: &str) -> crate::model::Policy {
    let text = format!(r#"{{"Version": "1", "Statement": [{statements}]}}"#);
    parse_policy(&text, kind, &Limits::default()).unwrap()
}

#[test]
fn the_bucket_owner_rule_and_the_default_allow_are_named() {
    let bucket = policy(
        PolicyKind::Bucket,
        r#"{"Sid": "NoOne", "Effect": "Deny", "Action": "oss:*", "Principal": "*", "Resource": "*"}"#,
    );
    let policies = PolicySet { bucket: Some(bucket), ..PolicySet::default() };
    let owner = Request::new(Principal::Account { uid: OWNER }, "oss:GetObject", OBJECT);
    let explanation = policies.explain(OWNER, &owner);
    assert_eq!(explanation.decision(), Some(Decision::Allow));
    assert_eq!(explanation.step(), Some(&Step::Direct(Standing::BucketOwner)));
    assert_eq!(explanation.policies[0].statements[0].failure, Some(Failure::BucketOwnerRule));
    let text = explanation.to_string();
    assert!(text.starts_with("Allow: the bucket owner's account is allowed unless the bucket policy denies"), "{text}");
    assert!(text.contains("statement 0 `NoOne` (Deny): does not apply: the bucket-owner rule"), "{text}");
    // Its RAM user is no owner: the Deny applies and names its Sid.
    let explanation = policies.explain(OWNER, &Request::new(USER, "oss:GetObject", OBJECT));
    assert_eq!(explanation.decision(), Some(Decision::Deny));
    assert_eq!(explanation.deciding().and_then(|d| d.sid.as_deref()), Some("NoOne"));
    assert_eq!(explanation.to_json()["deciding"]["sid"], "NoOne");
}

#[test]
fn other_accounts_get_the_bucket_policy_alone_and_ram_is_not_consulted() {
    let ram = policy(PolicyKind::Ram, r#"{"Effect": "Allow", "Action": "oss:*", "Resource": "*"}"#);
    let policies = PolicySet { ram: vec![ram], ..PolicySet::default() };
    let stranger = Principal::RamUser { uid: "9", account: "5555" };
    let explanation = policies.explain(OWNER, &Request::new(stranger, "oss:GetObject", OBJECT));
    assert_eq!(explanation.decision(), Some(Decision::Ignore));
    assert_eq!(explanation.step(), Some(&Step::Direct(Standing::OtherAccount { account: "5555".to_owned() })));
    assert!(!explanation.policies[0].consulted);
    assert_eq!(explanation.policies[0].decision, Decision::Allow);
    assert!(explanation.to_string().contains("RAM policy 0: Allow by statement 0 (not consulted for this request)"));
}

#[test]
fn condition_failures_show_both_sides_or_a_missing_key() {
    let ram = policy(
        PolicyKind::Ram,
        r#"{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*",
            "Condition": {"IpAddress": {"acs:SourceIp": ["192.168.0.0/16", "10.0.0.0/8"]}}},
           {"Effect": "Allow", "NotAction": "oss:Get*", "Resource": "*"},
           {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}}}"#,
    );
    let policies = PolicySet { ram: vec![ram], ..PolicySet::default() };
    let context = Context::new().with(Key::SourceIp, "203.0.113.5").unwrap();
    let request = Request::new(USER, "oss:GetObject", OBJECT).with_context(context);
    let text = policies.explain(OWNER, &request).to_string();
    let want = [
        "  statement 0 (Allow): does not apply: condition `IpAddress` on `acs:SourceIp`: request value `203.0.113.5`, policy values `192.168.0.0/16`, `10.0.0.0/8`",
        "  statement 1 (Allow): does not apply: action `oss:GetObject` matches a `NotAction` entry (`oss:Get*`)",
        "  statement 2 (Allow): does not apply: condition `StringEquals` on `acs:SourceVpc`: key missing, policy value `vpc-1`",
    ];
    for line in want {
        assert!(text.lines().any(|got| got == line), "{line}\nin\n{text}");
    }
    let json = policies.explain(OWNER, &request).to_json();
    assert_eq!(json["policies"][0]["statements"][2]["failure"]["key_missing"], true);
}

#[test]
fn access_points_show_the_table_row_and_missing_delegation() {
    let ram = policy(PolicyKind::Ram, r#"{"Effect": "Allow", "Action": "oss:*", "Resource": "*"}"#);
    let ap = policy(
        PolicyKind::AccessPoint,
        r#"{"Effect": "Allow", "Action": "oss:GetObject", "Principal": "*",
            "Resource": "acs:oss:cn-hangzhou:1746:accesspoint/ap-01/object/dir/*"}"#,
    );
    let delegate = policy(
        PolicyKind::Bucket,
        r#"{"Effect": "Allow", "Action": "oss:*", "Principal": "*", "Resource": "*",
            "Condition": {"StringEquals": {"oss:DataAccessPointAccount": "1746"}}}"#,
    );
    let through = Request::new(USER, "oss:GetObject", OBJECT).through_access_point(AccessPoint {
        name: "ap-01",
        arn: "acs:oss:cn-hangzhou:1746:accesspoint/ap-01",
        account: OWNER,
        network_origin: NetworkOrigin::Vpc,
    });
    // RAM allows, the access point policy allows, but the bucket policy does not delegate.
    let undelegated = PolicySet { ram: vec![ram.clone()], access_point: Some(ap.clone()), bucket: None };
    let explanation = undelegated.explain(OWNER, &through);
    assert_eq!(explanation.decision(), Some(Decision::Ignore));
    let Some(Step::AccessPoint(row)) = explanation.step() else { panic!("{explanation}") };
    assert!(row.delegation_missing() && row.b == Decision::Ignore && row.a == Decision::Allow);
    assert!(explanation.to_string().contains("the access point is not delegated"), "{explanation}");
    let access_point = explanation.policies.iter().find(|p| p.source == PolicySource::AccessPoint).unwrap();
    assert_eq!(access_point.resource, "acs:oss:cn-hangzhou:1746:accesspoint/ap-01/object/dir/a.txt");
    // The bucket policy delegates through the service-set key: both allow.
    let delegated = PolicySet { ram: vec![ram], access_point: Some(ap), bucket: Some(delegate) };
    let explanation = delegated.explain(OWNER, &through);
    assert_eq!(explanation.decision(), Some(Decision::Allow));
    assert_eq!(explanation.deciding().map(|d| d.policy), Some(PolicySource::AccessPoint));
    assert_eq!(explanation.to_json()["step"]["delegated"], true);
}

#[test]
fn refusals_are_named() {
    let explanation = PolicySet::default().explain(OWNER, &Request::new(USER, "oss:GetObjet", OBJECT));
    assert_eq!(explanation.refusal().map(|kind| kind.as_str()), Some("unknown-action"));
    assert!(explanation.to_string().starts_with("Refused (unknown-action): `oss:GetObjet`"), "{explanation}");
    assert_eq!(explanation.to_json()["refused"]["kind"], "unknown-action");
    let other_owner = Request::new(USER, "oss:GetObject", OBJECT).with_bucket_owner("9");
    assert_eq!(
        PolicySet::default().explain(OWNER, &other_owner).refusal().map(|k| k.as_str()),
        Some("no-bucket-owner")
    );
}
