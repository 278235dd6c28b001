//! Errors raised while building or authorizing a request. A request that cannot be
//! evaluated is refused with one of these, never allowed (SPEC.md section 6).

use core::fmt;

/// Why a request could not be built or evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    kind: RequestErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum RequestErrorKind {
    BadValue { key: String, text: String },
    WellKnownInExtra { key: String },
    NoValues { key: String },
    DuplicateKey { key: String },
    NotAnArn { resource: String },
    PolicyKind { role: &'static str, expected: &'static str, found: &'static str },
}

impl RequestError {
    pub(crate) fn bad_value(key: &str, text: &str) -> RequestError {
        RequestError { kind: RequestErrorKind::BadValue { key: key.to_owned(), text: text.to_owned() } }
    }

    pub(crate) fn well_known_in_extra(key: &str) -> RequestError {
        RequestError { kind: RequestErrorKind::WellKnownInExtra { key: key.to_owned() } }
    }

    pub(crate) fn no_values(key: &str) -> RequestError {
        RequestError { kind: RequestErrorKind::NoValues { key: key.to_owned() } }
    }

    pub(crate) fn duplicate_key(key: &str) -> RequestError {
        RequestError { kind: RequestErrorKind::DuplicateKey { key: key.to_owned() } }
    }

    pub(crate) fn not_an_arn(resource: &str) -> RequestError {
        RequestError { kind: RequestErrorKind::NotAnArn { resource: resource.to_owned() } }
    }

    pub(crate) fn policy_kind(role: &'static str, expected: &'static str, found: &'static str) -> RequestError {
        RequestError { kind: RequestErrorKind::PolicyKind { role, expected, found } }
    }

    /// The condition key the error is about, where there is one.
    pub fn key(&self) -> Option<&str> {
        match &self.kind {
            RequestErrorKind::BadValue { key, .. }
            | RequestErrorKind::WellKnownInExtra { key }
            | RequestErrorKind::NoValues { key }
            | RequestErrorKind::DuplicateKey { key } => Some(key),
            RequestErrorKind::NotAnArn { .. } | RequestErrorKind::PolicyKind { .. } => None,
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            RequestErrorKind::BadValue { key, text } => {
                write!(f, "`{text}` is not a valid value for `{key}`")
            }
            RequestErrorKind::WellKnownInExtra { key } => {
                write!(f, "`{key}` is a well-known key; set it with `Context::with`")
            }
            RequestErrorKind::NoValues { key } => write!(f, "context key `{key}` has no values"),
            RequestErrorKind::DuplicateKey { key } => {
                write!(f, "context key `{key}` is given twice")
            }
            RequestErrorKind::NotAnArn { resource } => {
                write!(
                    f,
                    "`{resource}` is not a bucket or object ARN (`acs:oss:{{region}}:{{account}}:{{bucket}}[/{{key}}]`)"
                )
            }
            RequestErrorKind::PolicyKind { role, expected, found } => {
                write!(f, "the {role} policy must be a {expected} policy, not a {found} policy")
            }
        }
    }
}

impl std::error::Error for RequestError {}
