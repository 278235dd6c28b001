//! Percent-decoding, once and strictly, and the query string read as parameters.
//!
//! A key is decoded exactly once: `%2F` is a `/` of the key, `%252F` is the three
//! characters `%2F`. Nothing is normalised (`a/../b` and `a//b` are keys of their own,
//! docs/SPEC.md section 2). A raw `+` is a literal `+`, in the path and in the query alike (RFC
//! 3986; both vendor SDKs send `%2B`, and a space as `%20`). A `%` not followed by two hex
//! digits, or a decoded value that is not UTF-8, is an error: the request is refused, not
//! guessed at. Decoding borrows when there is nothing to decode, so the usual key costs
//! no allocation.
//!
//! ```
//! use oss_policy_http::decode::percent_decode;
//! assert_eq!(percent_decode("a%2Fb+c%20d")?, "a/b+c d");
//! assert!(percent_decode("100%").is_err());
//! # Ok::<(), oss_policy_http::OssError>(())
//! ```

use std::borrow::Cow;

use crate::errors::{ErrorCode, OssError, err};

/// Decodes `%XX` escapes once. Borrows `text` when it has no `%`.
///
/// # Errors
/// `InvalidURI` for a `%` without two hex digits, or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Result<Cow<'_, str>, OssError> {
    // `memchr`: a few instructions for a short key, where `str::contains` spends ~100.
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
        return Ok(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
            let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) else {
                return Err(err(ErrorCode::InvalidURI, format!("bad percent escape in `{text}`")));
            };
            // Both digits are below 16: the byte fits.
            out.push(((hi << 4) | lo) as u8);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| err(ErrorCode::InvalidURI, format!("`{text}` does not decode to UTF-8")))
}

/// The most parameters a query may have: more is refused (`InvalidArgument`), which
/// keeps the duplicate check linear in practice.
pub const MAX_PARAMS: usize = 128;

/// A query string read as `name[=value]` parameters, borrowed and still encoded.
#[derive(Clone, Copy, Debug, Default)]
pub struct Query<'a> {
    raw: &'a str,
}

/// One parameter of a [`Query`], as it was sent (still encoded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param<'a> {
    /// The name, encoded.
    pub name: &'a str,
    /// The value, encoded; `None` for a bare `name` (no `=`).
    pub value: Option<&'a str>,
}

impl<'a> Param<'a> {
    /// The decoded value; `""` when the parameter has none.
    ///
    /// # Errors
    /// As [`percent_decode`].
    pub fn decoded_value(&self) -> Result<Cow<'a, str>, OssError> {
        percent_decode(self.value.unwrap_or(""))
    }
}

impl<'a> Query<'a> {
    /// Reads `raw` (the part of the URI after `?`, without it).
    ///
    /// # Errors
    /// `InvalidArgument` for more than [`MAX_PARAMS`] parameters or a parameter given
    /// twice (two `prefix`es, say, could be read differently by the authorizer and the
    /// store); `InvalidURI` for a name with a bad escape.
    pub fn parse(raw: &'a str) -> Result<Query<'a>, OssError> {
        let query = Query { raw };
        if raw.is_empty() {
            return Ok(query);
        }
        let mut seen = 0usize;
        for (i, param) in query.params().enumerate() {
            seen += 1;
            if seen > MAX_PARAMS {
                return Err(err(ErrorCode::InvalidArgument, "too many query parameters"));
            }
            let name = percent_decode(param.name)?;
            if query.params().take(i).any(|earlier| percent_decode(earlier.name).is_ok_and(|n| n == name)) {
                return Err(err(ErrorCode::InvalidArgument, format!("query parameter `{name}` is given twice")));
            }
        }
        Ok(query)
    }

    /// The raw query.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// Every parameter, in order (empty pieces between `&&` skipped).
    pub fn params(&self) -> impl Iterator<Item = Param<'a>> + 'a {
        self.raw.split('&').filter(|piece| !piece.is_empty()).map(|piece| match piece.split_once('=') {
            Some((name, value)) => Param { name, value: Some(value) },
            None => Param { name: piece, value: None },
        })
    }

    /// The parameter named `name` (compared decoded; names without `%` compare as sent).
    pub fn get(&self, name: &str) -> Option<Param<'a>> {
        self.params().find(|param| same_name(param.name, name))
    }

    /// Whether the parameter `name` is present.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The decoded value of `name`: `None` when absent, `Some("")` when given empty.
    ///
    /// # Errors
    /// As [`percent_decode`].
    pub fn value(&self, name: &str) -> Result<Option<Cow<'a, str>>, OssError> {
        self.get(name).map(|param| param.decoded_value()).transpose()
    }
}

/// Whether the encoded parameter name `sent` decodes to `name`.
pub(crate) fn same_name(sent: &str, name: &str) -> bool {
    if sent.contains('%') { percent_decode(sent).is_ok_and(|decoded| decoded == name) } else { sent == name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once_and_keeps_plus() {
        assert_eq!(percent_decode("a%252Fb").unwrap(), "a%2Fb");
        assert_eq!(percent_decode("a+b").unwrap(), "a+b");
        assert_eq!(percent_decode("%E4%B8%AD").unwrap(), "中");
        assert!(matches!(percent_decode("plain/key").unwrap(), Cow::Borrowed(_)));
        for bad in ["%", "%2", "%zz", "%FF", "a%C3"] {
            assert_eq!(percent_decode(bad).unwrap_err().code(), ErrorCode::InvalidURI, "{bad}");
        }
    }

    #[test]
    fn query_parameters_are_read_and_duplicates_refused() {
        let query = Query::parse("prefix=&delimiter=%2F&uploads").unwrap();
        assert_eq!(query.value("prefix").unwrap().as_deref(), Some(""));
        assert_eq!(query.value("delimiter").unwrap().as_deref(), Some("/"));
        assert_eq!(query.value("uploads").unwrap().as_deref(), Some(""));
        assert_eq!(query.value("marker").unwrap(), None);
        assert!(Query::parse("prefix=a&prefix=b").is_err());
        assert!(Query::parse("acl&%61cl").is_err());
        let many = vec!["a"; MAX_PARAMS + 1].iter().enumerate().map(|(i, _)| format!("p{i}")).collect::<Vec<_>>();
        assert!(Query::parse(&many.join("&")).is_err());
    }
}
