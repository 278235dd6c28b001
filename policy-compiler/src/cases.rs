//! Requests and case files from text: the format of `conformance/README.md`.
//!
//! A **decisions case file** holds policies (`ram`, `bucket`, `access_point`), the bucket
//! owner and requests with their expected decisions; the CLI's `eval` reads it and the
//! conformance test walks a folder of them. [`CaseFile::from_json`] reads one strictly:
//! an unknown member, a value of the wrong type, or a request that cannot be built (a
//! bad address, time or boolean in a typed key) is an error naming the place — never a
//! silent skip.
//!
//! A [`RequestSpec`] owns its text; [`RequestSpec::with_request`] builds the borrowed
//! [`Request`] (typed keys parsed once) and hands it to a closure:
//!
//! ```
//! use oss_policy_compiler::cases::RequestSpec;
//! let spec = RequestSpec::from_json(r#"{
//!     "principal": {"type": "ram-user", "uid": "2021", "account": "1746"},
//!     "action": "oss:GetObject",
//!     "resource": "acs:oss:cn-hangzhou:1746:example-bucket/a.jpg",
//!     "context": {"acs:SourceIp": "203.0.113.5", "oss:ExistingObjectTag/status": ["draft", "new"]}
//! }"#)?;
//! let action = spec.with_request(Some("1746"), |request| request.action.to_owned())?;
//! assert_eq!(action, "oss:GetObject");
//! assert!(RequestSpec::from_json(r#"{"principal": {"type": "anonymous"}, "action": "a",
//!     "resource": "r", "context": {"acs:SourceIp": "10.0.0.300"}}"#).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use oss_policy_runtime::{
    AccessPoint, Authorizer, Context, ContextEntry, Decision, Key, NetworkOrigin, PolicyEngine, PolicyKind, Principal,
    Request, RequestError,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{EngineName, Limits, PolicyErrors, parse_policy};

/// Why a case file or request could not be read.
#[derive(Debug)]
pub struct CaseError {
    message: String,
}

impl CaseError {
    fn new(message: impl Into<String>) -> CaseError {
        CaseError { message: message.into() }
    }

