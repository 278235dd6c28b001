//! Requests and case files from text: the format of `conformance/README.md`.
//!
//! A **decisions case file** holds policies (`ram`, `bucket`, `access_point`), the bucket
//! owner and requests with their expected outcomes; the CLI's `eval` reads it and the
//! conformance test walks a folder of them. [`CaseFile::from_json`] reads one strictly:
//! an unknown member, a value of the wrong type, or an `expect` that is no outcome is an
//! error naming the place — never a silent skip.
//!
//! A request that is well-formed JSON but that docs/SPEC.md refuses — a typed key whose value
//! does not parse or is a list, one key given twice, and every rule that
//! [`Prepared`](oss_policy_runtime::Prepared) checks — is no error of the file: it is that
//! request's **refusal**, which a case expects with `"expect": "Refused"` (and possibly
//! the `refusal` kind).
//!
//! A [`RequestSpec`] owns its text; [`RequestSpec::with_request`] builds the borrowed
//! [`Request`] (typed keys parsed once) and hands it to a closure; a request refused while
//! it is built is a [`CaseError`] whose [`CaseError::refusal`] says why:
//!
//! ```
//! use oss_policy_compiler::cases::RequestSpec;
//! use oss_policy_runtime::Refusal;
//! let spec = RequestSpec::from_json(r#"{
//!     "principal": {"type": "ram-user", "uid": "2021", "account": "1746"},
//!     "action": "oss:GetObject",
//!     "resource": "acs:oss:cn-hangzhou:1746:example-bucket/a.jpg",
//!     "context": {"acs:SourceIp": "203.0.113.5", "oss:ExistingObjectTag/status": ["draft", "new"]}
//! }"#)?;
//! let action = spec.with_request(Some("1746"), |request| request.action.to_owned())?;
//! assert_eq!(action, "oss:GetObject");
//! let bad = RequestSpec::from_json(r#"{"principal": {"type": "anonymous"}, "action": "a",
//!     "resource": "r", "context": {"acs:SourceIp": "10.0.0.300"}}"#)?;
//! let error = bad.with_request(Some("1746"), |_| ()).unwrap_err();
//! assert_eq!(error.refusal().map(|refusal| refusal.kind()), Some(Refusal::BadContextValue));
//! assert!(RequestSpec::from_json(r#"{"principal": {"type": "nobody"}, "action": "a", "resource": "r"}"#).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use oss_policy_runtime::{
    AccessPoint, Authorization, Authorizer, Context, ContextEntry, Decision, Key, NetworkOrigin, PolicyEngine,
    PolicyKind, Principal, Refusal, Request, RequestError,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::explain::{Explanation, PolicySet, RequestSummary};
use crate::model::Policy;
use crate::{EngineName, Limits, PolicyErrors, parse_policy};

/// Why a case file or request could not be read, or why a request was refused as it
/// was built ([`CaseError::refusal`]).
#[derive(Debug)]
pub struct CaseError {
    message: String,
    refusal: Option<RequestError>,
}

impl CaseError {
    fn new(message: impl Into<String>) -> CaseError {
        CaseError { message: message.into(), refusal: None }
    }

    fn in_request(index: usize, name: &str, error: CaseError) -> CaseError {
        CaseError { message: format!("request {index} (`{name}`): {}", error.message), refusal: error.refusal }
    }

    /// The refusal, when the text is a request that docs/SPEC.md refuses (it is then no error
    /// of the file: the request's outcome is `Refused`).
    pub fn refusal(&self) -> Option<&RequestError> {
        self.refusal.as_ref()
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CaseError {}

impl From<RequestError> for CaseError {
    fn from(error: RequestError) -> CaseError {
        CaseError { message: error.to_string(), refusal: Some(error) }
    }
}

impl From<serde_json::Error> for CaseError {
    fn from(error: serde_json::Error) -> CaseError {
        CaseError::new(error.to_string())
    }
}

/// A decisions case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// What the cases are about, citing their source.
    pub description: String,
    /// The account that owns the bucket.
    #[serde(default)]
    pub bucket_owner: Option<String>,
    /// The policies, as text.
    pub policies: CasePolicies,
    /// The requests, in order.
    pub requests: Vec<RequestSpec>,
}

/// The policies of a case file, each kept as its exact JSON text, so that the policy
/// parser sees (and reports positions in) what the file says.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasePolicies {
    /// The RAM policies attached to the caller.
    #[serde(default)]
    pub ram: Vec<Box<RawValue>>,
    /// The bucket policy.
    #[serde(default)]
    pub bucket: Option<Box<RawValue>>,
    /// The access point policy.
    #[serde(default)]
    pub access_point: Option<Box<RawValue>>,
}

