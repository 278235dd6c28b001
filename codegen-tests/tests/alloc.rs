//! Generated code allocates nothing per check (docs/SPEC.md section 6): every generated type
//! of the conformance cases, alone and under the combined authorizer, on the conformance
//! requests (access points included: resources in parts); every random and shaped policy
//! on random requests. Allocations are counted per thread, in a test binary of its own.

use codegen_tests::{CONFORMANCE, RANDOM, SHAPED};
use oss_policy_compiler::cases::{CaseFile, Expect};
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_runtime::{Authorizer, Evaluation, PolicyEngine};
use testgen::random::{Rng, request, with_request};

/// Allocations made by `f`.
fn allocations(f: impl FnOnce()) -> u64 {
    allocation_counter::measure(f).count_total
}

#[test]
fn conformance_requests_allocate_nothing() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/decisions");
    let mut checked = 0;
    for policies in CONFORMANCE {
        let path = dir.join(format!("{}.json", policies.file));
        let cases = CaseFile::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let owner = cases.bucket_owner.as_deref().unwrap_or("");
        let mut authorizer = Authorizer::new(owner).with_ram(policies.ram).unwrap();
        if let Some(bucket) = policies.bucket {
            authorizer = authorizer.with_bucket(bucket).unwrap();
        }
        if let Some(access_point) = policies.access_point {
            authorizer = authorizer.with_access_point(access_point).unwrap();
        }
        let every: Vec<&dyn PolicyEngine> =
            policies.ram.iter().copied().chain(policies.bucket).chain(policies.access_point).collect();
        // A refusal allocates its message; every check of a request that is evaluated
        // allocates nothing.
        for spec in cases.requests.iter().filter(|spec| spec.expect != Some(Expect::Refused)) {
            let counted = spec
                .with_request(cases.bucket_owner.as_deref(), |request| {
                    allocations(|| {
                        for policy in &every {
                            std::hint::black_box(policy.evaluate(request).ok());
                        }
                        std::hint::black_box(authorizer.authorize(request).ok());
                    })
                })
                .unwrap();
            assert_eq!(counted, 0, "{} `{}`", policies.file, spec.name);
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} requests");
}

#[test]
fn random_requests_allocate_nothing() {
    let mut rng = Rng(0xA110C);
    let mut checked = 0;
    for random in RANDOM.iter().chain(SHAPED) {
        let policy = parse_policy(random.json, random.kind, &Limits::none()).unwrap();
        for _ in 0..20 {
            let data = request(&mut rng, &policy);
            let mut got = Ok(Evaluation::IGNORE);
            let counted = with_request(&data, |request| allocations(|| got = random.engine.evaluate(request)));
            assert!(counted == 0 || got.is_err(), "{}: {data:?}", random.json);
            std::hint::black_box(got.ok());
            checked += 1;
        }
    }
    // The counter does see allocations: the measurement can fail.
    assert!(allocations(|| drop(std::hint::black_box(format!("{checked}")))) > 0);
}
