//! The gateway's error answers: an OSS error code, its HTTP status, a message and the
//! `EC` detail code, rendered as the service renders them ([`crate::xml::error_body`]).
//!
//! Classification and signature errors come from `oss-policy-http` ([`OssError`]) with
//! their codes; the storage and operation errors (`NoSuchKey`, `NoSuchUpload`,
//! `InvalidRange`, `MalformedPolicy`...) are the gateway's.
//!
//! The `EC` values are the gateway's own detail codes (`GW-` prefixed): the service's EC
//! catalogue is not public in full, and a made-up value that looks like the vendor's
//! would mislead.

use std::borrow::Cow;

use oss_policy_http::OssError;

/// A refused or failed request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    /// The OSS error code (`NoSuchKey`).
    pub code: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The message.
    pub message: Cow<'static, str>,
}

impl GatewayError {
    /// An error with `code`, `status` and `message`.
    pub fn new(code: &'static str, status: u16, message: impl Into<Cow<'static, str>>) -> GatewayError {
        GatewayError { code, status, message: message.into() }
    }

    /// `NoSuchKey`, 404.
    pub fn no_such_key() -> GatewayError {
        GatewayError::new("NoSuchKey", 404, "The specified key does not exist.")
    }

    /// `NoSuchUpload`, 404.
    pub fn no_such_upload() -> GatewayError {
        GatewayError::new(
            "NoSuchUpload",
            404,
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        )
    }

    /// `InternalError`, 500: the cause goes to the log, not to the client.
    pub fn internal() -> GatewayError {
        GatewayError::new("InternalError", 500, "We encountered an internal error. Please try again.")
    }

    /// `InvalidArgument`, 400.
    pub fn invalid_argument(message: impl Into<Cow<'static, str>>) -> GatewayError {
        GatewayError::new("InvalidArgument", 400, message)
    }

    /// `MalformedXML`, 400.
    pub fn malformed_xml(message: impl Into<Cow<'static, str>>) -> GatewayError {
        GatewayError::new("MalformedXML", 400, message)
    }

    /// The gateway's detail code for the error (see the module docs).
    pub fn ec(&self) -> String {
        format!("GW-{:03}-{}", self.status, self.code)
    }
}

impl From<OssError> for GatewayError {
    fn from(error: OssError) -> GatewayError {
        GatewayError::new(error.code().as_str(), error.status(), error.message().to_owned())
    }
}

impl From<std::io::Error> for GatewayError {
    fn from(error: std::io::Error) -> GatewayError {
        eprintln!("storage error: {error}");
        GatewayError::internal()
    }
}
