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
    // INVARIANT (text-parts-packed): no empty part comes before a non-empty one.
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
        if let Some(bytes) = self.as_single() {
            let piece = bytes.get(start..end).unwrap_or(&[]);
            return Text { parts: [piece, &[], &[], &[], &[]], len: piece.len() };
        }
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

    /// Whether the bytes at `at` are `literal`.
    pub fn has_at(&self, at: usize, literal: &[u8]) -> bool {
        match self.as_single() {
            Some(bytes) => bytes.get(at..).is_some_and(|rest| rest.starts_with(literal)),
            None => literal.iter().enumerate().all(|(i, &b)| self.byte(at + i) == Some(b)),
        }
    }

    /// Whether the whole text is `bytes`.
    pub fn eq_bytes(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() && self.has_at(0, bytes)
    }

    /// The parts, empty ones skipped.
    pub fn parts(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.parts.iter().copied().filter(|part| !part.is_empty())
    }

    /// The text as one slice, when it is in one part (the common case: matchers take a
    /// faster path).
    #[inline]
    pub fn as_single(&self) -> Option<&'a [u8]> {
        // INVARIANT (text-parts-packed): non-empty parts come first (`from_resource` skips
        // empty parts, `slice` packs them).
        match self.parts {
            [only, [], ..] => Some(only),
            _ => None,
        }
    }
}

/// What the matchers read: bytes by offset. Implemented by [`Text`] and, for the common
/// one-part case, by a plain slice.
pub(crate) trait Haystack: Copy {
    /// The length in bytes.
    fn len(&self) -> usize;
    /// The byte at `at`, or `None` past the end.
    fn byte(&self, at: usize) -> Option<u8>;
}

impl Haystack for &[u8] {
    #[inline]
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }

    #[inline]
    fn byte(&self, at: usize) -> Option<u8> {
        self.get(at).copied()
    }
}

impl Haystack for Text<'_> {
    #[inline]
    fn len(&self) -> usize {
        Text::len(self)
    }

    #[inline]
    fn byte(&self, at: usize) -> Option<u8> {
        Text::byte(self, at)
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
    fn slices_cross_parts() {
        let text = split(["ab", "c:d", "", "e:", "f"]);
        let cases: &[(usize, usize, &[u8])] =
            &[(0, 7, b"abc:de:"), (1, 4, b"bc:"), (3, 6, b":de"), (6, 8, b":f"), (5, 100, b"e:f"), (9, 2, b"")];
        for &(start, end, want) in cases {
            assert!(text.slice(start, end).eq_bytes(want), "{start}..{end}");
        }
        assert!(text.suffix(4).eq_bytes(b"de:f"));
        assert_eq!(text.slice(2, 6).parts().count(), 2);
        assert_eq!(text.slice(1, 7).parts().count(), 3);
        assert_eq!(text.slice(3, 5).as_single(), Some(&b":d"[..]));
        assert_eq!(text.slice(3, 6).as_single(), None);
        assert_eq!(Text::new("abc").as_single(), Some(&b"abc"[..]));
        assert_eq!(Text::default().as_single(), Some(&b""[..]));
    }
}
