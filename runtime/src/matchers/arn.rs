//! ARN patterns, matched segment by segment (docs/SPEC.md section 2).
//!
//! An ARN has five segments, split at its first four colons: `acs`, the service, the
//! region, the account and the relative id (which may hold more colons). A pattern is
//! split the same way; each of its segments but the last is matched, as a wildcard
//! pattern and case-sensitively, against the segment at the same position, and its last
//! segment against the whole rest of the ARN. A wildcard never reaches from one segment
//! into the next, except in the pattern's last segment.
//!
//! [`Arn::new`] splits an ARN once; its check methods are the parts a compiled pattern
//! is made of (the compiler turns each pattern into the few that decide it):
//! `acs:oss:*:1746:mybucket/*` is `starts_with("acs:oss:")`, `segment_is(3, "1746")` and
//! `rest_starts_with(4, "mybucket/")`.
//!
//! ```
//! use oss_policy_runtime::matchers::{arn::Arn, Text};
//! let resource = Arn::new(Text::new("acs:oss:cn-hangzhou:1746:otherbucket/a:b:mybucket/c"));
//! assert!(resource.starts_with("acs:oss:") && resource.segment_is(3, "1746"));
//! assert!(resource.rest_starts_with(4, "otherbucket/"));
//! // The colons of the relative id split nothing: `mybucket/` is not a segment's start.
//! assert!(!resource.rest_starts_with(4, "mybucket/"));
//! assert!(resource.segment_like(2, "cn-*") && resource.has_segments(5));
//! assert!(resource.rest_like(2, "cn-*:1746:*/c") && !resource.rest_is(4, "otherbucket"));
//! ```

use core::cmp::Ordering;

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
    // INVARIANT (arn-ends): `ends[i]` is where segment `i` ends: its colon (before the
    // text's end) when the ARN has more segments, the text's length when it is the last,
    // and `GONE` when the ARN lacks it. Segment `i + 1` starts at `ends[i] + 1`, so a
    // segment the ARN lacks starts past the text (at its length plus one, or at
    // `GONE + 1`): every test of it fails without a branch of its own, as no text has a
    // byte there and its length (`end - start`, wrapping) is no literal's.
    ends: [usize; SEGMENTS - 1],
}

/// Where a segment the ARN lacks ends (see `Arn`'s invariant).
const GONE: usize = usize::MAX - 1;

impl<'a> Arn<'a> {
    /// Splits `text` at its first four colons; reads no further than the 32 bytes after
    /// `acs:oss:` when they hold the region's and the account's colons.
    #[inline]
    pub fn new(text: Text<'a>) -> Arn<'a> {
        match Arn::new_oss(text) {
            Some(arn) => arn,
            None => Arn::new_otherwise(text),
        }
    }

    /// [`Arn::new`] for nearly every resource: one slice that starts `acs:oss:`, whose
    /// first two colons are then known, and whose next two are found with two vector
    /// compares. `None` for any other text.
    #[inline]
    pub(crate) fn new_oss(text: Text<'a>) -> Option<Arn<'a>> {
        let bytes = text.as_single()?;
        if bytes.first_chunk::<8>() != Some(OSS_PREFIX) {
            return None;
        }
        let (region_end, account_end) = two_colons(bytes, OSS_PREFIX.len())?;
        Some(Arn { text, ends: [3, 7, region_end, account_end] })
    }

    /// [`Arn::new`] for any other text: an STS session ARN, an ARN of fewer than five
    /// segments or whose fourth colon is not among the 32 bytes after `acs:oss:`, a text
    /// in parts (a derived access point resource too long for the authorizer's buffer).
    #[inline(never)]
    pub(crate) fn new_otherwise(text: Text<'a>) -> Arn<'a> {
        let mut colons = [0; SEGMENTS - 1];
        let (mut found, mut offset) = (0, 0);
        for part in text.parts() {
            found = find_colons(part, offset, &mut colons, found);
            offset += part.len();
        }
        let mut ends = [GONE; SEGMENTS - 1];
        for (i, (end, colon)) in ends.iter_mut().zip(colons).enumerate() {
            *end = match i.cmp(&found) {
                Ordering::Less => colon,
                Ordering::Equal => text.len(),
                Ordering::Greater => GONE,
            };
        }
        Arn { text, ends }
    }

    /// `text` split where `other` is: for a text that starts with `other`'s segments up to
    /// its last colon (all four of them), which then has those colons and no earlier
    /// one. The authorizer derives access point resources so, keeping
    /// `acs:oss:{region}:{account}:`.
    pub(crate) fn with_colons_of(text: Text<'a>, other: &Arn<'_>) -> Arn<'a> {
        if other.segment_count() < SEGMENTS {
            // Fewer than four colons: the rest of `text` may hold more. Never, for the
            // ARNs the authorizer derives from.
            return Arn::new(text);
        }
        Arn { text, ends: other.ends }
    }

    /// The whole text.
    #[inline]
    pub fn text(&self) -> Text<'a> {
        self.text
    }

    /// How many segments the ARN has (one to five).
    #[inline]
    pub fn segment_count(&self) -> usize {
        1 + self.ends.iter().take_while(|&&end| end < self.text.len()).count()
    }

    /// Where segment `i` starts, past the text when the ARN lacks it; `None` for `i > 4`.
    #[inline]
    fn start(&self, i: usize) -> Option<usize> {
        match i.checked_sub(1) {
            None => Some(0),
            Some(before) => self.ends.get(before).map(|end| end + 1),
        }
    }

    /// Where segment `i` starts, when the ARN has it.
    #[inline]
    fn start_if_present(&self, i: usize) -> Option<usize> {
        self.start(i).filter(|&start| start <= self.text.len())
    }

    /// Segment `i` alone (`0..4`); the last segment is [`Arn::rest`]`(4)`.
    #[inline]
    pub fn segment(&self, i: usize) -> Option<Text<'a>> {
        let start = self.start_if_present(i)?;
        self.ends.get(i).map(|&end| self.text.slice(start, end))
    }

