//! A request to authorize: who asks ([`Principal`]), for what ([`Request::action`]), on
//! what ([`Resource`]), in which [`Context`], and possibly through an [`AccessPoint`].
//!
//! Everything is borrowed: building a request allocates nothing, and neither does
//! deciding it on the compiled paths.
//!
//! ```
//! use oss_policy_runtime::{Context, Key, Principal, Request};
//! let request = Request::new(
//!     Principal::RamUser { uid: "20214760404935xxxx", account: "174649585760xxxx" },
//!     "oss:GetObject",
//!     "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg",
//! )
//! .with_context(Context::new().with(Key::SourceIp, "203.0.113.5")?)
//! .with_bucket_owner("174649585760xxxx");
//! assert_eq!(request.resource.to_string(), "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg");
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```

use core::fmt;

use crate::context::Context;

/// The caller (docs/SPEC.md section 2, "Principal").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Principal<'a> {
    /// An account's root identity; `uid` is the account id.
    Account {
        /// The account id.
        uid: &'a str,
    },
    /// A RAM user of `account`.
    RamUser {
        /// The user's id.
        uid: &'a str,
        /// The id of the account that owns the user.
        account: &'a str,
    },
    /// An STS session of an assumed role: `arn:sts::{account}:assumed-role/{role}/{session}`.
    AssumedRole {
        /// The session's ARN.
        arn: &'a str,
        /// The id of the account that owns the role.
        account: &'a str,
    },
    /// An anonymous caller.
    Anonymous,
}

impl<'a> Principal<'a> {
    /// The account the caller belongs to (its own `uid` for an account); `None` when
    /// anonymous.
    pub fn account(&self) -> Option<&'a str> {
        match *self {
            Principal::Account { uid } => Some(uid),
            Principal::RamUser { account, .. } | Principal::AssumedRole { account, .. } => Some(account),
            Principal::Anonymous => None,
        }
    }

    /// The caller's own id, matched by a plain id in `Principal` (accounts and RAM users).
    pub fn uid(&self) -> Option<&'a str> {
        match *self {
            Principal::Account { uid } | Principal::RamUser { uid, .. } => Some(uid),
            Principal::AssumedRole { .. } | Principal::Anonymous => None,
        }
    }

    /// The session ARN of an assumed role, matched by `arn:sts::` patterns.
    pub fn sts_arn(&self) -> Option<&'a str> {
        match *self {
            Principal::AssumedRole { arn, .. } => Some(arn),
            _ => None,
        }
    }
}

/// Where a request through an access point came from (`oss:AccessPointNetworkOrigin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NetworkOrigin {
    /// From the internet.
    Internet,
    /// From a VPC.
    Vpc,
}

impl NetworkOrigin {
    /// `internet` or `vpc`, the value of `oss:AccessPointNetworkOrigin`.
    pub const fn as_str(self) -> &'static str {
        match self {
            NetworkOrigin::Internet => "internet",
            NetworkOrigin::Vpc => "vpc",
        }
    }

    /// Parses `internet` or `vpc`.
    pub fn from_name(name: &str) -> Option<NetworkOrigin> {
        match name {
            "internet" => Some(NetworkOrigin::Internet),
            "vpc" => Some(NetworkOrigin::Vpc),
            _ => None,
        }
    }
}

/// The access point a request came through (docs/SPEC.md section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AccessPoint<'a> {
    /// The access point's name (`ap-01`).
    pub name: &'a str,
    /// Its ARN, the value of `oss:DataAccessPointArn`.
    pub arn: &'a str,
    /// Its account, the value of `oss:DataAccessPointAccount`.
    pub account: &'a str,
    /// Where the request came from.
    pub network_origin: NetworkOrigin,
}

/// The most parts a [`Resource`] is made of.
const MAX_PARTS: usize = 5;