impl CasePolicies {
    /// How many policies there are.
    pub fn count(&self) -> usize {
        self.ram.len() + usize::from(self.bucket.is_some()) + usize::from(self.access_point.is_some())
    }
}

/// The caller, as the case format spells it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum PrincipalSpec {
    /// `{"type": "account", "uid": ...}`.
    Account {
        /// The account id.
        uid: String,
    },
    /// `{"type": "ram-user", "uid": ..., "account": ...}`.
    RamUser {
        /// The user id.
        uid: String,
        /// The owning account.
        account: String,
    },
    /// `{"type": "assumed-role", "arn": ..., "account": ...}`.
    AssumedRole {
        /// The session ARN.
        arn: String,
        /// The owning account.
        account: String,
    },
    /// `{"type": "anonymous"}`.
    Anonymous,
}

impl PrincipalSpec {
    /// The borrowed principal.
    pub fn principal(&self) -> Principal<'_> {
        match self {
            PrincipalSpec::Account { uid } => Principal::Account { uid },
            PrincipalSpec::RamUser { uid, account } => Principal::RamUser { uid, account },
            PrincipalSpec::AssumedRole { arn, account } => Principal::AssumedRole { arn, account },
            PrincipalSpec::Anonymous => Principal::Anonymous,
        }
    }
}

/// The access point a request came through.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessPointSpec {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its account.
    pub account: String,
    /// `internet` or `vpc`.
    pub network_origin: String,
}

/// A context value: one string, or several for a key with several values.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

/// One request of a case file, owning its text.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// For people.
    #[serde(default)]
    pub name: String,
    /// The caller.
    pub principal: PrincipalSpec,
    /// The action.
    pub action: String,
    /// The resource ARN (the bucket ARN for a request through an access point).
    pub resource: String,
    /// Condition keys to values, in the file's order, a key given twice kept twice (the
    /// request is then refused, docs/SPEC.md section 3).
    #[serde(default, deserialize_with = "deserialize_entries")]
    pub context: Vec<(String, ContextValue)>,
    /// The access point the request came through.
    #[serde(default)]
    pub access_point: Option<AccessPointSpec>,
    /// The expected outcome: the combined decision, or a refusal.
    #[serde(default, deserialize_with = "deserialize_expect")]
    pub expect: Option<Expect>,
    /// With `"expect": "Refused"`, the kind the refusal must carry.
    #[serde(default, deserialize_with = "deserialize_refusal")]
    pub refusal: Option<Refusal>,
    /// The expected deciding statement (single-policy sets, direct requests).
    #[serde(default)]
    pub expect_statement: Option<u32>,
    /// For people.
    #[serde(default)]
    pub why: Option<String>,
}

/// The outcome a request of a case file expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    /// The combined decision.
    Decision(Decision),
    /// The request is refused before evaluation (docs/SPEC.md section 6).
    Refused,
}

impl Expect {
    /// `Allow`, `Deny`, `Ignore` or `Refused`, as the case files spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Expect::Decision(decision) => decision.as_str(),
            Expect::Refused => "Refused",
        }
    }
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

fn deserialize_expect<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Expect>, D::Error> {
    let name = String::deserialize(deserializer)?;
    match (name.as_str(), Decision::from_name(&name)) {
        (_, Some(decision)) => Ok(Some(Expect::Decision(decision))),
        ("Refused", None) => Ok(Some(Expect::Refused)),
        _ => Err(serde::de::Error::custom(format!(
            "`{name}` is not an outcome (`Allow`, `Deny`, `Ignore` or `Refused`)"
        ))),
    }
}

