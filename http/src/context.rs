//! The condition context a request carries on the wire (docs/SPEC.md section 3).
//!
//! * `acs:SourceIp`: the peer's address; when the peer is a proxy the host lists as
//!   trusted, the rightmost `X-Forwarded-For` address that is not itself a trusted proxy.
//! * `acs:SecureTransport`: whether the connection is TLS (the host says).
//! * `acs:CurrentTime`: the host's clock (injectable: the host passes the time).
//! * `acs:UserAgent`, `oss:x-oss-acl`, `oss:x-oss-object-acl`: their headers.
//! * `acs:AccessId`: the AccessKey id of the verified signature.
//! * `oss:Prefix`, `oss:Delimiter`: the query parameters, `""` when given empty and absent
//!   when not given.
//! * `oss:RequestObjectTag/{k}`: each tag of `x-oss-tagging` (`k1=v1&k2=v2`, encoded).
//! * `acs:SourceVpc`: only when the host says the request came through a VPC endpoint.
//!
//! `oss:ExistingObjectTag/{k}` comes from the host's [`TagLookup`], called by
//! [`crate::authorize`] only when asked to.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::time::SystemTime;

use arrayvec::ArrayString;
use http::HeaderName;
use http::header::USER_AGENT;
use oss_policy_runtime::{Context, ContextEntry, Key, RequestError};

use crate::decode::percent_decode;
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::Classified;
use crate::time::{Rfc3339, rfc3339};

/// What the connection says about a request (the host fills it in).
#[derive(Clone, Copy, Debug)]
pub struct Connection<'h> {
    /// The peer's address.
    pub peer: IpAddr,
    /// Whether the connection is TLS.
    pub secure: bool,
    /// The VPC id, when the request came through a VPC endpoint.
    pub vpc: Option<&'h str>,
    /// The time of the request.
    pub now: SystemTime,
    /// The proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: &'h [IpAddr],
}

/// The prefix of the keys of the stored object's tags, `oss:ExistingObjectTag/{k}`.
pub const EXISTING_OBJECT_TAG: &str = "oss:ExistingObjectTag/";

/// The stored tags of an object, for `oss:ExistingObjectTag/{k}`.
///
/// Looking tags up costs the host a read of the object's metadata: pass a lookup (in
/// [`crate::authorize::Scene::existing_tags`]) only when a policy of the authorization
/// reads them. A compiled policy says so, from what it was compiled from:
///
/// ```text
/// let reads_tags = policies.iter().any(|p| p.reads_key_prefix(EXISTING_OBJECT_TAG));
/// let existing_tags = reads_tags.then_some(&lookup as &dyn TagLookup);
/// ```
///
/// (`CompiledPolicy::reads_key_prefix` of `oss-policy-compiler`, a scan of the few keys
/// the policy's conditions name: cheap enough to ask of the policies a request is decided
/// under, so that a policy swapped in is answered at once, as the gateway does.) Without a
/// lookup the keys are
/// unset, so a condition on them does not hold: an `Allow` on a tag does not apply, a
/// `StringNotEquals` `Deny` does.
pub trait TagLookup {
    /// The tags of `bucket/key` (`None` when the object does not exist).
    fn object_tags(&self, bucket: &str, key: &str) -> Option<Vec<(String, String)>>;
}

/// The headers the context reads, as names parsed once (a lookup by `&str` parses it).
const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_OSS_TAGGING: HeaderName = HeaderName::from_static("x-oss-tagging");
const X_OSS_ACL: HeaderName = HeaderName::from_static("x-oss-acl");
const X_OSS_OBJECT_ACL: HeaderName = HeaderName::from_static("x-oss-object-acl");

/// The most tags `x-oss-tagging` may carry (the service's limit).
pub const MAX_TAGS: usize = 10;

/// The context of one request, read from the wire; [`WireContext::with_context`] lends it
/// as a runtime [`Context`].
#[derive(Clone, Debug)]
pub struct WireContext<'a> {
    source_ip: SourceIp<'a>,
    secure: bool,
    time: Rfc3339,
    vpc: Option<&'a str>,
    access_id: Option<&'a str>,
    user_agent: Option<&'a str>,
    acl: Option<&'a str>,
    object_acl: Option<&'a str>,
    prefix: Option<Cow<'a, str>>,
    delimiter: Option<Cow<'a, str>>,
    tags: Vec<(String, Cow<'a, str>)>,
}

