//! Differential test: the in-memory compiled engine against the reference evaluator on
//! seeded random policies and requests. They must agree on the decision **and** on the
//! deciding statement, for every pair.
//!
//! Policies draw from a small vocabulary so that patterns collide often: wildcards `*` and
//! `?` in actions, resources, principals and `StringLike`; `NotAction` / `NotResource`;
//! every condition operator, with keys present, missing, multi-valued and unparseable;
//! IPv4 and IPv6 blocks; time zones; the bucket-owner rule; several statements of both
//! effects. Requests are biased to land near the policy's patterns (wildcards filled in).
//!
//! The compiled engine must also allocate nothing for any of these checks.
//!
//! `DIFF_CASES` sets the number of (policy, request) pairs (default 20,000), `DIFF_SEED`
//! the seed. A disagreement is shrunk to a minimal policy and printed with its request.

#![cfg(test)]

use std::collections::BTreeMap;

use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::model::{
    ConditionClause, Effect, Operator, OperatorFamily, PatternList, Policy, Span, Spanned, Statement,
};
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_runtime::actions::action_id;
use oss_policy_runtime::{
    Context, ContextEntry, Decision, Evaluation, Key, PolicyEngine, PolicyKind, Principal, Request, Resource,
    same_key_name,
};

const DEFAULT_CASES: usize = 20_000;
const DEFAULT_SEED: u64 = 0x05_5501_1C7E;
const REQUESTS_PER_POLICY: usize = 20;

/// SplitMix64: small, seedable, good enough to draw test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary.

const ACTION_PATTERNS: &[&str] = &[
    "oss:GetObject",
    "oss:getobject",
    "oss:PutObject",
    "oss:DeleteObject",
    "oss:ListObjects",
    "oss:GetBucketAcl",
    "oss:Get*",
    "oss:*Object",
    "oss:?utObject",
    "oss:Delete*",
    "oss:*",
    "*",
    "imm:*",
    "ram:PassRole",
    "OSS:PUT*",
];
const REQUEST_ACTIONS: &[&str] = &[
    "oss:GetObject",
    "oss:PutObject",
    "oss:DeleteObject",
    "oss:ListObjects",
    "oss:GetBucketAcl",
    "oss:PutBucketAcl",
    "oss:GetObjectAcl",
    "oss:Unknown",
    "oss:GetSomethingNew",
    "imm:DetectFaces",
    "ram:PassRole",
];
const REGIONS: &[&str] = &["cn-hangzhou", "us-east-1"];
const ACCOUNTS: &[&str] = &["100", "200"];
const BUCKETS: &[&str] = &["b", "bk", "logs"];
const KEY_PIECES: &[&str] = &["a", "ab", "报告", "x:y", "user-1", "user-10", "年.pdf", "f.txt", ""];
const FILLERS: &[&str] = &["", "a", "x/y", "报告", ":", "a:b/c", "user-1", "b/a"];
const ONE_CHARS: &[&str] = &["a", "年", "😀", "/", "1"];
const SPECIAL_RESOURCES: &[&str] = &["*", "acs:oss:*", "acs:oss:*:*:*", "acs:oss:*:*", "acs:*", "acs:oss:*:100:b"];
const PRINCIPALS: &[&str] = &[
    "*",
    "*",
    "u1",
    "u2",
    "100",
    "200",
    "2081****",
    "arn:sts::100:assumed-role/r1/*",
    "arn:sts::100:assumed-role/r?/s1",
    "arn:sts::*:assumed-role/*",
];
const CALLERS: &[Principal<'static>] = &[
    Principal::Account { uid: "100" },
    Principal::Account { uid: "200" },
    Principal::RamUser { uid: "u1", account: "100" },
    Principal::RamUser { uid: "u2", account: "200" },
    Principal::RamUser { uid: "2081****", account: "100" },
    Principal::RamUser { uid: "20811234", account: "100" },
    Principal::AssumedRole { arn: "arn:sts::100:assumed-role/r1/s1", account: "100" },
    Principal::AssumedRole { arn: "arn:sts::100:assumed-role/r2/s1", account: "100" },
    Principal::Anonymous,
];
const OWNERS: &[Option<&str>] = &[Some("100"), Some("100"), Some("200"), None];

