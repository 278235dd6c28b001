//! Routing: which operation a request is, from its method, host, path, query and a few
//! headers.
//!
//! **Addressing.** A host `{bucket}.{suffix}` for a configured endpoint suffix is
//! virtual-hosted (the path is the key); the suffix itself, an IP address or any host the
//! [`Directory`] does not know as a custom domain is path-style (`/{bucket}/{key}`, what
//! the vendor SDKs send to an IP endpoint); a custom domain the directory maps to a bucket
//! (CNAME) is virtual-hosted. A bucket label ending in `-ossalias` is an access point
//! alias, resolved through [`Directory::access_point`].
//!
//! **Selection.** Each [`Row`] names the selectors it needs: sub-resource parameters
//! (`?acl`), parameters with a value (`comp=add`, `list-type=2`) and headers
//! (`x-oss-copy-source`). A row matches when the method and scope match and the request's
//! selector parameters and headers are exactly the row's — so `GET /{key}` with
//! `uploadId` is ListParts, without it GetObject, and with an extra `acl` neither. A
//! parameter that is neither a selector nor an ordinary parameter ([`ORDINARY_PARAMS`]) is
//! an unknown sub-resource: `InvalidArgument`, never a guess. The rows of a request's
//! method and selectors are found in [`crate::index`] (one binary search), not by a scan.

use std::borrow::Cow;
use std::net::IpAddr;

use http::{HeaderMap, HeaderName, Method, Uri};

use crate::decode::{Query, percent_decode};
use crate::errors::{ErrorCode, OssError, err};
use crate::index::{self, Shape};
use crate::table::{BUCKET, OBJECT, Operation, ROWS, Row, SERVICE, Scope};

