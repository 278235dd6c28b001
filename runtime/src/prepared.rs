//! [`Prepared`]: a request with what every compiled check reads worked out once — the
//! action's dense id, the resource split into its ARN segments and the bucket owner —
//! after the rules that refuse a request have passed.
//!
//! Preparing is the one way into an evaluation: [`PolicyEngine::evaluate`](crate::PolicyEngine::evaluate)
//! prepares the request it is given, the authorizer prepares each request once, and
//! engines decide a `Prepared`. So the refusals of docs/SPEC.md sections 2, 3 and 5 — an
//! unknown `oss:` action, no bucket owner, a malformed caller or access point, a request
//! over the [`RequestLimits`] — hold on every path: a `Prepared` exists only for a
//! request that may be evaluated.
//!
//! The combined [`Authorizer`](crate::Authorizer) asks several policies about one
//! request (the caller's RAM policies, the bucket policy, the access point policy).
//! Looking the action up and splitting the resource ARN once per request, rather than
//! once per policy, is what [`PolicyEngine::evaluate_prepared`](crate::PolicyEngine::evaluate_prepared)
//! is for: compiled engines read the prepared parts, others read the request.
//!
//! ```
//! use oss_policy_runtime::actions::action_id;
//! use oss_policy_runtime::{Prepared, Principal, Request};
//! let request = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:bucket/key");
//! let request = request.with_bucket_owner("1");
//! let prepared = Prepared::new(&request)?;
//! assert_eq!(prepared.action_id(), action_id("oss:GetObject"));
//! assert_eq!(prepared.resource().segment_count(), 5);
//! assert!(prepared.resource().rest(4).is_some_and(|relative| relative.eq_bytes(b"bucket/key")));
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```

use crate::actions::ActionId;
use crate::error::RequestError;
use crate::limits::RequestLimits;
use crate::matchers::arn::Arn;
use crate::matchers::{Text, same};
use crate::request::{Principal, Request};
use crate::validate::{self, Admitted};

/// A request with its action id, its split resource ARN and its bucket owner, computed
/// once, that passed the rules that refuse a request.
#[derive(Clone, Copy, Debug)]
pub struct Prepared<'r, 'a> {
    // INVARIANT (prepared-agrees): `action == action_id(request.action)`, `resource` is
    // `request.resource` split, `owner` the bucket's owner, and the request passed
    // `validate::admit` (an `Admitted` is its proof); the constructors are the only way
    // to build one.
    request: &'r Request<'a>,
    owner: &'a str,
    action: Option<ActionId>,
    resource: Arn<'r>,
}

impl<'r, 'a> Prepared<'r, 'a> {
    /// Checks and prepares `request` for a bucket owned by its
    /// [`bucket_owner`](Request::bucket_owner), under the default [`RequestLimits`]. Never
    /// allocates but to describe a refusal.
    ///
    /// # Errors
    /// A refusal (docs/SPEC.md section 6) when the request may not be evaluated.
    #[inline(always)]
    pub fn new(request: &'r Request<'a>) -> Result<Prepared<'r, 'a>, RequestError> {
        Prepared::with_limits(request, &RequestLimits::DEFAULT)
    }

    /// [`Prepared::new`] under `limits`.
    ///
    /// # Errors
    /// As [`Prepared::new`].
    #[inline(always)]
    pub fn with_limits(request: &'r Request<'a>, limits: &RequestLimits) -> Result<Prepared<'r, 'a>, RequestError> {
        let admitted = validate::admit(request, request.bucket_owner, limits)?;
        Ok(Prepared::split(request, request.bucket_owner.unwrap_or(""), admitted))
    }

    /// Splits the resource of a request that the rules `admitted`, for a bucket owned by
    /// `owner`. Always inlined, and apart from the rules: built in its caller's frame
    /// after a check whose result is one register, it is neither returned through memory
    /// nor copied.
    #[inline(always)]
    pub(crate) fn split(request: &'r Request<'a>, owner: &'a str, admitted: Admitted) -> Prepared<'r, 'a> {
        // Each way of splitting builds the whole `Prepared`, so the split resource is not
        // copied into it.
        let (action, text) = (admitted.action(), Text::from_resource(&request.resource));
        match Arn::new_oss(text) {
            Some(resource) => Prepared { request, owner, action, resource },
            None => Prepared::new_otherwise(request, owner, action, text),
        }
    }

    /// [`Prepared::split`] for a resource that [`Arn::new_oss`] does not split.
    #[inline(never)]
    fn new_otherwise(
        request: &'r Request<'a>,
        owner: &'a str,
        action: Option<ActionId>,
        text: Text<'r>,
    ) -> Prepared<'r, 'a> {
        Prepared { request, owner, action, resource: Arn::new_otherwise(text) }
    }

    /// `derived`, a request for an access point resource derived from this request's
    /// bucket ARN: the same action, and the same first four segments (docs/SPEC.md section 5:
    /// `acs:oss:{region}:{account}:` is kept), so nothing is looked up or split again.
    pub(crate) fn derived<'d>(&self, derived: &'d Request<'a>) -> Prepared<'d, 'a> {
        // INVARIANT (prepared-agrees): the derived resource starts with this resource's
        // first four segments and their colons, which `Arn::with_colons_of` relies on.
        let resource = Arn::with_colons_of(Text::from_resource(&derived.resource), &self.resource);
        Prepared { request: derived, owner: self.owner, action: self.action, resource }
    }

    /// The request.
    #[inline]
    pub fn request(&self) -> &'r Request<'a> {
        self.request
    }

    /// The dense id of the request's action ([`action_id`](crate::actions::action_id)); `None` for an action outside
    /// the known list.
    #[inline]
    pub fn action_id(&self) -> Option<ActionId> {
        self.action
    }

    /// The request's resource, split into its ARN segments.
    #[inline]
    pub fn resource(&self) -> &Arn<'r> {
        &self.resource
    }

    /// The account that owns the bucket.
    #[inline]
    pub fn bucket_owner(&self) -> &'a str {
        self.owner
    }

    /// Whether the caller is the bucket owner's account identity itself (not one of its
    /// RAM users or roles): the bucket-owner rule (docs/SPEC.md sections 2 and 5).
    #[inline]
    pub fn caller_is_bucket_owner(&self) -> bool {
        matches!(self.request.principal, Principal::Account { uid } if same(uid.as_bytes(), self.owner.as_bytes()))
    }
}