fn deserialize_refusal<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Refusal>, D::Error> {
    let name = String::deserialize(deserializer)?;
    let kinds = || Refusal::ALL.map(Refusal::as_str).join("`, `");
    Refusal::from_name(&name)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{name}` is not a refusal kind (`{}`)", kinds())))
}

/// A JSON object's members in order, a name given twice kept twice (serde's maps keep
/// one).
fn deserialize_entries<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, ContextValue)>, D::Error> {
    struct Entries;
    impl<'de> serde::de::Visitor<'de> for Entries {
        type Value = Vec<(String, ContextValue)>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of condition keys to a value or a list of values")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_map(Entries)
}

impl CaseFile {
    /// Reads a decisions case file, checking that every request is well-formed (a
    /// request docs/SPEC.md refuses is well-formed: its outcome is `Refused`).
    ///
    /// # Errors
    /// When the text is not a case file (unknown members included), a `refusal` stands
    /// without `"expect": "Refused"`, or a request is malformed; the message names the
    /// request.
    pub fn from_json(text: &str) -> Result<CaseFile, CaseError> {
        let file: CaseFile = serde_json::from_str(text)?;
        for (index, spec) in file.requests.iter().enumerate() {
            spec.check_format().map_err(|error| CaseError::in_request(index, &spec.name, error))?;
        }
        Ok(file)
    }
}

impl RequestSpec {
    /// Reads one request (the members of a request in a case file) and checks that it
    /// can be built.
    ///
    /// # Errors
    /// When the text is not a request or a typed value does not parse.
    pub fn from_json(text: &str) -> Result<RequestSpec, CaseError> {
        let spec: RequestSpec = serde_json::from_str(text)?;
        spec.check_format()?;
        Ok(spec)
    }

    /// The format's own rules, beyond its JSON shape: a `refusal` only with `"expect":
    /// "Refused"`, a known network origin. A request docs/SPEC.md refuses passes.
    fn check_format(&self) -> Result<(), CaseError> {
        if self.refusal.is_some() && self.expect != Some(Expect::Refused) {
            return Err(CaseError::new("`refusal` goes with `\"expect\": \"Refused\"`"));
        }
        match self.with_request(None, |_| ()) {
            Err(error) if error.refusal().is_none() => Err(error),
            _ => Ok(()),
        }
    }

    /// Builds the borrowed [`Request`] for a bucket owned by `bucket_owner` and calls `f`
    /// with it. Typed keys are parsed here; well-known keys go to their typed fields, the
    /// others to the context's extra entries.
    ///
    /// # Errors
    /// A refusal ([`CaseError::refusal`]) when a typed value does not parse or is a list,
    /// or a key is given twice; a format error when `network_origin` is not `internet`
    /// or `vpc`. The error names the key.
    pub fn with_request<R>(
        &self,
        bucket_owner: Option<&str>,
        f: impl FnOnce(&Request<'_>) -> R,
    ) -> Result<R, CaseError> {
        let (context, extra_values) = self.typed_context()?;
        let extra = context_entries(&extra_values);
        Ok(f(&self.request(context, &extra, bucket_owner)?))
    }

    /// The [explanation](crate::explain) of this request against `policies`, for a
    /// bucket owned by `bucket_owner` (none: every request is refused), a refusal as the
    /// request is built included.
    ///
    /// # Errors
    /// When the request is malformed (as [`RequestSpec::with_request`]).
    pub fn explain(&self, bucket_owner: Option<&str>, policies: &PolicySet) -> Result<Explanation, CaseError> {
        let owner = bucket_owner.unwrap_or("");
        match self.with_request(bucket_owner, |request| policies.explain(owner, request)) {
            Ok(explanation) => Ok(explanation),
            Err(CaseError { refusal: Some(refusal), .. }) => {
                let access_point = self.access_point.as_ref().map(|ap| ap.name.as_str());
                let request =
                    RequestSummary::new(&self.principal.principal(), &self.action, &self.resource, access_point);
                Ok(Explanation::refused(request, &refusal))
            }
            Err(error) => Err(error),
        }
    }

    /// The well-known keys in a [`Context`], and the other keys with their values.
    fn typed_context(&self) -> Result<(Context<'_>, ExtraValues<'_>), CaseError> {
        let mut context = Context::new();
        let mut extra_values = Vec::new();
        for (name, value) in &self.context {
            match (Key::from_name(name), value) {
                (Some(key), ContextValue::One(text)) => context = context.with(key, text)?,
                (Some(key), ContextValue::Many(values)) => {
                    let values: Vec<&str> = values.iter().map(String::as_str).collect();
                    context = context.with_values(key, &values)?;
                }
                (None, ContextValue::One(text)) => extra_values.push((name.as_str(), vec![text.as_str()])),
                (None, ContextValue::Many(values)) => {
                    extra_values.push((name.as_str(), values.iter().map(String::as_str).collect()))
                }
            }
        }
        Ok((context, extra_values))
    }

    /// The request, with `context` completed by the `extra` entries.
    fn request<'a>(
        &'a self,
        context: Context<'a>,
        extra: &'a [ContextEntry<'a>],
        bucket_owner: Option<&'a str>,
    ) -> Result<Request<'a>, CaseError> {
        let context = context.with_extra(extra)?;
        let mut request = Request::new(self.principal.principal(), &self.action, &self.resource).with_context(context);
        request.bucket_owner = bucket_owner;
        if let Some(ap) = &self.access_point {
            let network_origin = NetworkOrigin::from_name(&ap.network_origin).ok_or_else(|| {
                CaseError::new(format!("`{}` is not a network origin (`internet` or `vpc`)", ap.network_origin))
            })?;
            request = request.through_access_point(AccessPoint {
                name: &ap.name,
                arn: &ap.arn,
                account: &ap.account,
                network_origin,
            });
        }
        Ok(request)
    }
}