/// A resource ARN, possibly given as the concatenation of up to five borrowed parts.
///
/// A request names its resource with one string ([`Resource::new`]). The combined
/// authorizer derives an access point resource (`{prefix}accesspoint/{ap}/object/{key}`)
/// from the bucket ARN without allocating or truncating, so it hands engines the ARN in
/// parts; engines match the parts as one string ([`Resource::parts`], [`Resource::bytes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Resource<'a> {
    // INVARIANT (resource-parts): the ARN is the concatenation of every part, in order;
    // unused parts are empty.
    parts: [&'a str; MAX_PARTS],
    // INVARIANT (resource-len): the sum of the parts' lengths, so that the request limits
    // and the usual test, "given as one string?" (the first part is as long), read one
    // number and not five lengths.
    len: usize,
}

impl<'a> Resource<'a> {
    /// A resource given as one string.
    pub const fn new(arn: &'a str) -> Resource<'a> {
        Resource { parts: [arn, "", "", "", ""], len: arn.len() }
    }

    /// A resource given as the concatenation of `parts`.
    pub const fn from_parts(parts: [&'a str; MAX_PARTS]) -> Resource<'a> {
        let [a, b, c, d, e] = parts;
        Resource { parts, len: a.len() + b.len() + c.len() + d.len() + e.len() }
    }

    /// The five parts, empty ones included.
    pub(crate) fn raw_parts(&self) -> &[&'a str; MAX_PARTS] {
        &self.parts
    }

    /// The parts whose concatenation is the ARN (empty ones skipped).
    pub fn parts(&self) -> impl Iterator<Item = &'a str> + Clone + '_ {
        self.parts.iter().copied().filter(|part| !part.is_empty())
    }

    /// The ARN's bytes, in order, across parts.
    pub fn bytes(&self) -> impl Iterator<Item = u8> + Clone + '_ {
        self.parts().flat_map(str::bytes)
    }

    /// The ARN's length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the ARN is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ARN as one string, when it is given as one (always, but for derived access
    /// point resources).
    #[inline]
    pub fn as_single(&self) -> Option<&'a str> {
        // The usual case first: given as one string.
        let [first, ..] = self.parts;
        if first.len() == self.len {
            return Some(first);
        }
        self.only_non_empty_part()
    }

    /// [`Resource::as_single`] for a resource given in several parts: its one non-empty
    /// part, if it has only one.
    #[cold]
    #[inline(never)]
    fn only_non_empty_part(&self) -> Option<&'a str> {
        let mut non_empty = self.parts();
        match (non_empty.next(), non_empty.next()) {
            (Some(only), None) => Some(only),
            (None, _) => Some(""),
            _ => None,
        }
    }
}

impl fmt::Display for Resource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().try_for_each(|part| f.write_str(part))
    }
}

/// One request to authorize. All fields are borrowed; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Request<'a> {
    /// Who asks.
    pub principal: Principal<'a>,
    /// The action, such as `oss:GetObject` (any string; matched case-insensitively).
    pub action: &'a str,
    /// The resource ARN. For a request through an access point, the bucket ARN; the
    /// authorizer derives the access point resource for the access point policy.
    pub resource: Resource<'a>,
    /// The condition context.
    pub context: Context<'a>,
    /// The account that owns the bucket (the bucket-owner rule, docs/SPEC.md sections 2 and
    /// 5). A request evaluated by an engine directly must name it; the
    /// [`Authorizer`](crate::Authorizer) knows its bucket's owner, and refuses a request
    /// that names another.
    pub bucket_owner: Option<&'a str>,
    /// The access point the request came through, if any.
    pub access_point: Option<AccessPoint<'a>>,
}

impl<'a> Request<'a> {
    /// A direct request with an empty context and no bucket owner named.
    pub const fn new(principal: Principal<'a>, action: &'a str, resource: &'a str) -> Request<'a> {
        Request {
            principal,
            action,
            resource: Resource::new(resource),
            context: Context::new(),
            bucket_owner: None,
            access_point: None,
        }
    }

    /// The same request with `context`.
    pub const fn with_context(mut self, context: Context<'a>) -> Request<'a> {
        self.context = context;
        self
    }

    /// The same request for a bucket owned by `account`.
    pub const fn with_bucket_owner(mut self, account: &'a str) -> Request<'a> {
        self.bucket_owner = Some(account);
        self
    }

    /// The same request, made through `access_point`.
    pub const fn through_access_point(mut self, access_point: AccessPoint<'a>) -> Request<'a> {
        self.access_point = Some(access_point);
        self
    }
}
