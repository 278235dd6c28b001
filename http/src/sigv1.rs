//! The vendor's V1 signature: `Authorization: OSS {AccessKeyId}:{Signature}` and the
//! presigned `OSSAccessKeyId`, `Expires`, `Signature` parameters.
//!
//! The string to sign is `METHOD \n Content-MD5 \n Content-Type \n DATE \n` followed by the
//! `x-oss-*` headers as sorted `name:value\n` lines and the canonicalised resource:
//! `/{bucket}/{key}` (the key decoded, not encoded again; `/` for the service) and the
//! sub-resources present, decoded, sorted, `?name=value&name`. DATE is the `x-oss-date`
//! or `Date` header, or in a presigned URL the `Expires` value. The signature is
//! base64(HMAC-SHA1(secret, string)).
//!
//! Which parameters are sub-resources is a list the signer and the verifier must share:
//! here, the union of the two vendor SDKs' lists (`oss2` and `alibabacloud-oss-v2`) and
//! every parameter that selects an operation ([`crate::routes::SELECTOR_PARAMS`]), so that
//! no parameter that changes the operation goes unsigned.

use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use sha1::Sha1;
use subtle::ConstantTimeEq as _;

use crate::credentials::{Credential, CredentialStore};
use crate::decode::percent_decode;
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::{Classified, SELECTOR_PARAMS};
use crate::verify::{MAX_SKEW_SECONDS, expired, header_text, no_such_key, signature_mismatch, skewed};

/// The sub-resources of the vendor SDKs' V1 signers, sorted.
pub const SUBRESOURCES: [&str; 87] = [
    "accessPoint",
    "accessPointPolicy",
    "acl",
    "append",
    "asyncFetch",
    "bucketArchiveDirectRead",
    "bucketInfo",
    "callback",
    "callback-var",
    "cloudboxes",
    "cname",
    "comp",
    "continuation-token",
    "cors",
    "delete",
    "encryption",
    "endTime",
    "group",
    "httpsConfig",
    "inventory",
    "inventoryId",
    "lifecycle",
    "link",
    "live",
    "location",
    "logging",
    "metaQuery",
    "objectInfo",
    "objectMeta",
    "partNumber",
    "policy",
    "position",
    "publicAccessBlock",
    "qos",
    "qosInfo",
    "qosRequester",
    "redundancyTransition",
    "referer",
    "regionList",
    "replication",
    "replicationLocation",
    "replicationProgress",
    "requestPayment",
    "requesterQosInfo",
    "resourceGroup",
    "resourcePool",
    "resourcePoolBuckets",
    "resourcePoolInfo",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "security-token",
    "sequential",
    "startTime",
    "stat",
    "status",
    "style",
    "styleName",
    "symlink",
    "tagging",
    "transferAcceleration",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "vod",
    "website",
    "worm",
    "wormExtend",
    "wormId",
    "x-oss-ac-forward-allow",
    "x-oss-ac-source-ip",
    "x-oss-ac-subnet-mask",
    "x-oss-ac-vpc-id",
    "x-oss-access-point-name",
    "x-oss-async-process",
    "x-oss-process",
    "x-oss-redundancy-transition-taskid",
    "x-oss-request-payer",
    "x-oss-target-redundancy-type",
    "x-oss-traffic-limit",
    "x-oss-write-get-object-response",
];

/// Whether `name` (decoded) is signed in V1.
///
/// `list-type` selects ListObjectsV2 but neither SDK signs it (alibabacloud-oss-v2's and
/// oss2's V1 sub-resource lists lack it), so it is not signed.
fn is_subresource(name: &str) -> bool {
    SUBRESOURCES.binary_search(&name).is_ok() || (SELECTOR_PARAMS.binary_search(&name).is_ok() && name != "list-type")
}

