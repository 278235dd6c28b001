//! ARN patterns, matched segment by segment (SPEC.md section 2).
//!
//! An ARN has five segments, split at its first four colons: `acs`, the service, the
//! region, the account and the relative id (which may hold more colons). A pattern is
//! split the same way; each of its segments but the last is matched, as a wildcard
//! pattern and case-sensitively, against the segment at the same position, and its last
//! segment against the whole rest of the ARN. A wildcard never reaches from one segment
//! into the next, except in the pattern's last segment.
//!
//! ```
//! use oss_policy_runtime::matchers::{arn, Text};
//! let resource = arn::Arn::new(Text::new("acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c"));
//! assert!(!arn::matches(&arn::split_pattern("acs:oss:*:*:mybucket/*"), &resource));
//! assert!(arn::matches(&arn::split_pattern("acs:oss:*:*:otherbucket/*"), &resource));
//! assert!(arn::matches(&arn::split_pattern("acs:oss:*"), &resource));
//! assert!(arn::matches(&["*"], &resource));
//! ```

use super::bytes::colon_bytes;
use super::glob;
use super::text::Text;

/// The number of segments of an ARN.
pub const SEGMENTS: usize = 5;

/// How an OSS resource ARN starts: its first two colons are at offsets 3 and 7.
const OSS_PREFIX: &[u8; 8] = b"acs:oss:";

/// An ARN (resource or STS session), split into its segments once.
#[derive(Clone, Copy, Debug)]
pub struct Arn<'a> {
    text: Text<'a>,
    // INVARIANT (arn-colons): `colons[..found]` are the offsets of the first `found`
    // colons, in order; `found` is at most four.
    colons: [usize; SEGMENTS - 1],
    found: usize,
}

impl<'a> Arn<'a> {
    /// Splits `text` at its first four colons; reads no further than the eight-byte word
    /// that holds the fourth.
    #[inline]
    pub fn new(text: Text<'a>) -> Arn<'a> {
        let Some(bytes) = text.as_single() else { return Arn::new_in_parts(text) };
        let mut colons = [0; SEGMENTS - 1];
        let found = match bytes.split_first_chunk::<8>() {
            // Nearly every resource: its first two colons are known without a search.
            Some((prefix, rest)) if prefix == OSS_PREFIX => {
                colons = [3, 7, 0, 0];
                find_colons(rest, OSS_PREFIX.len(), &mut colons, 2)
            }
            _ => find_colons(bytes, 0, &mut colons, 0),
        };
        Arn { text, colons, found }
    }

    /// [`Arn::new`] for a text in parts (a derived access point resource too long for
    /// the authorizer's buffer): rare, so kept out of line.
    #[cold]
    #[inline(never)]
    fn new_in_parts(text: Text<'a>) -> Arn<'a> {
        let mut colons = [0; SEGMENTS - 1];
        let (mut found, mut offset) = (0, 0);
        for part in text.parts() {
            found = find_colons(part, offset, &mut colons, found);
            offset += part.len();
        }
        Arn { text, colons, found }
    }

    /// `text` split where `other` is: for a text that starts with `other`'s segments up to
    /// its last colon found (at most four), which then has those colons and no earlier
    /// one. The authorizer derives access point resources so, keeping
    /// `acs:oss:{region}:{account}:`.
    pub(crate) fn with_colons_of(text: Text<'a>, other: &Arn<'_>) -> Arn<'a> {
        if other.found < SEGMENTS - 1 {
            // Fewer than four colons: the rest of `text` may hold more. Never, for the
            // ARNs the authorizer derives from.
            return Arn::new(text);
        }
        Arn { text, colons: other.colons, found: other.found }
    }

    /// The whole text.
    #[inline]
    pub fn text(&self) -> Text<'a> {
        self.text
    }

    /// How many segments the ARN has (one to five).
    #[inline]
    pub fn segment_count(&self) -> usize {
        self.found + 1
    }

