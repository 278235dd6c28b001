//! ARN patterns, matched segment by segment (docs/SPEC.md section 2, "Resource").
//!
//! An ARN has up to five segments, split at its first four colons: `acs`, the service,
//! the region, the account, and the relative id — which may itself hold `:` and `/`:
//!
//! ```text
//! acs : oss : cn-hangzhou : 1746 : example-bucket/a:b/c.txt
//! └1┘   └2┘   └────3────┘   └4─┘   └────────5────────────┘
//! ```
//!
//! A pattern is split the same way. Each pattern segment but the last is matched (with
//! the [`wildcard`] rules, case-sensitively) against the ARN's segment
//! at the same position; the pattern's **last** segment is matched against the whole
//! rest of the ARN from that position, colons included. So a wildcard never reaches from
//! one segment into the next, except in the pattern's last segment:
//!
//! * `acs:oss:*:*:mybucket/*` does not match
//!   `acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c`;
//! * `acs:oss:*` (three segments) matches every OSS resource, and `*` (one segment)
//!   matches everything;
//! * an ARN with fewer segments than the pattern does not match it.
//!
//! The same rule serves `arn:sts::` principal patterns (docs/SPEC.md section 2, "Principal").

use super::wildcard;

/// The most segments an ARN is split into.
const MAX_SEGMENTS: usize = 5;

/// Splits `text` at its first `max - 1` colons, into at most `max` segments; the last
/// segment holds the rest of the text, colons included.
fn split(text: &str, max: usize) -> Vec<&str> {
    text.splitn(max, ':').collect()
}

/// Whether `arn` matches `pattern`, segment by segment.
pub(super) fn matches(pattern: &str, arn: &str) -> bool {
    let pattern_segments = split(pattern, MAX_SEGMENTS);
    // The ARN is split into as many segments as the pattern has, so that its last
    // segment is the whole rest that the pattern's last segment must match.
    let arn_segments = split(arn, pattern_segments.len());
    if arn_segments.len() < pattern_segments.len() {
        return false;
    }
    pattern_segments.iter().zip(&arn_segments).all(|(pattern, segment)| wildcard::matches(pattern, segment))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn splits_at_the_first_four_colons_only() {
        assert_eq!(super::split("acs:oss:r:1:b/a:b:c", 5), ["acs", "oss", "r", "1", "b/a:b:c"]);
        assert_eq!(super::split("acs:oss", 5), ["acs", "oss"]);
        assert_eq!(super::split("acs:oss:r:1:b", 3), ["acs", "oss", "r:1:b"]);
        assert_eq!(super::split("*", 5), ["*"]);
    }

    #[test]
    fn matches_segment_by_segment() {
        let cases = [
            // SPEC.md section 2 examples.
            ("acs:oss:*:*:mybucket/abc*.txt", "acs:oss:cn-hangzhou:1:mybucket/abc/x.txt", true),
            ("acs:oss:*:*:mybucket/*", "acs:oss:cn-hangzhou:1:otherbucket/a:b:mybucket/c", false),
            ("acs:oss:*", "acs:oss:cn-hangzhou:1:mybucket/a:b/c", true),
            ("acs:oss:*", "acs:oss:cn-hangzhou:1:mybucket", true),
            ("*", "acs:oss:cn-hangzhou:1:mybucket/a", true),
            ("*", "acs:ossvector:cn-hangzhou:1:vb/index", true),
            ("*", "", true),
            ("*", "not an arn", true),
            ("acs:oss:*:*:*", "acs:oss:cn-hangzhou", false),
            ("acs:oss:*:*:mybucket", "acs:oss:cn-hangzhou:1", false),
            // The last pattern segment takes the rest, colons included.
            ("acs:oss:*:*:mybucket/*", "acs:oss:cn-hangzhou:1:mybucket/a:b:c", true),
            ("acs:oss*", "acs:oss:cn-hangzhou:1:mybucket/a", true),
            ("acs:oss:*:1:mybucket/a:b", "acs:oss:r:1:mybucket/a:b", true),
            // A wildcard stays inside its segment.
            ("acs:oss:*:1:mybucket/a", "acs:oss:cn:hz:1:mybucket/a", false),
            ("acs:*:r:1:b", "acs:oss:x:r:1:b", false),
            ("acs:oss:*", "acs:ossvector:cn-hangzhou:1:vb/index", false),
            ("acs:ossvector:*:*:vb/*", "acs:ossvector:cn-hangzhou:1:vb/index", true),
            // Segments match whole, with wildcards, case-sensitively.
            ("acs:oss:cn-*:*:b", "acs:oss:cn-hangzhou:1:b", true),
            ("acs:oss:cn-*:*:b", "acs:oss:us-west-1:1:b", false),
            ("acs:oss:cn-hangzho?:*:b", "acs:oss:cn-hangzhou:1:b", true),
            ("acs:oss:*:*:MyBucket/*", "acs:oss:cn-hangzhou:1:mybucket/a", false),
            ("acs:oss:*:*:b", "acs:oss:cn-hangzhou:1:b/a", false),
            ("acs:oss:*:*:b/*", "acs:oss:cn-hangzhou:1:b", false),
            // Access point resources.
            (
                "acs:oss:*:*:accesspoint/ap-01/object/*",
                "acs:oss:cn-hangzhou:1:accesspoint/ap-01/object/dir/a.txt",
                true,
            ),
            // STS principals (bucket-policy.txt scenario 4).
            (
                "arn:sts::10323xxxxx72056:assumed-role/role2-name/*",
                "arn:sts::10323xxxxx72056:assumed-role/role2-name/session-1",
                true,
            ),
            (
                "arn:sts::10323xxxxx72056:assumed-role/role2-name/*",
                "arn:sts::10323xxxxx72056:assumed-role/role1-name/session-1",
                false,
            ),
            ("arn:sts::*:assumed-role/r/*", "arn:sts::1:assumed-role/r/s", true),
            ("arn:sts::*:assumed-role/r/*", "arn:sts:x:1:assumed-role/r/s", false),
        ];
        for (pattern, arn, want) in cases {
            assert_eq!(matches(pattern, arn), want, "{pattern:?} against {arn:?}");
        }
    }
}
