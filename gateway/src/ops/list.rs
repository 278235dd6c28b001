//! ListObjects, ListObjectsV2 and ListBuckets.
//!
//! A listing walks the bucket's index from the later of the marker (or start-after, or
//! continuation token) and the prefix, and stops at the first key past the prefix or
//! when `max-keys` entries (objects and common prefixes together, at most 1,000; 100 by
//! default) are found. With a delimiter, every key whose rest after the prefix contains
//! it is folded into one common prefix, counted once; a common prefix at or before the
//! marker was listed already. The continuation token of V2 is the last entry listed, in
//! URL-safe base64.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{Answer, Call, iso_time, maybe_encode, xml};
use crate::error::GatewayError;
use crate::store::ObjectMeta;
use crate::xml::Xml;

/// One page of a listing.
#[derive(Debug, Default)]
pub struct Page {
    /// The objects.
    pub contents: Vec<Arc<ObjectMeta>>,
    /// The common prefixes.
    pub prefixes: Vec<String>,
    /// Whether more follow.
    pub truncated: bool,
    /// The last entry listed (the next marker), when truncated.
    pub next: Option<String>,
}

/// The page of `index` after `after` under `prefix`, folded at `delimiter`, of at most
/// `max` entries.
pub fn page(
    index: &BTreeMap<String, Arc<ObjectMeta>>,
    prefix: &str,
    after: &str,
    delimiter: Option<&str>,
    max: usize,
) -> Page {
    let mut page = Page::default();
    let start = if prefix > after { Bound::Included(prefix) } else { Bound::Excluded(after) };
    let mut last: Option<String> = None;
    for (key, meta) in index.range::<str, _>((start, Bound::Unbounded)) {
        let Some(rest) = key.strip_prefix(prefix) else { break };
        let folded = delimiter.filter(|d| !d.is_empty()).and_then(|d| rest.find(d).map(|at| at + d.len()));
        let entry = match folded {
            Some(end) => {
                let common = &key[..prefix.len() + end];
                if common <= after || page.prefixes.last().is_some_and(|p| p == common) {
                    continue;
                }
                common
            }
            None => key.as_str(),
        };
        if page.contents.len() + page.prefixes.len() == max {
            page.truncated = true;
            page.next = last;
            return page;
        }
        match folded {
            Some(_) => page.prefixes.push(entry.to_owned()),
            None => page.contents.push(Arc::clone(meta)),
        }
        last = Some(entry.to_owned());
    }
    page
}

/// `max-keys`: 1 to 1,000, 100 when absent.
fn max_keys(call: &Call<'_>) -> Result<usize, GatewayError> {
    match call.param("max-keys")? {
        None => Ok(100),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(n),
            _ => Err(GatewayError::invalid_argument("max-keys must be between 1 and 1000")),
        },
    }
}

/// ListObjects (`v2`: ListObjectsV2).
pub fn objects(call: &Call<'_>, v2: bool) -> Result<Answer, GatewayError> {
    let bucket = call.bucket()?;
    let owner = call.state.bucket(bucket).map_or("", |b| b.owner.as_str());
    let encode = call.url_encoded()?;
    let prefix = call.param("prefix")?.unwrap_or_default();
    let delimiter = call.param("delimiter")?;
    let max = max_keys(call)?;
    let (marker, token, start_after) = if v2 {
        let token = call.param("continuation-token")?;
        let decoded = token
            .as_deref()
            .map(|t| URL_SAFE_NO_PAD.decode(t).ok().and_then(|b| String::from_utf8(b).ok()))
            .map(|t| t.ok_or_else(|| GatewayError::invalid_argument("the continuation token is not valid")))
            .transpose()?;
        let start_after = call.param("start-after")?;
        (decoded.or_else(|| start_after.clone()).unwrap_or_default(), token, start_after)
    } else {
        (call.param("marker")?.unwrap_or_default(), None, None)
    };
    let page = call.state.store.with_index(bucket, |index| page(index, &prefix, &marker, delimiter.as_deref(), max))?;
    let fetch_owner = !v2 || call.param("fetch-owner")?.is_some_and(|f| f == "true");
    let mut out = Xml::new();
    out.open("ListBucketResult").element("Name", bucket).element("Prefix", &maybe_encode(&prefix, encode));
    if v2 {
        if let Some(token) = &token {
            out.element("ContinuationToken", token);
        }
        if let Some(start_after) = &start_after {
            out.element("StartAfter", &maybe_encode(start_after, encode));
        }
    } else {
        out.element("Marker", &maybe_encode(&marker, encode));
    }
    out.element("MaxKeys", &max.to_string());
    if let Some(delimiter) = &delimiter {
        out.element("Delimiter", &maybe_encode(delimiter, encode));
    }
    if encode {
        out.element("EncodingType", "url");
    }
    out.element("IsTruncated", if page.truncated { "true" } else { "false" });
    if let Some(next) = &page.next {
        if v2 {
            out.element("NextContinuationToken", &URL_SAFE_NO_PAD.encode(next));
        } else {
            out.element("NextMarker", &maybe_encode(next, encode));
        }
    }
    if v2 {
        out.element("KeyCount", &(page.contents.len() + page.prefixes.len()).to_string());
    }
    for meta in &page.contents {
        out.open("Contents")
            .element("Key", &maybe_encode(&meta.key, encode))
            .element("LastModified", &iso_time(meta.last_modified))
            .element("ETag", &meta.etag)
            .element("Type", if meta.multipart { "Multipart" } else { "Normal" })
            .element("Size", &meta.size.to_string())
            .element("StorageClass", "Standard");
        if fetch_owner {
            out.open("Owner").element("ID", owner).element("DisplayName", owner).close("Owner");
        }
        out.close("Contents");
    }
    for common in &page.prefixes {
        out.open("CommonPrefixes").element("Prefix", &maybe_encode(common, encode)).close("CommonPrefixes");
    }
    out.close("ListBucketResult");
    Ok(xml(out.finish()))
}

