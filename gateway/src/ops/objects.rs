//! Object operations: put, get (with `Range`), head, delete, multi-delete (each key its
//! own outcome), copy, tagging and ACL.
//!
//! **Range.** `bytes=a-b`, `bytes=a-` and `bytes=-n` are served with 206; a range that
//! does not parse (or names several ranges) is ignored and the whole object served, as
//! OSS does; a range starting past the end is `InvalidRange` (416).
//!
//! **ACLs** are stored and answered, but authorization is by policies alone.

use std::sync::Arc;

use http::{HeaderMap, HeaderValue, StatusCode};
use oss_policy_http::{Role, Target};

use super::{Answer, Call, answer, header_value, maybe_encode, object_acl};
use crate::error::GatewayError;
use crate::store::ObjectMeta;
use crate::xml::{Xml, records};

/// The headers that describe a stored object.
fn object_headers(headers: &mut HeaderMap, meta: &ObjectMeta) {
    let mut set = |name: &'static str, value: HeaderValue| {
        headers.insert(name, value);
    };
    set("content-type", header_value(&meta.content_type));
    set("etag", header_value(&meta.etag));
    set("x-oss-hash-crc64ecma", header_value(&meta.crc64.to_string()));
    set("x-oss-object-type", HeaderValue::from_static(if meta.multipart { "Multipart" } else { "Normal" }));
    set("x-oss-storage-class", HeaderValue::from_static("Standard"));
    set("accept-ranges", HeaderValue::from_static("bytes"));
    let modified = std::time::UNIX_EPOCH + std::time::Duration::from_secs(meta.last_modified);
    set("last-modified", header_value(&httpdate::fmt_http_date(modified)));
    if !meta.tags.is_empty() {
        set("x-oss-tagging-count", header_value(&meta.tags.len().to_string()));
    }
    for (name, value) in &meta.user_meta {
        if let (Ok(name), Ok(value)) =
            (http::HeaderName::from_bytes(format!("x-oss-meta-{name}").as_bytes()), HeaderValue::from_str(value))
        {
            headers.insert(name, value);
        }
    }
}

/// PutObject.
pub fn put(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let meta = call.state.store.put(call.bucket()?, call.key()?, call.body, call.attributes()?)?;
    let mut response = answer(StatusCode::OK, "");
    written_headers(response.headers_mut(), &meta);
    Ok(response)
}

/// The ETag and CRC of a written object.
pub(super) fn written_headers(headers: &mut HeaderMap, meta: &ObjectMeta) {
    headers.insert("etag", header_value(&meta.etag));
    headers.insert("x-oss-hash-crc64ecma", header_value(&meta.crc64.to_string()));
}

/// `Range: bytes=...` of an object of `size` bytes: `Ok(None)` for the whole object.
fn range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, GatewayError> {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return Ok(None) };
    let Some((first, last)) = spec.split_once('-').filter(|_| !spec.contains(',')) else { return Ok(None) };
    let parse = |s: &str| s.trim().parse::<u64>().ok();
    let (start, end) = match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, false) => match parse(last) {
            Some(0) | None => return Ok(None),
            Some(n) => (size.saturating_sub(n), size.saturating_sub(1)),
        },
        (false, true) => match parse(first) {
            Some(start) => (start, size.saturating_sub(1)),
            None => return Ok(None),
        },
        (false, false) => match (parse(first), parse(last)) {
            (Some(start), Some(end)) if start <= end => (start, end.min(size.saturating_sub(1))),
            _ => return Ok(None),
        },
        (true, true) => return Ok(None),
    };
    if start >= size {
        return Err(GatewayError::new("InvalidRange", 416, "The requested range cannot be satisfied."));
    }
    Ok(Some((start, end)))
}

