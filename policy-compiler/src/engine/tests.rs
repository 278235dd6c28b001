//! Engine tests on hand-built policies, one group per feature; expected decisions come
//! from docs/SPEC.md. A last group checks that every shape of the tree agrees with checking every
//! statement in turn.

use oss_policy_runtime::{
    Context, ContextEntry, Decision, Evaluation, Key, PolicyEngine, PolicyKind, Prepared, Principal, Refusal, Request,
    Resource,
};

use super::CompiledPolicy;
use crate::model::{ConditionClause, Effect, Operator, PatternList, Policy, Span, Spanned, Statement};

fn spanned(text: &str) -> Spanned<String> {
    Spanned { value: text.to_owned(), span: Span::default() }
}

/// `"a|b"` → `["a", "b"]`; a leading `!` makes it a `NotAction` / `NotResource` list.
fn list(entries: &str) -> PatternList {
    let (negated, entries) = match entries.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, entries),
    };
    PatternList { negated, patterns: entries.split('|').map(spanned).collect() }
}

fn statement(effect: Effect, actions: &str, resources: &str) -> Statement {
    Statement {
        sid: None,
        effect,
        action: list(actions),
        resource: list(resources),
        principal: None,
        condition: vec![],
        span: Span::default(),
    }
}

fn allow(actions: &str, resources: &str) -> Statement {
    statement(Effect::Allow, actions, resources)
}

fn deny(actions: &str, resources: &str) -> Statement {
    statement(Effect::Deny, actions, resources)
}

trait Build {
    fn principal(self, entries: &[&str]) -> Statement;
    fn when(self, operator: Operator, key: &str, values: &[&str]) -> Statement;
}

impl Build for Statement {
    fn principal(mut self, entries: &[&str]) -> Statement {
        self.principal = Some(entries.iter().map(|e| spanned(e)).collect());
        self
    }

    fn when(mut self, operator: Operator, key: &str, values: &[&str]) -> Statement {
        let values = values.iter().map(|v| spanned(v)).collect();
        self.condition.push(ConditionClause { operator, key: spanned(key), values });
        self
    }
}

fn compile(kind: PolicyKind, statements: Vec<Statement>) -> CompiledPolicy {
    CompiledPolicy::from_policy(&Policy { kind, statements })
}

const USER: Principal<'static> = Principal::RamUser { uid: "u1", account: "100" };
const OBJECT: &str = "acs:oss:cn-hangzhou:100:bucket/a/b.txt";

fn request(action: &'static str, resource: &'static str) -> Request<'static> {
    Request::new(USER, action, resource).with_bucket_owner("100")
}

fn decide(policy: &CompiledPolicy, request: &Request<'_>) -> Evaluation {
    let evaluation = policy.evaluate(request).unwrap();
    let scanned = brute_force(policy, &Prepared::new(request).unwrap());
    assert_eq!(evaluation, scanned, "the engine disagrees with a full scan");
    let [planned, split, whole] = policy.evaluate_each_way(request).unwrap();
    assert_eq!(planned, scanned, "the engine's tree disagrees with a full scan");
    assert_eq!(split, scanned, "the tree split wherever it can be disagrees with a full scan");
    assert_eq!(whole, scanned, "one leaf per action class disagrees with a full scan");
    evaluation
}

/// Every statement checked in turn, without the tree.
fn brute_force(policy: &CompiledPolicy, request: &Prepared<'_, '_>) -> Evaluation {
    let ir = policy.ir();
    let applying = |effect: Effect| {
        (0..ir.statements.len() as u32)
            .find(|&i| ir.statements[i as usize].effect == effect && super::eval::applies_by_scan(ir, i, request))
    };
    match (applying(Effect::Deny), applying(Effect::Allow)) {
        (Some(i), _) => Evaluation::deny(i),
        (None, Some(i)) => Evaluation::allow(i),
        (None, None) => Evaluation::IGNORE,
    }
}

