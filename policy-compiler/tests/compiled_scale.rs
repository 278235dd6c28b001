//! The compiled engine at scale: a policy of 10,000 statements compiles quickly, and a
//! check examines a handful of statements beyond the index whatever the policy's size
//! (docs/DESIGN.md, "Performance design").

use std::time::Instant;

use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::model::{Effect, PatternList, Policy, Span, Spanned, Statement};
use oss_policy_runtime::{Decision, Evaluation, PolicyEngine, PolicyKind, Principal, Request, RequestError};

const STATEMENTS: usize = 10_000;
const ACCOUNT: &str = "174649585760xxxx";

fn spanned(text: String) -> Spanned<String> {
    Spanned { value: text, span: Span::default() }
}

fn list(entries: &[String]) -> PatternList {
    PatternList { negated: false, patterns: entries.iter().cloned().map(spanned).collect() }
}

/// Statement `n` grants `oss:GetObject` on `bucket/user-{n}/*`, to user `n` when
/// `per_user_principal`.
fn folder_grants(kind: PolicyKind, per_user_principal: bool, resource_of: impl Fn(usize) -> String) -> Policy {
    let statements = (0..STATEMENTS)
        .map(|n| Statement {
            sid: None,
            effect: Effect::Allow,
            action: list(&["oss:GetObject".to_owned()]),
            resource: list(&[resource_of(n)]),
            principal: per_user_principal.then(|| vec![spanned(format!("2000{n}"))]),
            condition: vec![],
            span: Span::default(),
        })
        .collect();
    Policy { kind, statements }
}

fn compile_timed(policy: &Policy, what: &str) -> CompiledPolicy {
    let start = Instant::now();
    let compiled = CompiledPolicy::from_policy(policy);
    println!("compiled {} statements ({what}) in {:?}", policy.statements.len(), start.elapsed());
    compiled
}

fn user(n: usize) -> String {
    format!("2000{n}")
}

fn check(policy: &CompiledPolicy, uid: &str, resource: &str) -> Result<(Evaluation, usize), RequestError> {
    let request = Request::new(Principal::RamUser { uid, account: ACCOUNT }, "oss:GetObject", resource)
        .with_bucket_owner(ACCOUNT);
    let counted = policy.evaluate_counting(&request)?;
    assert_eq!(Ok(counted.0), policy.evaluate(&request));
    Ok(counted)
}

#[test]
fn per_user_folders_examine_a_flat_handful_of_statements() {
    let policy = folder_grants(PolicyKind::Ram, false, |n| format!("acs:oss:*:{ACCOUNT}:bucket/user-{n}/*"));
    let compiled = compile_timed(&policy, "RAM, per-user folders");
    let last = STATEMENTS - 1;
    let object = |folder: &str| format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/{folder}/report.pdf");
    let rows = [
        (object(&format!("user-{last}")), Evaluation::allow(last as u32)),
        (object("user-0"), Evaluation::allow(0)),
        (object("user-123"), Evaluation::allow(123)),
        (object(&format!("user-{STATEMENTS}")), Evaluation::IGNORE),
        (object("nobody"), Evaluation::IGNORE),
        (format!("acs:oss:cn-hangzhou:other:bucket/user-{last}/x"), Evaluation::IGNORE),
        (format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/user-{last}"), Evaluation::IGNORE),
    ];
    for (resource, want) in rows {
        let (got, examined) = check(&compiled, &user(0), &resource).unwrap();
        assert_eq!(got, want, "{resource}");
        assert!(examined <= 4, "{examined} statements examined for {resource}");
    }
}

#[test]
fn check_cost_is_reported() {
    let policy = folder_grants(PolicyKind::Ram, false, |n| format!("acs:oss:*:{ACCOUNT}:bucket/user-{n}/*"));
    let compiled = CompiledPolicy::from_policy(&policy);
    let resources = [
        format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/user-{}/2026/report.pdf", STATEMENTS - 1),
        format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/nobody/2026/report.pdf"),
    ];
    for resource in &resources {
        let request = Request::new(Principal::RamUser { uid: "1", account: ACCOUNT }, "oss:GetObject", resource)
            .with_bucket_owner(ACCOUNT);
        let rounds = 20_000u32;
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(compiled.evaluate(std::hint::black_box(&request)).ok());
        }
        println!("{:?} per check of {resource} against {STATEMENTS} statements", start.elapsed() / rounds);
    }
}