/// ListBuckets: the configured buckets the caller's account owns.
pub fn buckets(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let config = &call.state.config;
    let account = call.caller_account.unwrap_or("");
    let mut out = Xml::new();
    out.open("ListAllMyBucketsResult")
        .open("Owner")
        .element("ID", account)
        .element("DisplayName", account)
        .close("Owner");
    out.open("Buckets");
    let mut names: Vec<&str> = config.buckets.iter().filter(|b| b.owner == account).map(|b| b.name.as_str()).collect();
    names.sort_unstable();
    for name in names {
        out.open("Bucket")
            .element("CreationDate", &iso_time(0))
            .element("ExtranetEndpoint", &config.endpoint)
            .element("IntranetEndpoint", &config.endpoint)
            .element("Location", &format!("oss-{}", config.region))
            .element("Name", name)
            .element("Region", &config.region)
            .element("StorageClass", "Standard")
            .close("Bucket");
    }
    out.close("Buckets").close("ListAllMyBucketsResult");
    Ok(xml(out.finish()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::ObjectMeta;

    fn index(keys: &[&str]) -> BTreeMap<String, Arc<ObjectMeta>> {
        keys.iter()
            .map(|k| {
                let meta = ObjectMeta {
                    key: (*k).to_owned(),
                    data_file: String::new(),
                    size: 0,
                    etag: String::new(),
                    crc64: 0,
                    content_type: String::new(),
                    user_meta: Vec::new(),
                    tags: Vec::new(),
                    acl: String::new(),
                    last_modified: 0,
                    multipart: false,
                };
                ((*k).to_owned(), Arc::new(meta))
            })
            .collect()
    }

    fn names(page: &Page) -> (Vec<&str>, Vec<&str>) {
        (page.contents.iter().map(|m| m.key.as_str()).collect(), page.prefixes.iter().map(String::as_str).collect())
    }

    #[test]
    fn delimiters_fold_and_markers_resume() {
        let index = index(&["a.txt", "dir/1", "dir/2", "dir/sub/3", "e.txt", "f/x"]);
        let all = page(&index, "", "", Some("/"), 100);
        assert_eq!(names(&all), (vec!["a.txt", "e.txt"], vec!["dir/", "f/"]));
        let first = page(&index, "", "", Some("/"), 2);
        assert_eq!(names(&first), (vec!["a.txt"], vec!["dir/"]));
        assert!(first.truncated);
        assert_eq!(first.next.as_deref(), Some("dir/"));
        let second = page(&index, "", "dir/", Some("/"), 2);
        assert_eq!(names(&second), (vec!["e.txt"], vec!["f/"]));
        assert!(!second.truncated);
        let nested = page(&index, "dir/", "", Some("/"), 100);
        assert_eq!(names(&nested), (vec!["dir/1", "dir/2"], vec!["dir/sub/"]));
        let flat = page(&index, "dir", "dir/1", None, 100);
        assert_eq!(names(&flat), (vec!["dir/2", "dir/sub/3"], vec![]));
    }

    #[test]
    fn an_exact_page_is_not_truncated() {
        let index = index(&["a", "b"]);
        let page = page(&index, "", "", None, 2);
        assert!(!page.truncated && page.next.is_none());
    }
}