#[test]
fn actions_match_case_insensitively_with_wildcards_and_unknown_names() {
    // (policy actions, request action, applies)
    let rows = [
        ("oss:GetObject", "oss:GetObject", true),
        ("oss:GetObject", "OSS:GETOBJECT", true),
        ("oss:GetObject", "oss:PutObject", false),
        ("oss:Get*", "oss:GetBucketAcl", true),
        ("oss:Get*", "oss:ListObjects", false),
        ("oss:?utObject", "oss:PutObject", true),
        ("oss:*", "OSS:listobjects", true),
        ("oss:*", "imm:DetectFaces", false),
        ("*", "imm:DetectFaces", true),
        ("imm:*", "IMM:DetectFaces", true),
        ("imm:*", "oss:GetObject", false),
        ("ram:PassRole", "ram:PassRole", true),
        ("oss:GetObject|imm:*", "imm:X", true),
        ("!oss:Delete*", "oss:GetObject", true),
        ("!oss:Delete*", "oss:DeleteObject", false),
        ("!oss:Delete*", "ram:PassRole", true),
        ("!oss:*", "OSS:GETOBJECT", false),
        ("!oss:*", "imm:X", true),
        ("!oss:Get*|imm:*", "imm:X", false),
    ];
    for (actions, action, applies) in rows {
        let policy = compile(PolicyKind::Ram, vec![allow(actions, "*")]);
        let want = if applies { Evaluation::allow(0) } else { Evaluation::IGNORE };
        assert_eq!(decide(&policy, &request(action, OBJECT)), want, "{actions} vs {action}");
    }
    // An `oss:` action outside the known list is refused, not matched by `oss:*`
    // (docs/SPEC.md section 2), and so is what is no action.
    let policy = compile(PolicyKind::Ram, vec![allow("oss:*", "*")]);
    for (action, kind) in [("oss:NotInTheList", Refusal::UnknownAction), ("oss:Get*", Refusal::BadAction)] {
        assert_eq!(policy.evaluate(&request(action, OBJECT)).map_err(|e| e.kind()), Err(kind), "{action}");
    }
}

#[test]
fn resources_match_segment_by_segment() {
    // (policy resources, request resource, applies)
    let rows = [
        ("acs:oss:*:*:mybucket/abc*.txt", "acs:oss:cn-hangzhou:1:mybucket/abc/x.txt", true),
        ("acs:oss:*:*:mybucket/*", "acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c", false),
        ("acs:oss:*:*:mybucket/*", "acs:oss:cn-hangzhou:1:mybucket/a:b:c", true),
        ("acs:oss:*:*:mybucket", "acs:oss:cn-hangzhou:1:mybucket", true),
        ("acs:oss:*:*:mybucket", "acs:oss:cn-hangzhou:1:mybucket/a", false),
        ("acs:oss:*", "acs:oss:cn-hangzhou:1:b/k", true),
        ("acs:oss:*", "acs:ossvector:cn-hangzhou:1:b/k", false),
        ("*", "not-even-an-arn", true),
        ("acs:oss:*:*:*", "acs:oss:cn-hangzhou:1", false),
        ("acs:oss:*:100:bucket/*", "acs:oss:r:100:bucket/x", true),
        ("acs:oss:*:100:bucket/*", "acs:oss:r:1000:bucket/x", false),
        ("acs:oss:cn-*:*:bucket/*", "acs:oss:us-east-1:1:bucket/x", false),
        ("acs:oss:*:*:bucket/*", "acs:oss:r:1:Bucket/x", false),
        ("acs:oss:*:*:b/报告/?.pdf", "acs:oss:r:1:b/报告/年.pdf", true),
        ("acs:oss:*:*:b/报告/?.pdf", "acs:oss:r:1:b/报告/年度.pdf", false),
        ("acs:oss:*:*:*/logs/*", "acs:oss:r:1:b/logs/x", true),
        ("acs:oss:*:*:b/*|acs:oss:*:*:c/*", "acs:oss:r:1:c/x", true),
        ("!acs:oss:*:*:b/*", "acs:oss:r:1:c/x", true),
        ("!acs:oss:*:*:b/*", "acs:oss:r:1:b/x", false),
        ("!acs:oss:*:*:b/*|acs:oss:*:*:c/*", "acs:oss:r:1:c/x", false),
        ("!acs:oss:*:*:b/*", "short", true),
    ];
    for (resources, resource, applies) in rows {
        let policy = compile(PolicyKind::Ram, vec![allow("oss:GetObject", resources)]);
        let want = if applies { Evaluation::allow(0) } else { Evaluation::IGNORE };
        assert_eq!(decide(&policy, &request("oss:GetObject", resource)), want, "{resources} vs {resource}");
    }
}