#[test]
fn per_user_principals_examine_a_flat_handful_of_statements() {
    // Every statement has the same resource: the principal index narrows it.
    let policy = folder_grants(PolicyKind::Bucket, true, |_| format!("acs:oss:*:{ACCOUNT}:bucket/*"));
    let compiled = compile_timed(&policy, "bucket, per-user principals");
    let resource = format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/a.txt");
    let last = STATEMENTS - 1;
    let rows = [
        (user(last), Evaluation::allow(last as u32)),
        (user(7), Evaluation::allow(7)),
        ("1".to_owned(), Evaluation::IGNORE),
    ];
    for (uid, want) in rows {
        let (got, examined) = check(&compiled, &uid, &resource).unwrap();
        assert_eq!(got, want, "{uid}");
        assert!(examined <= 4, "{examined} statements examined for {uid}");
    }
    let anonymous = Request::new(Principal::Anonymous, "oss:GetObject", &resource).with_bucket_owner(ACCOUNT);
    let (anonymous, examined) = compiled.evaluate_counting(&anonymous).unwrap();
    assert_eq!((anonymous.decision, examined), (Decision::Ignore, 0));
}

#[test]
fn ten_thousand_statements_compile_in_reasonable_time() {
    let policy =
        folder_grants(PolicyKind::Bucket, true, |n| format!("acs:oss:*:{ACCOUNT}:bucket-{}/user-{n}/*", n % 97));
    let start = Instant::now();
    let compiled = compile_timed(&policy, "bucket, per-user folders and principals");
    // Generous: the test profile builds with opt-level 1 on shared machines.
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    assert_eq!(compiled.ir().statements.len(), STATEMENTS);
}

/// One statement of `entries` resources (`bucket/user-{n}/*`), STS principals (the
/// sessions of role `r{n}`) and residual action patterns (`custom:Act{n}*`), each
/// entry given twice: the lists are de-duplicated in linear time, so compiling it takes
/// a moment, not minutes.
#[test]
fn one_statement_of_100000_entries_compiles_and_decides() {
    const ENTRIES: usize = 100_000;
    let twice =
        |entry: &dyn Fn(usize) -> String| -> Vec<String> { (0..2 * ENTRIES).map(|i| entry(i % ENTRIES)).collect() };
    let mut actions = twice(&|n| format!("custom:Act{n}*"));
    actions.push("oss:GetObject".to_owned());
    let statement = Statement {
        sid: None,
        effect: Effect::Allow,
        action: list(&actions),
        resource: list(&twice(&|n| format!("acs:oss:*:{ACCOUNT}:bucket/user-{n}/*"))),
        principal: Some(
            twice(&|n| format!("arn:sts::{ACCOUNT}:assumed-role/r{n}/*")).into_iter().map(spanned).collect(),
        ),
        condition: vec![],
        span: Span::default(),
    };
    let policy = Policy { kind: PolicyKind::Bucket, statements: vec![statement] };
    let compiled = compile_timed(&policy, "one statement, 100,000 entries per list");
    let last = ENTRIES - 1;
    let session = |role: usize| format!("arn:sts::{ACCOUNT}:assumed-role/r{role}/s1");
    let object = |folder: usize| format!("acs:oss:cn-hangzhou:{ACCOUNT}:bucket/user-{folder}/a.txt");
    let rows = [
        (session(last), "oss:GetObject", object(last), Decision::Allow),
        (session(0), "oss:GetObject", object(12_345), Decision::Allow),
        (session(last), "custom:Act99999Go", object(0), Decision::Allow),
        (session(ENTRIES), "oss:GetObject", object(0), Decision::Ignore),
        (session(0), "oss:GetObject", object(ENTRIES), Decision::Ignore),
        (session(0), "oss:PutObject", object(0), Decision::Ignore),
    ];
    for (arn, action, resource, want) in rows {
        let caller = Principal::AssumedRole { arn: &arn, account: ACCOUNT };
        let request = Request::new(caller, action, &resource).with_bucket_owner(ACCOUNT);
        assert_eq!(compiled.evaluate(&request).map(|e| e.decision), Ok(want), "{arn} {action} {resource}");
    }
}
