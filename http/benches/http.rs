//! Benchmarks of oss-policy-http.
#![allow(clippy::unwrap_used)]
//! Classification, V4 verification (signing key cached) and classification plus
//! authorization of a GetObject.

use std::time::{Duration, UNIX_EPOCH};

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use http::HeaderValue;
use oss_policy_compiler::Limits;
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_http::authorize::{Scene, all_allowed, authorize};
use oss_policy_http::context::{Connection, WireContext};
use oss_policy_http::credentials::StaticCredentials;
use oss_policy_http::{Caller, Classifier, Directory, Signature, Verifier, checks, sigv4};
use oss_policy_runtime::{Authorizer, PolicyEngine, PolicyKind, Principal};

struct Owner;
impl Directory for Owner {
    fn bucket_owner(&self, _: &str) -> Option<&str> {
        Some("1746495857602745")
    }
}

fn bench(c: &mut Criterion) {
    let (endpoints, method, uri, headers) = support::get_object();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &Owner);
    c.bench_function("classify GetObject", |b| {
        b.iter(|| classifier.classify(&method, &uri, &headers).unwrap().operation)
    });

    // A V4-signed GetObject.
    let unsigned = classifier.classify(&method, &uri, &headers).unwrap();
    let canonical = sigv4::canonical_request(&unsigned, &[], false, "UNSIGNED-PAYLOAD").unwrap();
    let to_sign = sigv4::string_to_sign("20231216T162057Z", "20231216", "cn-hangzhou", &canonical);
    let signature = sigv4::sign(&sigv4::signing_key("sk", "20231216", "cn-hangzhou"), &to_sign);
    let mut signed = headers.clone();
    let auth =
        format!("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature={signature}");
    signed.insert("authorization", HeaderValue::from_str(&auth).unwrap());
    let mut store = StaticCredentials::new();
    store.add("ak", "sk", None, Principal::RamUser { uid: "2021", account: "1746495857602745" });
    let verifier = Verifier::new(&store);
    let now = UNIX_EPOCH + Duration::from_secs(1_702_743_657);
    let request = classifier.classify(&method, &uri, &signed).unwrap();
    c.bench_function("verify V4 header (cached key)", |b| b.iter(|| verifier.verify(&request, now).unwrap()));

    let policy = CompiledPolicy::from_json(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:examplebucket/photos/*"}]}"#,
        PolicyKind::Ram,
        &Limits::default(),
    )
    .unwrap();
    let policies: [&dyn PolicyEngine; 1] = [&policy];
    let authorizer = Authorizer::new("1746495857602745").with_ram(&policies).unwrap();
    let caller = Caller {
        principal: Principal::RamUser { uid: "2021", account: "1746495857602745" },
        access_key_id: Some("ak"),
        signature: Signature::V4Header,
    };
    let connection =
        Connection { peer: "203.0.113.5".parse().unwrap(), secure: true, vpc: None, now, trusted_proxies: &[] };
    c.bench_function("classify + authorize GetObject", |b| {
        b.iter(|| {
            let classified = classifier.classify(&method, &uri, &headers).unwrap();
            let found = checks(&classified, &Owner, None).unwrap();
            let context = WireContext::read(&classified, &connection, caller.access_key_id).unwrap();
            let scene = Scene {
                classified: &classified,
                caller: &caller,
                context: &context,
                directory: &Owner,
                existing_tags: None,
            };
            all_allowed(&authorize(&authorizer, &scene, &found).unwrap())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1)).sample_size(20);
    targets = bench
}
criterion_main!(benches);