/// The keys that are not well known, with their values, borrowed from a [`RequestSpec`].
type ExtraValues<'a> = Vec<(&'a str, Vec<&'a str>)>;

fn context_entries<'a>(extra_values: &'a ExtraValues<'a>) -> Vec<ContextEntry<'a>> {
    extra_values.iter().map(|(key, values)| ContextEntry { key, values: values.as_slice() }).collect()
}

impl CaseFile {
    /// Builds every request of the file at once and calls `f` with them (for timing many
    /// checks over requests built beforehand).
    ///
    /// # Errors
    /// As [`RequestSpec::with_request`], naming the request.
    pub fn with_requests<R>(&self, f: impl FnOnce(&[Request<'_>]) -> R) -> Result<R, CaseError> {
        let mut contexts = Vec::with_capacity(self.requests.len());
        for (index, spec) in self.requests.iter().enumerate() {
            contexts.push(spec.typed_context().map_err(|error| CaseError::in_request(index, &spec.name, error))?);
        }
        let entries: Vec<Vec<ContextEntry<'_>>> = contexts.iter().map(|(_, extra)| context_entries(extra)).collect();
        let mut requests = Vec::with_capacity(self.requests.len());
        for (index, ((spec, (context, _)), extra)) in self.requests.iter().zip(&contexts).zip(&entries).enumerate() {
            let request = spec.request(*context, extra, self.bucket_owner.as_deref());
            requests.push(request.map_err(|error| CaseError::in_request(index, &spec.name, error))?);
        }
        Ok(f(&requests))
    }
}

/// A policy of a case file that does not compile.
#[derive(Debug)]
pub struct CasePolicyError {
    /// Which policy: `policies.ram[0]`, `policies.bucket` or `policies.access_point`.
    pub member: String,
    /// The policy's text, for showing the errors in place.
    pub text: String,
    /// What is wrong with it.
    pub errors: PolicyErrors,
}

impl fmt::Display for CasePolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.member, self.errors.first())
    }
}

impl std::error::Error for CasePolicyError {}

