//! The vendor's V4 signature, `OSS4-HMAC-SHA256`, in the `Authorization` header and in
//! presigned URLs.
//!
//! The canonical request is `METHOD \n URI \n QUERY \n HEADERS \n ADDITIONAL \n PAYLOAD`:
//! the URI `/{bucket}/{key}` (the bucket as addressed, the key decoded once and encoded
//! again, `/` kept); every query parameter decoded and encoded again (nothing kept), sorted,
//! `name=value` or `name` when empty (the presigned `x-oss-signature` left out); the
//! `x-oss-*`, `content-type`, `content-md5` and additional headers as `name:value\n`,
//! sorted; the additional header names joined by `;`; the payload hash
//! (`x-oss-content-sha256`, `UNSIGNED-PAYLOAD` in presigned URLs). The string to sign is
//! `OSS4-HMAC-SHA256 \n {x-oss-date} \n {date}/{region}/oss/aliyun_v4_request \n
//! hex(SHA-256(canonical request))`, signed with the key HMAC-chained from
//! `"aliyun_v4" + secret` over the date, region, `oss` and `aliyun_v4_request` — which
//! [`SigningKeys`] caches per key id, day and region.

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, Mac as _};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::credentials::{Credential, CredentialStore};
use crate::decode::percent_decode;
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::Classified;
use crate::verify::{MAX_SKEW_SECONDS, expired, header_text, no_such_key, signature_mismatch, skewed};

/// The characters encoded in query names and values: all but `A-Z a-z 0-9 - _ . ~`.
pub(crate) const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
/// The characters encoded in the canonical URI: those of [`QUERY`] but `/`.
pub(crate) const PATH: &AsciiSet = &QUERY.remove(b'/');

/// The algorithm's name.
pub const ALGORITHM: &str = "OSS4-HMAC-SHA256";
/// The longest a presigned V4 URL may live, in seconds (seven days).
pub const MAX_EXPIRES: i64 = 604_800;

/// The parts of a V4 signature, from the header or the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed<'a> {
    /// The AccessKey id.
    pub access_key_id: &'a str,
    /// `yyyymmdd` of the scope.
    pub date: &'a str,
    /// The region of the scope.
    pub region: &'a str,
    /// The additional signed headers (lowercase, as given).
    pub additional: Vec<String>,
    /// The signature, hex.
    pub signature: &'a str,
}

/// Reads `Credential=ak/date/region/oss/aliyun_v4_request` (a `/`-separated scope).
fn credential(text: &str) -> Option<(&str, &str, &str)> {
    let mut parts = text.split('/');
    let (ak, date, region, product, terminal) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && !ak.is_empty()
        && date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && !region.is_empty()
        && product == "oss"
        && terminal == "aliyun_v4_request";
    ok.then_some((ak, date, region))
}

fn bad_auth(what: &str) -> OssError {
    err(ErrorCode::InvalidArgument, format!("Authorization header is invalid: {what}"))
}

/// Parses the value of an `Authorization: OSS4-HMAC-SHA256 ...` header: `Credential`,
/// optional `AdditionalHeaders`, `Signature`, separated by `,` with or without spaces, in
/// any order, each once.
///
/// # Errors
/// `InvalidArgument` naming what is wrong.
pub fn parse_header(value: &str) -> Result<Signed<'_>, OssError> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| bad_auth("not OSS4-HMAC-SHA256"))?;
    let (mut cred, mut additional, mut signature) = (None, None, None);
    for field in rest.split(',').map(str::trim) {
        let (name, value) = field.split_once('=').ok_or_else(|| bad_auth("a field without `=`"))?;
        let slot = match name {
            "Credential" => &mut cred,
            "AdditionalHeaders" => &mut additional,
            "Signature" => &mut signature,
            _ => return Err(bad_auth("an unknown field")),
        };
        if slot.replace(value).is_some() {
            return Err(bad_auth("a field given twice"));
        }
    }
    let (access_key_id, date, region) = cred.and_then(credential).ok_or_else(|| bad_auth("no valid Credential"))?;
    let signature = signature.filter(|s| is_hex64(s)).ok_or_else(|| bad_auth("no valid Signature"))?;
    Ok(Signed { access_key_id, date, region, additional: additional_list(additional.unwrap_or("")), signature })
}

