//! [`Prepared`]: a request with what every compiled check reads worked out once — the
//! action's dense id and the resource split into its ARN segments.
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
//! let prepared = Prepared::new(&request);
//! assert_eq!(prepared.action_id(), action_id("oss:GetObject"));
//! assert_eq!(prepared.resource().segment_count(), 5);
//! assert!(prepared.resource().rest(4).is_some_and(|relative| relative.eq_bytes(b"bucket/key")));
//! ```

use crate::actions::{ActionId, action_id};
use crate::matchers::Text;
use crate::matchers::arn::Arn;
use crate::request::Request;

/// A request with its action id and its split resource ARN, computed once.
#[derive(Clone, Copy, Debug)]
pub struct Prepared<'r, 'a> {
    // INVARIANT (prepared-agrees): `action == action_id(request.action)` and `resource`
    // is `request.resource` split; the constructors are the only way to build one.
    request: &'r Request<'a>,
    action: Option<ActionId>,
    resource: Arn<'r>,
}

impl<'r, 'a> Prepared<'r, 'a> {
    /// Looks the action up and splits the resource. Never allocates. Always inlined:
    /// built in its caller's frame, it is neither returned through memory nor copied.
    #[inline(always)]
    pub fn new(request: &'r Request<'a>) -> Prepared<'r, 'a> {
        // The action first: the split resource is then built where it is returned. Each
        // way of splitting builds the whole `Prepared`, so neither is copied into it.
        let action = action_id(request.action);
        let text = Text::from_resource(&request.resource);
        match Arn::new_oss(text) {
            Some(resource) => Prepared { request, action, resource },
            None => Prepared::new_otherwise(request, action, text),
        }
    }

    /// [`Prepared::new`] for a resource that [`Arn::new_oss`] does not split.
    #[inline(never)]
    fn new_otherwise(request: &'r Request<'a>, action: Option<ActionId>, text: Text<'r>) -> Prepared<'r, 'a> {
        Prepared { request, action, resource: Arn::new_otherwise(text) }
    }

    /// `derived`, a request for an access point resource derived from this request's
    /// bucket ARN: the same action, and the same first four segments (SPEC.md section 5:
    /// `acs:oss:{region}:{account}:` is kept), so nothing is looked up or split again.
    pub(crate) fn derived<'d>(&self, derived: &'d Request<'a>) -> Prepared<'d, 'a> {
        // INVARIANT (prepared-agrees): the derived resource starts with this resource's
        // first four segments and their colons, which `Arn::with_colons_of` relies on.
        let resource = Arn::with_colons_of(Text::from_resource(&derived.resource), &self.resource);
        Prepared { request: derived, action: self.action, resource }
    }

    /// The request.
    #[inline]
    pub fn request(&self) -> &'r Request<'a> {
        self.request
    }

    /// The dense id of the request's action ([`action_id`]); `None` for an action outside
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
}