#[test]
fn resources_in_parts_match_like_one_string() {
    let policy = compile(
        PolicyKind::AccessPoint,
        vec![allow("oss:GetObject", "acs:oss:*:100:accesspoint/ap-01/object/docs/*").principal(&["u1"])],
    );
    let split = |parts| Request { resource: Resource::from_parts(parts), ..request("oss:GetObject", "") };
    let inside = split(["acs:oss:cn-hangzhou:100:", "accesspoint/", "ap-01", "/object/", "docs/a.txt"]);
    let outside = split(["acs:oss:cn-hangzhou:100:", "accesspoint/", "ap-01", "/object/", "other/a.txt"]);
    let other_ap = split(["acs:oss:cn-hangzhou:100:", "accesspoint/", "ap-02", "/object/", "docs/a.txt"]);
    assert_eq!(decide(&policy, &inside), Evaluation::allow(0));
    assert_eq!(decide(&policy, &outside), Evaluation::IGNORE);
    assert_eq!(decide(&policy, &other_ap), Evaluation::IGNORE);
}

#[test]
fn principals_match_ids_literally_and_sts_sessions_by_pattern() {
    let sts_arn = "arn:sts::100:assumed-role/role2-name/session-1";
    let callers = [
        ("anonymous", Principal::Anonymous),
        ("account", Principal::Account { uid: "100" }),
        ("user", Principal::RamUser { uid: "u1", account: "100" }),
        ("masked", Principal::RamUser { uid: "2081****", account: "100" }),
        ("unmasked", Principal::RamUser { uid: "20811234", account: "100" }),
        ("role", Principal::AssumedRole { arn: sts_arn, account: "100" }),
    ];
    // (principal entries, callers it matches)
    let rows: [(&[&str], &[&str]); 7] = [
        (&["*"], &["anonymous", "account", "user", "masked", "unmasked", "role"]),
        (&["u1"], &["user"]),
        (&["100"], &["account"]),
        (&["2081****"], &["masked"]),
        (&["arn:sts::100:assumed-role/role2-name/*"], &["role"]),
        (&["arn:sts::100:assumed-role/Role2-name/*"], &[]),
        (&["arn:sts::*:assumed-role/*", "u1"], &["user", "role"]),
    ];
    for (entries, matching) in rows {
        let policy = compile(PolicyKind::Bucket, vec![allow("oss:GetObject", "*").principal(entries)]);
        for (name, principal) in callers {
            // An owner that is none of the callers: the bucket-owner rule stays out of it.
            let request = Request::new(principal, "oss:GetObject", OBJECT).with_bucket_owner("999");
            let want = if matching.contains(&name) { Evaluation::allow(0) } else { Evaluation::IGNORE };
            assert_eq!(decide(&policy, &request), want, "{entries:?} vs {name}");
        }
    }
}

#[test]
fn bucket_owner_is_exempt_from_star_without_condition() {
    let owner = Request::new(Principal::Account { uid: "100" }, "oss:DeleteObject", OBJECT).with_bucket_owner("100");
    let owners_user = Request { principal: USER, ..owner };
    let stranger = Request { principal: Principal::Account { uid: "200" }, ..owner };
    let context = Context::new().with(Key::SourceVpc, "vpc-1").unwrap();
    let with_vpc = |request: Request<'static>| request.with_context(context);
    let star = || deny("oss:DeleteObject", "*").principal(&["*"]);
    let conditioned = || star().when(Operator::StringEquals, "acs:SourceVpc", &["vpc-1"]);
    // (kind, statement, request, applies)
    let rows = [
        (PolicyKind::Bucket, star(), owner, false),
        (PolicyKind::Bucket, star(), owners_user, true),
        (PolicyKind::Bucket, star(), stranger, true),
        (PolicyKind::Bucket, star(), Request { bucket_owner: Some("200"), ..owner }, true),
        // A list holding `*` is exempt as a whole, even when it also names the owner.
        (PolicyKind::Bucket, deny("oss:DeleteObject", "*").principal(&["100", "*"]), owner, false),
        (PolicyKind::Bucket, deny("oss:DeleteObject", "*").principal(&["100"]), owner, true),
        (PolicyKind::Bucket, conditioned(), with_vpc(owner), true),
        (PolicyKind::AccessPoint, star(), owner, true),
    ];
    for (i, (kind, statement, request, applies)) in rows.into_iter().enumerate() {
        let policy = compile(kind, vec![statement]);
        let want = if applies { Evaluation::deny(0) } else { Evaluation::IGNORE };
        assert_eq!(decide(&policy, &request), want, "row {i}");
    }
}