fn is_hex64(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn additional_list(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text.split(';').filter(|n| !n.is_empty()).map(str::to_ascii_lowercase).collect();
    names.sort();
    names.dedup();
    names
}

/// The derived signing keys, cached per AccessKey id, day and region (bounded: cleared
/// when full). A hit is used only when the secret is still the one it was derived from.
#[derive(Debug, Default)]
pub struct SigningKeys {
    map: Mutex<HashMap<KeyScope, (String, [u8; 32])>>,
}

/// A cached key's AccessKey id, date and region.
type KeyScope = (String, String, String);

/// The most cached keys.
const MAX_CACHED: usize = 4096;

impl SigningKeys {
    /// An empty cache.
    pub fn new() -> SigningKeys {
        SigningKeys::default()
    }

    /// The signing key of `credential` for `date` and `region`.
    pub fn get(&self, credential: &Credential<'_>, date: &str, region: &str) -> [u8; 32] {
        let key = (credential.access_key_id.to_owned(), date.to_owned(), region.to_owned());
        if let Ok(map) = self.map.lock()
            && let Some((secret, derived)) = map.get(&key)
            && bool::from(secret.as_bytes().ct_eq(credential.secret.as_bytes()))
        {
            return *derived;
        }
        let derived = signing_key(credential.secret, date, region);
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_CACHED {
                map.clear();
            }
            map.insert(key, (credential.secret.to_owned(), derived));
        }
        derived
    }
}

fn hmac256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length: `new_from_slice` cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; 32],
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The signing key: HMAC-SHA256 chained from `"aliyun_v4" + secret` over `date`,
/// `region`, `oss`, `aliyun_v4_request`.
pub fn signing_key(secret: &str, date: &str, region: &str) -> [u8; 32] {
    let k = hmac256(format!("aliyun_v4{secret}").as_bytes(), date.as_bytes());
    let k = hmac256(&k, region.as_bytes());
    let k = hmac256(&k, b"oss");
    hmac256(&k, b"aliyun_v4_request")
}

/// The canonical request of `classified` (see the module docs).
///
/// # Errors
/// `InvalidURI` for a query that does not decode; `InvalidArgument` for a signed header
/// that is not text.
pub fn canonical_request(
    classified: &Classified<'_>,
    additional: &[String],
    presigned: bool,
    payload: &str,
) -> Result<String, OssError> {
    let mut out = String::with_capacity(256);
    out.push_str(classified.method.as_str());
    out.push('\n');
    let mut uri = String::from("/");
    if let Some(bucket) = classified.addressed_bucket {
        uri.push_str(bucket);
        uri.push('/');
        if let Some(key) = &classified.key {
            uri.push_str(key);
        }
    }
    out.extend(utf8_percent_encode(&uri, PATH));
    out.push('\n');
    let mut pairs = Vec::new();
    for param in classified.query.params() {
        let name = percent_decode(param.name)?;
        if presigned && name == "x-oss-signature" {
            continue;
        }
        let value = param.decoded_value()?;
        pairs.push((utf8_percent_encode(&name, QUERY).to_string(), utf8_percent_encode(&value, QUERY).to_string()));
    }
    pairs.sort();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        if !value.is_empty() {
            out.push('=');
            out.push_str(value);
        }
    }
    out.push('\n');
    let mut headers: Vec<(&str, String)> = Vec::new();
    for name in classified.headers.keys() {
        let name = name.as_str();
        if name.starts_with("x-oss-")
            || name == "content-type"
            || name == "content-md5"
            || additional.iter().any(|a| a == name)
        {
            let values: Result<Vec<&str>, OssError> =
                classified.headers.get_all(name).iter().map(|v| header_text(name, v)).collect();
            headers.push((name, values?.join(",")));
        }
    }
    headers.sort();
    for (name, value) in &headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&additional.join(";"));
    out.push('\n');
    out.push_str(payload);
    Ok(out)
}

/// The signature, hex, of `string_to_sign` with a [`signing_key`].
pub fn sign(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    hex(&hmac256(signing_key, string_to_sign.as_bytes()))
}

/// The string to sign over a canonical request.
pub fn string_to_sign(datetime: &str, date: &str, region: &str, canonical: &str) -> String {
    let hash = Sha256::digest(canonical.as_bytes());
    format!("{ALGORITHM}\n{datetime}\n{date}/{region}/oss/aliyun_v4_request\n{}", hex(&hash))
}

/// Lowercase hex (a digit at a time: `format!("{:02x}")` costs more than the hashes).
pub(crate) fn hex(bytes: &[u8]) -> String {
    let digit = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0');
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        out.push(digit(b >> 4));
        out.push(digit(b & 0xf));
        out
    })
}

/// `yyyymmddThhmmssZ` as Unix seconds.
fn parse_datetime(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let (d, t) = (text.get(..8)?, text.get(9..15)?);
    let rfc =
        format!("{}-{}-{}T{}:{}:{}Z", d.get(..4)?, d.get(4..6)?, d.get(6..)?, t.get(..2)?, t.get(2..4)?, t.get(4..)?);
    oss_policy_runtime::value::parse_time(&rfc).map(|ts| ts.seconds)
}