impl<'a> WireContext<'a> {
    /// Reads the context of `classified`, received over `connection`, signed with
    /// `access_id` (`None`: anonymous).
    ///
    /// # Errors
    /// `InvalidArgument` for a header that is not text, a bad `X-Forwarded-For` from a
    /// trusted proxy, or an `x-oss-tagging` that does not parse (more than
    /// [`MAX_TAGS`] tags, a key twice, an empty key).
    pub fn read(
        classified: &Classified<'a>,
        connection: &Connection<'a>,
        access_id: Option<&'a str>,
    ) -> Result<WireContext<'a>, OssError> {
        let headers = classified.headers;
        let header = |name: &HeaderName| -> Result<Option<&'a str>, OssError> {
            headers
                .get(name)
                .map(|v| v.to_str().map_err(|_| err(ErrorCode::InvalidArgument, format!("header {name} is not text"))))
                .transpose()
        };
        let forwarded = header(&X_FORWARDED_FOR)?;
        let source_ip = source_ip(connection, forwarded)?;
        let mut tags = Vec::new();
        if let Some(tagging) = header(&X_OSS_TAGGING)? {
            for pair in tagging.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                let (k, v) = (percent_decode(k)?, percent_decode(v)?);
                if k.is_empty()
                    || tags.len() == MAX_TAGS
                    || tags.iter().any(|(name, _): &(String, _)| name.get(22..) == Some(&*k))
                {
                    return Err(err(
                        ErrorCode::InvalidArgument,
                        "x-oss-tagging: empty or repeated key, or too many tags",
                    ));
                }
                tags.push((format!("oss:RequestObjectTag/{k}"), v));
            }
        }
        Ok(WireContext {
            source_ip,
            secure: connection.secure,
            time: rfc3339(connection.now),
            vpc: connection.vpc,
            access_id,
            user_agent: header(&USER_AGENT)?,
            acl: header(&X_OSS_ACL)?,
            object_acl: header(&X_OSS_OBJECT_ACL)?,
            prefix: classified.query.value("prefix")?,
            delimiter: classified.query.value("delimiter")?,
            tags,
        })
    }

    /// The keys the request itself carries (not the connection's: no source address,
    /// transport or time), as `(name, value)` in a fixed order.
    pub fn request_keys(&self) -> Vec<(String, String)> {
        let mut keys: Vec<(String, String)> = self
            .optional_keys()
            .into_iter()
            .filter(|(key, _)| *key != Key::SourceVpc)
            .filter_map(|(key, value)| value.map(|v| (key.name().to_owned(), v.to_owned())))
            .collect();
        keys.extend(self.tags.iter().map(|(k, v)| (k.clone(), v.to_string())));
        keys
    }

    /// The well-known keys that may be absent, with their values.
    fn optional_keys(&self) -> [(Key, Option<&str>); 7] {
        [
            (Key::SourceVpc, self.vpc),
            (Key::AccessId, self.access_id),
            (Key::UserAgent, self.user_agent),
            (Key::XOssAcl, self.acl),
            (Key::XOssObjectAcl, self.object_acl),
            (Key::Prefix, self.prefix.as_deref()),
            (Key::Delimiter, self.delimiter.as_deref()),
        ]
    }

    /// Whether the request came through a VPC endpoint.
    pub fn through_vpc(&self) -> bool {
        self.vpc.is_some()
    }

    /// Calls `f` with the runtime [`Context`]: the wire keys plus `existing_tags`
    /// (`oss:ExistingObjectTag/{k}` for each `(k, v)`).
    ///
    /// # Errors
    /// A [`RequestError`] the runtime raises for a value it refuses.
    pub fn with_context<R>(
        &self,
        existing_tags: &[(String, String)],
        f: impl FnOnce(Context<'_>) -> R,
    ) -> Result<R, RequestError> {
        let existing: Vec<(String, &str)> =
            existing_tags.iter().map(|(k, v)| (format!("{EXISTING_OBJECT_TAG}{k}"), v.as_str())).collect();
        let values: Vec<&str> = self.tags.iter().map(|(_, v)| &**v).chain(existing.iter().map(|(_, v)| *v)).collect();
        let names = self.tags.iter().map(|(k, _)| k.as_str()).chain(existing.iter().map(|(k, _)| k.as_str()));
        let entries: Vec<ContextEntry<'_>> =
            names.zip(values.chunks(1)).map(|(key, values)| ContextEntry { key, values }).collect();
        let mut context = Context::new()
            .with(Key::SourceIp, self.source_ip.as_str())?
            .with(Key::SecureTransport, if self.secure { "true" } else { "false" })?
            .with(Key::CurrentTime, self.time.as_str())?;
        for (key, value) in self.optional_keys() {
            if let Some(value) = value {
                context = context.with(key, value)?;
            }
        }
        Ok(f(context.with_extra(&entries)?))
    }
}

