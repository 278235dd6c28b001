//! [`Text`]: a string given as up to five borrowed parts, read as one.
//!
//! A [`Resource`] derived for an access point whose object key is too long for the
//! authorizer's stack buffer arrives in parts (`{prefix}` `accesspoint/` `{ap}`
//! `/object/` `{key}`); the matchers read it through a `Text` without copying it into
//! one buffer. A `Text` of one part is the common case: a plain slice, that costs
//! nothing extra.
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

use super::bytes::same;
use crate::request::Resource;

/// The most parts a [`Text`] holds (as many as a [`Resource`]).
const MAX_PARTS: usize = 5;

/// A string in up to five borrowed parts, addressed by byte offset as if it were one.
///
/// Every part is a whole `&str`, so part boundaries are character boundaries. A text in
/// one part — nearly every text — is a plain slice, and cheap to copy and cut.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a>(Repr<'a>);

#[derive(Clone, Copy, Debug)]
enum Repr<'a> {
    /// One slice.
    One(&'a [u8]),
    /// Bytes `start..end` of the concatenation of `parts`.
    // INVARIANT (text-spans-parts): `start <= end <= ` the parts' total length, and the
    // range covers bytes of at least two parts (a range inside one part is `One`).
    Parts { parts: &'a [&'a str; MAX_PARTS], start: usize, end: usize },
}

impl Default for Text<'_> {
    fn default() -> Self {
        Text(Repr::One(&[]))
    }
}

/// Two texts are equal when their bytes are, however they are cut into parts.
impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.parts().flat_map(<[u8]>::iter).eq(other.parts().flat_map(<[u8]>::iter))
    }
}

impl Eq for Text<'_> {}

impl<'a> Text<'a> {
    /// A text of one part.
    pub const fn new(text: &'a str) -> Text<'a> {
        Text(Repr::One(text.as_bytes()))
    }

    /// The text of a resource ARN, part by part.
    #[inline]
    pub fn from_resource(resource: &'a Resource<'_>) -> Text<'a> {
        match resource.as_single() {
            Some(one) => Text::new(one),
            None => Text(Repr::Parts { parts: resource.raw_parts(), start: 0, end: resource.len() }),
        }
    }

    /// The length in bytes.
    #[inline]
    pub const fn len(&self) -> usize {
        match self.0 {
            Repr::One(bytes) => bytes.len(),
            Repr::Parts { start, end, .. } => end - start,
        }
    }

    /// Whether the text is empty.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The byte at offset `at`, or `None` past the end.
    #[inline]
    pub fn byte(&self, at: usize) -> Option<u8> {
        match self.0 {
            Repr::One(bytes) => bytes.get(at).copied(),
            Repr::Parts { parts, start, end } => {
                let mut at = start.checked_add(at).filter(|&at| at < end)?;
                for part in parts {
                    match part.as_bytes().get(at) {
                        Some(&b) => return Some(b),
                        None => at -= part.len(),
                    }
                }
                None
            }
        }
    }