/// The policies of a case file, compiled for one engine.
pub struct CaseEngines {
    ram: Vec<Box<dyn PolicyEngine>>,
    bucket: Option<Box<dyn PolicyEngine>>,
    access_point: Option<Box<dyn PolicyEngine>>,
}

impl CaseFile {
    /// Parses and validates the file's policies.
    ///
    /// # Errors
    /// The first policy that does not compile, with its errors.
    pub fn policy_set(&self, limits: &Limits) -> Result<PolicySet, CasePolicyError> {
        let parse = |member: String, raw: &RawValue, kind: PolicyKind| {
            let text = raw.get();
            parse_policy(text, kind, limits).map_err(|errors| CasePolicyError { member, text: text.to_owned(), errors })
        };
        let policies = &self.policies;
        let ram = policies
            .ram
            .iter()
            .enumerate()
            .map(|(i, raw)| parse(format!("policies.ram[{i}]"), raw, PolicyKind::Ram))
            .collect::<Result<Vec<_>, _>>()?;
        let bucket = policies.bucket.as_deref().map(|raw| parse("policies.bucket".into(), raw, PolicyKind::Bucket));
        let access_point = policies
            .access_point
            .as_deref()
            .map(|raw| parse("policies.access_point".into(), raw, PolicyKind::AccessPoint));
        Ok(PolicySet { ram, bucket: bucket.transpose()?, access_point: access_point.transpose()? })
    }

    /// Compiles the file's policies for `engine`.
    ///
    /// # Errors
    /// The first policy that does not compile, with its errors.
    pub fn compile(&self, engine: EngineName, limits: &Limits) -> Result<CaseEngines, CasePolicyError> {
        Ok(CaseEngines::build(&self.policy_set(limits)?, engine))
    }
}

impl CaseEngines {
    /// `policies` built for `engine`.
    pub fn build(policies: &PolicySet, engine: EngineName) -> CaseEngines {
        let build = |policy: &Policy| engine.build(policy.clone());
        CaseEngines {
            ram: policies.ram.iter().map(build).collect(),
            bucket: policies.bucket.as_ref().map(build),
            access_point: policies.access_point.as_ref().map(build),
        }
    }

    /// Policies compiled some other way (generated code, for one): the caller's RAM
    /// policies, the bucket policy and the access point policy.
    pub fn new(
        ram: Vec<Box<dyn PolicyEngine>>,
        bucket: Option<Box<dyn PolicyEngine>>,
        access_point: Option<Box<dyn PolicyEngine>>,
    ) -> CaseEngines {
        CaseEngines { ram, bucket, access_point }
    }

    /// Calls `f` with the combined authorizer over these policies, for a bucket owned by
    /// `bucket_owner` (a file without an owner: `None`, and every request is refused).
    ///
    /// # Errors
    /// When a policy is not of the kind of its place ([`Refusal::WrongPolicyKind`]): no
    /// authorizer is built without all its policies.
    pub fn with_authorizer<R>(
        &self,
        bucket_owner: Option<&str>,
        f: impl FnOnce(&Authorizer<'_>) -> R,
    ) -> Result<R, RequestError> {
        let mut authorizer = Authorizer::new(bucket_owner.unwrap_or("")).with_ram(&self.ram)?;
        if let Some(bucket) = &self.bucket {
            authorizer = authorizer.with_bucket(bucket.as_ref())?;
        }
        if let Some(access_point) = &self.access_point {
            authorizer = authorizer.with_access_point(access_point.as_ref())?;
        }
        Ok(f(&authorizer))
    }

    /// The outcome of one request of a case file owned by `bucket_owner`, through the
    /// combined authorizer over these policies: its authorization, or its refusal (as it
    /// was built, or by the authorizer).
    ///
    /// # Errors
    /// When the request is malformed, or a policy is not of the kind of its place.
    pub fn outcome(&self, bucket_owner: Option<&str>, spec: &RequestSpec) -> Result<Outcome, CaseError> {
        let built =
            spec.with_request(bucket_owner, |request| self.with_authorizer(bucket_owner, |a| a.authorize(request)));
        match built {
            Ok(Ok(Ok(authorization))) => Ok(Outcome::Decided(authorization)),
            Ok(Ok(Err(refusal))) => Ok(Outcome::Refused(refusal)),
            Ok(Err(wrong_kind)) => Err(CaseError::new(wrong_kind.to_string())),
            Err(error) => match error.refusal {
                Some(refusal) => Ok(Outcome::Refused(refusal)),
                None => Err(error),
            },
        }
    }

    /// The only policy, when the file has exactly one.
    pub fn single(&self) -> Option<&dyn PolicyEngine> {
        let mut all = self.ram.iter().chain(&self.bucket).chain(&self.access_point);
        match (all.next(), all.next()) {
            (Some(only), None) => Some(only.as_ref()),
            _ => None,
        }
    }
}

/// What became of one request of a case file ([`CaseEngines::outcome`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It was evaluated.
    Decided(Authorization),
    /// It was refused before evaluation.
    Refused(RequestError),
}

