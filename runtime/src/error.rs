//! Errors raised while building or authorizing a request. A request that cannot be
//! evaluated is refused with one of these, never allowed (docs/SPEC.md section 6), and every
//! refusal carries a stable [`Refusal`] kind to match on ([`RequestError::kind`]).
//!
//! ```
//! use oss_policy_runtime::{Principal, Refusal, Request, Prepared};
//! // `oss:GetObjet` is no OSS action: the request is refused, not evaluated.
//! let request = Request::new(Principal::Anonymous, "oss:GetObjet", "acs:oss:cn-hangzhou:1:b/k")
//!     .with_bucket_owner("1");
//! let error = Prepared::new(&request).unwrap_err();
//! assert_eq!(error.kind(), Refusal::UnknownAction);
//! assert_eq!(error.kind().as_str(), "unknown-action");
//! ```

use core::fmt;

/// The kind of a refusal (docs/SPEC.md section 6), stable like a policy error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Refusal {
    /// The action is not `{service}:{name}` (docs/SPEC.md section 2).
    BadAction,
    /// An `oss:` action outside the known table (docs/SPEC.md section 2).
    UnknownAction,
    /// The bucket owner is not known, or two owners disagree (docs/SPEC.md section 5).
    NoBucketOwner,
    /// The caller is malformed or inconsistent (docs/SPEC.md section 5).
    BadCaller,
    /// The access point is malformed or inconsistent (docs/SPEC.md section 5).
    BadAccessPoint,
    /// One condition key is given twice (docs/SPEC.md section 3).
    DuplicateKey,
    /// A typed key's value does not parse, or is a list (docs/SPEC.md section 3).
    BadContextValue,
    /// The resource is not an ARN the request needs (through an access point, a bucket
    /// or object ARN of OSS).
    BadResource,
    /// The request is over the request limits (docs/SPEC.md section 3).
    OverLimit,
    /// Not about a request: a policy of the wrong kind was handed to the
    /// [`Authorizer`](crate::Authorizer) (a bucket policy as a RAM policy, say).
    WrongPolicyKind,
}

impl Refusal {
    /// The kind as docs/SPEC.md section 6 and the case files spell it (`unknown-action`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Refusal::BadAction => "bad-action",
            Refusal::UnknownAction => "unknown-action",
            Refusal::NoBucketOwner => "no-bucket-owner",
            Refusal::BadCaller => "bad-caller",
            Refusal::BadAccessPoint => "bad-access-point",
            Refusal::DuplicateKey => "duplicate-key",
            Refusal::BadContextValue => "bad-context-value",
            Refusal::BadResource => "bad-resource",
            Refusal::OverLimit => "over-limit",
            Refusal::WrongPolicyKind => "wrong-policy-kind",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: [Refusal; 10] = [
        Refusal::BadAction,
        Refusal::UnknownAction,
        Refusal::NoBucketOwner,
        Refusal::BadCaller,
        Refusal::BadAccessPoint,
        Refusal::DuplicateKey,
        Refusal::BadContextValue,
        Refusal::BadResource,
        Refusal::OverLimit,
        Refusal::WrongPolicyKind,
    ];

    /// The kind of that name ([`Refusal::as_str`]).
    pub fn from_name(name: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why a request could not be built or evaluated: its [`Refusal`] kind and a message for
/// people naming what is wrong.
///
/// One pointer wide: every check returns a `Result` of it, and the common `Ok` is then
/// told by one register, whatever the error holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError(Box<Refused>);

/// What a [`RequestError`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Refused {
    kind: Refusal,
    key: Option<String>,
    message: String,
}

impl RequestError {
    /// A refusal of `kind`, with `message` for people. The messages are written where
    /// the rule is checked; this is the one constructor.
    #[cold]
    pub(crate) fn new(kind: Refusal, message: String) -> RequestError {
        RequestError(Box::new(Refused { kind, key: None, message }))
    }

    /// A refusal about the condition key `key`.
    #[cold]
    pub(crate) fn about_key(kind: Refusal, key: &str, message: String) -> RequestError {
        RequestError(Box::new(Refused { kind, key: Some(key.to_owned()), message }))
    }

    /// `text` is not a value of the typed key `key`, which takes `expected`.
    pub(crate) fn bad_value(key: &str, text: &str, expected: &str) -> RequestError {
        RequestError::about_key(
            Refusal::BadContextValue,
            key,
            format!("`{}` is not a valid value for `{key}`: expected {expected}", text.escape_debug()),
        )
    }

    pub(crate) fn duplicate_key(key: &str) -> RequestError {
        RequestError::about_key(Refusal::DuplicateKey, key, format!("context key `{key}` is given twice"))
    }

    pub(crate) fn not_an_arn(resource: &str) -> RequestError {
        RequestError::new(
            Refusal::BadResource,
            format!(
                "`{resource}` is not a bucket or object ARN (`acs:oss:{{region}}:{{account}}:{{bucket}}[/{{key}}]`)"
            ),
        )
    }

    pub(crate) fn policy_kind(role: &'static str, expected: &'static str, found: &'static str) -> RequestError {
        RequestError::new(
            Refusal::WrongPolicyKind,
            format!("the {role} policy must be {} policy, not {} policy", a(expected), a(found)),
        )
    }

    /// The kind of refusal, to match on.
    pub fn kind(&self) -> Refusal {
        self.0.kind
    }

    /// The condition key the error is about, where there is one.
    pub fn key(&self) -> Option<&str> {
        self.0.key.as_deref()
    }
}

/// `name` after its indefinite article, for the policy kinds (`a ram`, `an access-point`).
fn a(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for RequestError {}

#[cfg(test)]
mod tests {
    use super::Refusal;

    #[test]
    fn kinds_are_spelt_as_spec_section_6_and_read_back() {
        let spelt: Vec<&str> = Refusal::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(
            spelt,
            [
                "bad-action",
                "unknown-action",
                "no-bucket-owner",
                "bad-caller",
                "bad-access-point",
                "duplicate-key",
                "bad-context-value",
                "bad-resource",
                "over-limit",
                "wrong-policy-kind"
            ]
        );
        for kind in Refusal::ALL {
            assert_eq!(Refusal::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(Refusal::from_name("Unknown-Action"), None);
    }

    #[test]
    fn policy_kind_messages_take_the_right_article() {
        let error = super::RequestError::policy_kind("access point", "access-point", "bucket");
        assert_eq!(error.to_string(), "the access point policy must be an access-point policy, not a bucket policy");
    }
}