/// Verifies a V4 signature (header or presigned) and returns the signer.
pub(crate) fn verify<'s>(
    classified: &Classified<'_>,
    store: &'s dyn CredentialStore,
    keys: &SigningKeys,
    now: i64,
    presigned: bool,
) -> Result<Credential<'s>, OssError> {
    let query = &classified.query;
    let (signed, datetime, token, payload) = if presigned {
        let get = |name: &str| -> Result<Option<String>, OssError> { Ok(query.value(name)?.map(|v| v.into_owned())) };
        let missing = |name: &str| err(ErrorCode::InvalidArgument, format!("presigned URL without {name}"));
        let credential_text = get("x-oss-credential")?.ok_or_else(|| missing("x-oss-credential"))?;
        let datetime = get("x-oss-date")?.ok_or_else(|| missing("x-oss-date"))?;
        let expires = get("x-oss-expires")?.ok_or_else(|| missing("x-oss-expires"))?;
        let signature =
            get("x-oss-signature")?.filter(|s| is_hex64(s)).ok_or_else(|| missing("a valid x-oss-signature"))?;
        let additional = additional_list(&get("x-oss-additional-headers")?.unwrap_or_default());
        let token = get("x-oss-security-token")?;
        let start = parse_datetime(&datetime).ok_or_else(|| err(ErrorCode::InvalidArgument, "bad x-oss-date"))?;
        let lifetime: i64 = expires
            .parse()
            .ok()
            .filter(|s| (1..=MAX_EXPIRES).contains(s))
            .ok_or_else(|| err(ErrorCode::InvalidArgument, "x-oss-expires must be 1 to 604800 seconds"))?;
        if now > start.saturating_add(lifetime) {
            return Err(expired());
        }
        if start > now.saturating_add(MAX_SKEW_SECONDS) {
            return Err(skewed());
        }
        let (ak, date, region) =
            credential(&credential_text).ok_or_else(|| err(ErrorCode::InvalidArgument, "bad x-oss-credential"))?;
        let owned = (ak.to_owned(), date.to_owned(), region.to_owned());
        (owned, (datetime, signature, additional), token, "UNSIGNED-PAYLOAD".to_owned())
    } else {
        let authorization = header_text(
            "authorization",
            classified.headers.get(http::header::AUTHORIZATION).ok_or_else(|| bad_auth("missing"))?,
        )?;
        let signed = parse_header(authorization)?;
        let datetime = classified
            .headers
            .get("x-oss-date")
            .map(|v| header_text("x-oss-date", v))
            .transpose()?
            .ok_or_else(|| err(ErrorCode::InvalidArgument, "V4 requests need an x-oss-date header"))?;
        let start = parse_datetime(datetime).ok_or_else(|| err(ErrorCode::InvalidArgument, "bad x-oss-date"))?;
        if (now - start).abs() > MAX_SKEW_SECONDS {
            return Err(skewed());
        }
        let payload = classified
            .headers
            .get("x-oss-content-sha256")
            .map(|v| header_text("x-oss-content-sha256", v))
            .transpose()?
            .ok_or_else(|| err(ErrorCode::InvalidArgument, "V4 requests need an x-oss-content-sha256 header"))?;
        let token = classified
            .headers
            .get("x-oss-security-token")
            .map(|v| header_text("x-oss-security-token", v))
            .transpose()?;
        let owned = (signed.access_key_id.to_owned(), signed.date.to_owned(), signed.region.to_owned());
        (
            owned,
            (datetime.to_owned(), signed.signature.to_owned(), signed.additional),
            token.map(str::to_owned),
            payload.to_owned(),
        )
    };
    let ((ak, date, region), (datetime, signature, additional)) = (signed, datetime);
    if !datetime.starts_with(&date) {
        return Err(err(ErrorCode::InvalidArgument, "the scope's date is not the date of x-oss-date"));
    }
    if region != classified.region {
        return Err(err(
            ErrorCode::InvalidArgument,
            format!("the scope's region `{region}` is not `{}`", classified.region),
        ));
    }
    let credential = store.credential(&ak, token.as_deref()).ok_or_else(|| no_such_key(&ak))?;
    let canonical = canonical_request(classified, &additional, presigned, &payload)?;
    let to_sign = string_to_sign(&datetime, &date, &region, &canonical);
    let expected = sign(&keys.get(&credential, &date, &region), &to_sign);
    if bool::from(expected.as_bytes().ct_eq(signature.to_ascii_lowercase().as_bytes())) {
        Ok(credential)
    } else {
        Err(signature_mismatch(&to_sign))
    }
}