impl Outcome {
    /// `Allow`, `Deny`, `Ignore` or `Refused`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Decided(authorization) => authorization.decision.as_str(),
            Outcome::Refused(_) => "Refused",
        }
    }

    /// Whether this is what `spec` expects: its `expect`, and with `"expect":
    /// "Refused"` its `refusal` kind when given. A request without `expect` expects
    /// nothing, and nothing is what it expects.
    pub fn is_expected_by(&self, spec: &RequestSpec) -> bool {
        match (spec.expect, self) {
            (Some(Expect::Decision(want)), Outcome::Decided(authorization)) => authorization.decision == want,
            (Some(Expect::Refused), Outcome::Refused(refusal)) => {
                spec.refusal.is_none_or(|kind| kind == refusal.kind())
            }
            _ => false,
        }
    }

    /// The line `oss-policy eval` prints for request `index` of a case file:
    /// `{"request", "name", "decision"}`, or `{"request", "name", "error", "refusal"}`.
    pub fn to_json(&self, index: usize, spec: &RequestSpec) -> serde_json::Value {
        match self {
            Outcome::Decided(authorization) => {
                serde_json::json!({"request": index, "name": spec.name, "decision": authorization.decision.as_str()})
            }
            Outcome::Refused(refusal) => serde_json::json!({
                "request": index, "name": spec.name, "error": refusal.to_string(), "refusal": refusal.kind().as_str()
            }),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Decided(authorization) => write!(f, "{} ({})", authorization.decision, authorization.reason),
            Outcome::Refused(refusal) => write!(f, "Refused ({}: {refusal})", refusal.kind()),
        }
    }
}

/// An error case file: policies the compiler must reject.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCaseFile {
    /// What the cases are about.
    pub description: String,
    /// The cases.
    pub cases: Vec<ErrorCase>,
}

/// One policy that must be rejected with a given first error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCase {
    /// For people.
    pub name: String,
    /// `ram`, `bucket` or `access_point`.
    #[serde(deserialize_with = "deserialize_kind")]
    pub kind: PolicyKind,
    /// The policy text.
    pub policy: String,
    /// The docs/SPEC.md code of the first error.
    pub error: String,
    /// The JSON path the first error must name.
    #[serde(default)]
    pub path: Option<String>,
    /// For people.
    #[serde(default)]
    pub why: Option<String>,
}

fn deserialize_kind<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<PolicyKind, D::Error> {
    let name = String::deserialize(deserializer)?;
    // The case format is language-neutral: its names are identifiers (`access_point`).
    match name.as_str() {
        "ram" => Ok(PolicyKind::Ram),
        "bucket" => Ok(PolicyKind::Bucket),
        "access_point" => Ok(PolicyKind::AccessPoint),
        _ => Err(serde::de::Error::custom(format!("`{name}` is not a policy kind (`ram`, `bucket`, `access_point`)"))),
    }
}

impl ErrorCaseFile {
    /// Reads an error case file.
    ///
    /// # Errors
    /// When the text is not an error case file (unknown members included).
    pub fn from_json(text: &str) -> Result<ErrorCaseFile, CaseError> {
        Ok(serde_json::from_str(text)?)
    }
}
