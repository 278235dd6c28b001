//! The keys of a DeleteMultipleObjects body, each its own check.
//!
//! ```xml
//! <Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v1</VersionId></Object></Delete>
//! ```
//!
//! The body must come with a `Content-MD5` (`InvalidRequest` without one) that matches it
//! (`InvalidDigest`), hold at most 1,000 objects and parse (`MalformedXML`). Keys are the
//! XML text unescaped (`&amp;` is `&`); with `encoding-type=url` the vendor SDKs still send
//! keys as XML text, so no percent-decoding is applied.

use base64::Engine as _;
use http::HeaderMap;
use md5::{Digest as _, Md5};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::errors::{ErrorCode, OssError, err};

/// The most keys one request may delete.
pub const MAX_KEYS: usize = 1000;

/// One `<Object>` of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Whether it names a version (`<VersionId>`).
    pub versioned: bool,
}

/// The objects of a multi-delete body, in order.
///
/// # Errors
/// See the module docs.
pub fn keys(headers: &HeaderMap, body: Option<&[u8]>) -> Result<Vec<Entry>, OssError> {
    let md5 = headers
        .get("content-md5")
        .ok_or_else(|| err(ErrorCode::InvalidRequest, "DeleteMultipleObjects requires a Content-MD5 header"))?;
    let body = body.ok_or_else(|| err(ErrorCode::MalformedXML, "DeleteMultipleObjects has no body"))?;
    let digest = base64::engine::general_purpose::STANDARD.encode(Md5::digest(body));
    if md5.as_bytes() != digest.as_bytes() {
        return Err(err(ErrorCode::InvalidDigest, "the Content-MD5 does not match the body"));
    }
    parse(body)
}

/// Parses the XML body.
fn parse(body: &[u8]) -> Result<Vec<Entry>, OssError> {
    let malformed = |why: &str| err(ErrorCode::MalformedXML, format!("DeleteMultipleObjects body: {why}"));
    let mut reader = Reader::from_reader(body);
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut entries = Vec::new();
    let mut current: Option<(Option<String>, bool)> = None;
    let mut text = String::new();
    loop {
        match reader.read_event().map_err(|e| malformed(&e.to_string()))? {
            Event::Start(start) => {
                let name = start.name().as_ref().to_vec();
                let depth_ok = match path.len() {
                    0 => name == b"Delete",
                    1 => name == b"Object" || name == b"Quiet",
                    2 => path.last().is_some_and(|p| p == b"Object") && (name == b"Key" || name == b"VersionId"),
                    _ => false,
                };
                if !depth_ok {
                    return Err(malformed(&format!("unexpected <{}>", String::from_utf8_lossy(&name))));
                }
                if name == b"Object" {
                    current = Some((None, false));
                }
                text.clear();
                path.push(name);
            }
            Event::Text(t) => {
                let decoded = t.decode().map_err(|e| malformed(&e.to_string()))?;
                text.push_str(&quick_xml::escape::unescape(&decoded).map_err(|e| malformed(&e.to_string()))?);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| malformed(&e.to_string()))?;
                let entity = format!("&{name};");
                text.push_str(&quick_xml::escape::unescape(&entity).map_err(|e| malformed(&e.to_string()))?);
            }
            Event::CData(c) => text.push_str(std::str::from_utf8(&c).map_err(|_| malformed("not UTF-8"))?),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                match name.as_slice() {
                    b"Key" => {
                        if let Some((key, _)) = current.as_mut() {
                            if key.is_some() {
                                return Err(malformed("an <Object> with two <Key>s"));
                            }
                            *key = Some(std::mem::take(&mut text));
                        }
                    }
                    b"VersionId" => {
                        if let Some((_, versioned)) = current.as_mut() {
                            *versioned = true;
                        }
                    }
                    b"Object" => {
                        let (key, versioned) = current.take().unwrap_or_default();
                        let key =
                            key.filter(|k| !k.is_empty()).ok_or_else(|| malformed("an <Object> without <Key>"))?;
                        if entries.len() == MAX_KEYS {
                            return Err(malformed("more than 1,000 objects"));
                        }
                        entries.push(Entry { key, versioned });
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Empty(_) => return Err(malformed("an empty element")),
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !path.is_empty() {
        return Err(malformed("unclosed elements"));
    }
    if entries.is_empty() {
        return Err(malformed("no <Object>"));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_versions_and_entities() {
        let body = b"<?xml version=\"1.0\"?><Delete><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object>\
            <Object><Key>c/d</Key><VersionId>v1</VersionId></Object></Delete>";
        let entries = parse(body).unwrap();
        assert_eq!(
            entries,
            vec![Entry { key: "a&b".into(), versioned: false }, Entry { key: "c/d".into(), versioned: true }]
        );
    }

    #[test]
    fn malformed_bodies_are_refused() {
        for body in [
            &b"<Delete><Object></Object></Delete>"[..],
            b"<Delete><Object><Key>a</Key>",
            b"<Delete><Other/></Delete>",
            b"<Delete></Delete>",
            b"<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>",
            b"not xml <",
        ] {
            assert_eq!(parse(body).unwrap_err().code(), ErrorCode::MalformedXML, "{}", String::from_utf8_lossy(body));
        }
    }
}
