//! Wildcard patterns (SPEC.md section 2): `*` matches any sequence of characters, empty
//! included; `?` matches exactly one character (one Unicode scalar value, one to four
//! bytes); every other character matches itself. A pattern matches the **whole** text.
//!
//! ```
//! use oss_policy_runtime::matchers::{glob, Text};
//! assert!(glob::matches("abc*.txt", Text::new("abc/x.txt")));
//! assert!(glob::matches("报告/?.pdf", Text::new("报告/年.pdf")));
//! assert!(!glob::matches("报告/?.pdf", Text::new("报告/年度.pdf")));
//! assert!(glob::matches_ignore_ascii_case("OSS:get*", Text::new("oss:GetObject")));
//! ```
//!
//! # Cost
//! No backtracking: the pattern is cut at its `*`s into star-free chunks. The first chunk
//! is matched at the start, the last one backwards from the end, and each middle chunk at
//! its leftmost place between them — leftmost is always right, because whatever a later
//! chunk needs, the stars around it can absorb. Each input position is tried at most once
//! per chunk, so a check costs at most (input length) × (longest chunk) steps, and for
//! patterns of short chunks such as `*a*a*a*b`, a small multiple of the input length.

use super::bytes::{first_of, same};
use super::text::{Haystack, Text};

/// Whether `pattern` matches the whole `text`, case-sensitively. Never allocates.
#[inline]
pub fn matches(pattern: &str, text: Text<'_>) -> bool {
    // The usual cases, decided inline: `*`, and a pattern equal to the text (a pattern
    // matches its own text, `*` and `?` matching themselves), such as `acs` or an account
    // id against an ARN segment. Nothing reads the pattern for wildcards.
    pattern == "*"
        || text.as_single().is_some_and(|bytes| same(bytes, pattern.as_bytes()))
        || run(pattern, text, Case::Sensitive)
}

/// Whether `pattern` matches the whole `text`, ASCII letters compared case-insensitively
/// (action names). Never allocates.
pub fn matches_ignore_ascii_case(pattern: &str, text: Text<'_>) -> bool {
    run(pattern, text, Case::AsciiInsensitive)
}

/// Takes the short ways for patterns without wildcards and for a literal followed by
/// stars only (`user-1/*`, a masked `1746****`), and reads a one-part text as a plain
/// slice.
fn run(pattern: &str, text: Text<'_>, case: Case) -> bool {
    let pattern = pattern.as_bytes();
    let equal = |text: &[u8], literal: &[u8]| match case {
        Case::Sensitive => same(text, literal),
        Case::AsciiInsensitive => text.eq_ignore_ascii_case(literal),
    };
    match (text.as_single(), short_way(pattern)) {
        (Some(bytes), Some((literal, Tail::Nothing))) => equal(bytes, literal),
        (Some(bytes), Some((literal, Tail::Stars))) => {
            bytes.get(..literal.len()).is_some_and(|head| equal(head, literal))
        }
        (Some(bytes), None) => matches_with(pattern, bytes, case, &mut ()),
        (None, _) => matches_with(pattern, text, case, &mut ()),
    }
}

/// What follows the literal start of a pattern.
enum Tail {
    /// Nothing: the pattern has no wildcard.
    Nothing,
    /// One star or more, and nothing else.
    Stars,
}

/// The literal start of `pattern` and what follows it, or `None` when other wildcards
/// follow.
#[inline]
fn short_way(pattern: &[u8]) -> Option<(&[u8], Tail)> {
    match first_of(pattern, b'*', b'?') {
        None => Some((pattern, Tail::Nothing)),
        Some(at) => {
            let (literal, rest) = pattern.split_at_checked(at)?;
            rest.iter().all(|&b| b == b'*').then_some((literal, Tail::Stars))
        }
    }
}

/// Whether `pattern` contains a wildcard (`*` or `?`).
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.bytes().any(|b| b == b'*' || b == b'?')
}

/// The literal start of `pattern`: everything before its first wildcard.
pub fn literal_prefix(pattern: &str) -> &str {
    let end = pattern.find(['*', '?']).unwrap_or(pattern.len());
    pattern.get(..end).unwrap_or(pattern)
}

/// How letters compare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Sensitive,
    AsciiInsensitive,
}

impl Case {
    #[inline]
    fn eq(self, pattern: u8, text: u8) -> bool {
        match self {
            Case::Sensitive => pattern == text,
            Case::AsciiInsensitive => pattern.eq_ignore_ascii_case(&text),
        }
    }
}

