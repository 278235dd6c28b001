//! The checks an operation needs: each an action on a target (service, bucket or object),
//! all of which must be allowed.
//!
//! The base action is the table's ([`crate::table`]); the special cases follow the
//! vendor's per-API permission tables (each API page's "Permissions" section):
//!
//! * GetObject, HeadObject, GetObjectMeta with `versionId`: `oss:GetObjectVersion` as well
//!   (GetObject page, <https://www.alibabacloud.com/help/en/oss/developer-reference/get-object>;
//!   HeadObject and GetObjectMeta read the same object: the stricter reading, the same).
//! * CopyObject: `oss:GetObject` on the **source** (`x-oss-copy-source`) and
//!   `oss:PutObject` on the target; `oss:GetObjectVersion` on the source for a versioned
//!   source; with `x-oss-tagging`, `oss:GetObjectTagging` on the source (and
//!   `oss:GetObjectVersionTagging` for a versioned one) and `oss:PutObjectTagging` on the
//!   target (CopyObject page,
//!   <https://www.alibabacloud.com/help/en/oss/developer-reference/harmony-copy-file>).
//!   UploadPartCopy: the same source checks and `oss:PutObject` on the target.
//! * PutObject, AppendObject, InitiateMultipartUpload, CompleteMultipartUpload, PutSymlink
//!   with `x-oss-tagging`: `oss:PutObjectTagging` as well (PutObject page,
//!   <https://help.aliyun.com/en/oss/developer-reference/put-object>; the others from
//!   column 3 of `oss-actions.txt`).
//! * DeleteObject with `versionId`: `oss:DeleteObjectVersion` instead of `oss:DeleteObject`
//!   (DeleteObject page, <https://www.alibabacloud.com/help/doc-detail/31982.htm>).
//! * DeleteMultipleObjects: one check per key of the XML body, `oss:DeleteObject` or, for
//!   a key with a `VersionId`, `oss:DeleteObjectVersion`
//!   (<https://www.alibabacloud.com/help/doc-detail/31983.html>); see [`crate::multidelete`].
//! * Tagging, ACL and restore with `versionId`: the version action **as well as** the base
//!   one (`oss-actions.txt` names the version actions; the pages are silent on whether the
//!   base action is still needed: the stricter reading).
//! * ListObjects and ListObjectsV2: `oss:ListObjects` on the bucket ARN; `prefix` and
//!   `delimiter` go to the context ([`crate::context`]), never into the resource.
//! * UploadPart: `oss:PutObject`.
//! * Operations without a bucket use the service resource `acs:oss:*:*:*`
//!   (`oss-actions.txt`, "service" level).

use std::borrow::Cow;

use arrayvec::ArrayVec;

use crate::decode::percent_decode;
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::{Classified, Directory};
use crate::table::{Operation, Rule};

/// What a check is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target<'a> {
    /// The service: resource `acs:oss:*:*:*`.
    Service,
    /// A bucket.
    Bucket(&'a str),
    /// An object of a bucket.
    Object {
        /// The bucket.
        bucket: &'a str,
        /// The key.
        key: Cow<'a, str>,
    },
}

impl Target<'_> {
    /// The bucket, if any.
    pub fn bucket(&self) -> Option<&str> {
        match self {
            Target::Service => None,
            Target::Bucket(bucket) | Target::Object { bucket, .. } => Some(bucket),
        }
    }

    /// Writes the resource ARN, `acs:oss:{region}:{owner}:{bucket}[/{key}]`, into `out`
    /// (cleared first).
    pub fn write_arn(&self, region: &str, owner: &str, out: &mut String) {
        out.clear();
        match self {
            Target::Service => out.push_str("acs:oss:*:*:*"),
            Target::Bucket(bucket) => {
                for part in ["acs:oss:", region, ":", owner, ":", bucket] {
                    out.push_str(part);
                }
            }
            Target::Object { bucket, key } => {
                for part in ["acs:oss:", region, ":", owner, ":", bucket, "/", key] {
                    out.push_str(part);
                }
            }
        }
    }

    /// The resource ARN.
    pub fn arn(&self, region: &str, owner: &str) -> String {
        let (bucket, key) = match self {
            Target::Service => ("", ""),
            Target::Bucket(bucket) => (*bucket, ""),
            Target::Object { bucket, key } => (*bucket, &**key),
        };
        let mut out =
            String::with_capacity("acs:oss:::/".len() + region.len() + owner.len() + bucket.len() + key.len());
        self.write_arn(region, owner, &mut out);
        out
    }
}

/// Which part of the request a check is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The request's own bucket or object.
    Target,
    /// The source object of a copy.
    Source,
    /// The key at this position of a multi-delete body.
    Key(usize),
}

/// One check: an action on a target.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Check<'a> {
    /// The RAM action (`oss:GetObject`).
    pub action: &'static str,
    /// What it is about.
    pub target: Target<'a>,
    /// Which part of the request.
    pub role: Role,
}

/// The most checks of an operation other than DeleteMultipleObjects (a tagged copy of a
/// versioned source: four on the source, two on the target).
const FEW: usize = 6;

/// The checks of one request. Built without allocating, but for a multi-delete.
#[derive(Clone, Debug)]
pub struct Checks<'a> {
    rule: Rule,
    few: ArrayVec<Check<'a>, FEW>,
    many: Vec<Check<'a>>,
}