/// What a row needs to be selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selector {
    /// A query parameter, with any value (`acl`, `uploadId`).
    Param(&'static str),
    /// A query parameter with this value (`comp=add`).
    Is(&'static str, &'static str),
    /// An ordinary parameter with one of these values (`x-oss-process=csv/select`).
    OneOf(&'static str, &'static [&'static str]),
    /// A header (`x-oss-copy-source`).
    Header(&'static str),
}

/// Every query parameter that selects an operation (a sub-resource, or a parameter that
/// tells operations apart: `uploadId`, `partNumber`, `comp`...), sorted by bytes.
pub const SELECTOR_PARAMS: [&str; 71] = [
    "accessPoint",
    "accessPointConfigForObjectProcess",
    "accessPointForObjectProcess",
    "accessPointPolicy",
    "accessPointPolicyForObjectProcess",
    "accessmonitor",
    "acl",
    "antiDDos",
    "append",
    "bucketAntiDDos",
    "bucketArchiveDirectRead",
    "bucketInfo",
    "cleanRestoredObject",
    "cname",
    "comp",
    "cors",
    "delete",
    "encryption",
    "eventNotification",
    "httpsConfig",
    "img",
    "inventory",
    "inventoryId",
    "lifecycle",
    "list-type",
    "live",
    "location",
    "logging",
    "metaQuery",
    "objectHash",
    "objectMeta",
    "partNumber",
    "policy",
    "policyStatus",
    "position",
    "processConfiguration",
    "publicAccessBlock",
    "redundancyTransition",
    "referer",
    "regions",
    "replication",
    "replicationLocation",
    "replicationProgress",
    "requestPayment",
    "resourceGroup",
    "restore",
    "rtc",
    "seal",
    "stat",
    "status",
    "style",
    "styleName",
    "symlink",
    "tagging",
    "transferAcceleration",
    "uploadId",
    "uploads",
    "userDefinedLogFieldsConfig",
    "versioning",
    "versions",
    "vod",
    "website",
    "worm",
    "wormExtend",
    "wormId",
    "x-oss-access-point-name",
    "x-oss-common-header",
    "x-oss-datalake-cache-prefetch-job",
    "x-oss-datalake-job-start",
    "x-oss-datalake-storage-transfer-job",
    "x-oss-redundancy-transition-taskid",
];

/// The ordinary parameters: known, but selecting no operation (list parameters, response
/// overrides, presigned-URL parameters...), sorted by bytes.
pub const ORDINARY_PARAMS: [&str; 41] = [
    "Expires",
    "OSSAccessKeyId",
    "Signature",
    "continuation-token",
    "delimiter",
    "encoding-type",
    "endTime",
    "fetch-owner",
    "key-marker",
    "marker",
    "max-keys",
    "max-parts",
    "max-uploads",
    "part-number-marker",
    "playlistName",
    "prefix",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "rule-id",
    "security-token",
    "start-after",
    "startTime",
    "upload-id-marker",
    "version-id-marker",
    "versionId",
    "x-oss-additional-headers",
    "x-oss-credential",
    "x-oss-date",
    "x-oss-expires",
    "x-oss-hash-ctx",
    "x-oss-md5-ctx",
    "x-oss-process",
    "x-oss-security-token",
    "x-oss-signature",
    "x-oss-signature-version",
    "x-oss-target-redundancy-type",
    "x-oss-traffic-limit",
];

/// The headers that select an operation.
pub const SELECTOR_HEADERS: [&str; 3] =
    ["x-oss-copy-source", "x-oss-access-point-name", "x-oss-access-point-for-object-process-name"];

/// The index of `name` in `list`, compared as bytes (usable in constants; the loops
/// bound every index).
#[allow(clippy::indexing_slicing)]
pub(crate) const fn index_of(list: &[&str], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < list.len() {
        let (a, b) = (list[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// The bits of [`SELECTOR_PARAMS`] that `selectors` name. A name missing from the list
/// fails the build (the panic is a compile-time error in the table's constants).
#[allow(clippy::indexing_slicing, clippy::panic)]
pub(crate) const fn param_mask(selectors: &[Selector]) -> u128 {
    let mut mask = 0u128;
    let mut i = 0;
    while i < selectors.len() {
        if let Selector::Param(name) | Selector::Is(name, _) = selectors[i] {
            match index_of(&SELECTOR_PARAMS, name) {
                Some(bit) => mask |= 1 << bit,
                None => panic!("a selector parameter missing from SELECTOR_PARAMS"),
            }
        }
        i += 1;
    }
    mask
}

/// The bits of [`SELECTOR_HEADERS`] that `selectors` name (a missing one fails the build).
#[allow(clippy::indexing_slicing, clippy::panic)]
pub(crate) const fn header_mask(selectors: &[Selector]) -> u8 {
    let mut mask = 0u8;
    let mut i = 0;
    while i < selectors.len() {
        if let Selector::Header(name) = selectors[i] {
            match index_of(&SELECTOR_HEADERS, name) {
                Some(bit) => mask |= 1 << bit,
                None => panic!("a selector header missing from SELECTOR_HEADERS"),
            }
        }
        i += 1;
    }
    mask
}

/// An access point reached through its alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AccessPointAlias<'d> {
    /// The alias as the request named it (`ap-01-3b00d6f0-ossalias`).
    pub alias: &'d str,
    /// The access point's name (`ap-01`).
    pub name: &'d str,
    /// The bucket it serves.
    pub bucket: &'d str,
}

/// What the host knows about its buckets. Every method has a default that knows nothing.
pub trait Directory: Sync {
    /// The account that owns `bucket` (the `{owner}` of its ARN).
    fn bucket_owner(&self, bucket: &str) -> Option<&str> {
        let _ = bucket;
        None
    }

    /// The access point whose alias is `alias` (the alias field of the result is ignored
    /// and set from the request).
    fn access_point(&self, alias: &str) -> Option<AccessPointAlias<'_>> {
        let _ = alias;
        None
    }

    /// The bucket a custom domain (CNAME) is bound to.
    fn cname(&self, host: &str) -> Option<&str> {
        let _ = host;
        None
    }
}

/// A directory that knows nothing (every bucket owner unknown).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoDirectory;

impl Directory for NoDirectory {}

/// An endpoint suffix and the region it serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    suffix: String,
    region: String,
}

impl Endpoint {
    /// An endpoint `suffix` (`oss-cn-hangzhou.aliyuncs.com`) serving `region`.
    pub fn new(suffix: &str, region: &str) -> Endpoint {
        Endpoint { suffix: suffix.to_ascii_lowercase(), region: region.to_owned() }
    }

    /// A vendor endpoint, its region read from its name: `oss-{region}[-internal].aliyuncs.com`.
    pub fn vendor(suffix: &str) -> Option<Endpoint> {
        let region = suffix.strip_prefix("oss-")?.strip_suffix(".aliyuncs.com")?;
        let region = region.strip_suffix("-internal").unwrap_or(region);
        (!region.is_empty() && !region.contains('.')).then(|| Endpoint::new(suffix, region))
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }
}

/// Classifies requests: the endpoints it serves and the host's [`Directory`].
#[derive(Clone, Copy)]
pub struct Classifier<'d> {
    endpoints: &'d [Endpoint],
    default_region: &'d str,
    directory: &'d dyn Directory,
}

/// How the bucket was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `{bucket}.{suffix}` or a custom domain: the path is the key.
    VirtualHosted,
    /// `/{bucket}/{key}`.
    PathStyle,
}

/// A classified request: the operation and what it is about. Borrows the request.
#[derive(Clone, Debug)]
pub struct Classified<'a> {
    /// The operation.
    pub operation: Operation,
    /// The region of the endpoint.
    pub region: &'a str,
    /// The bucket (for an access point alias, the bucket it serves).
    pub bucket: Option<&'a str>,
    /// The bucket as the request named it (the alias, for an access point): what
    /// signatures cover.
    pub addressed_bucket: Option<&'a str>,
    /// The object key (or live channel), decoded once.
    pub key: Option<Cow<'a, str>>,
    /// The access point the request came through.
    pub access_point: Option<AccessPointAlias<'a>>,
    /// How the bucket was named.
    pub style: Style,
    /// The query.
    pub query: Query<'a>,
    /// The headers.
    pub headers: &'a HeaderMap,
    /// The method.
    pub method: &'a Method,
}

impl<'d> Classifier<'d> {
    /// A classifier for `endpoints`; requests to other hosts are path-style in
    /// `default_region`.
    pub fn new(endpoints: &'d [Endpoint], default_region: &'d str, directory: &'d dyn Directory) -> Classifier<'d> {
        Classifier { endpoints, default_region, directory }
    }

    /// The directory.
    pub fn directory(&self) -> &'d dyn Directory {
        self.directory
    }

    /// Classifies a request. Allocates nothing for a key without `%` escapes.
    ///
    /// # Errors
    /// The OSS error the service answers a request it cannot route with: an unknown
    /// parameter, a bad escape, an invalid bucket or key, an unknown alias...
    pub fn classify<'a>(
        &'a self,
        method: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
    ) -> Result<Classified<'a>, OssError>
    where
        'd: 'a,
    {
        let host = host_of(uri, headers)?;
        let path = uri.path();
        let (region, style, named, key_raw) = self.address(host, path)?;
        let (bucket, access_point) = match named {
            Some(label) if label.ends_with("-ossalias") => {
                let ap = self
                    .directory
                    .access_point(label)
                    .ok_or_else(|| err(ErrorCode::NoSuchBucket, format!("no access point has the alias `{label}`")))?;
                (Some(ap.bucket), Some(AccessPointAlias { alias: label, ..ap }))
            }
            Some(label) => (Some(check_bucket(label)?), None),
            None => (None, None),
        };
        let key = match key_raw {
            Some(raw) if !raw.is_empty() => Some(check_key(percent_decode(raw).map_err(bad_key)?)?),
            _ => None,
        };
        let query = Query::parse(uri.query().unwrap_or(""))?;
        let scope = match (bucket, &key) {
            (None, _) => SERVICE,
            (Some(_), None) => BUCKET,
            (Some(_), Some(_)) => OBJECT,
        };
        let operation = select(method, scope, &query, headers)?;
        Ok(Classified {
            operation,
            region,
            bucket,
            addressed_bucket: named,
            key,
            access_point,
            style,
            query,
            headers,
            method,
        })
    }

    /// The region, style, bucket label and raw key of a request to `host` for `path`.
    #[allow(clippy::type_complexity)]
    fn address<'a>(
        &'a self,
        host: &'a str,
        path: &'a str,
    ) -> Result<(&'a str, Style, Option<&'a str>, Option<&'a str>), OssError>
    where
        'd: 'a,
    {
        for endpoint in self.endpoints {
            let suffix = endpoint.suffix.as_str();
            if host.eq_ignore_ascii_case(suffix) {
                let (bucket, key) = path_style(path);
                return Ok((&endpoint.region, Style::PathStyle, bucket, key));
            }
            let label =
                host.len().checked_sub(suffix.len() + 1).and_then(|at| host.get(..at).zip(host.get(at..))).and_then(
                    |(label, rest)| rest.strip_prefix('.').filter(|s| s.eq_ignore_ascii_case(suffix)).map(|_| label),
                );
            if let Some(label) = label {
                if label.contains('.') {
                    return Err(err(ErrorCode::InvalidBucketName, format!("`{label}` is not a bucket name")));
                }
                return Ok((&endpoint.region, Style::VirtualHosted, Some(label), virtual_key(path)));
            }
        }
        if host.parse::<IpAddr>().is_err()
            && let Some(bucket) = self.directory.cname(host)
        {
            return Ok((self.default_region, Style::VirtualHosted, Some(bucket), virtual_key(path)));
        }
        let (bucket, key) = path_style(path);
        Ok((self.default_region, Style::PathStyle, bucket, key))
    }
}