const STRING_KEYS: &[&str] = &[
    "acs:SourceVpc",
    "acs:sourcevpc",
    "acs:UserAgent",
    "oss:ExistingObjectTag/k",
    "OSS:existingobjecttag/k",
    "oss:ExistingObjectTag/K",
    "acs:SourceIp",
    "acs:SecureTransport",
    "oss:Prefix",
    "custom:missing",
];
const STRING_VALUES: &[&str] = &["vpc-1", "vpc-2", "draft", "final", "cli/1.0", "10.1.2.3", "true", "TRUE", "", "a/"];
const FOLDED_VALUES: &[&str] = &["VPC-1", "DRAFT", "Cli/1.0", "ÄRGER", "ΣΑΣ"];
const LIKE_VALUES: &[&str] = &["vpc-*", "vpc-?", "*", "dr*", "cli/*", "10.*", "VPC-*", "?", "a/*", "ä*"];
const NUMERIC_KEYS: &[&str] = &["custom:n", "custom:missing", "acs:SourceVpc"];
const NUMERIC_VALUES: &[&str] = &["5", "10", "-2.5", "0", "-0", "10.50"];
const DATE_KEYS: &[&str] = &["acs:CurrentTime", "custom:t", "custom:missing"];
const DATE_VALUES: &[&str] = &[
    "2026-01-01T00:00:00Z",
    "2026-01-01T08:00:00+08:00",
    "2026-06-01T00:00:00+02:00",
    "2025-12-31T23:00:00-01:00",
    "2026-01-01T00:00:00.500Z",
];
const BOOL_KEYS: &[&str] = &["acs:SecureTransport", "custom:b", "custom:missing"];
const BOOL_VALUES: &[&str] = &["true", "false", "TRUE"];
const IP_KEYS: &[&str] = &["acs:SourceIp", "custom:ip", "custom:missing"];
const IP_VALUES: &[&str] =
    &["10.0.0.0/8", "10.1.2.3/16", "192.168.1.1", "2001:db8::/32", "::/0", "0.0.0.0/0", "10.1.2.3/32", "::ffff:0:0/96"];

const SOURCE_IPS: &[&str] = &["10.1.2.3", "192.168.1.1", "11.0.0.1", "2001:db8::1", "fe80::1"];
const VPCS: &[&str] = &["vpc-1", "vpc-2", "VPC-1", "vpc-12"];
const TRANSPORTS: &[&str] = &["true", "false", "TRUE"];
const TIMES: &[&str] = &[
    "2026-01-01T00:00:00Z",
    "2026-01-01T08:00:00+08:00",
    "2025-06-01T12:00:00-05:00",
    "2027-01-01T00:00:00Z",
    "2026-01-01T00:00:00.5Z",
];
const AGENTS: &[&str] = &["cli/1.0", "Mozilla", "ärger", "ÄRGER"];
const PREFIXES: &[&str] = &["", "a/", "a/b"];
const EXTRA_KEYS: &[(&str, &[&str])] = &[
    ("oss:ExistingObjectTag/k", &["draft", "final", "Draft", "ärger"]),
    ("custom:n", &["5", "10", "10.0", "-3", "abc", "1e3", "0", "10.5", "007", ""]),
    ("custom:t", &["2026-01-01T00:00:00Z", "2026-01-01T09:00:00+09:00", "later"]),
    ("custom:ip", &["10.0.0.1", "nope", "2001:db8::5", "::ffff:10.0.0.1", "10.0.0.1/8"]),
    ("custom:b", &["true", "yes", "FALSE"]),
];

// ---------------------------------------------------------------------------------------
// Policies.

fn spanned(text: &str) -> Spanned<String> {
    Spanned { value: text.to_owned(), span: Span::default() }
}

fn entries(rng: &mut Rng, most: usize, mut one: impl FnMut(&mut Rng) -> String) -> Vec<Spanned<String>> {
    (0..1 + rng.below(most)).map(|_| spanned(&one(rng))).collect()
}

