//! A full authorization: the caller's RAM policy, the bucket policy and the access point
//! policy, for a request through the access point (`benches/cases/combined.json`), an
//! Allow, an explicit Deny and an Ignore, through every engine.
//!
//! Ids: `combined/{engine}/{decision}`.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use oss_policy_benches::cases::{Case, OUTCOMES};
use oss_policy_benches::engines::{ENGINES, Policies};
use oss_policy_benches::run::or_exit;

fn combined(c: &mut Criterion) {
    let case = or_exit(Case::combined());
    let mut group = c.benchmark_group("combined");
    for engine in ENGINES {
        let Some(policies) = or_exit(Policies::build(engine, &case)).ready() else { continue };
        or_exit(policies.with_authorizer(case.bucket_owner(), |authorizer| {
            for outcome in OUTCOMES {
                let Some(spec) = case.request(outcome) else { continue };
                or_exit(case.authorize(authorizer, spec));
                let id = BenchmarkId::new(engine.name, outcome);
                or_exit(case.with_request(spec, |request| {
                    group.bench_with_input(id, request, |b, request| {
                        b.iter(|| authorizer.authorize(black_box(request)))
                    });
                }));
            }
        }));
    }
    group.finish();
}

criterion_group! { name = benches; config = common::criterion(); targets = combined }
criterion_main!(benches);
