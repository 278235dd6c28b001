//! The compiled engine allocates nothing per check (docs/SPEC.md section 6), alone and under
//! the combined authorizer, on requests that reach every kind of filter: trie and
//! residual resources, resources in parts (access points), every condition family, STS
//! principals. Allocations are counted per thread, so libtest's threads do not interfere.

use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::model::{ConditionClause, Effect, Operator, PatternList, Policy, Span, Spanned, Statement};
use oss_policy_runtime::{
    AccessPoint, Authorizer, Context, ContextEntry, Key, NetworkOrigin, PolicyEngine, PolicyKind, Principal, Request,
};

fn spanned(text: &str) -> Spanned<String> {
    Spanned { value: text.to_owned(), span: Span::default() }
}

fn list(negated: bool, entries: &[&str]) -> PatternList {
    PatternList { negated, patterns: entries.iter().map(|e| spanned(e)).collect() }
}

fn statement(effect: Effect, actions: &[&str], resources: &[&str], principal: Option<&[&str]>) -> Statement {
    Statement {
        sid: None,
        effect,
        action: list(false, actions),
        resource: list(false, resources),
        principal: principal.map(|entries| entries.iter().map(|e| spanned(e)).collect()),
        condition: vec![],
        span: Span::default(),
    }
}

/// One clause of every operator, each on a key the requests below carry.
fn every_operator() -> Vec<ConditionClause> {
    Operator::ALL
        .iter()
        .map(|&operator| {
            let name = operator.name();
            let (key, value) = if name.starts_with("String") {
                ("oss:ExistingObjectTag/status", "dr*")
            } else if name.starts_with("Numeric") {
                ("custom:size", "100")
            } else if name.starts_with("Date") {
                ("acs:CurrentTime", "2026-01-01T08:00:00+08:00")
            } else if name == "Bool" {
                ("acs:SecureTransport", "true")
            } else {
                ("acs:SourceIp", "2001:db8::/32")
            };
            ConditionClause { operator, key: spanned(key), values: vec![spanned(value), spanned("10.0.0.0/8")] }
        })
        .collect()
}

fn policies() -> (CompiledPolicy, CompiledPolicy, CompiledPolicy) {
    let user: &[&str] = &["u1", "arn:sts::100:assumed-role/r/*"];
    let mut conditioned = statement(Effect::Allow, &["oss:Get*"], &["acs:oss:*:100:b/docs/*"], Some(user));
    conditioned.condition = every_operator();
    let mut not_resource = statement(Effect::Deny, &["oss:Delete*"], &[], Some(&["*"]));
    not_resource.resource = list(true, &["acs:oss:*:*:b/keep/*"]);
    let bucket = Policy {
        kind: PolicyKind::Bucket,
        statements: vec![
            conditioned,
            not_resource,
            statement(Effect::Allow, &["oss:*"], &["acs:oss:*:100:b", "acs:oss:*:100:b/*"], Some(user)),
            statement(Effect::Allow, &["*"], &["acs:oss:*:*:*/报告/?.pdf"], Some(&["*"])),
        ],
    };
    let ram = Policy {
        kind: PolicyKind::Ram,
        statements: vec![
            statement(Effect::Allow, &["oss:GetObject", "imm:*"], &["acs:oss:*"], None),
            statement(Effect::Deny, &["oss:PutObject"], &["acs:oss:*:*:b/readonly/*"], None),
        ],
    };
    let access_point = Policy {
        kind: PolicyKind::AccessPoint,
        statements: vec![statement(
            Effect::Allow,
            &["oss:GetObject"],
            &["acs:oss:*:100:accesspoint/ap-01/object/docs/*"],
            Some(user),
        )],
    };
    (
        CompiledPolicy::from_policy(&bucket),
        CompiledPolicy::from_policy(&ram),
        CompiledPolicy::from_policy(&access_point),
    )
}

static EXTRA: [ContextEntry<'static>; 2] = [
    ContextEntry { key: "oss:ExistingObjectTag/status", values: &["final", "draft"] },
    ContextEntry { key: "custom:size", values: &["20", "not a number"] },
];

