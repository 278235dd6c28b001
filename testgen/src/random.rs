//! Seeded random policies and requests for differential tests: the in-memory engine
//! and generated code are both checked against the reference evaluator on them.
//!
//! Policies draw from a small vocabulary so that patterns collide often: wildcards `*` and
//! `?` in actions, resources, principals and `StringLike`; `NotAction` / `NotResource`;
//! every condition operator, with keys present, missing, multi-valued and unparseable;
//! IPv4 and IPv6 blocks; time zones; the bucket-owner rule; several statements of both
//! effects. Requests are biased to land near the policy's patterns (wildcards filled in).

use std::collections::BTreeMap;

use oss_policy_compiler::model::{
    ConditionClause, Effect, Operator, OperatorFamily, PatternList, Policy, Span, Spanned, Statement,
};
use oss_policy_runtime::actions::KNOWN_ACTIONS;
use oss_policy_runtime::matchers::{Text, glob};
use oss_policy_runtime::{
    Context, ContextEntry, Evaluation, Key, PolicyKind, Principal, Request, RequestError, Resource, same_key_name,
};

/// SplitMix64: small, seedable, good enough to draw test cases.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.bits() % n as u64) as usize
    }

    /// `true` with the given chance.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.bits() % 100 < percent
    }

    /// One of `items` (not empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
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
    "imm:DetectFaces",
    "ram:PassRole",
];
const REGIONS: &[&str] = &["cn-hangzhou", "us-east-1"];
const ACCOUNTS: &[&str] = &["100", "200"];
const BUCKETS: &[&str] = &["b", "bk", "logs"];
const KEY_PIECES: &[&str] = &["a", "ab", "报告", "x:y", "user-1", "user-10", "年.pdf", "f.txt", ""];
const ACTION_FILLERS: &[&str] = &["a", "Object", "X1", "-_"];
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
/// Callers that are refused (docs/SPEC.md section 5): an empty id, a role of another account.
const BAD_CALLERS: &[Principal<'static>] = &[
    Principal::RamUser { uid: "", account: "100" },
    Principal::AssumedRole { arn: "arn:sts::200:assumed-role/r1/s1", account: "100" },
];
const OWNERS: &[&str] = &["100", "100", "200"];

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

/// A concrete resource ARN.
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

/// A random policy: its kind, and one to six statements of both effects.
pub fn policy(rng: &mut Rng) -> Policy {
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

/// A request as owned data; [`with_request`] lends it as a [`Request`].
#[derive(Clone, Debug)]
pub struct RequestData {
    /// The caller.
    pub principal: Principal<'static>,
    /// The action.
    pub action: String,
    /// The resource ARN in one to five parts.
    pub resource: Vec<String>,
    /// Well-known context keys with their text.
    pub known: Vec<(Key, String)>,
    /// Other context keys with their values.
    pub extra: Vec<(String, Vec<String>)>,
    /// The bucket owner.
    pub bucket_owner: Option<&'static str>,
}

/// A pattern with every wildcard filled in, so that the result lands near the pattern.
fn instantiate(rng: &mut Rng, pattern: &str) -> String {
    instantiate_with(rng, pattern, FILLERS, ONE_CHARS)
}

/// [`instantiate`] with the given fillers for `*` and `?`.
fn instantiate_with(rng: &mut Rng, pattern: &str, fillers: &[&str], one_chars: &[&str]) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '*' => rng.pick(fillers).to_owned(),
            '?' => rng.pick(one_chars).to_owned(),
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

/// A random request, biased to land near one of `policy`'s statements.
pub fn request(rng: &mut Rng, policy: &Policy) -> RequestData {
    let statement = &policy.statements[rng.below(policy.statements.len())];
    let mut action = if rng.chance(85) {
        let pattern = pick_pattern(rng, &statement.action);
        // Mostly a known action the pattern matches (an unknown `oss:` action is refused,
        // SPEC.md section 2), else the pattern filled in.
        let known: Vec<&str> = KNOWN_ACTIONS
            .iter()
            .map(|action| action.name)
            .filter(|name| glob::matches_ignore_ascii_case(pattern, Text::new(name)))
            .collect();
        match (known.is_empty(), rng.below(10)) {
            (false, 0..9) => rng.pick(&known).to_owned(),
            // Fillers an action may hold, and now and then any (refused: SPEC.md section 2).
            (_, 0..9) => instantiate_with(rng, pattern, ACTION_FILLERS, &["a", "Z", "1"]),
            _ => instantiate(rng, pattern),
        }
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
    // Now and then a request that is refused: no bucket owner, a malformed caller.
    let bucket_owner = if rng.chance(3) { None } else { Some(rng.pick(OWNERS)) };
    let principal = if rng.chance(3) { rng.pick(BAD_CALLERS) } else { caller(rng, statement) };
    RequestData { principal, action, resource, known, extra, bucket_owner }
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

/// The size and seed of a differential run: `DIFF_CASES` and `DIFF_SEED` from the
/// environment, or the test's defaults.
pub fn run_settings(default_cases: usize, default_seed: u64) -> (usize, u64) {
    let cases = std::env::var("DIFF_CASES").ok().and_then(|n| n.parse().ok());
    let seed = std::env::var("DIFF_SEED").ok().and_then(|n| n.parse().ok());
    (cases.unwrap_or(default_cases), seed.unwrap_or(default_seed))
}

/// Walks `cases` random (policy, request) pairs from `seed`, `per_policy` requests per
/// policy: `prepare` once per policy (to build its engines), then `check` for each
/// request with the case's number.
pub fn for_each_pair<S>(
    cases: usize,
    seed: u64,
    per_policy: usize,
    mut prepare: impl FnMut(&Policy) -> S,
    mut check: impl FnMut(&S, &Policy, &RequestData, usize),
) {
    let mut rng = Rng(seed);
    let mut done = 0;
    while done < cases {
        let policy = policy(&mut rng);
        let prepared = prepare(&policy);
        for _ in 0..per_policy.max(1).min(cases - done) {
            let data = request(&mut rng, &policy);
            check(&prepared, &policy, &data, done);
            done += 1;
        }
    }
}

/// `Allow`, `Deny`, `Ignore` or `Refused`: an engine's answer, for tallies.
pub fn outcome_name(answer: &Result<Evaluation, RequestError>) -> &'static str {
    answer.as_ref().map_or("Refused", |evaluation| evaluation.decision.as_str())
}

/// Builds the borrowed request and hands it to `f`.
pub fn with_request<T>(data: &RequestData, f: impl FnOnce(&Request<'_>) -> T) -> T {
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

/// The policy as JSON text (clauses of one operator merged into one block; of two
/// clauses of one operator on one key, as spelt, the last is kept: JSON cannot say both).
pub fn to_json(policy: &Policy) -> String {
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
