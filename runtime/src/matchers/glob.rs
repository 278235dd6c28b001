//! Wildcard patterns (docs/SPEC.md section 2): `*` matches any sequence of characters, empty
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
//! its leftmost place between them (module `chunk`). Leftmost is always right:
//! every chunk spans a fixed number of characters, so the leftmost match is also the one
//! that ends first, and whatever a later chunk needs, the stars around it can absorb.
//! The search for a chunk resumes where the previous one ended, so the text is read once
//! per pattern, not once per chunk: a check costs O(n + m) steps for a pattern of `*`s and
//! literals (n the text's length, m the pattern's), and O(n·⌈c/64⌉ + m) when chunks hold
//! `?`, compare ASCII case-insensitively or the text is in parts (c the longest such
//! chunk) — whatever the pattern.

use super::bytes::{first_of, same};
use super::chunk;
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// One unit of work: a byte compared, a position tried, an automaton word updated.
    fn step(&mut self);

    /// `count` units of work at once (a substring search's bound).
    fn steps(&mut self, count: usize) {
        for _ in 0..count {
            self.step();
        }
    }
}

impl Meter for () {
    #[inline]
    fn step(&mut self) {}

    #[inline]
    fn steps(&mut self, _: usize) {}
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

/// Whether `b` continues a UTF-8 character (is not its first byte).
#[inline]
pub(crate) fn is_continuation(b: u8) -> bool {
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
        match chunk::leftmost(chunk::Search { chunk, from: at, limit, case }, text, meter) {
            Some(end) => at = end,
            None => return false,
        }
    }
    true
}

