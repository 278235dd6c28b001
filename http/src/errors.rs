//! The errors of classification and verification, each with the OSS error code the
//! service answers with and its HTTP status, so that a gateway can reply as OSS does.
//!
//! ```
//! use oss_policy_http::{ErrorCode, OssError};
//! let error = OssError::new(ErrorCode::SignatureDoesNotMatch, "The request signature we calculated does not match");
//! assert_eq!((error.code().as_str(), error.status()), ("SignatureDoesNotMatch", 403));
//! ```

use std::borrow::Cow;
use std::fmt;

macro_rules! error_codes {
    ($($variant:ident => $status:literal, $doc:literal;)*) => {
        /// An OSS error code (the `<Code>` of the service's XML error answer).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(#[doc = $doc] $variant,)*
        }

        impl ErrorCode {
            /// The code as OSS spells it.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => stringify!($variant),)* }
            }

            /// The HTTP status OSS answers the code with.
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }
        }
    };
}

error_codes! {
    InvalidArgument => 400, "A parameter or header is unknown, repeated or malformed.";
    InvalidRequest => 400, "The request lacks something the operation requires (a `Content-MD5`, say).";
    MalformedXML => 400, "The XML body does not parse or lacks a required element.";
    InvalidDigest => 400, "The `Content-MD5` does not match the body.";
    InvalidBucketName => 400, "The bucket name is not a valid OSS bucket name.";
    InvalidObjectName => 400, "The object key is not valid (too long, not UTF-8, starts with `/`).";
    InvalidURI => 400, "The path or query is not valid (a bad `%` escape).";
    NoSuchBucket => 404, "The bucket (or the access point alias) is not known.";
    MethodNotAllowed => 405, "OSS has no operation with this HTTP method.";
    NotImplemented => 501, "The operation is known but has no authorization rule here.";
    AccessDenied => 403, "The request is refused (an expired URL, a denied check).";
    SignatureDoesNotMatch => 403, "The signature does not match the one computed from the request.";
    InvalidAccessKeyId => 403, "The AccessKey id (or its security token) is not known.";
    RequestTimeTooSkewed => 403, "The request's time is more than 15 minutes from the server's.";
}

/// A refused request: an OSS error code and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OssError {
    code: ErrorCode,
    message: Cow<'static, str>,
}

impl OssError {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> OssError {
        OssError { code, message: message.into() }
    }

    /// The OSS error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status to answer with.
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

impl fmt::Display for OssError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for OssError {}

/// Shorthand for [`OssError::new`].
pub(crate) fn err(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> OssError {
    OssError::new(code, message)
}