fn resource_text(rng: &mut Rng) -> String {
    let service = if rng.chance(90) { "oss" } else { "ossvector" };
    let mut relative = rng.pick(BUCKETS).to_owned();
    if rng.chance(80) {
        for _ in 0..1 + rng.below(3) {
            relative.push('/');
            relative.push_str(rng.pick(KEY_PIECES));
        }
    }
    format!("acs:{service}:{}:{}:{relative}", rng.pick(REGIONS), rng.pick(ACCOUNTS))
}

/// A resource pattern: a resource with parts turned into wildcards.
fn resource_pattern(rng: &mut Rng) -> String {
    if rng.chance(12) {
        return rng.pick(SPECIAL_RESOURCES).to_owned();
    }
    let text = resource_text(rng);
    let mut segments: Vec<String> = text.splitn(5, ':').map(str::to_owned).collect();
    for segment in &mut segments[2..4] {
        match rng.below(4) {
            0 | 1 => *segment = "*".to_owned(),
            2 => *segment = format!("{}*", &segment[..1]),
            _ => {}
        }
    }
    let relative = &mut segments[4];
    let chars: Vec<char> = relative.chars().collect();
    let cut = rng.below(chars.len() + 1);
    *relative = match rng.below(10) {
        0..=3 => chars[..cut].iter().collect::<String>() + "*",
        4 | 5 if cut < chars.len() => {
            chars[..cut].iter().collect::<String>() + "?" + &chars[cut + 1..].iter().collect::<String>()
        }
        6 => format!("*{}", chars[cut..].iter().collect::<String>()),
        7 => chars[..cut].iter().collect::<String>() + "*" + &chars[cut..].iter().skip(1).collect::<String>(),
        _ => relative.clone(),
    };
    segments.join(":")
}

fn condition(rng: &mut Rng) -> ConditionClause {
    let operator = rng.pick(Operator::ALL);
    let (keys, values) = match operator.family() {
        OperatorFamily::String => (STRING_KEYS, STRING_VALUES),
        OperatorFamily::StringIgnoreCase => (STRING_KEYS, FOLDED_VALUES),
        OperatorFamily::StringLike => (STRING_KEYS, LIKE_VALUES),
        OperatorFamily::Numeric(_) => (NUMERIC_KEYS, NUMERIC_VALUES),
        OperatorFamily::Date(_) => (DATE_KEYS, DATE_VALUES),
        OperatorFamily::Bool => (BOOL_KEYS, BOOL_VALUES),
        OperatorFamily::Ip => (IP_KEYS, IP_VALUES),
    };
    let key = spanned(rng.pick(keys));
    ConditionClause { operator, key, values: entries(rng, 3, |rng| rng.pick(values).to_owned()) }
}

fn statement(rng: &mut Rng, kind: PolicyKind) -> Statement {
    let effect = if rng.chance(40) { Effect::Deny } else { Effect::Allow };
    let action =
        PatternList { negated: rng.chance(15), patterns: entries(rng, 3, |rng| rng.pick(ACTION_PATTERNS).to_owned()) };
    let resource = PatternList { negated: rng.chance(12), patterns: entries(rng, 3, resource_pattern) };
    let principal = kind.requires_principal().then(|| entries(rng, 2, |rng| rng.pick(PRINCIPALS).to_owned()));
    let clauses = match rng.below(100) {
        0..=54 => 0,
        55..=84 => 1,
        _ => 2,
    };
    let condition = (0..clauses).map(|_| condition(rng)).collect();
    Statement { sid: None, effect, action, resource, principal, condition, span: Span::default() }
}

fn policy(rng: &mut Rng) -> Policy {
    let kind = match rng.below(10) {
        0..=2 => PolicyKind::Ram,
        3..=7 => PolicyKind::Bucket,
        _ => PolicyKind::AccessPoint,
    };
    let statements = (0..1 + rng.below(6)).map(|_| statement(rng, kind)).collect();
    Policy { kind, statements }
}

// ---------------------------------------------------------------------------------------
// Requests, as owned data (a `Request` borrows it).

#[derive(Clone, Debug)]
struct RequestData {
    principal: Principal<'static>,
    action: String,
    /// The resource ARN in one to five parts.
    resource: Vec<String>,
    known: Vec<(Key, String)>,
    extra: Vec<(String, Vec<String>)>,
    bucket_owner: Option<&'static str>,
}

