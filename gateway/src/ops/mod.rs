//! The operations, run once every check of the request is allowed (a multi-delete: per
//! key). Each takes a [`Call`] and gives the answer or an OSS error.
//!
//! * [`objects`]: PutObject, GetObject (with `Range`), HeadObject, GetObjectMeta,
//!   DeleteObject, DeleteMultipleObjects, CopyObject, object tagging and ACL.
//! * [`list`]: ListObjects, ListObjectsV2, ListBuckets.
//! * [`multipart`]: initiate, upload part, complete, abort, list parts.
//! * [`policy`]: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy.
//!
//! Any other operation is answered `NotImplemented` (after it was authorized).

pub mod list;
pub mod multipart;
pub mod objects;
pub mod policy;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use http_body_util::Full;
use oss_policy_http::{Checks, Classified, Operation};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::GatewayError;
use crate::state::State;
use crate::store::Attributes;

/// An answer.
pub type Answer = Response<Full<Bytes>>;

/// One authorized request to run.
pub struct Call<'a> {
    /// The gateway.
    pub state: &'a State,
    /// The request.
    pub classified: &'a Classified<'a>,
    /// Its body.
    pub body: &'a [u8],
    /// Its checks.
    pub checks: &'a Checks<'a>,
    /// Whether each check is allowed, in order (all are, but for a multi-delete).
    pub allowed: &'a [bool],
    /// The caller's account (`None`: anonymous).
    pub caller_account: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// The bucket (every operation here has one, but ListBuckets).
    pub fn bucket(&self) -> Result<&'a str, GatewayError> {
        self.classified.bucket.ok_or_else(|| GatewayError::invalid_argument("the request names no bucket"))
    }

    /// The key.
    pub fn key(&self) -> Result<&str, GatewayError> {
        self.classified.key.as_deref().ok_or_else(|| GatewayError::invalid_argument("the request names no object"))
    }

    /// The text of header `name`.
    pub fn header(&self, name: &str) -> Result<Option<&'a str>, GatewayError> {
        self.classified
            .headers
            .get(name)
            .map(|v| v.to_str().map_err(|_| GatewayError::invalid_argument(format!("header {name} is not text"))))
            .transpose()
    }

    /// The decoded query parameter `name`.
    pub fn param(&self, name: &str) -> Result<Option<String>, GatewayError> {
        Ok(self.classified.query.value(name)?.map(|v| v.into_owned()))
    }

    /// Whether the answer encodes keys (`encoding-type=url`).
    pub fn url_encoded(&self) -> Result<bool, GatewayError> {
        match self.param("encoding-type")?.as_deref() {
            None => Ok(false),
            Some("url") => Ok(true),
            Some(_) => Err(GatewayError::invalid_argument("encoding-type must be url")),
        }
    }

    /// The attributes a write sets from its headers: content type, `x-oss-meta-*`,
    /// `x-oss-tagging`, `x-oss-object-acl`.
    pub fn attributes(&self) -> Result<Attributes, GatewayError> {
        let mut user_meta = Vec::new();
        for (name, value) in self.classified.headers {
            if let Some(meta) = name.as_str().strip_prefix("x-oss-meta-") {
                let value = value.to_str().map_err(|_| GatewayError::invalid_argument("user metadata must be text"))?;
                user_meta.push((meta.to_owned(), value.to_owned()));
            }
        }
        user_meta.sort();
        Ok(Attributes {
            content_type: self.header("content-type")?.unwrap_or("application/octet-stream").to_owned(),
            user_meta,
            tags: self.header("x-oss-tagging")?.map(parse_tagging).transpose()?.unwrap_or_default(),
            acl: object_acl(self.header("x-oss-object-acl")?)?,
        })
    }
}

/// The ACL of `x-oss-object-acl` (`default` when absent).
///
/// # Errors
/// `InvalidArgument` for another value.
pub fn object_acl(header: Option<&str>) -> Result<String, GatewayError> {
    match header {
        None => Ok("default".to_owned()),
        Some(acl @ ("default" | "private" | "public-read" | "public-read-write")) => Ok(acl.to_owned()),
        Some(_) => Err(GatewayError::invalid_argument("no such object ACL")),
    }
}

/// The tags of `x-oss-tagging` (`k1=v1&k2=v2`, encoded); the classifier has checked
/// their number and uniqueness already.
fn parse_tagging(text: &str) -> Result<Vec<(String, String)>, GatewayError> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| oss_policy_http::decode::percent_decode(s).map(|c| c.into_owned());
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

/// What `encoding-type=url` leaves as it is.
const URL_SAFE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// `text`, URL-encoded when `encode`.
pub fn maybe_encode(text: &str, encode: bool) -> String {
    if encode { utf8_percent_encode(text, URL_SAFE).to_string() } else { text.to_owned() }
}

/// A header value; text that is not a valid value is percent-encoded.
pub fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| {
        HeaderValue::from_str(&utf8_percent_encode(text, URL_SAFE).to_string()).unwrap_or(HeaderValue::from_static(""))
    })
}

/// An answer with `status` and `body`.
pub fn answer(status: StatusCode, body: impl Into<Bytes>) -> Answer {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
}

/// An XML answer.
pub fn xml(body: String) -> Answer {
    let mut response = answer(StatusCode::OK, body);
    response.headers_mut().insert("content-type", HeaderValue::from_static("application/xml"));
    response
}

/// ISO 8601 with milliseconds, as listings show times (`2026-01-01T00:00:00.000Z`).
pub fn iso_time(seconds: u64) -> String {
    let text = oss_policy_http::time::rfc3339(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds));
    text.replace('Z', ".000Z")
}

/// Runs the authorized `call`.
///
/// # Errors
/// The operation's OSS error; `NotImplemented` for an operation the gateway does not
/// serve.
pub fn run(call: &Call<'_>) -> Result<Answer, GatewayError> {
    use Operation as Op;
    match call.classified.operation {
        Op::PutObject => objects::put(call),
        Op::GetObject => objects::get(call, false),
        Op::HeadObject | Op::GetObjectMeta => objects::get(call, true),
        Op::DeleteObject => objects::delete(call),
        Op::DeleteMultipleObjects => objects::delete_many(call),
        Op::CopyObject => objects::copy(call),
        Op::GetObjectTagging => objects::get_tagging(call),
        Op::PutObjectTagging => objects::put_tagging(call),
        Op::DeleteObjectTagging => objects::delete_tagging(call),
        Op::GetObjectAcl => objects::get_acl(call),
        Op::PutObjectAcl => objects::put_acl(call),
        Op::ListObjects => list::objects(call, false),
        Op::ListObjectsV2 => list::objects(call, true),
        Op::ListBuckets => list::buckets(call),
        Op::InitiateMultipartUpload => multipart::initiate(call),
        Op::UploadPart => multipart::upload_part(call),
        Op::CompleteMultipartUpload => multipart::complete(call),
        Op::AbortMultipartUpload => multipart::abort(call),
        Op::ListParts => multipart::list_parts(call),
        Op::PutBucketPolicy => policy::put(call),
        Op::GetBucketPolicy => policy::get(call),
        Op::DeleteBucketPolicy => policy::delete(call),
        other => Err(not_implemented(other)),
    }
}

/// `NotImplemented` for `operation`.
pub fn not_implemented(operation: Operation) -> GatewayError {
    GatewayError::new("NotImplemented", 501, format!("{operation} is not implemented by this gateway."))
}
