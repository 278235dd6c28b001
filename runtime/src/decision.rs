//! What one policy says about one request, and the trait every engine implements.
//!
//! docs/SPEC.md section 4: a policy's decision is three-valued. [`Decision::Deny`] (an explicit
//! deny) wins over [`Decision::Allow`]; [`Decision::Ignore`] means no statement applied
//! (an implicit deny). An [`Evaluation`] adds the deciding statement: the first applying
//! `Deny` statement for a deny, the first applying `Allow` statement for an allow.

use crate::error::RequestError;
use crate::limits::RequestLimits;
use crate::prepared::Prepared;
use crate::request::Request;
use crate::validate;

/// The three-valued decision of docs/SPEC.md section 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Some applying statement allows the request and none denies it.
    Allow,
    /// Some applying statement denies the request (explicit deny).
    Deny,
    /// No statement applies (implicit deny).
    Ignore,
}

impl Decision {
    /// The decision's name as the conformance files and the CLI spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::Deny => "Deny",
            Decision::Ignore => "Ignore",
        }
    }

    /// Parses `Allow`, `Deny` or `Ignore` (exactly so spelt).
    pub fn from_name(name: &str) -> Option<Decision> {
        match name {
            "Allow" => Some(Decision::Allow),
            "Deny" => Some(Decision::Deny),
            "Ignore" => Some(Decision::Ignore),
            _ => None,
        }
    }
}

impl core::fmt::Display for Decision {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One policy's decision with the statement that decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// The index (from 0, in document order) of the deciding statement; `None` exactly
    /// when the decision is [`Decision::Ignore`].
    pub statement: Option<u32>,
}

impl Evaluation {
    /// No statement applied.
    pub const IGNORE: Evaluation = Evaluation { decision: Decision::Ignore, statement: None };

    /// Statement `index` denies.
    pub const fn deny(index: u32) -> Evaluation {
        Evaluation { decision: Decision::Deny, statement: Some(index) }
    }

    /// Statement `index` allows.
    pub const fn allow(index: u32) -> Evaluation {
        Evaluation { decision: Decision::Allow, statement: Some(index) }
    }
}

/// The three kinds of policy document (docs/SPEC.md section 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// An identity-based policy attached to a RAM user, group or role; no `Principal`.
    Ram,
    /// A resource-based policy attached to a bucket; `Principal` required.
    Bucket,
    /// A resource-based policy attached to an access point; `Principal` required.
    AccessPoint,
}

impl PolicyKind {
    /// Every kind.
    pub const ALL: [PolicyKind; 3] = [PolicyKind::Ram, PolicyKind::Bucket, PolicyKind::AccessPoint];

    /// The kind's name, as every Rust and command-line interface of oss-policy spells it:
    /// `ram`, `bucket`, `access-point`. (The language-neutral conformance case format
    /// spells the last `access_point`; its reader maps it.)
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Ram => "ram",
            PolicyKind::Bucket => "bucket",
            PolicyKind::AccessPoint => "access-point",
        }
    }

    /// Parses the names [`PolicyKind::as_str`] gives: `ram`, `bucket`, `access-point`.
    pub fn from_name(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Whether statements of this kind must name a `Principal`.
    pub const fn requires_principal(self) -> bool {
        !matches!(self, PolicyKind::Ram)
    }
}

/// A name that is not a policy kind's ([`PolicyKind`]'s `FromStr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPolicyKind {
    name: String,
}

impl core::fmt::Display for UnknownPolicyKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "`{}` is not a policy kind (`ram`, `bucket` or `access-point`)", self.name)
    }
}

impl std::error::Error for UnknownPolicyKind {}

impl core::str::FromStr for PolicyKind {
    type Err = UnknownPolicyKind;

    /// [`PolicyKind::from_name`], with an error naming the kinds.
    fn from_str(name: &str) -> Result<PolicyKind, UnknownPolicyKind> {
        PolicyKind::from_name(name).ok_or_else(|| UnknownPolicyKind { name: name.to_owned() })
    }
}