#[test]
fn checks_allocate_nothing() {
    let (bucket, ram, access_point) = policies();
    let ram_policies: [&dyn PolicyEngine; 1] = [&ram];
    let authorizer = Authorizer::new("100")
        .with_ram(&ram_policies)
        .and_then(|a| a.with_bucket(&bucket))
        .and_then(|a| a.with_access_point(&access_point))
        .unwrap();
    let context = Context::new()
        .with(Key::SourceIp, "10.1.2.3")
        .and_then(|c| c.with(Key::SecureTransport, "true"))
        .and_then(|c| c.with(Key::CurrentTime, "2026-01-01T00:00:00Z"))
        .and_then(|c| c.with_extra(&EXTRA))
        .unwrap();
    let ap = AccessPoint {
        name: "ap-01",
        arn: "acs:oss:cn-hangzhou:100:accesspoint/ap-01",
        account: "100",
        network_origin: NetworkOrigin::Vpc,
    };
    let callers = [
        Principal::RamUser { uid: "u1", account: "100" },
        Principal::AssumedRole { arn: "arn:sts::100:assumed-role/r/s", account: "100" },
        Principal::Account { uid: "100" },
        Principal::Anonymous,
    ];
    let resources = [
        "acs:oss:cn-hangzhou:100:b/docs/a.txt",
        "acs:oss:cn-hangzhou:100:b/keep/a.txt",
        "acs:oss:cn-hangzhou:100:b/报告/年.pdf",
        "acs:oss:cn-hangzhou:100:b",
        "acs:oss:cn-hangzhou:100:b/readonly/x",
    ];
    let mut requests = Vec::new();
    for principal in callers {
        for action in ["oss:GetObject", "oss:DeleteObject", "oss:PutObject", "imm:Detect", "OSS:GETOBJECT"] {
            for resource in resources {
                let direct = Request::new(principal, action, resource).with_context(context).with_bucket_owner("100");
                requests.push(direct);
                requests.push(direct.through_access_point(ap));
            }
        }
    }
    let mut decided = 0;
    let counted = allocation_counter::measure(|| {
        for request in &requests {
            let _ = bucket.evaluate(request);
            let _ = ram.evaluate(request);
            let _ = access_point.evaluate(request);
            if authorizer.authorize(request).is_ok() {
                decided += 1;
            }
        }
    });
    assert_eq!(decided, requests.len());
    assert_eq!(counted.count_total, 0, "{counted:?}");
    // The counter does see allocations: the measurement can fail.
    let counted = allocation_counter::measure(|| drop(std::hint::black_box(format!("{}", requests.len()))));
    assert!(counted.count_total > 0);
}

/// Every request of the project's conformance data, access point requests included,
/// through the combined authorizer over compiled policies: no allocation (but for the
/// requests that are refused, whose refusal allocates its message).
#[test]
fn conformance_requests_allocate_nothing() {
    use oss_policy_compiler::cases::{CaseFile, Expect};
    use oss_policy_compiler::{EngineName, Limits};

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../conformance/decisions");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    let (mut checked, mut through_access_points) = (0, 0);
    for file in &files {
        let cases = CaseFile::from_json(&std::fs::read_to_string(file).unwrap()).unwrap();
        let engines = cases.compile(EngineName::Compiled, &Limits::default()).unwrap();
        let owner = cases.bucket_owner.as_deref();
        for spec in cases.requests.iter().filter(|spec| spec.expect != Some(Expect::Refused)) {
            let counted = spec
                .with_request(owner, |request| {
                    engines.with_authorizer(owner, |authorizer| {
                        allocation_counter::measure(|| {
                            assert!(authorizer.authorize(request).is_ok(), "{}", file.display());
                        })
                    })
                })
                .unwrap()
                .unwrap();
            assert_eq!(counted.count_total, 0, "{} `{}`: {counted:?}", file.display(), spec.name);
            checked += 1;
            through_access_points += usize::from(spec.access_point.is_some());
        }
    }
    assert!(
        checked > 300 && through_access_points > 50,
        "{checked} requests, {through_access_points} through access points"
    );
}