    /// Where segment `i` starts.
    #[inline]
    fn start(&self, i: usize) -> Option<usize> {
        match i {
            0 => Some(0),
            _ if i <= self.found => self.colons.get(i - 1).map(|colon| colon + 1),
            _ => None,
        }
    }

    /// Where segment `i` (`0..4`) starts and ends.
    #[inline]
    fn bounds(&self, i: usize) -> Option<(usize, usize)> {
        let start = self.start(i)?;
        let end = if i < self.found { *self.colons.get(i)? } else { self.text.len() };
        Some((start, end))
    }

    /// Whether segment `i` alone (`0..4`) is `literal`: as long as `literal`, and starting
    /// with it.
    #[inline]
    pub fn segment_is(&self, i: usize, literal: &[u8]) -> bool {
        self.bounds(i).is_some_and(|(start, end)| {
            end.checked_sub(start) == Some(literal.len()) && self.text.has_at(start, literal)
        })
    }

    /// Segment `i` alone (`0..4`); the last segment is [`Arn::rest`]`(4)`.
    #[inline]
    pub fn segment(&self, i: usize) -> Option<Text<'a>> {
        self.bounds(i).map(|(start, end)| self.text.slice(start, end))
    }

    /// Everything from the start of segment `i` to the end.
    #[inline]
    pub fn rest(&self, i: usize) -> Option<Text<'a>> {
        self.start(i).map(|start| self.text.suffix(start))
    }
}

/// Records the offsets (plus `offset`) of the colons of `bytes` in `colons[found..]` until
/// it is full; returns how many it holds. An ARN's first four segments are some forty
/// bytes, and this is the one pass over them a check makes: eight bytes at a time, and
/// none past the word of the fourth colon.
#[inline]
fn find_colons(bytes: &[u8], offset: usize, colons: &mut [usize; SEGMENTS - 1], mut found: usize) -> usize {
    let mut rest = bytes;
    while found < colons.len() {
        let Some((word, tail)) = rest.split_first_chunk::<8>() else { break };
        let base = offset + (bytes.len() - rest.len());
        let mut hits = colon_bytes(u64::from_le_bytes(*word));
        while hits != 0
            && let Some(slot) = colons.get_mut(found)
        {
            *slot = base + hits.trailing_zeros() as usize / 8;
            found += 1;
            hits &= hits - 1;
        }
        rest = tail;
    }
    // The last one to seven bytes, when the words did not hold all the colons.
    if found < colons.len() {
        let base = offset + (bytes.len() - rest.len());
        for (at, _) in rest.iter().enumerate().filter(|&(_, &byte)| byte == b':') {
            let Some(slot) = colons.get_mut(found) else { break };
            *slot = base + at;
            found += 1;
        }
    }
    found
}

/// Splits a pattern at its first four colons into one to five segments.
pub fn split_pattern(pattern: &str) -> Vec<&str> {
    pattern.splitn(SEGMENTS, ':').collect()
}

/// Whether an ARN pattern, given as its segments ([`split_pattern`]), matches `arn`.
/// Never allocates. The last segment is tested first: it is where patterns differ (the
/// bucket and the key), the segments before it are mostly alike.
pub fn matches<S: AsRef<str>>(segments: &[S], arn: &Arn<'_>) -> bool {
    let Some((last, head)) = segments.split_last() else { return false };
    arn.rest(head.len()).is_some_and(|rest| glob::matches(last.as_ref(), rest)) && head_matches(head, arn)
}