/// `acs:SourceIp` as text: a hop of `X-Forwarded-For`, or the peer's address written
/// by value (no heap string per request; the longest address text is 45 bytes).
#[derive(Clone, Debug)]
enum SourceIp<'a> {
    Forwarded(&'a str),
    Peer(ArrayString<45>),
}

impl SourceIp<'_> {
    fn as_str(&self) -> &str {
        match self {
            SourceIp::Forwarded(hop) => hop,
            SourceIp::Peer(text) => text,
        }
    }
}

/// `acs:SourceIp`: see the module docs.
fn source_ip<'a>(connection: &Connection<'_>, forwarded: Option<&'a str>) -> Result<SourceIp<'a>, OssError> {
    let trusted = |ip: &IpAddr| connection.trusted_proxies.contains(ip);
    if let Some(list) = forwarded.filter(|_| trusted(&connection.peer)) {
        for hop in list.rsplit(',').map(str::trim) {
            let ip: IpAddr = hop
                .parse()
                .map_err(|_| err(ErrorCode::InvalidArgument, format!("X-Forwarded-For: `{hop}` is not an address")))?;
            if !trusted(&ip) {
                return Ok(SourceIp::Forwarded(hop));
            }
        }
    }
    Ok(SourceIp::Peer(address_text(connection.peer)))
}

/// `ip` as text: an IPv4 address digit by digit, an IPv6 one by its `Display`.
fn address_text(ip: IpAddr) -> ArrayString<45> {
    let mut text = ArrayString::new();
    match ip {
        IpAddr::V4(v4) => {
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    text.push('.');
                }
                let digits = [octet / 100, octet / 10 % 10, octet % 10];
                let first = digits.iter().position(|&d| d != 0).unwrap_or(2);
                for digit in digits.iter().skip(first) {
                    text.push(char::from(b'0' + digit));
                }
            }
        }
        // Every IPv6 text fits in 45 bytes, so the write cannot fail.
        IpAddr::V6(v6) => {
            let _ = write!(text, "{v6}");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let mut connection =
            Connection { peer: proxy, secure: false, vpc: None, now: UNIX_EPOCH, trusted_proxies: &[] };
        let text = |ip: Result<SourceIp<'_>, OssError>| ip.unwrap().as_str().to_owned();
        assert_eq!(text(source_ip(&connection, Some("203.0.113.5"))), "10.0.0.1");
        let trusted = [proxy, "10.0.0.2".parse().unwrap()];
        connection.trusted_proxies = &trusted;
        assert_eq!(text(source_ip(&connection, Some("198.51.100.1, 203.0.113.5, 10.0.0.2"))), "203.0.113.5");
        assert!(source_ip(&connection, Some("evil")).is_err());
        assert_eq!(text(source_ip(&connection, None)), "10.0.0.1");
    }

    #[test]
    fn peer_addresses_are_written_as_their_text() {
        let cases = [
            ("0.0.0.0", "0.0.0.0"),
            ("255.255.255.255", "255.255.255.255"),
            ("10.0.100.9", "10.0.100.9"),
            ("192.168.1.20", "192.168.1.20"),
            ("::1", "::1"),
            ("2001:db8:0:0:0:0:0:1", "2001:db8::1"),
            ("::ffff:203.0.113.5", "::ffff:203.0.113.5"),
            ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ];
        for (given, expected) in cases {
            assert_eq!(address_text(given.parse().unwrap()).as_str(), expected, "{given}");
        }
    }
}