/// Matches the star-free `chunk` at `at`; returns where it ends.
pub(crate) fn forward<H: Haystack, M: Meter>(
    chunk: &[u8],
    text: H,
    at: usize,
    case: Case,
    meter: &mut M,
) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Resource;

    /// Rows of (pattern, text, whether it matches), from docs/SPEC.md section 2's rules.
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

    /// The steps of one check, whole and with the text cut into three parts.
    fn steps_of(pattern: &str, text: &str, case: Case, want: bool) -> (usize, usize) {
        let mut whole = Steps(0);
        assert_eq!(matches_with(pattern.as_bytes(), text.as_bytes(), case, &mut whole), want, "{}", pattern.len());
        let boundary = |s: &str, at: usize| (at..=s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(s.len());
        let (a, rest) = text.split_at(boundary(text, text.len() / 3));
        let (b, c) = rest.split_at(boundary(rest, rest.len() / 2));
        let resource = Resource::from_parts([a, "", b, c, ""]);
        let mut parts = Steps(0);
        assert_eq!(matches_with(pattern.as_bytes(), Text::from_resource(&resource), case, &mut parts), want);
        (whole.0, parts.0)
    }

    /// Text lengths and chunk lengths of the adversarial families: up to the 4,003-byte
    /// pattern (within the 4,095-byte string limit) against a 64 KiB header.
    const TEXT_LENGTHS: [usize; 3] = [1 << 10, 1 << 14, 1 << 16];
    const CHUNK_LENGTHS: [usize; 4] = [9, 64, 1_000, 4_001];

    #[test]
    fn star_family_costs_text_plus_pattern() {
        // `*a…ab*` against `a…a` (no match: every position starts a near miss) and
        // against `a…ab` (a match at the very end).
        for (n, c) in TEXT_LENGTHS.into_iter().flat_map(|n| CHUNK_LENGTHS.map(|c| (n, c))) {
            let pattern = format!("*{}b*", "a".repeat(c - 1));
            let m = pattern.len();
            for (text, want) in [("a".repeat(n), false), (format!("{}b", "a".repeat(n - 1)), c <= n)] {
                let (whole, parts) = steps_of(&pattern, &text, Case::Sensitive, want);
                assert!(whole <= 2 * (n + m), "{whole} steps, n {n}, m {m}");
                // A text in parts (a derived access point resource) is read by the automaton.
                assert!(parts <= n * c.div_ceil(64) + m, "{parts} steps, n {n}, m {m}");
            }
        }
    }

    #[test]
    fn question_mark_family_costs_text_times_words() {
        // `*a?a?…b*` (every other byte a `?`) against `a…a` and against `月…月`: each `?`
        // one character of one or of three bytes.
        for (n, c) in TEXT_LENGTHS.into_iter().flat_map(|n| CHUNK_LENGTHS.map(|c| (n, c))) {
            let chunk: String = (0..c - 1).map(|i| if i % 2 == 0 { 'a' } else { '?' }).chain(['b']).collect();
            let pattern = format!("*{chunk}*");
            let m = pattern.len();
            let bound = n * c.div_ceil(64) + m;
            for text in ["a".repeat(n), format!("{}b", "a".repeat(n - 1))] {
                let want = text.ends_with('b') && c <= n;
                let (whole, parts) = steps_of(&pattern, &text, Case::Sensitive, want);
                assert!(whole <= bound && parts <= bound, "{whole}/{parts} steps, n {n}, c {c}");
            }
            let wide: String = "月".repeat(n / 3);
            let pattern = format!("*{}*", "?".repeat(c));
            let (whole, parts) = steps_of(&pattern, &wide, Case::Sensitive, c <= n / 3);
            assert!(whole <= bound && parts <= bound, "{whole}/{parts} steps, n {n}, c {c}");
        }
    }

    #[test]
    fn case_insensitive_family_costs_text_times_words() {
        for (n, c) in TEXT_LENGTHS.into_iter().flat_map(|n| CHUNK_LENGTHS.map(|c| (n, c))) {
            let pattern = format!("OSS:*{}B*", "A".repeat(c - 1));
            let text = format!("oss:{}", "a".repeat(n));
            let (whole, _) = steps_of(&pattern, &text, Case::AsciiInsensitive, false);
            let bound = n * c.div_ceil(64) + pattern.len() + 8;
            assert!(whole <= bound, "{whole} steps, n {n}, c {c}");
        }
    }

    /// docs/SPEC.md section 2 read literally, by backtracking over characters (exponential:
    /// small inputs only).
    fn by_definition(pattern: &[char], text: &[char], case: Case) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| by_definition(rest, &text[skip..], case)),
            Some((want, rest)) => match text.split_first() {
                Some((have, tail)) => {
                    let same = match case {
                        Case::Sensitive => want == have,
                        Case::AsciiInsensitive => want.eq_ignore_ascii_case(have),
                    };
                    (*want == '?' || same) && by_definition(rest, tail, case)
                }
                None => false,
            },
        }
    }

    /// A text that `pattern` matches: each `?` one character, each `*` a few.
    fn instance(pattern: &str, fill: &[char]) -> String {
        let mut fill = fill.iter().cycle();
        let mut out = String::new();
        for p in pattern.chars() {
            match p {
                '?' => out.extend(fill.next()),
                '*' => out.extend(fill.next().into_iter().chain(fill.next())),
                _ => out.push(p),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_definition(
            chunks in proptest::collection::vec("[aAb?月😀]{0,24}", 1..5),
            text in "[aAb月😀]{0,40}",
            fill in proptest::collection::vec(proptest::char::range('a', 'c'), 1..4),
            derived in proptest::bool::ANY,
            cut in 0usize..64,
        ) {
            let pattern = chunks.join("*");
            let text = if derived { instance(&pattern, &fill) } else { text };
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            for case in [Case::Sensitive, Case::AsciiInsensitive] {
                let want = by_definition(&chars(&pattern), &chars(&text), case);
                proptest::prop_assert_eq!(matches_with(pattern.as_bytes(), text.as_bytes(), case, &mut ()), want);
                let at = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
                let (a, b) = text.split_at(at);
                let resource = Resource::from_parts(["", a, "", b, ""]);
                let split = Text::from_resource(&resource);
                proptest::prop_assert_eq!(matches_with(pattern.as_bytes(), split, case, &mut ()), want);
            }
            proptest::prop_assert_eq!(
                matches(&pattern, Text::new(&text)),
                by_definition(&chars(&pattern), &chars(&text), Case::Sensitive)
            );
        }
    }

    #[test]
    fn long_chunks_match_across_automaton_words() {
        // Chunks of 60 to 200 bytes, `?` among them, found at every offset of a text:
        // the automaton's carry from one word into the next.
        for c in [60, 63, 64, 65, 127, 128, 129, 200] {
            let chunk: String =
                (0..c).map(|i| if i % 7 == 3 { '?' } else { char::from(b'a' + (i % 3) as u8) }).collect();
            let pattern = format!("x*{chunk}*y");
            for offset in [0, 1, 63, 64, 100] {
                let body = instance(&chunk, &['月']);
                let text = format!("x{}{body}{}y", "c".repeat(offset), "c".repeat(offset % 5));
                assert!(matches(&pattern, Text::new(&text)), "{c} {offset}");
                let mut short = body.clone();
                short.pop();
                let broken = text.replacen(&body, &short, 1);
                let chars = |s: &str| s.chars().collect::<Vec<_>>();
                let want = by_definition(&chars(&pattern), &chars(&broken), Case::Sensitive);
                assert_eq!(matches(&pattern, Text::new(&broken)), want, "{c} {offset}");
            }
        }
    }
}