/// The V1 string to sign of `classified`, with `date` in the DATE line.
///
/// # Errors
/// `InvalidURI` for a query that does not decode; `InvalidArgument` for a header that is
/// not text.
pub fn string_to_sign(classified: &Classified<'_>, date: &str) -> Result<String, OssError> {
    let headers = classified.headers;
    let text = |name: &str| headers.get(name).map(|v| header_text(name, v)).transpose().map(Option::unwrap_or_default);
    let mut out =
        format!("{}\n{}\n{}\n{date}\n", classified.method.as_str(), text("content-md5")?, text("content-type")?);
    let mut oss: Vec<(&str, String)> = Vec::new();
    for name in headers.keys().map(|n| n.as_str()).filter(|n| n.starts_with("x-oss-")) {
        let values: Result<Vec<&str>, OssError> = headers.get_all(name).iter().map(|v| header_text(name, v)).collect();
        oss.push((name, values?.join(",")));
    }
    oss.sort();
    for (name, value) in oss {
        out.push_str(name);
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    out.push('/');
    if let Some(bucket) = classified.addressed_bucket {
        out.push_str(bucket);
        out.push('/');
        if let Some(key) = &classified.key {
            out.push_str(key);
        }
    }
    let mut subresources = Vec::new();
    for param in classified.query.params() {
        let name = percent_decode(param.name)?;
        if is_subresource(&name) {
            subresources.push((name, param.decoded_value()?));
        }
    }
    subresources.sort();
    for (i, (name, value)) in subresources.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(name);
        if !value.is_empty() {
            out.push('=');
            out.push_str(value);
        }
    }
    Ok(out)
}

/// base64(HMAC-SHA1(secret, string)).
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    let mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).map(|mut mac| {
        mac.update(string_to_sign.as_bytes());
        mac.finalize().into_bytes()
    });
    mac.map(|digest| base64::engine::general_purpose::STANDARD.encode(digest)).unwrap_or_default()
}

/// Verifies a V1 signature (header or presigned) and returns the signer.
pub(crate) fn verify<'s>(
    classified: &Classified<'_>,
    store: &'s dyn CredentialStore,
    now: i64,
    presigned: bool,
) -> Result<Credential<'s>, OssError> {
    let headers = classified.headers;
    let (ak, signature, date, token) = if presigned {
        let get = |name: &str| -> Result<String, OssError> {
            classified
                .query
                .value(name)?
                .map(|v| v.into_owned())
                .ok_or_else(|| err(ErrorCode::InvalidArgument, format!("presigned URL without {name}")))
        };
        let expires = get("Expires")?;
        let at: i64 = expires.parse().map_err(|_| err(ErrorCode::InvalidArgument, "Expires is not a number"))?;
        if now > at {
            return Err(expired());
        }
        let token = classified.query.value("security-token")?.map(|v| v.into_owned());
        (get("OSSAccessKeyId")?, get("Signature")?, expires, token)
    } else {
        let authorization =
            header_text("authorization", headers.get(http::header::AUTHORIZATION).ok_or_else(|| bad("missing"))?)?;
        let (ak, signature) = authorization
            .strip_prefix("OSS ")
            .and_then(|rest| rest.rsplit_once(':'))
            .filter(|(ak, sig)| !ak.is_empty() && !sig.is_empty())
            .ok_or_else(|| bad("not `OSS AccessKeyId:Signature`"))?;
        let date = match headers.get("x-oss-date").or_else(|| headers.get("date")) {
            Some(value) => header_text("date", value)?,
            None => return Err(err(ErrorCode::AccessDenied, "V1 requests need a Date header")),
        };
        let at = httpdate::parse_http_date(date)
            .map_err(|_| err(ErrorCode::AccessDenied, "the Date header is not an HTTP date"))?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        if (now - at).abs() > MAX_SKEW_SECONDS {
            return Err(skewed());
        }
        let token = headers.get("x-oss-security-token").map(|v| header_text("x-oss-security-token", v)).transpose()?;
        (ak.to_owned(), signature.to_owned(), date.to_owned(), token.map(str::to_owned))
    };
    let credential = store.credential(&ak, token.as_deref()).ok_or_else(|| no_such_key(&ak))?;
    let to_sign = string_to_sign(classified, &date)?;
    let expected = sign(credential.secret, &to_sign);
    if bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
        Ok(credential)
    } else {
        Err(signature_mismatch(&to_sign))
    }
}

fn bad(what: &str) -> OssError {
    err(ErrorCode::InvalidArgument, format!("Authorization header is invalid: {what}"))
}
