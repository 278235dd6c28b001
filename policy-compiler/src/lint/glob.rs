//! Questions about wildcard patterns as sets of strings: can two patterns match a common
//! string ([`intersects`]), does one pattern match everything another does ([`covers`]).
//!
//! The linter needs both to say, without running a request, that an entry can match no
//! OSS resource or that a `Deny` covers an `Allow`. Both are answered soundly for the
//! warning that rests on them: [`intersects`] is exact (a table over positions of the two
//! patterns, linear in the product of their lengths), and [`covers`] answers `true` only
//! in the cheap cases where it is sure (every string, the same text, a literal prefix
//! followed by `*`), so that a "covered" is never wrong and a "not covered" only costs a
//! warning not given.
//!
//! Patterns follow docs/SPEC.md section 2: `*` is any sequence, `?` exactly one character,
//! everything else itself. A [`Token`] adds the two classes the linter's languages need:
//! "any character but `/`" and "any character but `:`".

/// The characters a wildcard token stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Any character.
    Any,
    /// Any character but `/`.
    NoSlash,
    /// Any character but `:`.
    NoColon,
}

impl Class {
    fn has(self, c: char) -> bool {
        match self {
            Class::Any => true,
            Class::NoSlash => c != '/',
            Class::NoColon => c != ':',
        }
    }
}

/// One token of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// The character itself.
    Literal(char),
    /// Exactly one character of the class.
    One(Class),
    /// Any sequence (empty included) of characters of the class.
    Many(Class),
}

impl Token {
    /// Whether the two single-character tokens can stand for the same character.
    fn meets(self, other: Token) -> bool {
        match (self, other) {
            (Token::Literal(a), Token::Literal(b)) => a == b,
            (Token::Literal(c), Token::One(class) | Token::Many(class))
            | (Token::One(class) | Token::Many(class), Token::Literal(c)) => class.has(c),
            // Every class holds `a`.
            _ => true,
        }
    }
}

/// The tokens of a policy pattern (`*` and `?` over any character).
pub(crate) fn tokens(pattern: &str) -> Vec<Token> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Many(Class::Any),
            '?' => Token::One(Class::Any),
            c => Token::Literal(c),
        })
        .collect()
}

/// The tokens of a literal text.
pub(crate) fn literal(text: &str) -> impl Iterator<Item = Token> + '_ {
    text.chars().map(Token::Literal)
}

/// Whether some string matches both token sequences. Exact; the cost is the product of
/// their lengths, and one of them is always one of the linter's short languages.
pub(crate) fn intersects(a: &[Token], b: &[Token]) -> bool {
    let width = b.len() + 1;
    // reach[i * width + j]: the suffixes a[i..] and b[j..] can match a common string.
    let mut reach = vec![false; (a.len() + 1) * width];
    for i in (0..=a.len()).rev() {
        for j in (0..=b.len()).rev() {
            let at = |i: usize, j: usize| reach.get(i * width + j).copied().unwrap_or(false);
            let (x, y) = (a.get(i).copied(), b.get(j).copied());
            let many = |token: Option<Token>| matches!(token, Some(Token::Many(_)));
            // Both done; or a `Many` stands for nothing more.
            let mut value = (x.is_none() && y.is_none()) || (many(x) && at(i + 1, j)) || (many(y) && at(i, j + 1));
            if let (Some(x), Some(y)) = (x, y)
                && !value
                && x.meets(y)
            {
                // One common character: a `Many` that stands for it stays.
                value = match (many(Some(x)), many(Some(y))) {
                    (true, false) => at(i, j + 1),
                    (false, true) => at(i + 1, j),
                    (false, false) => at(i + 1, j + 1),
                    // Two `Many`: letting either end first covers every way.
                    (true, true) => false,
                };
            }
            if let Some(slot) = reach.get_mut(i * width + j) {
                *slot = value;
            }
        }
    }
    reach.first().copied().unwrap_or(false)
}

/// Whether every string `inner` matches is matched by `outer` (both policy patterns),
/// answered `true` only where that is certain: `outer` is all `*`, the two are the same
/// text, or `outer` is a wildcard-free prefix followed by one `*` and `inner` starts
/// with that prefix as literal text.
pub(crate) fn covers(outer: &str, inner: &str) -> bool {
    if outer == inner || (!outer.is_empty() && outer.chars().all(|c| c == '*')) {
        return true;
    }
    match outer.strip_suffix('*') {
        Some(prefix) if !prefix.contains(['*', '?']) => inner.starts_with(prefix),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meet(a: &str, b: &str) -> bool {
        intersects(&tokens(a), &tokens(b))
    }

    #[test]
    fn two_patterns_meet_when_some_string_matches_both() {
        let cases: &[(&str, &str, bool)] = &[
            ("", "", true),
            ("", "*", true),
            ("", "?", false),
            ("acs", "acs", true),
            ("acs", "arn", false),
            ("a*", "*s", true),
            ("a*c", "ab*", true),
            ("a?c", "abd", false),
            ("oss*", "oss", true),
            ("ecs", "oss*", false),
            ("*", "anything", true),
            ("b/*", "*/x", true),
            ("mybucket/*", "acs:oss*", false),
            ("??", "a", false),
            ("*a*b*", "*b*a*", true),
            ("x*y", "*z", false),
        ];
        for &(a, b, expected) in cases {
            assert_eq!(meet(a, b), expected, "{a} ∩ {b}");
            assert_eq!(meet(b, a), expected, "{b} ∩ {a}");
        }
    }

    #[test]
    fn classes_exclude_their_character() {
        let no_slash = [Token::One(Class::NoSlash), Token::Many(Class::NoSlash)];
        assert!(intersects(&tokens("bucket"), &no_slash));
        assert!(intersects(&tokens("b*"), &no_slash));
        assert!(!intersects(&tokens("b/*"), &no_slash));
        assert!(!intersects(&tokens(""), &no_slash));
        let no_colon = [Token::Many(Class::NoColon)];
        assert!(!intersects(&tokens("a:b"), &no_colon));
        assert!(intersects(&tokens("a?b"), &no_colon));
    }

    #[test]
    fn a_long_pattern_is_compared_in_its_length_times_the_language() {
        let long = "*a".repeat(2000);
        assert!(meet(&long, "*"));
        assert!(!meet(&long, "b"));
        assert!(meet(&long, "b*"));
    }

    #[test]
    fn covering_is_claimed_only_when_certain() {
        let cases: &[(&str, &str, bool)] = &[
            ("*", "anything*", true),
            ("**", "x", true),
            ("b/*", "b/x/*", true),
            ("b/*", "b/", true),
            ("b/*", "b", false),
            ("b/*", "c/*", false),
            ("b/*", "b?/x", false),
            ("b/x", "b/x", true),
            ("b/x", "b/?", false),
            ("b/*/x", "b/a/x", false),
            ("", "", true),
            ("", "x", false),
        ];
        for &(outer, inner, expected) in cases {
            assert_eq!(covers(outer, inner), expected, "{outer} ⊇ {inner}");
        }
    }
}