impl core::fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A policy that can decide requests: the reference evaluator, the in-memory compiled
/// engine and generated code all implement it, so the combined authorizer
/// ([`crate::Authorizer`]) is written once over it.
///
/// An implementation decides docs/SPEC.md section 4 for its one policy on a [`Prepared`]
/// request — one that passed the rules that refuse a request: it matches action,
/// resource (as given by [`Request::resource`], which may arrive in parts), principal
/// (bucket and access point policies) and conditions, applies the bucket-owner rule for
/// bucket policies (with [`Prepared::caller_is_bucket_owner`]), and returns the decision
/// with the deciding statement. It must not panic on any request. Compiled engines must
/// not allocate.
///
/// ```
/// use oss_policy_runtime::{Evaluation, PolicyEngine, PolicyKind, Prepared, Principal, Refusal, Request};
///
/// /// A toy RAM policy that allows everything with its statement 0.
/// struct AllowAll;
/// impl PolicyEngine for AllowAll {
///     fn kind(&self) -> PolicyKind { PolicyKind::Ram }
///     fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation { Evaluation::allow(0) }
/// }
///
/// let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:b/k");
/// // No bucket owner: refused before the policy is asked.
/// assert_eq!(AllowAll.evaluate(&request).unwrap_err().kind(), Refusal::NoBucketOwner);
/// assert_eq!(AllowAll.evaluate(&request.with_bucket_owner("1"))?, Evaluation::allow(0));
/// # Ok::<(), oss_policy_runtime::RequestError>(())
/// ```
pub trait PolicyEngine: Send + Sync {
    /// The kind of the policy, which fixes how the authorizer uses it.
    fn kind(&self) -> PolicyKind;

    /// Decides a request that passed the refusal rules and whose action id and resource
    /// segments are already worked out ([`Prepared`]); the combined authorizer prepares
    /// each request once for all its policies.
    fn evaluate_prepared(&self, prepared: &Prepared<'_, '_>) -> Evaluation;

    /// Prepares `request` ([`Prepared::new`]: the refusal rules, under the default
    /// request limits) and decides it against this one policy. Implementations keep this
    /// default, so that no engine evaluates a request the rules refuse.
    ///
    /// # Errors
    /// A refusal (docs/SPEC.md section 6) when the request may not be evaluated.
    #[inline]
    fn evaluate(&self, request: &Request<'_>) -> Result<Evaluation, RequestError> {
        // `Prepared::new`, with the split built here after the check rather than returned.
        let admitted = validate::admit(request, request.bucket_owner, &RequestLimits::DEFAULT)?;
        Ok(self.evaluate_prepared(&Prepared::split(request, request.bucket_owner.unwrap_or(""), admitted)))
    }
}

impl<T: PolicyEngine + ?Sized> PolicyEngine for Box<T> {
    fn kind(&self) -> PolicyKind {
        (**self).kind()
    }

    fn evaluate_prepared(&self, prepared: &Prepared<'_, '_>) -> Evaluation {
        (**self).evaluate_prepared(prepared)
    }
}

impl<T: PolicyEngine + ?Sized> PolicyEngine for &T {
    fn kind(&self) -> PolicyKind {
        (**self).kind()
    }

    fn evaluate_prepared(&self, prepared: &Prepared<'_, '_>) -> Evaluation {
        (**self).evaluate_prepared(prepared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_one_spelling() {
        let names: Vec<String> = PolicyKind::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["ram", "bucket", "access-point"]);
        for kind in PolicyKind::ALL {
            assert_eq!(kind.as_str().parse::<PolicyKind>(), Ok(kind));
        }
        for other in ["access_point", "accesspoint", "AccessPoint", "Ram", ""] {
            assert_eq!(PolicyKind::from_name(other), None, "{other}");
        }
        let error = "access_point".parse::<PolicyKind>().unwrap_err();
        assert_eq!(error.to_string(), "`access_point` is not a policy kind (`ram`, `bucket` or `access-point`)");
    }
}
