//! The combined decision of docs/SPEC.md section 5: the caller's RAM policies, the bucket
//! policy and, for a request through an access point, the access point policy.
//!
//! The authorizer is written once over [`PolicyEngine`], so it combines any engines —
//! the reference evaluator, in-memory compiled policies, generated code — and it
//! allocates nothing: the access point resource is written into a buffer on the stack,
//! or, for a key too long for it, handed to engines in parts ([`Resource::from_parts`]).
//! Each request is [prepared](Prepared) once — its action looked up, its resource split
//! into ARN segments — for all the policies that decide it.
//!
//! **The bucket.** An authorizer is built for one bucket's owner ([`Authorizer::new`]):
//! the bucket-owner rule and the cross-account rule need it, so it cannot be forgotten.
//! Each request is [prepared](Prepared) for that owner — refused when it breaks a rule of
//! docs/SPEC.md sections 2, 3 and 5, or names another owner — under the authorizer's
//! [`RequestLimits`].
//!
//! **Direct requests.** The bucket owner's account is allowed unless the bucket policy
//! denies; an anonymous caller and a caller of another account get the bucket policy's
//! decision alone; everyone else gets Deny if any policy denies, else Allow if any
//! allows, else Ignore. No client can set the service-set access point keys (a
//! [`Context`] drops them), so a direct request never carries them.
//!
//! **Through an access point.** Anonymous callers are ignored. The service-set keys are
//! set from the access point. B is the direct decision of RAM and bucket policies; unless
//! the bucket policy itself allows the request, the access point is not delegated and an
//! Allow in B becomes Ignore. A is the access point policy's decision on the derived
//! resource `acs:oss:{region}:{account}:accesspoint/{ap}[/object/{key}]`. The result is
//! Deny if either denies, Allow if both allow, Ignore otherwise (the nine-row table of
//! access-points.txt).
//!
//! ```
//! use oss_policy_runtime::{Authorizer, Decision, Evaluation, PolicyEngine, PolicyKind, Prepared, Principal, Request};
//!
//! /// A toy bucket policy that allows everything with its statement 0.
//! struct AllowAll;
//! impl PolicyEngine for AllowAll {
//!     fn kind(&self) -> PolicyKind { PolicyKind::Bucket }
//!     fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation { Evaluation::allow(0) }
//! }
//!
//! // The bucket is owned by account 1.
//! let authorizer = Authorizer::new("1").with_bucket(&AllowAll)?;
//! let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:b/k");
//! assert_eq!(authorizer.authorize(&request)?.decision, Decision::Allow);
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```

use arrayvec::ArrayString;

use crate::decision::{Decision, Evaluation, PolicyEngine, PolicyKind};
use crate::error::RequestError;
use crate::limits::RequestLimits;
use crate::matchers::arn::{self, Arn};
use crate::matchers::same;
use crate::prepared::Prepared;
use crate::ram::RamPolicies;
use crate::request::{AccessPoint, Principal, Request, Resource};
use crate::validate;

/// Which policy decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicySource {
    /// The RAM policy at this position of [`Authorizer::with_ram`]'s list.
    Ram(usize),
    /// The bucket policy.
    Bucket,
    /// The access point policy.
    AccessPoint,
}

impl core::fmt::Display for PolicySource {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PolicySource::Ram(index) => write!(f, "RAM policy {index}"),
            PolicySource::Bucket => f.write_str("bucket policy"),
            PolicySource::AccessPoint => f.write_str("access point policy"),
        }
    }
}

/// Why the combined decision is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A statement of one policy decided.
    Statement {
        /// The policy.
        policy: PolicySource,
        /// The statement's index in that policy.
        statement: u32,
    },
    /// The bucket owner's account is allowed by default.
    BucketOwner,
    /// No statement of any policy applies.
    NoStatementApplies,
    /// Access points do not support anonymous access.
    AnonymousThroughAccessPoint,
    /// The policies would allow, but the bucket policy does not delegate to the access point.
    NotDelegated,
}

impl core::fmt::Display for Reason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Reason::Statement { policy, statement } => write!(f, "{policy}, statement {statement}"),
            Reason::BucketOwner => f.write_str("the bucket owner's account"),
            Reason::NoStatementApplies => f.write_str("no statement applies"),
            Reason::AnonymousThroughAccessPoint => f.write_str("anonymous access through an access point"),
            Reason::NotDelegated => f.write_str("the bucket policy does not delegate to the access point"),
        }
    }
}

/// The combined decision with its reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Authorization {
    /// The decision; callers treat everything but [`Decision::Allow`] as refusal.
    pub decision: Decision,
    /// Why.
    pub reason: Reason,
}

impl Authorization {
    fn from_policy(policy: PolicySource, evaluation: Evaluation) -> Authorization {
        let reason = match evaluation.statement {
            Some(statement) => Reason::Statement { policy, statement },
            None => Reason::NoStatementApplies,
        };
        Authorization { decision: evaluation.decision, reason }
    }

    const fn ignore(reason: Reason) -> Authorization {
        Authorization { decision: Decision::Ignore, reason }
    }

    /// The deciding statement, when one statement decided: `(policy, statement index)`.
    pub fn statement(&self) -> Option<(PolicySource, u32)> {
        match self.reason {
            Reason::Statement { policy, statement } => Some((policy, statement)),
            _ => None,
        }
    }
}

/// The policies that govern requests to one bucket, combined as docs/SPEC.md section 5 says.
/// Cheap to build per request or to keep: it only borrows the policies.
#[derive(Clone, Copy)]
pub struct Authorizer<'p> {
    owner: &'p str,
    limits: RequestLimits,
    ram: RamPolicies<'p>,
    bucket: Option<&'p dyn PolicyEngine>,
    access_point: Option<&'p dyn PolicyEngine>,
}

impl<'p> Authorizer<'p> {
    /// The authorizer of a bucket owned by the account `bucket_owner`, with no policies
    /// (every caller but the bucket owner gets Ignore) and the default request limits.
    /// An empty `bucket_owner` is no owner: every request is then refused.
    pub const fn new(bucket_owner: &'p str) -> Authorizer<'p> {
        Authorizer {
            owner: bucket_owner,
            limits: RequestLimits::DEFAULT,
            ram: RamPolicies::NONE,
            bucket: None,
            access_point: None,
        }
    }

    /// The same authorizer under other request limits (docs/SPEC.md section 3).
    pub const fn with_request_limits(mut self, limits: RequestLimits) -> Authorizer<'p> {
        self.limits = limits;
        self
    }

    /// The account that owns the bucket.
    pub const fn bucket_owner(&self) -> &'p str {
        self.owner
    }

    /// The caller's RAM policies, borrowed where they are ([`RamPolicies`]): a
    /// collection of one engine type, or references to engines of several.
    ///
    /// ```
    /// # use oss_policy_runtime::{Authorizer, Evaluation, PolicyEngine, PolicyKind, Prepared};
    /// # struct CompiledPolicy;
    /// # impl PolicyEngine for CompiledPolicy {
    /// #     fn kind(&self) -> PolicyKind { PolicyKind::Ram }
    /// #     fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation { Evaluation::IGNORE }
    /// # }
    /// # struct Generated;
    /// # impl PolicyEngine for Generated {
    /// #     fn kind(&self) -> PolicyKind { PolicyKind::Ram }
    /// #     fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation { Evaluation::IGNORE }
    /// # }
    /// // A user's policies, compiled when they were set (one type, held in a vector).
    /// let policies_vec: Vec<CompiledPolicy> = vec![CompiledPolicy, CompiledPolicy];
    /// let authorizer = Authorizer::new("1746").with_ram(&policies_vec)?;
    /// # let _ = authorizer;
    ///
    /// // Engines of different types, as references to `dyn PolicyEngine`.
    /// let compiled = CompiledPolicy;
    /// let ram: [&dyn PolicyEngine; 2] = [&compiled, &Generated];
    /// let authorizer = Authorizer::new("1746").with_ram(&ram)?;
    /// # let _ = authorizer;
    /// # Ok::<(), oss_policy_runtime::RequestError>(())
    /// ```
    ///
    /// # Errors
    /// When one of them is not a RAM policy.
    pub fn with_ram(mut self, policies: impl Into<RamPolicies<'p>>) -> Result<Authorizer<'p>, RequestError> {
        let policies = policies.into();
        for policy in policies.iter() {
            check_kind("RAM", PolicyKind::Ram, policy)?;
        }
        self.ram = policies;
        Ok(self)
    }

    /// The bucket policy.
    ///
    /// # Errors
    /// When it is not a bucket policy.
    pub fn with_bucket(mut self, policy: &'p dyn PolicyEngine) -> Result<Authorizer<'p>, RequestError> {
        check_kind("bucket", PolicyKind::Bucket, policy)?;
        self.bucket = Some(policy);
        Ok(self)
    }

    /// The access point policy, used for requests through an access point.
    ///
    /// # Errors
    /// When it is not an access point policy.
    pub fn with_access_point(mut self, policy: &'p dyn PolicyEngine) -> Result<Authorizer<'p>, RequestError> {
        check_kind("access point", PolicyKind::AccessPoint, policy)?;
        self.access_point = Some(policy);
        Ok(self)
    }

    /// Decides `request`. Never panics, and never allocates but to describe a refusal.
    ///
    /// # Errors
    /// A refusal (docs/SPEC.md section 6, [`RequestError::kind`]) when the request may not be
    /// evaluated: it breaks a rule of docs/SPEC.md sections 2, 3 or 5 ([`Prepared::new`]), names
    /// a bucket owner other than the authorizer's, or comes through an access point with
    /// a resource that is not a bucket or object ARN of OSS
    /// (`acs:oss:{region}:{account}:{bucket}[/{key}]`), from which no access point
    /// resource can be derived.
    pub fn authorize(&self, request: &Request<'_>) -> Result<Authorization, RequestError> {
        match request.access_point {
            None => {
                let admitted = validate::admit_for_owner(request, self.owner, &self.limits)?;
                let prepared = Prepared::split(request, self.owner, admitted);
                let bucket = self.bucket.map(|policy| policy.evaluate_prepared(&prepared));
                Ok(self.direct(&prepared, bucket))
            }
            Some(access_point) => self.through_access_point(request, access_point),
        }
    }

    /// docs/SPEC.md section 5, "Direct request", with the bucket policy already evaluated.
    fn direct(&self, prepared: &Prepared<'_, '_>, bucket: Option<Evaluation>) -> Authorization {
        let bucket_decision = |evaluation| Authorization::from_policy(PolicySource::Bucket, evaluation);
        match Standing::of(prepared) {
            // "An Alibaba Cloud account has this permission by default": RAM policies do
            // not bind it; only a bucket policy Deny does.
            Standing::Owner => match bucket {
                Some(evaluation) if evaluation.decision != Decision::Ignore => bucket_decision(evaluation),
                _ => Authorization { decision: Decision::Allow, reason: Reason::BucketOwner },
            },
            // No RAM policy binds an anonymous caller, and another account's RAM policies
            // grant nothing on this bucket.
            Standing::Outsider => bucket.map_or(Authorization::ignore(Reason::NoStatementApplies), bucket_decision),
            // The first Deny of the RAM policies in order, then the bucket policy's; else
            // their first Allow; else Ignore.
            Standing::Member => {
                match (self.ram_decision(prepared), bucket) {
                    (Some(ram), _) if ram.decision == Decision::Deny => ram,
                    (_, Some(evaluation)) if evaluation.decision == Decision::Deny => bucket_decision(evaluation),
                    // `ram_decision` gives a Deny or an Allow.
                    (Some(allow), _) => allow,
                    (None, Some(evaluation)) if evaluation.decision == Decision::Allow => bucket_decision(evaluation),
                    (None, _) => Authorization::ignore(Reason::NoStatementApplies),
                }
            }
        }
    }

    /// The RAM policies' say on a request: the first Deny, else the first Allow, else
    /// none.
    fn ram_decision(&self, prepared: &Prepared<'_, '_>) -> Option<Authorization> {
        let mut first_allow = None;
        for (i, policy) in self.ram.iter().enumerate() {
            let evaluation = policy.evaluate_prepared(prepared);
            match evaluation.decision {
                Decision::Deny => return Some(Authorization::from_policy(PolicySource::Ram(i), evaluation)),
                Decision::Allow if first_allow.is_none() => {
                    first_allow = Some(Authorization::from_policy(PolicySource::Ram(i), evaluation));
                }
                Decision::Allow | Decision::Ignore => {}
            }
        }
        first_allow
    }

    /// docs/SPEC.md section 5, "Through an access point".
    fn through_access_point(
        &self,
        request: &Request<'_>,
        access_point: AccessPoint<'_>,
    ) -> Result<Authorization, RequestError> {
        let service_keys = [access_point.arn, access_point.account, access_point.network_origin.as_str()];
        // One copy of the request, whose context then gains the service-set keys in place.
        let mut direct = *request;
        direct.context.set_service_keys(service_keys);
        let admitted = validate::admit_for_owner(&direct, self.owner, &self.limits)?;
        let prepared = Prepared::split(&direct, self.owner, admitted);
        let mut buffer = DerivedBuffer::new();
        let derived = access_point_resource(prepared.resource(), request.resource, access_point.name, &mut buffer)?;
        if matches!(request.principal, Principal::Anonymous) {
            return Ok(Authorization::ignore(Reason::AnonymousThroughAccessPoint));
        }
        let bucket = self.bucket.map(|policy| policy.evaluate_prepared(&prepared));
        let delegated = bucket.is_some_and(|evaluation| evaluation.decision == Decision::Allow);
        let mut b = self.direct(&prepared, bucket);
        if b.decision == Decision::Allow && !delegated {
            b = Authorization::ignore(Reason::NotDelegated);
        }
        let a = match self.access_point {
            Some(policy) => {
                let through = Request { resource: derived, ..direct };
                let evaluation = policy.evaluate_prepared(&prepared.derived(&through));
                Authorization::from_policy(PolicySource::AccessPoint, evaluation)
            }
            None => Authorization::ignore(Reason::NoStatementApplies),
        };
        Ok(match (b.decision, a.decision) {
            (Decision::Deny, _) => b,
            (_, Decision::Deny) => a,
            (Decision::Allow, Decision::Allow) => a,
            (Decision::Ignore, _) if b.reason == Reason::NotDelegated => b,
            _ => Authorization::ignore(Reason::NoStatementApplies),
        })
    }
}

/// Where the caller stands towards the bucket, for a direct request (docs/SPEC.md section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// The bucket owner's account identity itself (not one of its RAM users or roles).
    Owner,
    /// An anonymous caller, or a caller of another account than the bucket owner's.
    Outsider,
    /// Anyone else: a RAM user or role of the owner's account.
    Member,
}

impl Standing {
    /// The caller's standing: the bucket-owner rule, then one comparison of the caller's
    /// account with the owner's.
    #[inline]
    fn of(prepared: &Prepared<'_, '_>) -> Standing {
        if prepared.caller_is_bucket_owner() {
            return Standing::Owner;
        }
        match prepared.request().principal.account() {
            Some(caller) if same(caller.as_bytes(), prepared.bucket_owner().as_bytes()) => Standing::Member,
            _ => Standing::Outsider,
        }
    }
}

fn check_kind(role: &'static str, expected: PolicyKind, policy: &dyn PolicyEngine) -> Result<(), RequestError> {
    let found = policy.kind();
    if found == expected { Ok(()) } else { Err(RequestError::policy_kind(role, expected.as_str(), found.as_str())) }
}

/// The size of the stack buffer a derived access point resource is written into when it
/// fits (it nearly always does): engines then read one string rather than five parts.
const DERIVED_BUFFER: usize = 512;

/// That buffer: a string of fixed capacity, neither zeroed first nor checked for UTF-8
/// after (its parts are strings).
type DerivedBuffer = ArrayString<DERIVED_BUFFER>;

/// Derives `acs:oss:{region}:{account}:accesspoint/{ap}` (bucket ARN) or
/// `.../accesspoint/{ap}/object/{key}` (object ARN) from the request's bucket ARN
/// `resource` (already `split`): as one
/// string written into `buffer` when it fits, otherwise in parts (never copied to the heap
/// nor truncated).
fn access_point_resource<'a>(
    split: &Arn<'_>,
    resource: Resource<'a>,
    access_point: &'a str,
    buffer: &'a mut DerivedBuffer,
) -> Result<Resource<'a>, RequestError> {
    let not_an_arn = || RequestError::not_an_arn(&resource.to_string());
    let arn = resource.as_single().ok_or_else(not_an_arn)?;
    let relative = split.rest(arn::SEGMENTS - 1).ok_or_else(not_an_arn)?;
    let (prefix, relative) = arn.split_at_checked(arn.len() - relative.len()).ok_or_else(not_an_arn)?;
    if !prefix.starts_with("acs:oss:") {
        return Err(not_an_arn());
    }
    let slash = relative.bytes().position(|b| b == b'/');
    let parts = match slash.and_then(|at| relative.get(at + 1..)) {
        _ if relative.is_empty() || slash == Some(0) => return Err(not_an_arn()),
        Some(key) => [prefix, "accesspoint/", access_point, "/object/", key],
        None => [prefix, "accesspoint/", access_point, "", ""],
    };
    Ok(concatenate(parts, buffer).map_or(Resource::from_parts(parts), Resource::new))
}