    /// Everything from the start of segment `i` to the end.
    #[inline]
    pub fn rest(&self, i: usize) -> Option<Text<'a>> {
        self.start_if_present(i).map(|start| self.text.suffix(start))
    }

    // The checks of a pattern's parts, one per `ArnCheck` of the compiler's IR. Those on
    // literals compare in place, without cutting a text.

    /// Whether the ARN starts with `literal` (a pattern's leading literal segments, each
    /// with its colon).
    #[inline]
    pub fn starts_with(&self, literal: &str) -> bool {
        self.text.has_at(0, literal.as_bytes())
    }

    /// Whether the ARN has at least `count` segments.
    #[inline]
    pub fn has_segments(&self, count: usize) -> bool {
        count.checked_sub(1).is_none_or(|last| self.start_if_present(last).is_some())
    }

    /// Whether segment `i` alone (`0..4`) is `literal`.
    #[inline]
    pub fn segment_is(&self, i: usize, literal: &str) -> bool {
        match (self.start(i), self.ends.get(i)) {
            (Some(start), Some(&end)) => {
                end.wrapping_sub(start) == literal.len() && self.text.has_at(start, literal.as_bytes())
            }
            _ => false,
        }
    }

    /// Whether segment `i` alone (`0..4`) matches the wildcard `pattern`.
    #[inline]
    pub fn segment_like(&self, i: usize, pattern: &str) -> bool {
        self.segment(i).is_some_and(|segment| glob::matches(pattern, segment))
    }

    /// Whether everything from segment `i` on is exactly `literal`.
    #[inline]
    pub fn rest_is(&self, i: usize, literal: &str) -> bool {
        self.start(i).is_some_and(|start| {
            self.text.len().wrapping_sub(start) == literal.len() && self.text.has_at(start, literal.as_bytes())
        })
    }

    /// Whether everything from segment `i` on starts with `literal` (a pattern's last
    /// segment `literal*`).
    #[inline]
    pub fn rest_starts_with(&self, i: usize, literal: &str) -> bool {
        self.start(i).is_some_and(|start| self.text.has_at(start, literal.as_bytes()))
    }

    /// Whether everything from segment `i` on matches the wildcard `pattern`.
    #[inline]
    pub fn rest_like(&self, i: usize, pattern: &str) -> bool {
        self.rest(i).is_some_and(|rest| glob::matches(pattern, rest))
    }
}

/// The offsets of the first two colons of `bytes` from `from` on, when both lie in the
/// 32 bytes from there (else [`find_colons`] finds them). A region and a sixteen-digit
/// account fill some thirty of them, so two sixteen-byte compares find both colons: the
/// bytes from `from`, and the sixteen after those or, in a shorter text, its last
/// sixteen (their overlap sets the same bits twice).
#[inline]
fn two_colons(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let low = bytes.get(from..)?.first_chunk::<16>()?;
    let high_start = bytes.len().checked_sub(16)?.min(from + 16);
    let high = bytes.get(high_start..)?.first_chunk::<16>()?;
    let mask = colon_mask(low) | (colon_mask(high) << (high_start - from));
    let rest = mask & mask.wrapping_sub(1);
    if rest == 0 {
        return None;
    }
    Some((from + mask.trailing_zeros() as usize, from + rest.trailing_zeros() as usize))
}

