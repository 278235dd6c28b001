//! The bodies of the fuzz targets (`fuzz/`), kept here so that `cargo test` replays the
//! committed seed corpus through exactly the code the fuzzer runs
//! (`testgen/tests/fuzz_corpus.rs`), and so that neither can rot without the other.
//!
//! Every target takes any bytes and panics only when it finds a fault:
//!
//! * [`parse`]: any text as any kind of policy, with and without limits: parsing never
//!   panics, and a policy it accepts is linted and decided by the reference evaluator;
//! * [`differential`]: a policy text that parses is decided by the reference evaluator
//!   and the in-memory engine on random requests drawn near its statements (seeded from
//!   the bytes); they agree on every outcome, refusals included;
//! * [`request`]: any text as a request of the case format: building it never panics,
//!   and a request that is built is prepared (or refused) and decided without panicking;
//! * [`http`](fn@http): any bytes as an HTTP request (`METHOD URI`, header lines, a blank line, a
//!   body): classification and the checks of what is classified (multi-delete bodies
//!   included) never panic.

use oss_policy_compiler::cases::RequestSpec;
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_compiler::{Limits, lint, parse_policy};
use oss_policy_runtime::{Authorizer, PolicyEngine, PolicyKind, Principal, Request};

use crate::random::{Rng, request as random_request, with_request};

const KINDS: [PolicyKind; 3] = [PolicyKind::Ram, PolicyKind::Bucket, PolicyKind::AccessPoint];

/// A seed for the random requests: the bytes folded (FNV-1a).
fn seed(data: &[u8]) -> u64 {
    data.iter().fold(0xCBF2_9CE4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01B3))
}

/// Target `parse`.
pub fn parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for kind in KINDS {
        for limits in [Limits::default(), Limits::none()] {
            if let Ok(policy) = parse_policy(text, kind, &limits) {
                let _ = lint::lint(&policy, text);
                let engine = ReferencePolicy::new(policy);
                let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:b/k")
                    .with_bucket_owner("1");
                assert!(engine.evaluate(&request).is_ok(), "a well-formed request is evaluated");
            }
        }
    }
}

/// Target `differential`.
pub fn differential(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut rng = Rng(seed(data));
    for kind in KINDS {
        let Ok(policy) = parse_policy(text, kind, &Limits::none()) else { continue };
        if policy.statements.is_empty() {
            continue;
        }
        let reference = ReferencePolicy::new(policy.clone());
        let compiled = CompiledPolicy::from_policy(&policy);
        for _ in 0..8 {
            let data = random_request(&mut rng, &policy);
            let (want, got) = with_request(&data, |request| (reference.evaluate(request), compiled.evaluate(request)));
            assert_eq!(want, got, "the in-memory engine disagrees with the reference on {data:#?}\npolicy: {text}");
        }
    }
}

/// Target `request`.
pub fn request(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = RequestSpec::from_json(text) else { return };
    let policy = ReferencePolicy::new(
        parse_policy(
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            PolicyKind::Ram,
            &Limits::default(),
        )
        .unwrap_or_else(|errors| panic!("the fixed policy parses: {errors}")),
    );
    let policies: [&dyn PolicyEngine; 1] = [&policy];
    for owner in [None, Some("1")] {
        let _ = spec.with_request(owner, |request| {
            let evaluated = policy.evaluate(request);
            let authorizer = Authorizer::new(owner.unwrap_or("")).with_ram(&policies);
            let authorized = authorizer.map(|authorizer| authorizer.authorize(request));
            // No bucket owner: refused on every path.
            if owner.is_none() {
                assert!(evaluated.is_err() && authorized.is_ok_and(|answer| answer.is_err()));
            }
        });
    }
}

/// Target `http`.
pub fn http(data: &[u8]) {
    use ::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
    use oss_policy_http::{Classifier, Endpoint, NoDirectory, checks};

    let (head, body) = match data.windows(2).position(|pair| pair == b"\n\n") {
        Some(at) => (&data[..at], Some(&data[at + 2..])),
        None => (data, None),
    };
    let Ok(head) = std::str::from_utf8(head) else { return };
    let mut lines = head.lines();
    let Some((method, uri)) = lines.next().and_then(|line| line.split_once(' ')) else { return };
    let (Ok(method), Ok(uri)) = (Method::from_bytes(method.as_bytes()), uri.parse::<Uri>()) else { return };
    let mut headers = HeaderMap::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name.trim().as_bytes()), HeaderValue::from_str(value.trim()))
        {
            headers.append(name, value);
        }
    }
    let endpoints = [Endpoint::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")];
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &NoDirectory);
    let Ok(classified) = classifier.classify(&method, &uri, &headers) else { return };
    if let Ok(found) = checks(&classified, &NoDirectory, body) {
        for check in found.iter() {
            let _ = check.target.arn("cn-hangzhou", "1");
        }
    }
}