/// `parts` written one after the other into the empty `buffer`, when they fit.
fn concatenate<'b>(parts: [&str; 5], buffer: &'b mut DerivedBuffer) -> Option<&'b str> {
    for part in parts {
        buffer.try_push_str(part).ok()?;
    }
    Some(buffer.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchers::Text;

    fn derive(arn: &str, access_point: &'static str) -> Result<(String, bool), RequestError> {
        let resource = Resource::new(arn);
        let split = Arn::new(Text::from_resource(&resource));
        let mut buffer = DerivedBuffer::new();
        let derived = access_point_resource(&split, resource, access_point, &mut buffer)?;
        Ok((derived.to_string(), derived.as_single().is_some()))
    }

    #[test]
    fn callers_stand_as_spec_section_5_says() -> Result<(), RequestError> {
        // (caller, bucket owner, standing): the owner's account identity is the owner; an
        // anonymous caller or another account is an outsider; the owner's RAM users and
        // roles are members.
        let user = |account| Principal::RamUser { uid: "20214760404935xxxx", account };
        let role = Principal::AssumedRole { arn: "arn:sts::1746:assumed-role/r/s", account: "1746" };
        let rows = [
            (Principal::Account { uid: "1746" }, "1746", Standing::Owner),
            (Principal::Account { uid: "1746" }, "1747", Standing::Outsider),
            (Principal::Account { uid: "1746" }, "17460", Standing::Outsider),
            (user("1746"), "1746", Standing::Member),
            (user("1747"), "1746", Standing::Outsider),
            (role, "1746", Standing::Member),
            (role, "17460", Standing::Outsider),
            (Principal::Anonymous, "1746", Standing::Outsider),
        ];
        for (principal, owner, want) in rows {
            let request = Request::new(principal, "oss:GetObject", "acs:oss:r:1746:b/k");
            let admitted = validate::admit_for_owner(&request, owner, &RequestLimits::DEFAULT)?;
            let prepared = Prepared::split(&request, owner, admitted);
            assert_eq!(Standing::of(&prepared), want, "{principal:?} {owner:?}");
            assert_eq!(prepared.caller_is_bucket_owner(), want == Standing::Owner, "{principal:?} {owner:?}");
        }
        Ok(())
    }

    #[test]
    fn access_point_resources_are_derived() -> Result<(), RequestError> {
        let object = derive("acs:oss:cn-hangzhou:1379:bucket/a/b:c.txt", "ap-01")?;
        assert_eq!(object, ("acs:oss:cn-hangzhou:1379:accesspoint/ap-01/object/a/b:c.txt".to_owned(), true));
        let bucket = derive("acs:oss:cn-hangzhou:1379:bucket", "ap-01")?;
        assert_eq!(bucket, ("acs:oss:cn-hangzhou:1379:accesspoint/ap-01".to_owned(), true));
        for bad in ["acs:oss:cn-hangzhou:1379:", "acs:oss:cn-hangzhou:1379", "acs:ram::1:x", "acs:oss:r:1:/key", "*"] {
            assert!(derive(bad, "ap").is_err(), "{bad}");
        }
        let parts = Resource::from_parts(["acs:oss:r:1:", "b/k", "", "", ""]);
        let mut buffer = DerivedBuffer::new();
        assert!(access_point_resource(&Arn::new(Text::from_resource(&parts)), parts, "ap", &mut buffer).is_err());
        Ok(())
    }

    #[test]
    fn long_keys_are_neither_copied_to_the_heap_nor_truncated() -> Result<(), RequestError> {
        let prefix = "acs:oss:r:1:accesspoint/ap/object/";
        // The longest key that fits the buffer, and one byte more.
        let fits = DERIVED_BUFFER - prefix.len();
        for (len, single) in [(fits, true), (fits + 1, false), (100_000, false)] {
            let key = "k".repeat(len);
            let (derived, one_part) = derive(&format!("acs:oss:r:1:b/{key}"), "ap")?;
            assert_eq!((derived, one_part), (format!("{prefix}{key}"), single), "{len}");
        }
        Ok(())
    }
}
