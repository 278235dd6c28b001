//! Any bytes, as any kind of policy, with and without limits: parsing never panics, and
//! an accepted policy can be evaluated by the reference evaluator.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oss_policy_compiler::{Limits, parse_policy, reference::ReferencePolicy};
use oss_policy_runtime::{PolicyEngine, PolicyKind, Principal, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for kind in [PolicyKind::Ram, PolicyKind::Bucket, PolicyKind::AccessPoint] {
        for limits in [Limits::default(), Limits::none()] {
            if let Ok(policy) = parse_policy(text, kind, &limits) {
                let engine = ReferencePolicy::new(policy);
                let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:b/k");
                let _ = engine.evaluate(&request);
            }
        }
    }
});