/// Whether the pattern segments `head` match the ARN's first segments, one for one (a
/// `*` segment matches whatever is there: the ARN has that many segments).
#[inline]
fn head_matches<S: AsRef<str>>(head: &[S], arn: &Arn<'_>) -> bool {
    if head.len() >= arn.segment_count() {
        return false;
    }
    // INVARIANT (arn-colons): the ARN has more segments than `head`, so each segment of
    // `head` ends at a colon the ARN has.
    let mut start = 0;
    for (segment, &end) in head.iter().zip(&arn.colons) {
        let segment = segment.as_ref();
        if segment != "*" && !glob::matches(segment, arn.text.slice(start, end)) {
            return false;
        }
        start = end + 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Resource;

    /// Rows of (pattern, ARN, whether it matches), from SPEC.md section 2.
    const ROWS: &[(&str, &str, bool)] = &[
        ("acs:oss:*:*:mybucket/abc*.txt", "acs:oss:cn-hangzhou:1:mybucket/abc/x.txt", true),
        ("acs:oss:*:*:mybucket/*", "acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c", false),
        ("acs:oss:*:*:mybucket/*", "acs:oss:cn-hangzhou:1:mybucket/a:b:c", true),
        ("acs:oss:*", "acs:oss:cn-hangzhou:1:b/k", true),
        ("acs:oss:*", "acs:ossvector:cn-hangzhou:1:b/k", false),
        ("acs:oss:*", "acs:oss", false),
        ("acs:oss:*", "acs:oss:", true),
        ("*", "anything:at:all", true),
        ("*", "", true),
        ("acs:oss:*:*:*", "acs:oss:r:1", false),
        ("acs:oss:*:*:*", "acs:oss:r:1:", true),
        ("acs:oss:*:1:b", "acs:oss:r:1:b", true),
        ("acs:oss:*:1:b", "acs:oss:r:12:b", false),
        ("acs:oss:*:1*:b", "acs:oss:r:12:b", true),
        ("acs:oss:cn-*:*:b/*", "acs:oss:us-east-1:1:b/k", false),
        ("acs:oss:*:*:b/*", "acs:OSS:r:1:b/k", false),
        ("acs:oss:*:*:B/*", "acs:oss:r:1:b/k", false),
        ("acs:*", "acs:oss:r:1:b/k", true),
        ("acs:*:b/k", "acs:oss:r:1:b/k", false),
        ("acs:oss:*:*:b/k:x*", "acs:oss:r:1:b/k:x:y", true),
        ("acs:oss:?:*:b", "acs:oss:杭:1:b", true),
        (
            "arn:sts::10323xxxxx72056:assumed-role/role2-name/*",
            "arn:sts::10323xxxxx72056:assumed-role/role2-name/s1",
            true,
        ),
        ("arn:sts::10323xxxxx72056:assumed-role/role2-name/*", "arn:sts::10323xxxxx72056:assumed-role/role3/s1", false),
        ("arn:sts::*:assumed-role/r/*", "arn:sts::1:2:assumed-role/r/s", false),
    ];

    #[test]
    fn segment_wise_table() {
        for &(pattern, arn, want) in ROWS {
            let segments = split_pattern(pattern);
            assert_eq!(matches(&segments, &Arn::new(Text::new(arn))), want, "{pattern} vs {arn}");
            let (a, b) = arn.split_at(arn.len() / 2);
            let resource = Resource::from_parts([a, "", b, "", ""]);
            let parts = Arn::new(Text::from_resource(&resource));
            assert_eq!(matches(&segments, &parts), want, "{pattern} vs {a}+{b}");
        }
    }

    #[test]
    fn colons_are_found_in_every_position() {
        // Colons at every offset of the eight-byte words, and in the tail; among other
        // bytes, `;` (one more than `:`, which a borrow from a colon's byte would mistake
        // for one) and `9` (`:` with a bit less).
        for (len, other) in (0..24).flat_map(|len| [(len, 'x'), (len, ';'), (len, '9')]) {
            for first in 0..len {
                let text: String =
                    (0..len).map(|i| if i >= first && (i - first) % 3 == 0 { ':' } else { other }).collect();
                let arn = Arn::new(Text::new(&text));
                let pieces: Vec<&str> = text.splitn(SEGMENTS, ':').collect();
                assert_eq!(arn.segment_count(), pieces.len(), "{text}");
                for (i, piece) in pieces.iter().enumerate() {
                    let segment = if i + 1 == SEGMENTS { arn.rest(i) } else { arn.segment(i) };
                    assert!(segment.unwrap().eq_bytes(piece.as_bytes()), "{text} {i}");
                }
            }
        }
        let arn = Arn::new(Text::new("é:ü::€:x:y"));
        assert_eq!(arn.segment_count(), 5);
        assert!(arn.segment(3).unwrap().eq_bytes("€".as_bytes()));
        assert!(arn.rest(4).unwrap().eq_bytes(b"x:y"));
    }

    #[test]
    fn segments_are_split_at_the_first_four_colons() {
        // (ARN, its segments 0..4 where it has them), SPEC.md section 2: the fifth
        // segment keeps any further colon, and `acs:oss:` is found like any other start.
        let rows: &[(&str, &[&str])] = &[
            ("acs:oss:cn-hangzhou:1746:bucket/a:b", &["acs", "oss", "cn-hangzhou", "1746", "bucket/a:b"]),
            ("acs:oss:::", &["acs", "oss", "", "", ""]),
            ("acs:oss::", &["acs", "oss", "", ""]),
            ("acs:oss", &["acs", "oss"]),
            ("acs:ossx:r:1:b", &["acs", "ossx", "r", "1", "b"]),
            ("arn:sts::1:assumed-role/r/s", &["arn", "sts", "", "1", "assumed-role/r/s"]),
            ("no-colon-here-at-all-in-a-long-text", &["no-colon-here-at-all-in-a-long-text"]),
        ];
        for &(arn, segments) in rows {
            let (a, b) = arn.split_at(arn.len() / 3);
            let resource = Resource::from_parts(["", a, "", b, ""]);
            for split in [Arn::new(Text::new(arn)), Arn::new(Text::from_resource(&resource))] {
                assert_eq!(split.segment_count(), segments.len(), "{arn}");
                for (i, segment) in segments.iter().enumerate().take(SEGMENTS - 1) {
                    assert!(split.segment_is(i, segment.as_bytes()), "{arn} segment {i}");
                    assert!(!split.segment_is(i, b"other"), "{arn} segment {i}");
                }
                assert!(!split.segment_is(segments.len(), b""), "{arn}: no segment {}", segments.len());
            }
        }
    }

    #[test]
    fn a_derived_text_keeps_the_colons_of_its_prefix() {
        let bucket = Arn::new(Text::new("acs:oss:cn-hangzhou:1379:bucket/a:b.txt"));
        for derived in ["acs:oss:cn-hangzhou:1379:accesspoint/ap:1/object/a:b.txt", "acs:oss:cn-hangzhou:1379:x"] {
            let (kept, split) = (Arn::with_colons_of(Text::new(derived), &bucket), Arn::new(Text::new(derived)));
            assert_eq!(kept.segment_count(), split.segment_count());
            for i in 0..SEGMENTS {
                assert_eq!(kept.rest(i), split.rest(i), "{derived} {i}");
            }
        }
        let short = Arn::new(Text::new("acs:oss"));
        assert_eq!(Arn::with_colons_of(Text::new("acs:oss:r:1:b"), &short).segment_count(), 5);
    }

    #[test]
    fn segments_and_rests() {
        let arn = Arn::new(Text::new("acs:oss:r:1:b/k:x"));
        assert_eq!(arn.segment_count(), 5);
        let want: [&[u8]; 5] = [b"acs", b"oss", b"r", b"1", b"b/k:x"];
        for (i, want) in want.iter().enumerate() {
            assert!(arn.segment(i).unwrap().eq_bytes(want), "{i}");
        }
        assert!(arn.rest(2).unwrap().eq_bytes(b"r:1:b/k:x"));
        assert!(arn.segment(5).is_none());
        let short = Arn::new(Text::new("acs:oss"));
        assert_eq!(short.segment_count(), 2);
        assert!(short.segment(1).unwrap().eq_bytes(b"oss"));
        assert!(short.rest(2).is_none());
        assert!(!matches::<&str>(&[], &short));
    }
}
