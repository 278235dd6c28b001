//! ARN patterns (docs/SPEC.md section 2), split into segments and turned once into the few
//! exact checks that decide them, for both engines that run the IR: the in-memory engine
//! runs the checks, the code generator writes one call per check.
//!
//! A pattern's segments are matched one for one against the ARN's first four segments,
//! its last segment against the rest. Most segments need no wildcard matching at all:
//!
//! ```text
//! acs:oss:*:1746:bucket/user-1/*
//! StartsWith("acs:oss:")            the leading literal segments, each with its colon
//! SegmentIs(3, "1746")              a literal segment further on (`*` needs no check)
//! RestStartsWith(4, "bucket/user-1/")   the last segment: `literal*` is a prefix test
//! ```
//!
//! ```
//! use oss_policy_compiler::ir::{ArnCheck, ArnPattern};
//! let pattern = ArnPattern::new("acs:oss:*:1746:bucket/*.log");
//! assert_eq!(pattern.checks, [
//!     ArnCheck::StartsWith("acs:oss:".into()),
//!     ArnCheck::SegmentIs(3, "1746".into()),
//!     ArnCheck::RestLike(4, "bucket/*.log".into()),
//! ]);
//! assert!(ArnPattern::new("*").checks.is_empty());
//! ```

use oss_policy_runtime::matchers::arn::{self, Arn};
use oss_policy_runtime::matchers::glob;

use super::Like;

/// An ARN pattern split into its segments (resources and `arn:sts::` principals), with
/// the checks that match it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArnPattern {
    /// One to five segments ([`arn::split_pattern`]); the last one is matched against the
    /// whole rest of the ARN.
    pub segments: Vec<String>,
    /// The byte length of the last segment's literal prefix (before its first wildcard).
    pub literal: u32,
    /// The checks that all hold exactly when the pattern matches, cheapest first: the
    /// leading literal segments, the other segments, the last segment.
    pub checks: Vec<ArnCheck>,
}

/// One check of an ARN against a part of a pattern; segment `i` counts from 0, and "the
/// rest from `i`" is everything from the start of segment `i` to the end.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArnCheck {
    /// The ARN starts with this text: the pattern's leading literal segments, each
    /// followed by its colon.
    StartsWith(String),
    /// The ARN has at least this many segments (a last segment `*` after wildcard
    /// segments).
    HasSegments(usize),
    /// Segment `i` is exactly this literal.
    SegmentIs(usize, String),
    /// Segment `i` matches this wildcard pattern.
    SegmentLike(usize, String),
    /// The rest from `i` is exactly this literal.
    RestIs(usize, String),
    /// The rest from `i` starts with this literal (a last segment `literal*`).
    RestStartsWith(usize, String),
    /// The rest from `i` matches this wildcard pattern.
    RestLike(usize, String),
}

impl ArnPattern {
    /// Splits `pattern` into segments and works out its checks.
    pub fn new(pattern: &str) -> ArnPattern {
        let segments: Vec<String> = arn::split_pattern(pattern).into_iter().map(str::to_owned).collect();
        let literal = segments.last().map_or(0, |last| glob::literal_prefix(last).len());
        let checks = checks(&segments);
        ArnPattern { segments, literal: u32::try_from(literal).unwrap_or(u32::MAX), checks }
    }

    /// Whether the resource trie holds the pattern: five segments and a relative id that
    /// starts with at least one literal byte.
    pub fn is_indexed(&self) -> bool {
        self.segments.len() == arn::SEGMENTS && self.literal > 0
    }

    /// The literal prefix of the last segment (the trie key of an indexed pattern).
    pub fn literal_prefix(&self) -> &str {
        let last = self.segments.last().map_or("", String::as_str);
        last.get(..self.literal as usize).unwrap_or("")
    }

    /// Whether the pattern matches `arn`: every check holds. Never allocates.
    pub fn matches(&self, arn: &Arn<'_>) -> bool {
        self.checks.iter().all(|check| check.holds(arn))
    }

    /// The rest of the last segment after its literal prefix.
    pub fn suffix(&self) -> &str {
        let last = self.segments.last().map_or("", String::as_str);
        last.get(self.literal as usize..).unwrap_or("")
    }
}

impl ArnCheck {
    /// Whether the check holds for `arn`: one call of the runtime's ARN, the same one
    /// generated code makes.
    #[inline]
    pub fn holds(&self, arn: &Arn<'_>) -> bool {
        match self {
            ArnCheck::StartsWith(prefix) => arn.starts_with(prefix),
            ArnCheck::HasSegments(count) => arn.has_segments(*count),
            ArnCheck::SegmentIs(at, literal) => arn.segment_is(*at, literal),
            ArnCheck::SegmentLike(at, pattern) => arn.segment_like(*at, pattern),
            ArnCheck::RestIs(at, literal) => arn.rest_is(*at, literal),
            ArnCheck::RestStartsWith(at, prefix) => arn.rest_starts_with(*at, prefix),
            ArnCheck::RestLike(at, pattern) => arn.rest_like(*at, pattern),
        }
    }
}