/// A pattern with every wildcard filled in, so that the result lands near the pattern.
fn instantiate(rng: &mut Rng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '*' => rng.pick(FILLERS).to_owned(),
            '?' => rng.pick(ONE_CHARS).to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn flip_case(rng: &mut Rng, text: &str) -> String {
    text.chars().map(|c| if rng.chance(30) { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect()
}

/// Cuts `text` at up to four character boundaries.
fn in_parts(rng: &mut Rng, text: &str) -> Vec<String> {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let mut cuts: Vec<usize> = (0..rng.below(5)).map(|_| rng.pick(&boundaries)).collect();
    cuts.sort_unstable();
    let mut parts = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain([text.len()]) {
        parts.push(text[from..cut].to_owned());
        from = cut;
    }
    parts
}

fn request(rng: &mut Rng, policy: &Policy) -> RequestData {
    let statement = &policy.statements[rng.below(policy.statements.len())];
    let mut action = if rng.chance(85) {
        let pattern = pick_pattern(rng, &statement.action);
        instantiate(rng, pattern)
    } else {
        rng.pick(REQUEST_ACTIONS).to_owned()
    };
    if rng.chance(20) {
        action = flip_case(rng, &action);
    }
    let resource = if rng.chance(88) {
        let pattern = pick_pattern(rng, &statement.resource);
        instantiate(rng, pattern)
    } else {
        resource_text(rng)
    };
    let resource = if rng.chance(25) { in_parts(rng, &resource) } else { vec![resource] };
    let mut known = Vec::new();
    let typed: [(Key, &[&'static str]); 6] = [
        (Key::SourceIp, SOURCE_IPS),
        (Key::SourceVpc, VPCS),
        (Key::SecureTransport, TRANSPORTS),
        (Key::CurrentTime, TIMES),
        (Key::UserAgent, AGENTS),
        (Key::Prefix, PREFIXES),
    ];
    for (key, values) in typed {
        if rng.chance(60) {
            known.push((key, rng.pick(values).to_owned()));
        }
    }
    let mut extra = Vec::new();
    for &(key, values) in EXTRA_KEYS {
        if rng.chance(60) {
            let count = 1 + rng.below(2);
            extra.push((key.to_owned(), (0..count).map(|_| rng.pick(values).to_owned()).collect()));
        }
    }
    if rng.chance(60) {
        satisfy_some_conditions(rng, statement, &mut known, &mut extra);
    }
    RequestData { principal: caller(rng, statement), action, resource, known, extra, bucket_owner: rng.pick(OWNERS) }
}

/// Gives the request, for some of `statement`'s clauses, one of the clause's own values
/// (an address for a CIDR block), so that conditions hold more often than by chance.
fn satisfy_some_conditions(
    rng: &mut Rng,
    statement: &Statement,
    known: &mut Vec<(Key, String)>,
    extra: &mut Vec<(String, Vec<String>)>,
) {
    for clause in &statement.condition {
        if rng.chance(30) {
            continue;
        }
        let value = clause.values[rng.below(clause.values.len())].as_str();
        let value = value.split('/').next().unwrap_or(value).to_owned();
        let name = clause.key.as_str();
        match Key::from_name(name) {
            Some(key) => {
                if Context::new().with(key, &value).is_ok() {
                    known.retain(|(k, _)| *k != key);
                    known.push((key, value));
                }
            }
            None => match extra.iter_mut().find(|(k, _)| same_key_name(k, name)) {
                Some((_, values)) => values.push(value),
                None => extra.push((name.to_owned(), vec![value])),
            },
        }
    }
}

/// A caller, often one that some principal entry of `statement` names.
fn caller(rng: &mut Rng, statement: &Statement) -> Principal<'static> {
    let entries = statement.principal.as_deref().unwrap_or_default();
    if entries.is_empty() || rng.chance(25) {
        return rng.pick(CALLERS);
    }
    let entry = entries[rng.below(entries.len())].as_str();
    let named: Vec<Principal<'static>> = CALLERS
        .iter()
        .copied()
        .filter(|caller| match *caller {
            Principal::Account { uid } | Principal::RamUser { uid, .. } => uid == entry,
            Principal::AssumedRole { .. } => entry.starts_with("arn:sts::"),
            Principal::Anonymous => false,
        })
        .collect();
    if named.is_empty() { rng.pick(CALLERS) } else { rng.pick(&named) }
}

fn pick_pattern<'p>(rng: &mut Rng, list: &'p PatternList) -> &'p str {
    list.patterns[rng.below(list.patterns.len())].as_str()
}

/// Builds the borrowed request and hands it to `f`.
fn with_request<T>(data: &RequestData, f: impl FnOnce(&Request<'_>) -> T) -> T {
    let texts: Vec<Vec<&str>> =
        data.extra.iter().map(|(_, values)| values.iter().map(String::as_str).collect()).collect();
    let values: Vec<ContextEntry<'_>> =
        data.extra.iter().zip(&texts).map(|((key, _), values)| ContextEntry { key, values }).collect();
    let context = data
        .known
        .iter()
        .try_fold(Context::new(), |context, (key, text)| context.with(*key, text))
        .and_then(|context| context.with_extra(&values))
        .expect("generated contexts are valid");
    let mut parts = [""; 5];
    for (slot, part) in parts.iter_mut().zip(&data.resource) {
        *slot = part;
    }
    let mut request = Request::new(data.principal, &data.action, "").with_context(context);
    request.resource = Resource::from_parts(parts);
    request.bucket_owner = data.bucket_owner;
    f(&request)
}

// ---------------------------------------------------------------------------------------
// Disagreements: shrink and print.

fn disagree(policy: &Policy, data: &RequestData) -> Option<(Evaluation, Evaluation)> {
    let reference = ReferencePolicy::new(policy.clone());
    let compiled = CompiledPolicy::from_policy(policy);
    with_request(data, |request| {
        let (want, got) = (reference.evaluate(request), compiled.evaluate(request));
        (want != got).then_some((want, got))
    })
}

/// Every policy one step smaller than `policy`: a statement, a list entry, a clause or a
/// value removed.
fn smaller(policy: &Policy) -> Vec<Policy> {
    let mut out = Vec::new();
    let mut push = |edit: &dyn Fn(&mut Policy)| {
        let mut copy = policy.clone();
        edit(&mut copy);
        out.push(copy);
    };
    for s in 0..policy.statements.len() {
        if policy.statements.len() > 1 {
            push(&|p: &mut Policy| drop(p.statements.remove(s)));
        }
        let statement = &policy.statements[s];
        for i in 0..statement.action.patterns.len() {
            if statement.action.patterns.len() > 1 {
                push(&|p: &mut Policy| drop(p.statements[s].action.patterns.remove(i)));
            }
        }
        for i in 0..statement.resource.patterns.len() {
            if statement.resource.patterns.len() > 1 {
                push(&|p: &mut Policy| drop(p.statements[s].resource.patterns.remove(i)));
            }
        }
        let principals = statement.principal.as_ref().map_or(0, Vec::len);
        for i in 0..principals {
            if principals > 1 {
                push(&|p: &mut Policy| drop(p.statements[s].principal.as_mut().unwrap().remove(i)));
            }
        }
        for c in 0..statement.condition.len() {
            push(&|p: &mut Policy| drop(p.statements[s].condition.remove(c)));
            for v in 0..statement.condition[c].values.len() {
                if statement.condition[c].values.len() > 1 {
                    push(&|p: &mut Policy| drop(p.statements[s].condition[c].values.remove(v)));
                }
            }
        }
    }
    out
}

fn shrink(mut policy: Policy, data: &RequestData) -> Policy {
    while let Some(next) = smaller(&policy).into_iter().find(|candidate| disagree(candidate, data).is_some()) {
        policy = next;
    }
    policy
}

/// The policy as JSON text (clauses of one operator merged into one block).
fn to_json(policy: &Policy) -> String {
    use serde_json::{Map, Value, json};
    let list = |list: &PatternList| Value::from(list.patterns.iter().map(|p| p.value.clone()).collect::<Vec<_>>());
    let statements: Vec<Value> = policy
        .statements
        .iter()
        .map(|s| {
            let mut object = Map::new();
            object.insert("Effect".into(), json!(if s.effect == Effect::Allow { "Allow" } else { "Deny" }));
            object.insert(if s.action.negated { "NotAction" } else { "Action" }.into(), list(&s.action));
            object.insert(if s.resource.negated { "NotResource" } else { "Resource" }.into(), list(&s.resource));
            if let Some(principal) = &s.principal {
                object.insert("Principal".into(), principal.iter().map(|p| p.value.clone()).collect());
            }
            let mut blocks: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
            for clause in &s.condition {
                let values: Vec<String> = clause.values.iter().map(|v| v.value.clone()).collect();
                blocks.entry(clause.operator.name()).or_default().insert(clause.key.value.clone(), values.into());
            }
            if !blocks.is_empty() {
                object.insert(
                    "Condition".into(),
                    blocks.into_iter().map(|(k, v)| (k.to_owned(), Value::Object(v))).collect(),
                );
            }
            Value::Object(object)
        })
        .collect();
    serde_json::to_string_pretty(&json!({"Version": "1", "Statement": statements})).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Coverage: which features decided cases.

fn features(policy: &Policy, data: &RequestData, evaluation: Evaluation, reference: &ReferencePolicy) -> Vec<String> {
    let mut out = Vec::new();
    let owner_rule_matters = policy.kind == PolicyKind::Bucket
        && data.bucket_owner.is_some()
        && with_request(&RequestData { bucket_owner: None, ..data.clone() }, |request| reference.evaluate(request))
            != evaluation;
    if owner_rule_matters {
        out.push("bucket-owner rule".to_owned());
    }
    let Some(index) = evaluation.statement else { return out };
    let statement = &policy.statements[index as usize];
    let mut add = |name: &str| out.push(name.to_owned());
    add(&format!("decided {:?}", policy.kind));
    if statement.action.negated {
        add("NotAction");
    }
    if statement.resource.negated {
        add("NotResource");
    }
    for pattern in statement.action.patterns.iter().map(|p| p.as_str()) {
        if pattern.contains('*') {
            add("action *");
        }
        if pattern.contains('?') {
            add("action ?");
        }
    }
    if action_id(&data.action).is_none() {
        add("request action outside the known list");
    }
    for pattern in statement.resource.patterns.iter().map(|p| p.as_str()) {
        let segments = pattern.splitn(5, ':').count();
        let relative = pattern.splitn(5, ':').nth(4).unwrap_or("");
        if segments < 5 {
            add("resource pattern of fewer than five segments");
        } else if relative.starts_with('*') {
            add("resource relative id starting with *");
        } else if relative.contains('*') {
            add("resource * after a literal prefix");
        }
        if pattern.contains('?') {
            add("resource ?");
        }
    }
    if data.resource.len() > 1 {
        add("resource in parts");
    }
    for entry in statement.principal.iter().flatten().map(|p| p.as_str()) {
        add(match entry {
            "*" => "principal *",
            e if e.starts_with("arn:sts::") => "principal arn:sts::",
            _ => "principal id",
        });
    }
    for clause in &statement.condition {
        add(&format!("operator {}", clause.operator.name()));
        let present = with_request(data, |request| {
            let key = clause.key.as_str();
            match Key::from_name(key) {
                Some(key) => request.context.get(key).is_some(),
                None => request.context.extra_values(key).is_some(),
            }
        });
        if clause.operator.is_negated() && !present {
            add("negated operator, key missing");
        }
        if let Some((_, values)) = data.extra.iter().find(|(key, _)| key.eq_ignore_ascii_case(clause.key.as_str())) {
            if values.len() > 1 {
                add("multi-valued key");
            }
        }
        match clause.operator.family() {
            OperatorFamily::Ip => {
                if clause.values.iter().any(|v| v.as_str().contains(':')) {
                    add("IPv6 block");
                }
                if clause.values.iter().any(|v| v.as_str().contains('.')) {
                    add("IPv4 block");
                }
            }
            OperatorFamily::Date(_) if clause.values.iter().any(|v| !v.as_str().ends_with('Z')) => {
                add("time zone offset");
            }
            OperatorFamily::String | OperatorFamily::StringIgnoreCase | OperatorFamily::StringLike
                if matches!(Key::from_name(clause.key.as_str()), Some(Key::SourceIp | Key::SecureTransport)) =>
            {
                add("string operator on a typed key");
            }
            _ => {}
        }
    }
    let statements_of = |effect: Effect| policy.statements.iter().filter(|s| s.effect == effect).count();
    if evaluation.decision == Decision::Deny && statements_of(Effect::Allow) > 0 {
        let allows = Policy {
            kind: policy.kind,
            statements: policy.statements.iter().filter(|s| s.effect == Effect::Allow).cloned().collect(),
        };
        if with_request(data, |request| ReferencePolicy::new(allows).evaluate(request).decision) == Decision::Allow {
            add("deny over an applying allow");
        }
    }
    if statements_of(evaluation_effect(evaluation)) > 1 {
        add("several statements of the deciding effect");
    }
    out
}

fn evaluation_effect(evaluation: Evaluation) -> Effect {
    if evaluation.decision == Decision::Deny { Effect::Deny } else { Effect::Allow }
}

const REQUIRED_FEATURES: &[&str] = &[
    "decided Ram",
    "decided Bucket",
    "decided AccessPoint",
    "NotAction",
    "NotResource",
    "action *",
    "action ?",
    "request action outside the known list",
    "resource pattern of fewer than five segments",
    "resource relative id starting with *",
    "resource * after a literal prefix",
    "resource ?",
    "resource in parts",
    "principal *",
    "principal id",
    "principal arn:sts::",
    "negated operator, key missing",
    "multi-valued key",
    "IPv4 block",
    "IPv6 block",
    "time zone offset",
    "string operator on a typed key",
    "deny over an applying allow",
    "several statements of the deciding effect",
    "bucket-owner rule",
];

#[test]
fn compiled_engine_agrees_with_the_reference() {
    let cases: usize = std::env::var("DIFF_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_CASES);
    let seed: u64 = std::env::var("DIFF_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_SEED);
    let mut rng = Rng(seed);
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut covered: BTreeMap<String, usize> = BTreeMap::new();
    let mut done = 0;
    while done < cases {
        let policy = policy(&mut rng);
        let reference = ReferencePolicy::new(policy.clone());
        let compiled = CompiledPolicy::from_policy(&policy);
        for _ in 0..REQUESTS_PER_POLICY.min(cases - done) {
            let data = request(&mut rng, &policy);
            let (want, got, allocations) = with_request(&data, |request| {
                let mut got = Evaluation::IGNORE;
                let counted = allocation_counter::measure(|| got = compiled.evaluate(request));
                (reference.evaluate(request), got, counted.count_total)
            });
            assert_eq!(allocations, 0, "the compiled engine allocated for {data:#?}");
            if want != got {
                let minimal = shrink(policy.clone(), &data);
                let (want, got) = disagree(&minimal, &data).unwrap_or((want, got));
                panic!(
                    "compiled engine disagrees with the reference (seed {seed}, case {done}):\n\
                     reference: {want:?}\ncompiled:  {got:?}\nkind: {:?}\npolicy: {}\nrequest: {data:#?}",
                    minimal.kind,
                    to_json(&minimal),
                );
            }
            *outcomes.entry(want.decision.as_str()).or_default() += 1;
            for feature in features(&policy, &data, want, &reference) {
                *covered.entry(feature).or_default() += 1;
            }
            done += 1;
        }
    }
    println!("{done} cases, outcomes {outcomes:?}");
    for (feature, count) in &covered {
        println!("  {count:6}  {feature}");
    }
    for decision in ["Allow", "Deny", "Ignore"] {
        let share = outcomes.get(decision).copied().unwrap_or(0) * 100 / done.max(1);
        assert!(share >= 15, "{decision} is only {share}% of outcomes: {outcomes:?}");
    }
    for feature in REQUIRED_FEATURES {
        assert!(covered.get(*feature).copied().unwrap_or(0) > 0, "no case decided by `{feature}`");
    }
    for operator in Operator::ALL {
        let name = format!("operator {}", operator.name());
        assert!(covered.get(&name).copied().unwrap_or(0) > 0, "no case decided by `{name}`");
    }
}