/// The host the request was sent to, without its port.
fn host_of<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> Result<&'a str, OssError> {
    let host = match headers.get(http::header::HOST) {
        Some(value) => value.to_str().map_err(|_| err(ErrorCode::InvalidArgument, "the Host header is not ASCII"))?,
        None => uri.host().ok_or_else(|| err(ErrorCode::InvalidArgument, "the request names no host"))?,
    };
    // `[v6]:port`, `[v6]`, `name:port` (digits), `name`.
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').map(|(ip, _)| ip).ok_or_else(|| err(ErrorCode::InvalidArgument, "bad Host"));
    }
    let name = host.trim_end_matches(|c: char| c.is_ascii_digit());
    Ok(name.strip_suffix(':').unwrap_or(host))
}

/// `/{bucket}[/{key}]`.
fn path_style(path: &str) -> (Option<&str>, Option<&str>) {
    let rest = path.strip_prefix('/').unwrap_or(path);
    match rest.split_once('/') {
        Some((bucket, key)) => (Some(bucket).filter(|b| !b.is_empty()), Some(key)),
        None => (Some(rest).filter(|b| !b.is_empty()), None),
    }
}

/// The key of a virtual-hosted path `/{key}`.
fn virtual_key(path: &str) -> Option<&str> {
    Some(path.strip_prefix('/').unwrap_or(path))
}

