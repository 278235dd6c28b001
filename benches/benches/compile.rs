//! Compile time: parse and validate, and for the compiled engine lower and plan into its
//! decision tree, a bucket policy of 16 KiB (the service's limit), a policy of 10,000
//! statements and one statement of 100,000 resources.
//!
//! Ids: `compile/{engine}/{policy}`; the reference evaluator's compile is parse and
//! validate only. Generated code has no compile step at run time (its policies are compiled
//! with the crate): it is left out here.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use oss_policy_benches::engines::{ENGINES, PolicySource, Role};
use oss_policy_benches::run::or_exit;
use oss_policy_benches::scale::{Family, policy};

/// The service's limit on a bucket policy, in bytes (docs/SPEC.md section 1).
const BUCKET_POLICY_LIMIT: usize = 16 * 1024;

/// The largest generated bucket policy within the limit, in whole blocks of ten.
fn largest_within_limit() -> String {
    let mut text = policy(Family::Bucket, 10);
    for statements in (20..).step_by(10) {
        let next = policy(Family::Bucket, statements);
        if next.len() > BUCKET_POLICY_LIMIT {
            break;
        }
        text = next;
    }
    text
}

/// One bucket policy statement of `entries` resources (`bucket/user-{n}/*`): lowering
/// de-duplicates and indexes them in O(n log n).
fn one_statement(entries: usize) -> String {
    let resources: Vec<String> = (0..entries).map(|n| format!("\"acs:oss:*:1746:bucket/user-{n}/*\"")).collect();
    format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"oss:GetObject","Principal":"*","Resource":[{}]}}]}}"#,
        resources.join(",")
    )
}

fn compile(c: &mut Criterion) {
    let policies = [
        ("16KiB", largest_within_limit()),
        ("10000-statements", policy(Family::Bucket, 10_000)),
        ("100000-entries", one_statement(100_000)),
    ];
    let mut group = c.benchmark_group("compile");
    group.sample_size(10);
    for (name, text) in &policies {
        for engine in ENGINES.iter().filter(|engine| !engine.ahead_of_time) {
            let source = PolicySource { case: name, role: Role::Bucket, text };
            or_exit((engine.build)(&source));
            group.bench_with_input(BenchmarkId::new(engine.name, name), &source, |b, source| {
                b.iter(|| (engine.build)(black_box(source)))
            });
        }
    }
    group.finish();
}

criterion_group! { name = benches; config = common::criterion(); targets = compile }
criterion_main!(benches);
