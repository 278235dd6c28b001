//! [`Text`]: a string given as up to five borrowed parts, read as one.
//!
//! A [`Resource`] derived for an access point arrives in parts
//! (`{prefix}` `accesspoint/` `{ap}` `/object/` `{key}`); the matchers read it through
//! a `Text` without copying it into one buffer. A `Text` of one part is the common case
//! and costs nothing extra.
//!
//! ```
//! use oss_policy_runtime::Resource;
//! use oss_policy_runtime::matchers::Text;
//! let resource = Resource::from_parts(["acs:oss:r:1:", "accesspoint/", "ap", "", ""]);
//! let text = Text::from_resource(&resource);
//! assert_eq!(text.len(), 26);
//! assert_eq!(text.byte(12), Some(b'a'));
//! assert!(text.slice(12, 23).eq_bytes(b"accesspoint"));
//! ```

use crate::request::Resource;

/// The most parts a [`Text`] holds (as many as a [`Resource`]).
const MAX_PARTS: usize = 5;

/// A string in up to five borrowed parts, addressed by byte offset as if it were one.
///
/// Every part is a whole `&str`, so part boundaries are character boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text<'a> {
    // INVARIANT (text-parts): the text is the concatenation of `parts`; `len` is the sum
    // of their lengths; every part comes from a `&str` (valid UTF-8, whole characters).
    parts: [&'a [u8]; MAX_PARTS],
    len: usize,
}

impl<'a> Text<'a> {
    /// A text of one part.
    pub const fn new(text: &'a str) -> Text<'a> {
        Text { parts: [text.as_bytes(), &[], &[], &[], &[]], len: text.len() }
    }

    /// The text of a resource ARN, part by part.
    pub fn from_resource(resource: &Resource<'a>) -> Text<'a> {
        let mut parts: [&'a [u8]; MAX_PARTS] = [&[]; MAX_PARTS];
        let mut len = 0;
        for (slot, part) in parts.iter_mut().zip(resource.parts()) {
            *slot = part.as_bytes();
            len += part.len();
        }
        Text { parts, len }
    }

    /// The length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The byte at offset `at`, or `None` past the end.
    #[inline]
    pub fn byte(&self, at: usize) -> Option<u8> {
        let mut at = at;
        for part in &self.parts {
            match part.get(at) {
                Some(&b) => return Some(b),
                None => at -= part.len(),
            }
        }
        None
    }

    /// The bytes `start..end` (clamped to the text) as a text of their own.
    pub fn slice(&self, start: usize, end: usize) -> Text<'a> {
        let end = end.min(self.len);
        let start = start.min(end);
        let mut parts: [&'a [u8]; MAX_PARTS] = [&[]; MAX_PARTS];
        let mut used = 0;
        let mut offset = 0;
        for part in self.parts {
            let (from, to) = (start.saturating_sub(offset), end.saturating_sub(offset).min(part.len()));
            if let (Some(piece), Some(slot)) = (part.get(from..to), parts.get_mut(used))
                && !piece.is_empty()
            {
                *slot = piece;
                used += 1;
            }
            offset += part.len();
        }
        Text { parts, len: end - start }
    }

    /// The bytes from `start` to the end.
    pub fn suffix(&self, start: usize) -> Text<'a> {
        self.slice(start, self.len)
    }

    /// The offset of the first `needle` byte at or after `from`.
    pub fn find_byte(&self, from: usize, needle: u8) -> Option<usize> {
        let mut offset = 0;
        for part in self.parts {
            if from < offset + part.len() {
                let skip = from.saturating_sub(offset);
                let rest = part.get(skip..).unwrap_or(&[]);
                if let Some(i) = rest.iter().position(|&b| b == needle) {
                    return Some(offset + skip + i);
                }
            }
            offset += part.len();
        }
        None
    }

    /// Whether the bytes at `at` are `literal`.
    pub fn has_at(&self, at: usize, literal: &[u8]) -> bool {
        literal.iter().enumerate().all(|(i, &b)| self.byte(at + i) == Some(b))
    }

    /// Whether the whole text is `bytes`.
    pub fn eq_bytes(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() && self.has_at(0, bytes)
    }

    /// The parts, empty ones skipped.
    pub fn parts(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.parts.iter().copied().filter(|part| !part.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(parts: [&'static str; 5]) -> Text<'static> {
        Text::from_resource(&Resource::from_parts(parts))
    }

    #[test]
    fn parts_read_as_one_string() {
        let text = split(["ab", "", "cde", "f", ""]);
        let one = Text::new("abcdef");
        assert_eq!(text.len(), 6);
        for at in 0..8 {
            assert_eq!(text.byte(at), one.byte(at), "{at}");
        }
        assert_eq!(text.byte(6), None);
        assert!(text.eq_bytes(b"abcdef"));
        assert!(!text.eq_bytes(b"abcde"));
        assert!(text.has_at(1, b"bcd"));
        assert!(!text.has_at(4, b"efg"));
    }

    #[test]
    fn slices_and_searches_cross_parts() {
        let text = split(["ab", "c:d", "", "e:", "f"]);
        let cases: &[(usize, usize, &[u8])] =
            &[(0, 7, b"abc:de:"), (1, 4, b"bc:"), (3, 6, b":de"), (6, 8, b":f"), (5, 100, b"e:f"), (9, 2, b"")];
        for &(start, end, want) in cases {
            assert!(text.slice(start, end).eq_bytes(want), "{start}..{end}");
        }
        assert_eq!(text.find_byte(0, b':'), Some(3));
        assert_eq!(text.find_byte(4, b':'), Some(6));
        assert_eq!(text.find_byte(7, b':'), None);
        assert_eq!(text.suffix(4).find_byte(0, b':'), Some(2));
        assert_eq!(text.slice(2, 6).parts().count(), 2);
        assert_eq!(text.slice(1, 7).parts().count(), 3);
    }
}
