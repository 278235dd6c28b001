//! Generated policies of 10 to 10,000 statements (`oss_policy_benches::scale`): a request
//! that a statement near the end allows and one that no statement matches, through every
//! engine — generated code only when built with feature `scale`
//! (`cargo bench -p oss-policy-benches --features scale --bench scale`), which compiles
//! these policies to Rust. The reference evaluator is linear in statements: at the largest
//! sizes it runs fewer samples.
//!
//! Ids: `scale/{engine}/{family}/{request}/{statements}` (family `bucket` or
//! `access-point`, request `near-end` or `no-match`).

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use oss_policy_benches::engines::{ENGINES, Policies, REFERENCE};
use oss_policy_benches::run::or_exit;
use oss_policy_benches::scale::{Family, SIZES, case};

/// Samples for the slow runs: the reference evaluator at 1,000 statements and more.
const FEW_SAMPLES: usize = 10;

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    for family in Family::ALL {
        for statements in SIZES {
            let case = or_exit(case(family, statements));
            for engine in ENGINES {
                let slow = engine.name == REFERENCE.name && statements >= 1_000;
                group.sample_size(if slow { FEW_SAMPLES } else { 50 });
                // Skipped: generated code without feature `scale`.
                let Some(policies) = or_exit(Policies::build(engine, &case)).ready() else { continue };
                or_exit(policies.with_authorizer(case.bucket_owner(), |authorizer| {
                    for spec in &case.file().requests {
                        or_exit(case.authorize(authorizer, spec));
                        let id =
                            BenchmarkId::new(format!("{}/{}/{}", engine.name, family.name(), spec.name), statements);
                        or_exit(case.with_request(spec, |request| {
                            group.bench_with_input(id, request, |b, request| {
                                b.iter(|| authorizer.authorize(black_box(request)))
                            });
                        }));
                    }
                }));
            }
        }
    }
    group.finish();
}

criterion_group! { name = benches; config = common::criterion(); targets = scale }
criterion_main!(benches);
