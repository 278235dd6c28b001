//! The seed, combined and scale cases translated to cedar-policy
//! (`oss_policy_benches::cedar`), each request built before the timed call, which is the
//! one or two `Authorizer::is_authorized` a combined authorization needs. Run with
//! `cargo bench -p oss-policy-benches --features peers --bench peer`.
//!
//! Ids: those of the `seed`, `combined` and `scale` benchmarks with the engine `cedar`, so
//! that reports put Cedar beside the other engines.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main, measurement::WallTime};
use oss_policy_benches::cases::{Case, OUTCOMES};
use oss_policy_benches::cedar::CedarCase;
use oss_policy_benches::run::or_exit;
use oss_policy_benches::scale::{Family, SIZES, case};
use oss_policy_compiler::cases::RequestSpec;

/// Samples at 1,000 statements and more: Cedar evaluates every policy of a set.
const FEW_SAMPLES: usize = 10;

/// Times `spec` of `case` through Cedar, after checking its decision.
fn bench(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    cedar: &CedarCase,
    case: &Case,
    spec: &RequestSpec,
) {
    let request = or_exit(cedar.request(case, spec));
    let decision = cedar.decide(&request);
    or_exit(match spec.expect {
        Some(expected) if expected != oss_policy_compiler::cases::Expect::Decision(decision) => {
            Err(format!("cedar decides {} of {} as {decision}", spec.name, case.name()))
        }
        _ => Ok(()),
    });
    group.bench_function(id, |b| b.iter(|| cedar.decide(black_box(&request))));
}

fn seed(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed");
    for case in &or_exit(Case::seeds()) {
        let cedar = or_exit(CedarCase::translate(case));
        for outcome in OUTCOMES {
            if let Some(spec) = case.request(outcome) {
                bench(&mut group, BenchmarkId::new("cedar", format!("{}/{outcome}", case.name())), &cedar, case, spec);
            }
        }
    }
    group.finish();
}

fn combined(c: &mut Criterion) {
    let mut group = c.benchmark_group("combined");
    let case = or_exit(Case::combined());
    let cedar = or_exit(CedarCase::translate(&case));
    for outcome in OUTCOMES {
        if let Some(spec) = case.request(outcome) {
            bench(&mut group, BenchmarkId::new("cedar", outcome), &cedar, &case, spec);
        }
    }
    group.finish();
}

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    for family in Family::ALL {
        for statements in SIZES {
            group.sample_size(if statements >= 1_000 { FEW_SAMPLES } else { 50 });
            let case = or_exit(case(family, statements));
            let cedar = or_exit(CedarCase::translate(&case));
            for spec in &case.file().requests {
                let id = BenchmarkId::new(format!("cedar/{}/{}", family.name(), spec.name), statements);
                bench(&mut group, id, &cedar, &case, spec);
            }
        }
    }
    group.finish();
}

criterion_group! { name = benches; config = common::criterion(); targets = seed, combined, scale }
criterion_main!(benches);
