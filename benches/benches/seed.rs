//! Seed policies of the vendor documents (`oss_policy_benches::cases::SEEDS`): for each,
//! an Allow, an explicit Deny and an Ignore request where the case has one, each one
//! combined authorization, through every engine of `oss_policy_benches::engines::ENGINES`.
//!
//! Ids: `seed/{engine}/{case}/{decision}`.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use oss_policy_benches::cases::{Case, OUTCOMES};
use oss_policy_benches::engines::{ENGINES, Policies};
use oss_policy_benches::run::or_exit;

fn seed(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed");
    for case in &or_exit(Case::seeds()) {
        for engine in ENGINES {
            // Skipped: generated code the build did not compile.
            let Some(policies) = or_exit(Policies::build(engine, case)).ready() else { continue };
            or_exit(policies.with_authorizer(case.bucket_owner(), |authorizer| {
                for outcome in OUTCOMES {
                    let Some(spec) = case.request(outcome) else { continue };
                    or_exit(case.authorize(authorizer, spec));
                    let id = BenchmarkId::new(engine.name, format!("{}/{outcome}", case.name()));
                    or_exit(case.with_request(spec, |request| {
                        group.bench_with_input(id, request, |b, request| {
                            b.iter(|| authorizer.authorize(black_box(request)))
                        });
                    }));
                }
            }));
        }
    }
    group.finish();
}

criterion_group! { name = benches; config = common::criterion(); targets = seed }
criterion_main!(benches);