impl<'a> Checks<'a> {
    fn new(rule: Rule) -> Checks<'a> {
        Checks { rule, few: ArrayVec::new(), many: Vec::new() }
    }

    fn push(&mut self, action: &'static str, target: Target<'a>, role: Role) {
        let check = Check { action, target, role };
        if let Err(full) = self.few.try_push(check) {
            self.many.push(full.element());
        }
    }

    /// How the operation is authorized: [`Rule::Action`] (check every one of
    /// [`Checks::iter`]), [`Rule::Free`] or [`Rule::Unknown`] (no checks).
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The checks, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Check<'a>> {
        self.few.iter().chain(self.many.iter())
    }

    /// How many checks.
    pub fn len(&self) -> usize {
        self.few.len() + self.many.len()
    }

    /// Whether there are none (a free or unknown operation, or an empty multi-delete).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The checks of a classified request. `body` is the request body, needed (and read) only
/// for DeleteMultipleObjects.
///
/// # Errors
/// A malformed copy source (`InvalidArgument`), a multi-delete without `Content-MD5`
/// (`InvalidRequest`), with a body that does not match it (`InvalidDigest`) or does not
/// parse (`MalformedXML`).
pub fn checks<'a>(
    classified: &'a Classified<'a>,
    directory: &'a dyn Directory,
    body: Option<&'a [u8]>,
) -> Result<Checks<'a>, OssError> {
    use Operation as Op;
    let rule = classified.operation.row().rule;
    let mut checks = Checks::new(rule);
    let Rule::Action(action) = rule else {
        return Ok(checks);
    };
    let target = match (classified.bucket, &classified.key) {
        (None, _) => Target::Service,
        (Some(bucket), None) => Target::Bucket(bucket),
        (Some(bucket), Some(key)) => Target::Object { bucket, key: Cow::Borrowed(key) },
    };
    let versioned = classified.query.has("versionId");
    let tagged = classified.headers.contains_key("x-oss-tagging");
    match classified.operation {
        Op::DeleteMultipleObjects => {
            let bucket = classified.bucket.unwrap_or_default();
            for (i, entry) in crate::multidelete::keys(classified.headers, body)?.into_iter().enumerate() {
                let action = if entry.versioned { "oss:DeleteObjectVersion" } else { "oss:DeleteObject" };
                checks.push(action, Target::Object { bucket, key: Cow::Owned(entry.key) }, Role::Key(i));
            }
        }
        Op::CopyObject | Op::UploadPartCopy => {
            let (source, source_versioned) = copy_source(classified, directory)?;
            let copies_tags = tagged && classified.operation == Op::CopyObject;
            checks.push("oss:GetObject", source.clone(), Role::Source);
            if source_versioned {
                checks.push("oss:GetObjectVersion", source.clone(), Role::Source);
            }
            if copies_tags {
                checks.push("oss:GetObjectTagging", source.clone(), Role::Source);
                if source_versioned {
                    checks.push("oss:GetObjectVersionTagging", source, Role::Source);
                }
            }
            checks.push(action, target.clone(), Role::Target);
            if copies_tags {
                checks.push("oss:PutObjectTagging", target, Role::Target);
            }
        }
        Op::DeleteObject if versioned => checks.push("oss:DeleteObjectVersion", target, Role::Target),
        operation => {
            checks.push(action, target.clone(), Role::Target);
            let version_action = match operation {
                Op::GetObject | Op::HeadObject | Op::GetObjectMeta => Some("oss:GetObjectVersion"),
                Op::GetObjectTagging => Some("oss:GetObjectVersionTagging"),
                Op::PutObjectTagging => Some("oss:PutObjectVersionTagging"),
                Op::DeleteObjectTagging => Some("oss:DeleteObjectVersionTagging"),
                Op::PutObjectAcl => Some("oss:PutObjectVersionAcl"),
                Op::GetObjectAcl => Some("oss:GetObjectVersionAcl"),
                Op::RestoreObject => Some("oss:RestoreObjectVersion"),
                _ => None,
            };
            if let Some(version_action) = version_action.filter(|_| versioned) {
                checks.push(version_action, target.clone(), Role::Target);
            }
            let sets_tags = matches!(
                operation,
                Op::PutObject
                    | Op::AppendObject
                    | Op::InitiateMultipartUpload
                    | Op::CompleteMultipartUpload
                    | Op::PutSymlink
            );
            if sets_tags && tagged {
                checks.push("oss:PutObjectTagging", target, Role::Target);
            }
        }
    }
    Ok(checks)
}

/// The source of a copy, `x-oss-copy-source: /{bucket}/{key}[?versionId=...]` (key
/// percent-encoded), and whether it names a version.
fn copy_source<'a>(
    classified: &'a Classified<'a>,
    directory: &'a dyn Directory,
) -> Result<(Target<'a>, bool), OssError> {
    let bad = |why: &str| err(ErrorCode::InvalidArgument, format!("x-oss-copy-source: {why}"));
    let header = classified.headers.get("x-oss-copy-source").ok_or_else(|| bad("missing"))?;
    let text = header.to_str().map_err(|_| bad("not ASCII"))?;
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let versioned = match query {
        "" => false,
        q => match q.strip_prefix("versionId=") {
            Some(version) if !version.is_empty() && !version.contains('&') => true,
            _ => return Err(bad("only `versionId` may follow `?`")),
        },
    };
    let (bucket, key) = path.strip_prefix('/').unwrap_or(path).split_once('/').ok_or_else(|| bad("not /bucket/key"))?;
    let bucket = match bucket.strip_suffix("-ossalias") {
        Some(_) => directory
            .access_point(bucket)
            .map(|ap| ap.bucket)
            .ok_or_else(|| err(ErrorCode::NoSuchBucket, format!("no access point has the alias `{bucket}`")))?,
        None => bucket,
    };
    let key = percent_decode(key)?;
    let valid_bucket = (3..=63).contains(&bucket.len())
        && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid_bucket || key.is_empty() || key.len() > crate::routes::MAX_KEY_BYTES {
        return Err(bad("not a valid bucket and key"));
    }
    Ok((Target::Object { bucket, key }, versioned))
}