/// The checks of a pattern given as its segments. Each holds only if the ARN has the
/// segment it reads: a prefix ending in the colon after segment `i - 1` proves segment
/// `i` exists, and a rest from `i` exists only when the ARN has more than `i` segments —
/// so a last segment `*` after a literal run needs no check of its own.
fn checks(segments: &[String]) -> Vec<ArnCheck> {
    let Some((last, head)) = segments.split_last() else { return Vec::new() };
    let literal_run = head.iter().take_while(|segment| !glob::has_wildcard(segment)).count();
    let mut checks = Vec::new();
    if literal_run > 0 {
        checks.push(ArnCheck::StartsWith(head.iter().take(literal_run).flat_map(|s| [s.as_str(), ":"]).collect()));
    }
    for (i, segment) in head.iter().enumerate().skip(literal_run) {
        match Like::new(segment) {
            Like::Any => {}
            Like::Is(literal) => checks.push(ArnCheck::SegmentIs(i, literal)),
            Like::StartsWith(_) | Like::Wild(_) => checks.push(ArnCheck::SegmentLike(i, segment.clone())),
        }
    }
    let at = head.len();
    match Like::new(last) {
        Like::Any if literal_run == head.len() => {}
        Like::Any => checks.push(ArnCheck::HasSegments(segments.len())),
        Like::Is(literal) => checks.push(ArnCheck::RestIs(at, literal)),
        Like::StartsWith(prefix) => checks.push(ArnCheck::RestStartsWith(at, prefix)),
        Like::Wild(pattern) => checks.push(ArnCheck::RestLike(at, pattern)),
    }
    checks
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::Resource;
    use oss_policy_runtime::matchers::Text;

    use super::*;
    use ArnCheck::*;

    /// Rows of (pattern, ARN, whether it matches), from docs/SPEC.md section 2.
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
    fn patterns_match_segment_by_segment() {
        for &(pattern, arn, want) in ROWS {
            let pattern_ir = ArnPattern::new(pattern);
            assert_eq!(pattern_ir.matches(&Arn::new(Text::new(arn))), want, "{pattern} vs {arn}");
            let (a, b) = arn.split_at(arn.len() / 2);
            let resource = Resource::from_parts([a, "", b, "", ""]);
            assert_eq!(pattern_ir.matches(&Arn::new(Text::from_resource(&resource))), want, "{pattern} vs {a}+{b}");
        }
    }

    #[test]
    fn patterns_take_the_cheapest_exact_checks() {
        let s = String::from;
        let rows: Vec<(&str, Vec<ArnCheck>)> = vec![
            ("*", vec![]),
            ("acs:oss:*", vec![StartsWith(s("acs:oss:"))]),
            ("acs:oss:*:*:*", vec![StartsWith(s("acs:oss:")), HasSegments(5)]),
            (
                "acs:oss:*:1746:b/*",
                vec![StartsWith(s("acs:oss:")), SegmentIs(3, s("1746")), RestStartsWith(4, s("b/"))],
            ),
            (
                "acs:oss:*:1746:b/**",
                vec![StartsWith(s("acs:oss:")), SegmentIs(3, s("1746")), RestStartsWith(4, s("b/"))],
            ),
            ("acs:oss:cn-*:*:b", vec![StartsWith(s("acs:oss:")), SegmentLike(2, s("cn-*")), RestIs(4, s("b"))]),
            ("acs:oss:r:1:b/*.txt", vec![StartsWith(s("acs:oss:r:1:")), RestLike(4, s("b/*.txt"))]),
            ("acs:oss:r:1:b/?*", vec![StartsWith(s("acs:oss:r:1:")), RestLike(4, s("b/?*"))]),
            ("*:b", vec![RestIs(1, s("b"))]),
            ("acs", vec![RestIs(0, s("acs"))]),
            ("ac*", vec![RestStartsWith(0, s("ac"))]),
            (
                "arn:sts::1:assumed-role/r/*",
                vec![StartsWith(s("arn:sts::1:")), RestStartsWith(4, s("assumed-role/r/"))],
            ),
            ("a?:*", vec![SegmentLike(0, s("a?")), HasSegments(2)]),
        ];
        for (pattern, want) in rows {
            assert_eq!(ArnPattern::new(pattern).checks, want, "{pattern}");
        }
    }

    #[test]
    fn the_literal_prefix_is_the_trie_key() {
        let pattern = ArnPattern::new("acs:oss:*:1:bucket/user-*/x");
        assert_eq!((pattern.literal_prefix(), pattern.suffix()), ("bucket/user-", "*/x"));
        assert!(pattern.is_indexed());
        assert!(!ArnPattern::new("acs:oss:*:*:*x").is_indexed());
        assert!(!ArnPattern::new("acs:oss:*:*").is_indexed());
    }
}