/// GetObject, or HeadObject / GetObjectMeta (`head`: no body).
pub fn get(call: &Call<'_>, head: bool) -> Result<Answer, GatewayError> {
    let (bucket, key) = (call.bucket()?, call.key()?);
    let (meta, data): (Arc<ObjectMeta>, Vec<u8>) = if head {
        (call.state.store.head(bucket, key)?.ok_or_else(GatewayError::no_such_key)?, Vec::new())
    } else {
        call.state.store.get(bucket, key)?.ok_or_else(GatewayError::no_such_key)?
    };
    let size = meta.size;
    let chosen = if head { None } else { range(call.header("range")?, size)? };
    let (status, body, length) = match chosen {
        Some((start, end)) => {
            let slice = usize::try_from(start)
                .ok()
                .zip(usize::try_from(end).ok())
                .and_then(|(s, e)| data.get(s..=e))
                .ok_or_else(GatewayError::internal)?;
            (StatusCode::PARTIAL_CONTENT, slice.to_vec(), end - start + 1)
        }
        None => (StatusCode::OK, data, size),
    };
    let mut response = answer(status, body);
    let headers = response.headers_mut();
    object_headers(headers, &meta);
    if let Some((start, end)) = chosen {
        headers.insert("content-range", header_value(&format!("bytes {start}-{end}/{size}")));
    }
    if let Some(content_type) = call.param("response-content-type")? {
        headers.insert("content-type", header_value(&content_type));
    }
    headers.insert("content-length", header_value(&length.to_string()));
    Ok(response)
}

/// DeleteObject: 204 whether or not the object existed.
pub fn delete(call: &Call<'_>) -> Result<Answer, GatewayError> {
    call.state.store.delete(call.bucket()?, call.key()?)?;
    Ok(answer(StatusCode::NO_CONTENT, ""))
}

/// DeleteMultipleObjects: each key allowed is deleted and reported `Deleted` (unless
/// quiet); each key denied is reported as an `Error` with `AccessDenied`, and the others
/// are deleted all the same.
pub fn delete_many(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let bucket = call.bucket()?;
    let quiet = records(call.body, "Delete", &["Quiet"], 1)?
        .first()
        .and_then(|fields| fields.first().cloned().flatten())
        .is_some_and(|q| q.trim().eq_ignore_ascii_case("true"));
    let encode = call.url_encoded()?;
    let mut xml = Xml::new();
    xml.open("DeleteResult");
    if encode {
        xml.element("EncodingType", "url");
    }
    for (check, allowed) in call.checks.iter().zip(call.allowed) {
        let (Role::Key(_), Target::Object { key, .. }) = (check.role, &check.target) else { continue };
        if *allowed {
            call.state.store.delete(bucket, key)?;
            if !quiet {
                xml.open("Deleted").element("Key", &maybe_encode(key, encode)).close("Deleted");
            }
        } else {
            xml.open("Error")
                .element("Key", &maybe_encode(key, encode))
                .element("Code", "AccessDenied")
                .element("Message", &format!("You have no right to delete this object ({}).", check.action))
                .close("Error");
        }
    }
    xml.close("DeleteResult");
    Ok(super::xml(xml.finish()))
}

/// CopyObject: the source of the `Source` checks into the target.
/// `x-oss-metadata-directive` (`COPY`, the default, or `REPLACE`) chooses the content
/// type and user metadata, `x-oss-tagging-directive` (`Copy` or `Replace`) the tags.
pub fn copy(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let source = call.checks.iter().find(|c| c.role == Role::Source).map(|c| &c.target);
    let Some(Target::Object { bucket: source_bucket, key: source_key }) = source else {
        return Err(GatewayError::invalid_argument("x-oss-copy-source names no object"));
    };
    let (meta, data) = call.state.store.get(source_bucket, source_key)?.ok_or_else(GatewayError::no_such_key)?;
    let mut attributes = call.attributes()?;
    let replace_meta = call.header("x-oss-metadata-directive")?.is_some_and(|d| d.eq_ignore_ascii_case("REPLACE"));
    if !replace_meta {
        attributes.content_type.clone_from(&meta.content_type);
        attributes.user_meta.clone_from(&meta.user_meta);
    }
    let replace_tags = call.header("x-oss-tagging-directive")?.is_some_and(|d| d.eq_ignore_ascii_case("Replace"));
    if !replace_tags {
        attributes.tags.clone_from(&meta.tags);
    }
    let written = call.state.store.put(call.bucket()?, call.key()?, &data, attributes)?;
    let mut xml = Xml::new();
    xml.open("CopyObjectResult")
        .element("ETag", &written.etag)
        .element("LastModified", &super::iso_time(written.last_modified))
        .close("CopyObjectResult");
    let mut response = super::xml(xml.finish());
    written_headers(response.headers_mut(), &written);
    Ok(response)
}