/// Counts the steps of a match (tests measure the cost; production passes `()`).
pub(crate) trait Meter {
    /// One unit of work: a byte compared or a position tried.
    fn step(&mut self);
}

impl Meter for () {
    #[inline]
    fn step(&mut self) {}
}

/// The byte length of the UTF-8 character that starts with `lead`.
#[inline]
fn char_width(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

pub(crate) fn matches_with<H: Haystack, M: Meter>(pattern: &[u8], text: H, case: Case, meter: &mut M) -> bool {
    let mut chunks = pattern.split(|&b| b == b'*');
    let first = chunks.next().unwrap_or(&[]);
    let Some(last) = chunks.next_back() else {
        // No star: the one chunk must cover the text exactly.
        return forward(first, text, 0, case, meter) == Some(text.len());
    };
    let Some(mut at) = forward(first, text, 0, case, meter) else { return false };
    let Some(limit) = backward(last, text, text.len(), case, meter) else { return false };
    if limit < at {
        return false;
    }
    for chunk in chunks.filter(|chunk| !chunk.is_empty()) {
        match leftmost(chunk, text, at, limit, case, meter) {
            Some(end) => at = end,
            None => return false,
        }
    }
    true
}

/// Matches the star-free `chunk` at `at`; returns where it ends.
fn forward<H: Haystack, M: Meter>(chunk: &[u8], text: H, at: usize, case: Case, meter: &mut M) -> Option<usize> {
    let mut pos = at;
    for &p in chunk {
        meter.step();
        let b = text.byte(pos)?;
        if p == b'?' {
            pos += char_width(b);
        } else if case.eq(p, b) {
            pos += 1;
        } else {
            return None;
        }
    }
    (pos <= text.len()).then_some(pos)
}

/// Matches the star-free `chunk` so that it ends at `end`; returns where it starts.
fn backward<H: Haystack, M: Meter>(chunk: &[u8], text: H, end: usize, case: Case, meter: &mut M) -> Option<usize> {
    let mut pos = end;
    for &p in chunk.iter().rev() {
        meter.step();
        pos = pos.checked_sub(1)?;
        let b = text.byte(pos)?;
        if p == b'?' {
            // INVARIANT (text-parts): whole characters, so at most three continuation bytes
            // precede a lead byte.
            while text.byte(pos).is_some_and(is_continuation) {
                pos = pos.checked_sub(1)?;
            }
        } else if !case.eq(p, b) {
            return None;
        }
    }
    Some(pos)
}

/// The end of the leftmost match of `chunk` starting at or after `from` and ending at or
/// before `limit`.
fn leftmost<H: Haystack, M: Meter>(
    chunk: &[u8],
    text: H,
    from: usize,
    limit: usize,
    case: Case,
    meter: &mut M,
) -> Option<usize> {
    let mut start = from;
    while start < limit {
        meter.step();
        let b = text.byte(start)?;
        // A chunk starts on a character boundary, never inside a character.
        if !is_continuation(b)
            && let Some(end) = forward(chunk, text, start, case, meter)
        {
            return (end <= limit).then_some(end);
        }
        start += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Resource;

    /// Rows of (pattern, text, whether it matches), from SPEC.md section 2's rules.
    const CASE_SENSITIVE: &[(&str, &str, bool)] = &[
        ("", "", true),
        ("", "a", false),
        ("*", "", true),
        ("*", "anything/at:all", true),
        ("abc", "abc", true),
        ("abc", "abcd", false),
        ("abc", "ab", false),
        ("abc", "ABC", false),
        ("a*", "a", true),
        ("a*", "ba", false),
        ("*a", "ba", true),
        ("*a", "ab", false),
        ("a*c", "abbbc", true),
        ("a*c", "ac", true),
        ("a*c", "acb", false),
        ("a*b*c", "a-b-c", true),
        ("a*b*c", "a-c-b", false),
        ("a*a", "a", false),
        ("a*a", "aa", true),
        ("*ab*ab*", "abab", true),
        ("*ab*ab*", "aba", false),
        ("abc*.txt", "abc/x.txt", true),
        ("abc*.txt", "abc/x.txt.gz", false),
        ("?", "a", true),
        ("?", "", false),
        ("?", "ab", false),
        ("??", "ab", true),
        ("?", "报", true),
        ("??", "报", false),
        ("报告/?.pdf", "报告/年.pdf", true),
        ("报告/?.pdf", "报告/年度.pdf", false),
        ("*?", "", false),
        ("*?", "报", true),
        ("?*?", "报告", true),
        ("?*?", "报", false),
        ("*?.pdf", "x.pdf", true),
        ("*年?*", "报年度表", true),
        ("*年?*", "报告年", false),
        ("**", "", true),
        ("a**b", "ab", true),
        ("*.txt*", "a.txt", true),
        ("user-1/*", "user-10/x", false),
        ("*😀?", "x😀y", true),
        ("*😀?", "x😀", false),
        ("1746****", "1746", true),
        ("1746****", "17461234", true),
        ("1746****", "174", false),
        ("1746****", "1747", false),
        ("ab*?", "ab", false),
        ("ab*?", "abc", true),
        ("ab?*", "ab", false),
    ];

    #[test]
    fn case_sensitive_table() {
        for &(pattern, text, want) in CASE_SENSITIVE {
            assert_eq!(matches(pattern, Text::new(text)), want, "{pattern:?} vs {text:?}");
        }
    }

    #[test]
    fn ascii_case_insensitive_table() {
        let rows: &[(&str, &str, bool)] = &[
            ("oss:GetObject", "OSS:getobject", true),
            ("oss:Get*", "oss:getBucketAcl", true),
            ("OSS:*", "oss:Anything", true),
            ("oss:?etObject", "oss:GETOBJECT", true),
            ("oss:Put*", "oss:GetObject", false),
            ("OSS:GET*", "oss:getobject", true),
            ("OSS:GET*", "oss:ge", false),
            ("Ä", "ä", false),
        ];
        for &(pattern, text, want) in rows {
            assert_eq!(matches_ignore_ascii_case(pattern, Text::new(text)), want, "{pattern:?} vs {text:?}");
        }
    }

    #[test]
    fn parts_match_like_the_joined_string() {
        for &(pattern, text, want) in CASE_SENSITIVE {
            // Cut the text at every character boundary into two parts (and a leading empty one).
            for (cut, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let (a, b) = text.split_at(cut);
                let resource = Resource::from_parts(["", a, b, "", ""]);
                let split = Text::from_resource(&resource);
                assert_eq!(matches(pattern, split), want, "{pattern:?} vs {a:?}+{b:?}");
            }
        }
    }

    #[test]
    fn wildcard_helpers() {
        assert!(has_wildcard("a*") && has_wildcard("a?") && !has_wildcard("abc"));
        for (pattern, prefix) in [("bucket/user-1/*", "bucket/user-1/"), ("a?b*", "a"), ("*x", ""), ("abc", "abc")] {
            assert_eq!(literal_prefix(pattern), prefix);
        }
    }

    struct Steps(usize);
    impl Meter for Steps {
        fn step(&mut self) {
            self.0 += 1;
        }
    }

    #[test]
    fn adversarial_pattern_costs_linear_steps() {
        let n = 100_000;
        let pattern = b"*a*a*a*a*a*a*a*a*b";
        let texts = [
            "a".repeat(n),
            format!("{}b", "a".repeat(n - 1)),
            format!("{}b", "c".repeat(n - 1)),
            format!("{}ab", "c".repeat(n - 2)),
            "ab".repeat(n / 2),
            format!("b{}", "a".repeat(n - 1)),
        ];
        for text in &texts {
            let want = text.ends_with('b') && text.matches('a').count() >= 8;
            let mut steps = Steps(0);
            assert_eq!(matches_with(pattern, text.as_bytes(), Case::Sensitive, &mut steps), want);
            assert!(steps.0 <= 4 * n, "{} steps for {} bytes", steps.0, text.len());
            let mut steps = Steps(0);
            assert_eq!(matches_with(pattern, Text::new(text), Case::Sensitive, &mut steps), want);
            assert!(steps.0 <= 4 * n, "{} steps for {} bytes", steps.0, text.len());
        }
        // The same holds for a text in five parts.
        let text = format!("{}b", "c".repeat(n - 1));
        let (a, rest) = text.split_at(n / 3);
        let (b, c) = rest.split_at(n / 3);
        let mut steps = Steps(0);
        let resource = Resource::from_parts([a, "", b, c, ""]);
        let split = Text::from_resource(&resource);
        assert!(!matches_with(pattern, split, Case::Sensitive, &mut steps));
        assert!(steps.0 <= 4 * n, "{} steps", steps.0);
    }

    #[test]
    fn long_chunks_cost_at_most_their_length_per_byte() {
        let n = 20_000;
        let chunk = "a".repeat(16) + "b";
        let pattern = format!("*{chunk}*");
        let mut steps = Steps(0);
        assert!(!matches_with(pattern.as_bytes(), "a".repeat(n).as_bytes(), Case::Sensitive, &mut steps));
        assert!(steps.0 <= (chunk.len() + 1) * n, "{} steps", steps.0);
    }
}
