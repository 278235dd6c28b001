//! One request, from the wire to the answer: classify, verify the signature, read the
//! body (bounded), derive the checks, authorize every check with the authorizer of its
//! own bucket ([`crate::state::Snapshot`]), and only then run the operation. Every
//! answer carries `x-oss-request-id`, errors are OSS XML, and each request writes one
//! audit line.
//!
//! **AccessDenied** names what decided, as the service does, never the policy text:
//! "explicit deny in the bucket policy" (or a RAM / the access point policy), or "no
//! policy allows" the action.
//!
//! Each request adds its time, and the time spent authorizing it, to the state's
//! [`crate::timing::ServerTimes`].

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderValue, Method, Request};
use http_body_util::{BodyExt as _, Limited};
use hyper::body::Incoming;
use md5::{Digest as _, Md5};
use oss_policy_http::authorize::{Outcome, Scene, authorize_each};
use oss_policy_http::context::{Connection, TagLookup, WireContext};
use oss_policy_http::{Caller, Checks, Classified, Classifier, Rule, checks};
use oss_policy_runtime::{Decision, PolicySource, Reason};

use crate::audit::{CheckReason, CheckRecord, Record, principal_text};
use crate::error::GatewayError;
use crate::ops::{self, Answer, Call, header_value};
use crate::state::{Snapshot, State};

/// The stored tags, for `oss:ExistingObjectTag/{k}`.
struct StoredTags<'s>(&'s State);

impl TagLookup for StoredTags<'_> {
    fn object_tags(&self, bucket: &str, key: &str) -> Option<Vec<(String, String)>> {
        self.0.store.head(bucket, key).ok().flatten().map(|meta| meta.tags.clone())
    }
}

static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// A request id: the process start, the process id and a counter, in hex.
fn request_id() -> String {
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(crate::store::now_seconds);
    format!("{start:08X}{:06X}{:010X}", std::process::id(), REQUESTS.fetch_add(1, Ordering::Relaxed))
}

/// Answers one request from `peer`.
pub async fn handle(state: &State, peer: SocketAddr, request: Request<Incoming>) -> Answer {
    let start = Instant::now();
    let id = request_id();
    let (parts, body) = request.into_parts();
    let host = parts.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("").to_owned();
    let mut record = Record { request_id: id.clone(), caller: "anonymous".to_owned(), ..Record::default() };
    let result = respond(state, peer.ip(), &parts, body, &mut record).await;
    let (mut response, error) = match result {
        Ok(response) => (response, None),
        Err(error) => {
            let body =
                if parts.method == Method::HEAD { String::new() } else { crate::xml::error_body(&error, &id, &host) };
            let mut response = ops::answer(
                http::StatusCode::from_u16(error.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                body,
            );
            response.headers_mut().insert("content-type", HeaderValue::from_static("application/xml"));
            response.headers_mut().insert("x-oss-ec", header_value(&error.ec()));
            (response, Some(error))
        }
    };
    let headers = response.headers_mut();
    headers.insert("x-oss-request-id", header_value(&id));
    if let Some(version) = record.policy_version {
        headers.insert(ops::policy::VERSION_HEADER, header_value(&version.to_string()));
    }
    headers.insert("server", HeaderValue::from_static("oss-policy-gateway"));
    headers.insert("date", header_value(&httpdate::fmt_http_date(SystemTime::now())));
    state.audit.write(&record, response.status().as_u16(), error.as_ref().map(|e| e.code));
    state.times.add_request(start);
    response
}

/// The body, at most `max` bytes, checked against `Content-MD5` when given.
async fn read_body(body: Incoming, max: usize, content_md5: Option<&HeaderValue>) -> Result<Bytes, GatewayError> {
    let collected = Limited::new(body, max).collect().await.map_err(|e| {
        if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
            GatewayError::new("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size.")
        } else {
            GatewayError::new("IncompleteBody", 400, "The request body ended before its length.")
        }
    })?;
    let bytes = collected.to_bytes();
    if let Some(expected) = content_md5 {
        let given = base64::engine::general_purpose::STANDARD.decode(expected.as_bytes()).ok();
        if given.as_deref() != Some(Md5::digest(&bytes).as_slice()) {
            return Err(GatewayError::new("InvalidDigest", 400, "The Content-MD5 you specified is not valid."));
        }
    }
    Ok(bytes)
}

