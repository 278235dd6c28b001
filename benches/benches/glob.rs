//! The adversarial wildcards of issue 16, each a 4,003-byte `StringLike` pattern (within
//! the 4,095-byte string limit) on `acs:UserAgent`, against a 64 KiB User-Agent of `a`s —
//! a near miss at every position, the worst case of a search that tries each position in
//! turn (O(n·m): some 0.2 s a check):
//!
//! * `*a…ab*`, the `*` family: a substring search, O(n + m);
//! * `*a?a?…ab*`, the `?` family: the bit-parallel automaton, O(n·⌈c/64⌉ + m).
//!
//! Ids: `glob/{engine}/4KiB-x-64KiB` and `glob/{engine}/question-4KiB-x-64KiB`, for the
//! engines that build policies at run time (generated code calls the same matcher as the
//! in-memory engine).

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use oss_policy_benches::engines::{ENGINES, PolicySource, Role};
use oss_policy_benches::run::or_exit;
use oss_policy_runtime::{Context, Decision, Key, Prepared, Principal, Request, RequestLimits};

fn glob(c: &mut Criterion) {
    let star = format!("*{}b*", "a".repeat(4_001));
    let question: String = (0..4_001).map(|i| if i % 2 == 0 { 'a' } else { '?' }).collect();
    let patterns = [("4KiB-x-64KiB", star), ("question-4KiB-x-64KiB", format!("*{question}b*"))];
    let agent = "a".repeat(64 * 1024);
    let context = or_exit(Context::new().with(Key::UserAgent, &agent).map_err(|error| error.to_string()));
    let request = Request { context, ..Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:r:1746:b/k") }
        .with_bucket_owner("1746");
    let mut group = c.benchmark_group("glob");
    group.sample_size(10);
    for (engine, (id, pattern)) in ENGINES
        .iter()
        .filter(|engine| !engine.ahead_of_time)
        .flat_map(|engine| patterns.iter().map(move |p| (engine, p)))
    {
        let text = format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Deny","Action":"oss:GetObject","Principal":"*","Resource":"*",
            "Condition":{{"StringLike":{{"acs:UserAgent":"{pattern}"}}}}}}]}}"#
        );
        let source = PolicySource { case: "glob", role: Role::Bucket, text: &text };
        let Some(policy) = or_exit((engine.build)(&source)).ready() else { continue };
        // A 64 KiB value is over the default request limits (docs/SPEC.md section 3): lift them,
        // so that the matcher itself is measured. No match: the Deny does not apply.
        let prepared = or_exit(Prepared::with_limits(&request, &RequestLimits::none()).map_err(|e| e.to_string()));
        assert_ne!(policy.evaluate_prepared(&prepared).decision, Decision::Deny, "{}", engine.name);
        group.bench_with_input(BenchmarkId::new(engine.name, id), &prepared, |b, prepared| {
            b.iter(|| policy.evaluate_prepared(black_box(prepared)))
        });
    }
    group.finish();
}

criterion_group! { name = benches; config = common::criterion(); targets = glob }
criterion_main!(benches);