    /// The bytes `start..end` (clamped to the text) as a text of their own.
    #[inline]
    pub fn slice(&self, start: usize, end: usize) -> Text<'a> {
        let end = end.min(self.len());
        let start = start.min(end);
        match self.0 {
            Repr::One(bytes) => Text(Repr::One(bytes.get(start..end).unwrap_or(&[]))),
            Repr::Parts { parts, start: base, .. } => Text::span(parts, base + start, base + end),
        }
    }

    /// Bytes `start..end` of the concatenation of `parts`, as one slice when they lie in
    /// one part.
    fn span(parts: &'a [&'a str; MAX_PARTS], start: usize, end: usize) -> Text<'a> {
        let mut offset = 0;
        for part in parts {
            let bytes = part.as_bytes();
            if start >= offset && end <= offset + bytes.len() {
                return Text(Repr::One(bytes.get(start - offset..end - offset).unwrap_or(&[])));
            }
            if start < offset + bytes.len() {
                // INVARIANT (text-spans-parts): the range starts in this part and ends past it.
                break;
            }
            offset += bytes.len();
        }
        Text(Repr::Parts { parts, start, end })
    }

    /// The bytes from `start` to the end.
    #[inline]
    pub fn suffix(&self, start: usize) -> Text<'a> {
        self.slice(start, self.len())
    }

    /// Whether the bytes at `at` are `literal`. Always inlined: generated code passes
    /// literals, whose length is then a constant, and the comparison of a few dozen bytes
    /// compiles to a few vector compares instead of a call to `memcmp`.
    #[inline(always)]
    pub fn has_at(&self, at: usize, literal: &[u8]) -> bool {
        match self.0 {
            // Two bounds tests, `at <= len` and `len - at >= literal.len()`, with no sum to
            // saturate.
            Repr::One(bytes) => {
                bytes.get(at..).and_then(|rest| rest.get(..literal.len())).is_some_and(|head| same(head, literal))
            }
            Repr::Parts { .. } => self.parts_have_at(at, literal),
        }
    }

    /// [`Text::has_at`] for a text in parts: rare, so kept out of line, and the usual
    /// one-part test stays small enough to inline.
    #[cold]
    #[inline(never)]
    fn parts_have_at(&self, at: usize, literal: &[u8]) -> bool {
        let piece = self.slice(at, at.saturating_add(literal.len()));
        let mut rest = literal;
        // `slice` clamps: a piece past the end is empty, and has no literal, not even "".
        at <= self.len()
            && piece.len() == literal.len()
            && piece.parts().all(|part| match rest.split_at_checked(part.len()) {
                Some((head, tail)) => {
                    rest = tail;
                    head == part
                }
                None => false,
            })
    }

    /// Whether the whole text is `bytes`.
    #[inline]
    pub fn eq_bytes(&self, bytes: &[u8]) -> bool {
        self.len() == bytes.len() && self.has_at(0, bytes)
    }

    /// The parts, empty ones skipped.
    pub fn parts(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let mut out: [&'a [u8]; MAX_PARTS] = [&[]; MAX_PARTS];
        match self.0 {
            Repr::One(bytes) => {
                if let Some(first) = out.first_mut() {
                    *first = bytes;
                }
            }
            Repr::Parts { parts, start, end } => {
                let mut offset = 0;
                for (slot, part) in out.iter_mut().zip(parts) {
                    let (from, to) = (start.saturating_sub(offset), end.saturating_sub(offset).min(part.len()));
                    *slot = part.as_bytes().get(from..to).unwrap_or(&[]);
                    offset += part.len();
                }
            }
        }
        out.into_iter().filter(|part| !part.is_empty())
    }

    /// The text as one slice, when it is in one part (the common case: matchers take a
    /// faster path).
    #[inline]
    pub fn as_single(&self) -> Option<&'a [u8]> {
        match self.0 {
            Repr::One(bytes) => Some(bytes),
            // INVARIANT (text-spans-parts): bytes of two parts at least.
            Repr::Parts { .. } => None,
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
    /// The bytes as one slice, when they are in one part.
    fn as_slice(&self) -> Option<&[u8]>;
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

    #[inline]
    fn as_slice(&self) -> Option<&[u8]> {
        Some(self)
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

    #[inline]
    fn as_slice(&self) -> Option<&[u8]> {
        self.as_single()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_read_as_one_string() {
        let resource = Resource::from_parts(["ab", "", "cde", "f", ""]);
        let text = Text::from_resource(&resource);
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
        let resource = Resource::from_parts(["ab", "c:d", "", "e:", "f"]);
        let text = Text::from_resource(&resource);
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
        assert_eq!(text.slice(2, 3).as_single(), Some(&b"c"[..]));
        assert_eq!(text.slice(7, 8).as_single(), Some(&b"f"[..]));
        assert!(text.slice(4, 4).is_empty());
        assert_eq!(text.slice(1, 7), Text::new("bc:de:"));
        assert_ne!(text.slice(1, 7), Text::new("bc:de;"));
        let one = Resource::from_parts(["", "abc", "", "", ""]);
        assert_eq!(Text::from_resource(&one).as_single(), Some(&b"abc"[..]));
    }
}