    fn in_request(index: usize, name: &str, error: impl fmt::Display) -> CaseError {
        CaseError::new(format!("request {index} (`{name}`): {error}"))
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
        CaseError::new(error.to_string())
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
    /// Condition keys to values.
    #[serde(default)]
    pub context: BTreeMap<String, ContextValue>,
    /// The access point the request came through.
    #[serde(default)]
    pub access_point: Option<AccessPointSpec>,
    /// The expected combined decision.
    #[serde(default, deserialize_with = "deserialize_decision")]
    pub expect: Option<Decision>,
    /// The expected deciding statement (single-policy sets, direct requests).
    #[serde(default)]
    pub expect_statement: Option<u32>,
    /// For people.
    #[serde(default)]
    pub why: Option<String>,
}

fn deserialize_decision<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Decision>, D::Error> {
    let name = String::deserialize(deserializer)?;
    Decision::from_name(&name)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{name}` is not a decision (`Allow`, `Deny` or `Ignore`)")))
}

impl CaseFile {
    /// Reads a decisions case file, checking that every request can be built.
    ///
    /// # Errors
    /// When the text is not a case file (unknown members included) or a request cannot
    /// be built; the message names the request.
    pub fn from_json(text: &str) -> Result<CaseFile, CaseError> {
        let file: CaseFile = serde_json::from_str(text)?;
        for (index, spec) in file.requests.iter().enumerate() {
            spec.with_request(file.bucket_owner.as_deref(), |_| ())
                .map_err(|error| CaseError::in_request(index, &spec.name, error))?;
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
        spec.with_request(None, |_| ())?;
        Ok(spec)
    }

    /// Builds the borrowed [`Request`] for a bucket owned by `bucket_owner` and calls `f`
    /// with it. Typed keys are parsed here; well-known keys go to their typed fields, the
    /// others to the context's extra entries.
    ///
    /// # Errors
    /// When a typed value does not parse ([`RequestError`]), a well-known key is given
    /// several values, or
    /// `network_origin` is not `internet` or `vpc`; the error names the key.
    pub fn with_request<R>(
        &self,
        bucket_owner: Option<&str>,
        f: impl FnOnce(&Request<'_>) -> R,
    ) -> Result<R, CaseError> {
        let (context, extra_values) = self.typed_context()?;
        let extra = context_entries(&extra_values);
        Ok(f(&self.request(context, &extra, bucket_owner)?))
    }

    /// The well-known keys in a [`Context`], and the other keys with their values.
    fn typed_context(&self) -> Result<(Context<'_>, ExtraValues<'_>), CaseError> {
        let mut context = Context::new();
        let mut extra_values = Vec::new();
        for (name, value) in &self.context {
            match (Key::from_name(name), value) {
                (Some(key), ContextValue::One(text)) => context = context.with(key, text)?,
                (Some(key), ContextValue::Many(_)) => {
                    return Err(CaseError::new(format!("context key `{}` takes one value, not a list", key.name())));
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
    /// Compiles the file's policies for `engine`.
    ///
    /// # Errors
    /// The first policy that does not compile, with its errors.
    pub fn compile(&self, engine: EngineName, limits: &Limits) -> Result<CaseEngines, CasePolicyError> {
        let build = |member: String, raw: &RawValue, kind: PolicyKind| {
            let text = raw.get();
            parse_policy(text, kind, limits).map(|policy| engine.build(policy)).map_err(|errors| CasePolicyError {
                member,
                text: text.to_owned(),
                errors,
            })
        };
        let policies = &self.policies;
        let ram = policies
            .ram
            .iter()
            .enumerate()
            .map(|(i, raw)| build(format!("policies.ram[{i}]"), raw, PolicyKind::Ram))
            .collect::<Result<Vec<_>, _>>()?;
        let bucket = policies.bucket.as_deref().map(|raw| build("policies.bucket".into(), raw, PolicyKind::Bucket));
        let access_point = policies
            .access_point
            .as_deref()
            .map(|raw| build("policies.access_point".into(), raw, PolicyKind::AccessPoint));
        Ok(CaseEngines { ram, bucket: bucket.transpose()?, access_point: access_point.transpose()? })
    }
}

impl CaseEngines {
    /// Policies compiled some other way (generated code, for one): the caller's RAM
    /// policies, the bucket policy and the access point policy.
    pub fn new(
        ram: Vec<Box<dyn PolicyEngine>>,
        bucket: Option<Box<dyn PolicyEngine>>,
        access_point: Option<Box<dyn PolicyEngine>>,
    ) -> CaseEngines {
        CaseEngines { ram, bucket, access_point }
    }

    /// Calls `f` with the combined authorizer over these policies.
    pub fn with_authorizer<R>(&self, f: impl FnOnce(&Authorizer<'_>) -> R) -> R {
        let ram: Vec<&dyn PolicyEngine> = self.ram.iter().map(|policy| policy.as_ref()).collect();
        let mut authorizer = Authorizer::new();
        // INVARIANT (case-kinds): `compile` parsed every policy as the kind of its member,
        // so the kind checks of the builder cannot fail; fall back to no policy if they did.
        authorizer = authorizer.with_ram(&ram).unwrap_or(authorizer);
        if let Some(bucket) = &self.bucket {
            authorizer = authorizer.with_bucket(bucket.as_ref()).unwrap_or(authorizer);
        }
        if let Some(access_point) = &self.access_point {
            authorizer = authorizer.with_access_point(access_point.as_ref()).unwrap_or(authorizer);
        }
        f(&authorizer)
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
    /// The SPEC.md code of the first error.
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
    PolicyKind::from_name(&name).ok_or_else(|| {
        serde::de::Error::custom(format!("`{name}` is not a policy kind (`ram`, `bucket`, `access_point`)"))
    })
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
