//! Who signed a request: the signature is found (V4 or V1, header or presigned URL, or
//! none: anonymous), verified against the host's [`CredentialStore`], and the caller
//! returned. Each failure is its own OSS error: `SignatureDoesNotMatch`,
//! `InvalidAccessKeyId` (an unknown key, or a security token that does not match),
//! `AccessDenied` "Request has expired" (a presigned URL past its time),
//! `RequestTimeTooSkewed` (a signed time more than 15 minutes from the server's),
//! `InvalidArgument` (a signature that does not parse, or two signatures).

use std::time::{SystemTime, UNIX_EPOCH};

use http::HeaderValue;
use oss_policy_runtime::Principal;

use crate::credentials::CredentialStore;
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::Classified;
use crate::sigv1;
use crate::sigv4::{self, SigningKeys};

/// The most a signed time may differ from the server's, in seconds.
pub const MAX_SKEW_SECONDS: i64 = 15 * 60;

/// How a request was signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signature {
    /// Not signed.
    Anonymous,
    /// V4 in the `Authorization` header.
    V4Header,
    /// V4 in the query.
    V4Presigned,
    /// V1 in the `Authorization` header.
    V1Header,
    /// V1 in the query.
    V1Presigned,
}

/// The verified caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller<'s> {
    /// Who.
    pub principal: Principal<'s>,
    /// The AccessKey id (`acs:AccessId`); `None` for anonymous callers.
    pub access_key_id: Option<&'s str>,
    /// How the request was signed.
    pub signature: Signature,
}

/// Verifies signatures against a credential store, caching V4 signing keys.
pub struct Verifier<'s> {
    store: &'s dyn CredentialStore,
    keys: SigningKeys,
}

impl<'s> Verifier<'s> {
    /// A verifier over `store`.
    pub fn new(store: &'s dyn CredentialStore) -> Verifier<'s> {
        Verifier { store, keys: SigningKeys::new() }
    }

    /// How `classified` is signed.
    ///
    /// # Errors
    /// `InvalidArgument` when it carries more than one signature.
    pub fn signature_of(classified: &Classified<'_>) -> Result<Signature, OssError> {
        let header = classified.headers.get(http::header::AUTHORIZATION).map(HeaderValue::as_bytes);
        let query = &classified.query;
        let found = [
            (header.is_some_and(|h| h.starts_with(b"OSS4-HMAC-SHA256 ")), Signature::V4Header),
            (header.is_some_and(|h| h.starts_with(b"OSS ")), Signature::V1Header),
            (query.has("x-oss-signature-version") || query.has("x-oss-signature"), Signature::V4Presigned),
            (query.has("Signature") || query.has("OSSAccessKeyId"), Signature::V1Presigned),
        ];
        let mut kinds = found.iter().filter(|(present, _)| *present).map(|(_, kind)| *kind);
        match (kinds.next(), kinds.next()) {
            (None, _) if header.is_some() => Err(err(ErrorCode::InvalidArgument, "unknown Authorization scheme")),
            (None, _) => Ok(Signature::Anonymous),
            (Some(kind), None) => Ok(kind),
            (Some(_), Some(_)) => Err(err(ErrorCode::InvalidArgument, "the request carries more than one signature")),
        }
    }

    /// Verifies `classified` at time `now`.
    ///
    /// # Errors
    /// See the module docs.
    pub fn verify(&self, classified: &Classified<'_>, now: SystemTime) -> Result<Caller<'s>, OssError> {
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let signature = Verifier::signature_of(classified)?;
        if signature == Signature::V4Presigned
            && classified.query.value("x-oss-signature-version")?.as_deref() != Some(sigv4::ALGORITHM)
        {
            return Err(err(ErrorCode::InvalidArgument, "x-oss-signature-version must be OSS4-HMAC-SHA256"));
        }
        let credential = match signature {
            Signature::Anonymous => {
                return Ok(Caller { principal: Principal::Anonymous, access_key_id: None, signature });
            }
            Signature::V4Header => sigv4::verify(classified, self.store, &self.keys, now, false)?,
            Signature::V4Presigned => sigv4::verify(classified, self.store, &self.keys, now, true)?,
            Signature::V1Header => sigv1::verify(classified, self.store, now, false)?,
            Signature::V1Presigned => sigv1::verify(classified, self.store, now, true)?,
        };
        Ok(Caller { principal: credential.principal, access_key_id: Some(credential.access_key_id), signature })
    }
}

/// A header's text, or `InvalidArgument`.
pub(crate) fn header_text<'v>(name: &str, value: &'v HeaderValue) -> Result<&'v str, OssError> {
    value.to_str().map_err(|_| err(ErrorCode::InvalidArgument, format!("header {name} is not text")))
}

pub(crate) fn expired() -> OssError {
    err(ErrorCode::AccessDenied, "Request has expired.")
}

pub(crate) fn skewed() -> OssError {
    err(ErrorCode::RequestTimeTooSkewed, "The difference between the request time and the current time is too large.")
}

pub(crate) fn no_such_key(id: &str) -> OssError {
    err(
        ErrorCode::InvalidAccessKeyId,
        format!("The OSS Access Key Id you provided does not exist in our records: {id}"),
    )
}

pub(crate) fn signature_mismatch(string_to_sign: &str) -> OssError {
    err(
        ErrorCode::SignatureDoesNotMatch,
        format!(
            "The request signature we calculated does not match the signature you provided. String to sign: {string_to_sign:?}"
        ),
    )
}