/// Checks an OSS bucket name: 3 to 63 of `a-z`, `0-9`, `-`, not starting or ending with `-`.
fn check_bucket(name: &str) -> Result<&str, OssError> {
    let ok = (3..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok { Ok(name) } else { Err(err(ErrorCode::InvalidBucketName, format!("`{name}` is not a valid bucket name"))) }
}

/// The longest key OSS accepts, in bytes.
pub const MAX_KEY_BYTES: usize = 1023;

/// Checks a decoded key: at most [`MAX_KEY_BYTES`], not starting with `/` or `\`.
fn check_key(key: Cow<'_, str>) -> Result<Cow<'_, str>, OssError> {
    if key.len() > MAX_KEY_BYTES {
        return Err(err(ErrorCode::InvalidObjectName, format!("the key is longer than {MAX_KEY_BYTES} bytes")));
    }
    if key.starts_with('/') || key.starts_with('\\') {
        return Err(err(ErrorCode::InvalidObjectName, "a key cannot start with `/` or `\\`"));
    }
    Ok(key)
}

fn bad_key(error: OssError) -> OssError {
    err(ErrorCode::InvalidObjectName, error.message().to_owned())
}

/// The operation of a request with this method, scope, query and headers: the rows of
/// its shape in the [`crate::index`], then their scope and values.
fn select(method: &Method, scope: Scope, query: &Query<'_>, headers: &HeaderMap) -> Result<Operation, OssError> {
    let mut params = 0u128;
    for param in query.params() {
        if let Some(bit) = lookup(&SELECTOR_PARAMS, param.name) {
            params |= 1 << bit;
        } else if lookup(&ORDINARY_PARAMS, param.name).is_none() {
            let name = percent_decode(param.name).unwrap_or(Cow::Borrowed(param.name));
            return Err(err(ErrorCode::InvalidArgument, format!("unknown sub-resource or parameter `{name}`")));
        }
    }
    // One pass over the header names (cheaper than hashing each selector header's name).
    let mut present = 0u8;
    for name in headers.keys().map(HeaderName::as_str) {
        if let Some(bit) = SELECTOR_HEADERS.iter().position(|selector| *selector == name) {
            present |= 1 << bit;
        }
    }
    let method = method.as_str();
    let code = index::method_code(method)
        .ok_or_else(|| err(ErrorCode::MethodNotAllowed, format!("OSS has no operation with the method {method}")))?;
    let mut found = None;
    for row in index::rows(Shape::new(code, params, present)) {
        if row.scope & scope != 0 && values_match(row, query) {
            if found.is_some() {
                return Err(err(ErrorCode::InvalidArgument, "the request matches more than one operation"));
            }
            found = Some(row.operation);
        }
    }
    if let Some(operation) = found {
        return Ok(operation);
    }
    let shape = |row: &Row| row.scope & scope != 0 && row.param_mask == params && row.header_mask == present;
    if ROWS.iter().any(|row| shape(row) && values_match(row, query)) {
        return Err(err(ErrorCode::MethodNotAllowed, format!("the method {method} is not allowed for this resource")));
    }
    Err(err(ErrorCode::InvalidArgument, "no OSS operation has these sub-resources and headers with this method"))
}

/// Whether the value selectors of `row` hold.
fn values_match(row: &Row, query: &Query<'_>) -> bool {
    row.selectors.iter().all(|selector| match *selector {
        Selector::Param(_) | Selector::Header(_) => true,
        Selector::Is(name, value) => query.value(name).ok().flatten().is_some_and(|v| v == value),
        Selector::OneOf(name, values) => query.value(name).ok().flatten().is_some_and(|v| values.contains(&&*v)),
    })
}

/// The position of the (encoded) parameter `name` in a sorted list.
fn lookup(list: &[&str], name: &str) -> Option<usize> {
    if name.contains('%') {
        let decoded = percent_decode(name).ok()?;
        return list.binary_search(&&*decoded).ok();
    }
    list.binary_search(&name).ok()
}