async fn respond(
    state: &State,
    peer: IpAddr,
    parts: &http::request::Parts,
    body: Incoming,
    record: &mut Record,
) -> Result<Answer, GatewayError> {
    let classifier = Classifier::new(&state.endpoints, &state.config.region, state);
    let classified = classifier.classify(&parts.method, &parts.uri, &parts.headers)?;
    record.operation = classified.operation.name().to_owned();
    record.bucket = classified.bucket.map(str::to_owned);
    record.key = classified.key.as_deref().map(str::to_owned);
    let now = SystemTime::now();
    let caller = state.verifier.verify(&classified, now)?;
    record.caller = principal_text(&caller.principal);
    record.access_key_id = caller.access_key_id.map(str::to_owned);
    let body = read_body(body, state.config.max_body_bytes, parts.headers.get("content-md5")).await?;
    let checks = checks(&classified, state, Some(&body))?;
    if checks.rule() == Rule::Free {
        return Err(ops::not_implemented(classified.operation));
    }
    let allowed = if state.authorize {
        let start = Instant::now();
        let allowed = authorize(state, peer, now, &classified, &caller, &checks, record);
        state.times.add_authorization(start);
        allowed?
    } else {
        if checks.rule() == Rule::Unknown {
            return Err(ops::not_implemented(classified.operation));
        }
        vec![true; checks.len()]
    };
    let call = Call {
        state,
        classified: &classified,
        body: &body,
        checks: &checks,
        allowed: &allowed,
        caller_account: caller.principal.account(),
    };
    ops::run(&call)
}

/// Authorizes the `checks` of a request from `peer` at `now`: reads the wire context,
/// loads the policies ([`Snapshot`]), decides every check and records each outcome.
/// Whether each check is allowed, or the error that refuses the request (the first
/// denial, but for a multi-delete, which is answered per key).
fn authorize(
    state: &State,
    peer: IpAddr,
    now: SystemTime,
    classified: &Classified<'_>,
    caller: &Caller<'_>,
    checks: &Checks<'_>,
    record: &mut Record,
) -> Result<Vec<bool>, GatewayError> {
    let connection = Connection { peer, secure: false, vpc: None, now, trusted_proxies: &[] };
    let context = WireContext::read(classified, &connection, caller.access_key_id)?;
    let files = state.files.load_full();
    let snapshot = Snapshot::load(state, &files, checks, caller.access_key_id, caller.principal.account());
    record.policy_version = classified.bucket.map(|bucket| snapshot.policy_version(bucket));
    let tags = StoredTags(state);
    // Decided per request from the policies loaded, so a policy swapped in that reads the
    // stored tags is given them from its first request on.
    let reads_tags = snapshot.reads_existing_tags(classified.access_point.map(|ap| ap.name));
    let existing_tags = reads_tags.then_some(&tags as &dyn TagLookup);
    let scene = Scene { classified, caller, context: &context, directory: state, existing_tags };
    let outcomes = authorize_each(&snapshot, &scene, checks)?;
    record.checks = outcomes.iter().map(check_record).collect();
    let per_key = classified.operation == oss_policy_http::Operation::DeleteMultipleObjects;
    if let Some(denied) = outcomes.iter().find(|o| !o.allowed()).filter(|_| !per_key || checks.is_empty()) {
        return Err(access_denied(denied));
    }
    if per_key && checks.is_empty() {
        return Err(GatewayError::malformed_xml("the Delete element lists no object"));
    }
    Ok(outcomes.iter().map(Outcome::allowed).collect())
}

/// The audit record of one outcome.
fn check_record(outcome: &Outcome<'_, '_>) -> CheckRecord {
    let (decision, reason) = match &outcome.authorization {
        Ok(a) => (a.decision.as_str(), CheckReason::Decided(a.reason)),
        Err(why) => ("Refused", CheckReason::Refused(why.clone())),
    };
    CheckRecord { action: outcome.check.action, resource: outcome.resource.clone(), decision, reason }
}

/// `AccessDenied` for the first denied outcome, naming what decided.
fn access_denied(outcome: &Outcome<'_, '_>) -> GatewayError {
    let action = outcome.check.action;
    let message = match &outcome.authorization {
        Ok(a) if a.decision == Decision::Deny => {
            let policy = match a.reason {
                Reason::Statement { policy: PolicySource::Ram(_), .. } => "a RAM policy",
                Reason::Statement { policy: PolicySource::Bucket, .. } => "the bucket policy",
                Reason::Statement { policy: PolicySource::AccessPoint, .. } => "the access point policy",
                _ => "a policy",
            };
            format!("You are denied by an explicit deny in {policy} ({action}).")
        }
        Ok(a) if a.reason == Reason::NotDelegated => {
            format!(
                "You have no right to access this resource: the bucket policy does not delegate to the access point ({action})."
            )
        }
        Ok(_) => format!("You have no right to access this resource: no policy allows {action}."),
        Err(_) => format!("The request cannot be authorized ({action})."),
    };
    GatewayError::new("AccessDenied", 403, message)
}
