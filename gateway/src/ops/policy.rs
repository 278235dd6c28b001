//! Put/Get/DeleteBucketPolicy.
//!
//! PutBucketPolicy compiles the body in memory under the service's limits. An invalid
//! policy is `MalformedPolicy` (400) whose message lists each error with its docs/SPEC.md code,
//! JSON path and `line:col`; a valid one is swapped into the bucket's slot at once (the
//! next request sees it, requests in flight finish under the old one) and its lint
//! warnings are returned in [`WARNINGS_HEADER`], its version in [`NEW_VERSION_HEADER`]. One
//! deliberate difference from the service: a policy it would reject for a docs/SPEC.md section 7
//! reason (`source-ip-without-vpc`, say) is accepted with its warnings.
//!
//! The policy lives in memory: a restart or a SIGHUP reload puts the configuration
//! file's policy (or none) back.

use std::sync::Arc;

use http::{HeaderValue, StatusCode};
use oss_policy_runtime::PolicyKind;

use super::{Answer, Call, answer, header_value};
use crate::error::GatewayError;
use crate::policies;

/// The header with the lint warnings of an accepted policy (`; `-separated).
pub const WARNINGS_HEADER: &str = "x-oss-policy-warnings";
/// The header with the version of the bucket policy a request was decided under.
pub const VERSION_HEADER: &str = "x-oss-policy-version";
/// The header with the version of the policy a PutBucketPolicy put in force.
pub const NEW_VERSION_HEADER: &str = "x-oss-new-policy-version";

/// PutBucketPolicy.
pub fn put(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let bucket = call.state.bucket(call.bucket()?).ok_or_else(GatewayError::internal)?;
    let text = std::str::from_utf8(call.body).map_err(|_| malformed("the policy is not UTF-8".to_owned()))?;
    let compiled = policies::compile(text, PolicyKind::Bucket)
        .map_err(|errors| malformed(policies::render("policy", &errors).join("; ")))?;
    let warnings = policies::warnings(&compiled);
    let policy = call.state.versioned(compiled, text.to_owned());
    let version = policy.version;
    bucket.policy.store(Some(Arc::new(policy)));
    let mut response = answer(StatusCode::OK, "");
    if !warnings.is_empty() {
        response.headers_mut().insert(WARNINGS_HEADER, header_value(&warnings.join("; ")));
    }
    response.headers_mut().insert(NEW_VERSION_HEADER, header_value(&version.to_string()));
    Ok(response)
}

fn malformed(message: String) -> GatewayError {
    GatewayError::new("MalformedPolicy", 400, format!("The policy is not valid: {message}"))
}

/// GetBucketPolicy.
pub fn get(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let bucket = call.state.bucket(call.bucket()?).ok_or_else(GatewayError::internal)?;
    let policy = bucket
        .policy
        .load_full()
        .ok_or_else(|| GatewayError::new("NoSuchBucketPolicy", 404, "The bucket policy does not exist."))?;
    let mut response = answer(StatusCode::OK, policy.text.clone());
    response.headers_mut().insert("content-type", HeaderValue::from_static("application/json"));
    Ok(response)
}

/// DeleteBucketPolicy.
pub fn delete(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let bucket = call.state.bucket(call.bucket()?).ok_or_else(GatewayError::internal)?;
    bucket.policy.store(None);
    Ok(answer(StatusCode::NO_CONTENT, ""))
}