/// Which of the sixteen bytes of `chunk` are colons: bit `i` for byte `i`. One vector
/// compare and a move of its mask (SSE2 on x86-64, NEON on AArch64), through `wide`'s
/// safe vectors; its portable fallback elsewhere.
#[inline(always)]
fn colon_mask(chunk: &[u8; 16]) -> u32 {
    wide::u8x16::new(*chunk).simd_eq(wide::u8x16::splat(b':')).to_bitmask()
}

/// Records the offsets (plus `offset`) of the colons of `bytes` in `colons[found..]` until
/// it is full; returns how many it holds: the general split, for what [`two_colons`]
/// does not take. Eight bytes at a time, and none past the word of the fourth colon.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Resource;

    #[test]
    fn checks_of_a_segment_the_arn_lacks_fail() {
        // Two, four and five segments; whole and in parts. Every check that reads a
        // segment from 2 on (4 on) fails on the shorter ARNs, empty literals included.
        for (arn, count) in [("acs:oss", 2), ("acs:oss:r:1", 4), ("acs:oss:r:1:", 5)] {
            let (a, b) = arn.split_at(5);
            let resource = Resource::from_parts([a, "", b, "", ""]);
            for split in [Arn::new(Text::new(arn)), Arn::new(Text::from_resource(&resource))] {
                assert_eq!(split.segment_count(), count, "{arn}");
                for i in 0..=SEGMENTS {
                    let has = i < count;
                    assert_eq!(split.has_segments(i + 1), has, "{arn} {i}");
                    assert_eq!(split.rest_starts_with(i, ""), has, "{arn} {i}");
                    assert_eq!(split.rest_like(i, "*"), has, "{arn} {i}");
                    assert_eq!(split.segment_like(i, "*"), has && i < SEGMENTS - 1, "{arn} {i}");
                    assert_eq!(split.rest(i).is_some(), has, "{arn} {i}");
                    assert_eq!(split.segment(i).is_some(), has && i < SEGMENTS - 1, "{arn} {i}");
                }
                assert!(split.has_segments(0));
                assert!(split.starts_with("acs:oss") && !split.starts_with("acs:oss:r:1:x"));
            }
        }
        let short = Arn::new(Text::new("acs:oss:r:1"));
        assert!(short.segment_is(3, "1") && short.rest_is(3, "1") && short.rest_is(2, "r:1"));
        assert!(!short.segment_is(4, "") && !short.rest_is(4, "") && !short.segment_is(2, "r:1"));
        let empty = Arn::new(Text::new("acs:oss:r:1:"));
        assert!(empty.rest_is(4, "") && empty.segment_is(3, "1") && !empty.segment_is(3, "1:"));
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
    fn the_oss_path_splits_as_the_general_one() {
        // `acs:oss:` and a tail of every length up to 48 bytes, with its first two colons
        // at every pair of offsets (at `len`: none), more colons after them, and `;`
        // (one more than `:`) elsewhere. The vector path must agree with the general
        // one whenever it answers, and answer whenever both colons lie in its 32 bytes.
        for len in 0..48 {
            for first in 0..=len {
                for second in (first + 1).min(len)..=len {
                    let tail: String = (0..len)
                        .map(|k| match k {
                            _ if k == first || k == second => ':',
                            _ if k > second && k % 5 == 0 => ':',
                            _ if k % 2 == 0 => ';',
                            _ => 'x',
                        })
                        .collect();
                    let arn = format!("acs:oss:{tail}");
                    let general = Arn::new_otherwise(Text::new(&arn));
                    let split = Arn::new(Text::new(&arn));
                    assert_eq!(split.ends, general.ends, "{arn}");
                    let in_window = second < len && second < 32 && len >= 16;
                    let fast = Arn::new_oss(Text::new(&arn));
                    assert_eq!(fast.is_some(), in_window, "{arn}");
                    assert!(fast.is_none_or(|fast| fast.ends == general.ends), "{arn}");
                }
            }
        }
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
                    assert!(split.segment_is(i, segment), "{arn} segment {i}");
                    assert!(!split.segment_is(i, "other"), "{arn} segment {i}");
                }
                assert!(!split.segment_is(segments.len(), ""), "{arn}: no segment {}", segments.len());
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
        let want: [&[u8]; 4] = [b"acs", b"oss", b"r", b"1"];
        for (i, want) in want.iter().enumerate() {
            assert!(arn.segment(i).unwrap().eq_bytes(want), "{i}");
        }
        assert!(arn.rest(4).unwrap().eq_bytes(b"b/k:x"));
        assert!(arn.rest(2).unwrap().eq_bytes(b"r:1:b/k:x"));
        assert!(arn.segment(4).is_none() && arn.segment(5).is_none());
        let short = Arn::new(Text::new("acs:oss"));
        assert_eq!(short.segment_count(), 2);
        assert!(short.segment(1).unwrap().eq_bytes(b"oss"));
        assert!(short.rest(2).is_none());
    }
}
