//! Reading a policy document's bytes: a JSON text is UTF-8 (RFC 8259, section 8.1), so
//! bytes that are not are a `syntax` error at the first byte that is not — an error of
//! the policy, reported with its line and column like any other, not a failure to read
//! the file.
//!
//! ```
//! use oss_policy_compiler::{ErrorCode, PolicyBytes};
//! let PolicyBytes::NotUtf8 { errors, .. } = PolicyBytes::decode(b"{\"Version\": \"1\xff\"}".to_vec()) else {
//!     unreachable!()
//! };
//! assert_eq!((errors.first().code(), errors.first().span().start), (ErrorCode::Syntax, 14));
//! ```

use std::path::Path;

use crate::model::Span;
use crate::{ErrorCode, PolicyError, PolicyErrors};

/// A policy document's bytes, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyBytes {
    /// The bytes are UTF-8: the text to parse.
    Text(String),
    /// The bytes are not UTF-8.
    NotUtf8 {
        /// The bytes with each invalid sequence replaced by U+FFFD: the same text up to
        /// the error, to show it in.
        shown: String,
        /// The one `syntax` error, at the byte offset of the first invalid byte.
        errors: PolicyErrors,
    },
}

impl PolicyBytes {
    /// Decodes `bytes` as UTF-8.
    pub fn decode(bytes: Vec<u8>) -> PolicyBytes {
        let error = match String::from_utf8(bytes) {
            Ok(text) => return PolicyBytes::Text(text),
            Err(error) => error,
        };
        let at = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        let byte = bytes.get(at).copied().unwrap_or_default();
        let message = format!("the text is not UTF-8: byte `0x{byte:02x}` does not start or continue a character");
        let span = Span { start: at, end: at + 1 };
        let error = PolicyError::new(ErrorCode::Syntax, message, "", span, &shown)
            .with_help("a policy document is JSON text, which is UTF-8");
        match PolicyErrors::from_vec(vec![error]) {
            Some(errors) => PolicyBytes::NotUtf8 { shown, errors },
            None => PolicyBytes::Text(shown),
        }
    }

    /// Reads the file at `path`.
    ///
    /// # Errors
    /// When the file cannot be read (it is missing, a directory, not readable); bytes that
    /// are not UTF-8 are [`PolicyBytes::NotUtf8`], not an error.
    pub fn read(path: impl AsRef<Path>) -> std::io::Result<PolicyBytes> {
        std::fs::read(path).map(PolicyBytes::decode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_are_not_utf8_are_a_syntax_error_at_their_offset() {
        // (bytes, offset of the first invalid byte, line, column): a lone continuation
        // byte, a truncated three-byte character, an over-long encoding, a surrogate.
        let rows: &[(&[u8], usize, usize, usize)] = &[
            (b"{\"Version\": \"1\x80\"}", 14, 1, 15),
            (b"{\n  \"\xe6\x8a\xa5\xe5\x91\"}", 8, 2, 5),
            (b"\xc0\xaf", 0, 1, 1),
            (b"{}\n\n\xed\xa0\x80", 4, 3, 1),
        ];
        for &(bytes, offset, line, column) in rows {
            let PolicyBytes::NotUtf8 { shown, errors } = PolicyBytes::decode(bytes.to_vec()) else {
                panic!("{bytes:?} decoded")
            };
            let error = errors.first();
            assert_eq!(errors.len(), 1);
            assert_eq!((error.code(), error.span().start), (ErrorCode::Syntax, offset), "{bytes:?}");
            assert_eq!((error.line(), error.column()), (line, column), "{bytes:?}");
            assert_eq!(shown.as_bytes().get(..offset), bytes.get(..offset));
        }
        assert_eq!(PolicyBytes::decode("{\"报\": 1}".into()), PolicyBytes::Text("{\"报\": 1}".into()));
    }
}
