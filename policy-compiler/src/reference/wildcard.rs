//! Wildcard patterns (SPEC.md section 2, "Wildcard patterns").
//!
//! * `*` matches any sequence of characters: the empty one, and `/` and `:` too;
//! * `?` matches exactly one character, one Unicode scalar value (`?` matches `月`,
//!   which is three bytes in UTF-8);
//! * every other character matches itself — there is no escape, so `\*` is a literal
//!   backslash followed by a wildcard;
//! * a pattern matches the **whole** text, not a part of it.
//!
//! Matching is case-sensitive; a caller that wants otherwise (actions) folds both sides
//! first.
//!
//! The algorithm is the classic one: walk pattern and text together; at a `*`, remember
//! where it stands and let it match nothing at first; on a mismatch, go back to the last
//! `*` and let it swallow one more character. Going back to the *last* star is enough
//! (an earlier star can never do better than a later one), so the work is at most
//! pattern length × text length, never exponential.

/// Whether `text` matches `pattern`, as a whole.
pub(super) fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Positions in `pattern` and `text`.
    let (mut p, mut t) = (0, 0);
    // The last `*` met: its position in the pattern, and where in the text the part it
    // swallows currently ends.
    let mut last_star: Option<(usize, usize)> = None;
    loop {
        match (pattern.get(p), text.get(t)) {
            // Both used up together: a match.
            (None, None) => return true,
            // A star: remember it and let it swallow nothing for now.
            (Some('*'), _) => {
                last_star = Some((p, t));
                p += 1;
            }
            // `?` or the same character: both move on.
            (Some(&want), Some(&have)) if want == '?' || want == have => {
                p += 1;
                t += 1;
            }
            // A mismatch, or one side used up before the other: let the last star
            // swallow one more character, if there is one left to swallow.
            _ => match last_star {
                Some((star_p, star_t)) if star_t < text.len() => {
                    last_star = Some((star_p, star_t + 1));
                    p = star_p + 1;
                    t = star_t + 1;
                }
                _ => return false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::matches;

    /// SPEC.md's definition read literally, by recursion (exponential: small inputs only).
    fn by_definition(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| by_definition(rest, &text[skip..])),
            Some(('?', rest)) => !text.is_empty() && by_definition(rest, &text[1..]),
            Some((want, rest)) => text.first() == Some(want) && by_definition(rest, &text[1..]),
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_definition(pattern in "[ab*?:月]{0,8}", text in "[ab:/月]{0,10}") {
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            prop_assert_eq!(matches(&pattern, &text), by_definition(&chars(&pattern), &chars(&text)));
        }
    }

    #[test]
    fn follows_the_spec_rules() {
        let cases = [
            // `*`: any sequence, empty included, `/` and `:` included.
            ("*", "", true),
            ("*", "a/b:c", true),
            ("a*", "a", true),
            ("a*b", "ab", true),
            ("a*b", "a/x:yb", true),
            ("a*b", "a/x:ybc", false),
            ("a**b", "ab", true),
            ("*a*b*c*", "xxaybzzc", true),
            ("*a*b*c*", "xxcybzza", false),
            // `?`: exactly one Unicode scalar value.
            ("?", "", false),
            ("?", "a", true),
            ("?", "ab", false),
            ("?", "月", true),
            ("??", "月", false),
            ("报告/?.pdf", "报告/月.pdf", true),
            ("报告/??.pdf", "报告/月.pdf", false),
            ("a?c", "a/c", true),
            // Every other character matches itself, case-sensitively; no escapes.
            ("abc", "abc", true),
            ("abc", "ABC", false),
            ("a[bc]", "a[bc]", true),
            ("a[bc]", "ab", false),
            (r"a\*", r"a\xyz", true),
            (r"a\*", "a*", false),
            (r"a\?", "a?", false),
            // The whole text.
            ("abc", "abcd", false),
            ("abc", "zabc", false),
            ("abc", "ab", false),
            ("", "", true),
            ("", "a", false),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(matches(pattern, text), want, "{pattern:?} against {text:?}");
        }
    }

    #[test]
    fn does_not_blow_up() {
        let text = "a".repeat(5_000);
        let pattern = format!("{}b", "*a".repeat(30));
        assert!(!matches(&pattern, &text));
        let pattern = format!("{}*", "*a".repeat(30));
        assert!(matches(&pattern, &text));
    }
}