/// The stored object, or `NoSuchKey`.
fn existing(call: &Call<'_>) -> Result<Arc<ObjectMeta>, GatewayError> {
    call.state.store.head(call.bucket()?, call.key()?)?.ok_or_else(GatewayError::no_such_key)
}

/// GetObjectTagging.
pub fn get_tagging(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let meta = existing(call)?;
    let mut xml = Xml::new();
    xml.open("Tagging").open("TagSet");
    for (key, value) in &meta.tags {
        xml.open("Tag").element("Key", key).element("Value", value).close("Tag");
    }
    xml.close("TagSet").close("Tagging");
    Ok(super::xml(xml.finish()))
}

/// The most tags of an object.
const MAX_TAGS: usize = 10;

/// PutObjectTagging: the body's `Tagging/TagSet/Tag` (at most 10, keys unique).
pub fn put_tagging(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let found = records(call.body, "Tag", &["Key", "Value"], MAX_TAGS)
        .map_err(|_| GatewayError::invalid_argument("the tag set is malformed or has more than 10 tags"))?;
    let mut tags: Vec<(String, String)> = Vec::new();
    for fields in found {
        let (Some(Some(key)), value) = (fields.first().cloned(), fields.get(1).cloned().flatten()) else {
            return Err(GatewayError::malformed_xml("a Tag has no Key"));
        };
        if key.is_empty() || tags.iter().any(|(k, _)| *k == key) {
            return Err(GatewayError::invalid_argument("a tag key is empty or repeated"));
        }
        tags.push((key, value.unwrap_or_default()));
    }
    call.state
        .store
        .update(call.bucket()?, call.key()?, |meta| meta.tags = tags)?
        .ok_or_else(GatewayError::no_such_key)?;
    Ok(answer(StatusCode::OK, ""))
}

/// DeleteObjectTagging.
pub fn delete_tagging(call: &Call<'_>) -> Result<Answer, GatewayError> {
    call.state
        .store
        .update(call.bucket()?, call.key()?, |meta| meta.tags.clear())?
        .ok_or_else(GatewayError::no_such_key)?;
    Ok(answer(StatusCode::NO_CONTENT, ""))
}

/// GetObjectAcl.
pub fn get_acl(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let meta = existing(call)?;
    let owner = call.state.bucket(call.bucket()?).map_or("", |b| b.owner.as_str());
    let mut xml = Xml::new();
    xml.open("AccessControlPolicy")
        .open("Owner")
        .element("ID", owner)
        .element("DisplayName", owner)
        .close("Owner")
        .open("AccessControlList")
        .element("Grant", &meta.acl)
        .close("AccessControlList")
        .close("AccessControlPolicy");
    Ok(xml_answer(xml))
}

fn xml_answer(mut xml: Xml) -> Answer {
    super::xml(xml.finish())
}

/// PutObjectAcl: `x-oss-object-acl`.
pub fn put_acl(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let header = call.header("x-oss-object-acl")?;
    if header.is_none() {
        return Err(GatewayError::invalid_argument("x-oss-object-acl is required"));
    }
    let acl = object_acl(header)?;
    call.state
        .store
        .update(call.bucket()?, call.key()?, |meta| meta.acl = acl)?
        .ok_or_else(GatewayError::no_such_key)?;
    Ok(answer(StatusCode::OK, ""))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ranges_as_oss_reads_them() {
        assert_eq!(range(Some("bytes=0-9"), 100).unwrap(), Some((0, 9)));
        assert_eq!(range(Some("bytes=90-"), 100).unwrap(), Some((90, 99)));
        assert_eq!(range(Some("bytes=-10"), 100).unwrap(), Some((90, 99)));
        assert_eq!(range(Some("bytes=-1000"), 100).unwrap(), Some((0, 99)));
        assert_eq!(range(Some("bytes=50-1000"), 100).unwrap(), Some((50, 99)));
        for ignored in ["bytes=9-0", "bytes=a-b", "bytes=0-1,3-4", "items=0-1", "bytes=-", "bytes=-0"] {
            assert_eq!(range(Some(ignored), 100).unwrap(), None, "{ignored}");
        }
        assert_eq!(range(Some("bytes=100-"), 100).unwrap_err().status, 416);
        assert_eq!(range(None, 100).unwrap(), None);
    }
}