/// One condition on a request context: (operator, key, policy values, context, holds).
type ConditionRow = (Operator, &'static str, &'static [&'static str], Context<'static>, bool);

fn context(pairs: &[(Key, &'static str)]) -> Context<'static> {
    pairs.iter().fold(Context::new(), |context, &(key, text)| context.with(key, text).unwrap())
}

fn extra(entries: &'static [ContextEntry<'static>]) -> Context<'static> {
    Context::new().with_extra(entries).unwrap()
}

static TAGS: [ContextEntry<'static>; 3] = [
    ContextEntry { key: "oss:ExistingObjectTag/status", values: &["draft", "review"] },
    ContextEntry { key: "custom:size", values: &["20", "big"] },
    ContextEntry { key: "custom:when", values: &["2026-01-01T09:00:00+08:00"] },
];
static ADDRESSES: [ContextEntry<'static>; 1] = [ContextEntry { key: "custom:ip", values: &["10.0.0.1", "nope"] }];

fn condition_rows() -> Vec<ConditionRow> {
    use Operator::*;
    let empty = Context::new;
    let vpc = || context(&[(Key::SourceVpc, "vpc-123")]);
    let ip4 = || context(&[(Key::SourceIp, "192.168.3.4")]);
    let ip6 = || context(&[(Key::SourceIp, "2001:db8::7")]);
    let https = || context(&[(Key::SecureTransport, "TRUE")]);
    let at = || context(&[(Key::CurrentTime, "2026-01-01T00:30:00Z")]);
    let tags = || extra(&TAGS);
    vec![
        // Strings; a missing key fails positive operators and satisfies negated ones.
        (StringEquals, "acs:SourceVpc", &["vpc-123"], vpc(), true),
        (StringEquals, "ACS:SOURCEVPC", &["vpc-1", "vpc-123"], vpc(), true),
        (StringEquals, "acs:SourceVpc", &["VPC-123"], vpc(), false),
        (StringEquals, "acs:SourceVpc", &["vpc-123"], empty(), false),
        (StringNotEquals, "acs:SourceVpc", &["vpc-123"], vpc(), false),
        (StringNotEquals, "acs:SourceVpc", &["vpc-9"], vpc(), true),
        (StringNotEquals, "acs:SourceVpc", &["vpc-123"], empty(), true),
        (StringEqualsIgnoreCase, "acs:SourceVpc", &["VPC-123"], vpc(), true),
        (StringEqualsIgnoreCase, "oss:ExistingObjectTag/status", &["DRAFT"], tags(), true),
        (StringNotEqualsIgnoreCase, "acs:SourceVpc", &["VPC-123"], vpc(), false),
        (StringNotEqualsIgnoreCase, "acs:SourceVpc", &["VPC-123"], empty(), true),
        (StringLike, "acs:SourceVpc", &["vpc-*"], vpc(), true),
        (StringLike, "acs:SourceVpc", &["vpc-1?3"], vpc(), true),
        (StringLike, "acs:SourceVpc", &["VPC-*"], vpc(), false),
        (StringNotLike, "acs:SourceVpc", &["vpc-*"], vpc(), false),
        (StringNotLike, "acs:SourceVpc", &["vpc-*"], empty(), true),
        // Tag names after `/` are case-sensitive; multi-valued keys match on any value.
        (StringEquals, "oss:ExistingObjectTag/status", &["review"], tags(), true),
        (StringEquals, "OSS:existingobjecttag/status", &["review"], tags(), true),
        (StringEquals, "oss:ExistingObjectTag/Status", &["review"], tags(), false),
        (StringNotEquals, "oss:ExistingObjectTag/status", &["review"], tags(), false),
        (StringNotEquals, "oss:ExistingObjectTag/status", &["final"], tags(), true),
        // String operators on typed keys compare the text the request gave.
        (StringEquals, "acs:SecureTransport", &["TRUE"], https(), true),
        (StringEquals, "acs:SecureTransport", &["true"], https(), false),
        (StringLike, "acs:SourceIp", &["192.168.*"], ip4(), true),
        // Numbers: text that does not parse matches nothing.
        (NumericEquals, "custom:size", &["20"], tags(), true),
        (NumericEquals, "custom:size", &["20.0"], tags(), true),
        (NumericNotEquals, "custom:size", &["20"], tags(), false),
        (NumericNotEquals, "custom:size", &["21"], tags(), true),
        (NumericNotEquals, "custom:size", &["21"], empty(), true),
        (NumericLessThan, "custom:size", &["20"], tags(), false),
        (NumericLessThan, "custom:size", &["20.5"], tags(), true),
        (NumericLessThanEquals, "custom:size", &["20"], tags(), true),
        (NumericGreaterThan, "custom:size", &["19", "100"], tags(), true),
        (NumericGreaterThan, "custom:size", &["20"], tags(), false),
        (NumericGreaterThanEquals, "custom:size", &["20"], tags(), true),
        (NumericGreaterThanEquals, "custom:size", &["20"], empty(), false),
        (NumericEquals, "acs:SourceVpc", &["1"], vpc(), false),
        (NumericNotEquals, "acs:SourceVpc", &["1"], vpc(), true),
        // Dates: instants, time zones honoured.
        (DateEquals, "acs:CurrentTime", &["2026-01-01T08:30:00+08:00"], at(), true),
        (DateNotEquals, "acs:CurrentTime", &["2026-01-01T08:30:00+08:00"], at(), false),
        (DateNotEquals, "acs:CurrentTime", &["2026-01-01T08:30:00+08:00"], empty(), true),
        (DateLessThan, "acs:CurrentTime", &["2026-01-01T01:00:00+00:00"], at(), true),
        (DateLessThan, "acs:CurrentTime", &["2026-01-01T08:00:00+08:00"], at(), false),
        (DateLessThanEquals, "acs:CurrentTime", &["2026-01-01T00:30:00Z"], at(), true),
        (DateGreaterThan, "acs:CurrentTime", &["2025-12-31T23:59:59-01:00"], at(), false),
        (DateGreaterThan, "acs:CurrentTime", &["2025-12-31T23:59:59Z"], at(), true),
        (DateGreaterThanEquals, "acs:CurrentTime", &["2026-01-01T00:30:00Z"], at(), true),
        (DateEquals, "custom:when", &["2026-01-01T01:00:00Z"], tags(), true),
        (DateEquals, "custom:size", &["2026-01-01T01:00:00Z"], tags(), false),
        // Booleans: any case.
        (Bool, "acs:SecureTransport", &["true"], https(), true),
        (Bool, "acs:SecureTransport", &["false"], https(), false),
        (Bool, "acs:SecureTransport", &["true"], empty(), false),
        (Bool, "acs:SourceVpc", &["true"], vpc(), false),
        // Addresses: CIDR blocks, host bits ignored, families never mixed.
        (IpAddress, "acs:SourceIp", &["192.168.0.0/16"], ip4(), true),
        (IpAddress, "acs:SourceIp", &["192.168.7.7/16"], ip4(), true),
        (IpAddress, "acs:SourceIp", &["10.0.0.0/8", "192.168.3.4"], ip4(), true),
        (IpAddress, "acs:SourceIp", &["10.0.0.0/8"], ip4(), false),
        (IpAddress, "acs:SourceIp", &["::/0"], ip4(), false),
        (IpAddress, "acs:SourceIp", &["2001:db8::/32"], ip6(), true),
        (IpAddress, "acs:SourceIp", &["0.0.0.0/0"], ip6(), false),
        (NotIpAddress, "acs:SourceIp", &["10.0.0.0/8"], ip4(), true),
        (NotIpAddress, "acs:SourceIp", &["192.168.0.0/16"], ip4(), false),
        (NotIpAddress, "acs:SourceIp", &["192.168.0.0/16"], empty(), true),
        (IpAddress, "custom:ip", &["10.0.0.0/8"], extra(&ADDRESSES), true),
        (NotIpAddress, "custom:ip", &["10.0.0.0/8"], extra(&ADDRESSES), false),
        (IpAddress, "acs:SourceVpc", &["0.0.0.0/0"], vpc(), false),
    ]
}

#[test]
fn every_operator_follows_the_spec_table() {
    for (operator, key, values, context, holds) in condition_rows() {
        let policy = compile(PolicyKind::Ram, vec![allow("oss:GetObject", "*").when(operator, key, values)]);
        let want = if holds { Evaluation::allow(0) } else { Evaluation::IGNORE };
        let got = decide(&policy, &request("oss:GetObject", OBJECT).with_context(context));
        assert_eq!(got, want, "{} {key} {values:?}", operator.name());
    }
}

#[test]
fn conditions_are_and_across_keys_and_operators() {
    let both = allow("oss:GetObject", "*").when(Operator::StringEquals, "acs:SourceVpc", &["vpc-123"]).when(
        Operator::IpAddress,
        "acs:SourceIp",
        &["192.168.0.0/16"],
    );
    let policy = compile(PolicyKind::Ram, vec![both]);
    let rows = [
        (context(&[(Key::SourceVpc, "vpc-123"), (Key::SourceIp, "192.168.1.1")]), true),
        (context(&[(Key::SourceVpc, "vpc-123"), (Key::SourceIp, "10.0.0.1")]), false),
        (context(&[(Key::SourceVpc, "vpc-123")]), false),
        (context(&[(Key::SourceIp, "192.168.1.1")]), false),
    ];
    for (context, holds) in rows {
        let want = if holds { Evaluation::allow(0) } else { Evaluation::IGNORE };
        assert_eq!(decide(&policy, &request("oss:GetObject", OBJECT).with_context(context)), want);
    }
}

#[test]
fn the_first_applying_deny_then_the_first_applying_allow_decides() {
    let policy = compile(
        PolicyKind::Ram,
        vec![
            allow("oss:GetObject", "acs:oss:*:*:bucket/*"),       // 0
            deny("oss:Delete*", "acs:oss:*:*:bucket/a/*"),        // 1
            allow("oss:*", "*"),                                  // 2
            deny("oss:DeleteObject", "acs:oss:*:*:bucket/*"),     // 3
            deny("oss:GetObject", "acs:oss:*:*:bucket/secret/*"), // 4
            allow("oss:PutObject", "acs:oss:*:*:bucket/a/*"),     // 5
            deny("!oss:Get*", "acs:oss:*:*:bucket/readonly/*"),   // 6
        ],
    );
    let rows = [
        ("oss:GetObject", "acs:oss:r:1:bucket/a/x", Evaluation::allow(0)),
        ("oss:DeleteObject", "acs:oss:r:1:bucket/a/x", Evaluation::deny(1)),
        ("oss:DeleteObject", "acs:oss:r:1:bucket/b/x", Evaluation::deny(3)),
        ("oss:GetObject", "acs:oss:r:1:bucket/secret/x", Evaluation::deny(4)),
        ("oss:PutObject", "acs:oss:r:1:bucket/a/x", Evaluation::allow(2)),
        ("oss:PutObject", "acs:oss:r:1:bucket/readonly/x", Evaluation::deny(6)),
        ("oss:GetObject", "acs:oss:r:1:bucket/readonly/x", Evaluation::allow(0)),
        ("imm:Foo", "acs:oss:r:1:bucket/a/x", Evaluation::IGNORE),
        ("imm:Foo", "acs:oss:r:1:bucket/readonly/x", Evaluation::deny(6)),
    ];
    for (action, resource, want) in rows {
        assert_eq!(decide(&policy, &request(action, resource)), want, "{action} {resource}");
    }
    assert_eq!(decide(&policy, &request("oss:GetObject", OBJECT)).decision, Decision::Allow);
}

#[test]
fn every_split_agrees_with_a_full_scan() {
    // Many principals on few resources and the reverse, so that the tree splits both ways.
    let mut statements = Vec::new();
    for i in 0..40 {
        let user = format!("u{i}");
        let effect = if i % 7 == 3 { deny } else { allow };
        statements.push(effect("oss:Get*|oss:PutObject", "acs:oss:*:100:bucket/*").principal(&[user.as_str()]));
        let folder = format!("acs:oss:*:100:bucket/f{}/*", i % 5);
        statements.push(effect("oss:GetObject", folder.as_str()).principal(&["*", "arn:sts::100:assumed-role/r/*"]));
    }
    // Exact patterns (no wildcard in the relative id) on the path of other requests, and a
    // group of bucket-level statements that object requests skip by action.
    for i in 0..12 {
        let user = format!("u{i}");
        statements.push(allow("oss:ListObjects", "acs:oss:*:100:bucket").principal(&[user.as_str()]));
    }
    statements.push(allow("oss:GetObject|oss:DeleteObject", "acs:oss:*:100:bucket/f1/a").principal(&["*"]));
    statements.push(deny("oss:DeleteObject", "acs:oss:*:100:bucket/f1").principal(&["*"]));
    statements.push(deny("!oss:GetObject", "!acs:oss:*:*:bucket/public/*").principal(&["u3"]));
    statements.push(allow("*", "acs:oss:*").principal(&["u39"]).when(Operator::StringLike, "acs:UserAgent", &["cli*"]));
    let policy = compile(PolicyKind::Bucket, statements);
    let users: Vec<String> = (0..42).map(|i| format!("u{i}")).collect();
    let agent = context(&[(Key::UserAgent, "cli/1.0")]);
    let mut counted = [0usize; 3];
    for user in &users {
        let principals = [
            Principal::RamUser { uid: user, account: "100" },
            Principal::AssumedRole { arn: "arn:sts::100:assumed-role/r/s", account: "100" },
            Principal::Anonymous,
        ];
        for principal in principals {
            for action in ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListObjects", "x:y"] {
                for key in ["/f1/a", "/f1/ab", "/f1", "/f4/b", "/public/c", "/other", ""] {
                    let resource = format!("acs:oss:r:100:bucket{key}");
                    let request =
                        Request::new(principal, action, &resource).with_context(agent).with_bucket_owner("100");
                    let got = decide(&policy, &request);
                    counted[match got.decision {
                        Decision::Allow => 0,
                        Decision::Deny => 1,
                        Decision::Ignore => 2,
                    }] += 1;
                }
            }
        }
    }
    assert!(counted.iter().all(|&n| n > 50), "{counted:?}");
}

#[test]
fn compiled_policies_are_send_sync_and_unwind_safe() {
    fn assert_auto<T: Send + Sync + core::panic::UnwindSafe + core::panic::RefUnwindSafe>() {}
    assert_auto::<CompiledPolicy>();
}

#[test]
fn the_condition_keys_a_policy_reads_are_known_when_compiling() {
    let limits = crate::Limits::default();
    let compile = |text: &str| CompiledPolicy::from_json(text, PolicyKind::Bucket, &limits).unwrap();
    let none = compile(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Principal":"*","Resource":"acs:oss:*:*:b/*"}]}"#,
    );
    assert!(none.condition_keys().is_empty());
    assert!(!none.reads_key_prefix("oss:ExistingObjectTag/"));
    let tags = compile(
        r#"{"Version":"1","Statement":[
        {"Effect":"Allow","Action":"oss:GetObject","Principal":"*","Resource":"acs:oss:*:*:b/*",
         "Condition":{"StringEquals":{"oss:ExistingObjectTag/team":"a"},"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}},
        {"Effect":"Deny","Action":"oss:GetObject","Principal":"*","Resource":"acs:oss:*:*:b/*",
         "Condition":{"StringNotEquals":{"oss:ExistingObjectTag/team":"a"},"Bool":{"acs:securetransport":"false"}}}]}"#,
    );
    // Well-known keys as docs/SPEC.md spells them, the others as written; each once.
    assert_eq!(tags.condition_keys(), ["acs:SecureTransport", "acs:SourceIp", "oss:ExistingObjectTag/team"]);
    assert!(tags.reads_key_prefix("oss:ExistingObjectTag/"));
    assert!(tags.reads_key_prefix("OSS:existingObjectTag/"), "key names are case-insensitive");
    assert!(!tags.reads_key_prefix("oss:RequestObjectTag/"));
    assert!(!tags.reads_key_prefix("oss:ExistingObjectTag/team/"), "longer than every key");
}
