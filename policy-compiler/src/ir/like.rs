//! Wildcard patterns (docs/SPEC.md section 2) sorted once by shape, so that the usual ones are
//! checked without wildcard matching: a `StringLike` value `STS.*` is a prefix test, a
//! value without wildcards an equality.
//!
//! ```
//! use oss_policy_compiler::ir::Like;
//! assert_eq!(Like::new("**"), Like::Any);
//! assert_eq!(Like::new("vpc-123"), Like::Is("vpc-123".into()));
//! assert_eq!(Like::new("STS.*"), Like::StartsWith("STS.".into()));
//! assert_eq!(Like::new("*.log"), Like::Wild("*.log".into()));
//! ```

use oss_policy_runtime::matchers::{Text, glob};

/// A wildcard pattern by shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Like {
    /// Stars only: matches every text.
    Any,
    /// No wildcard: matches this text only.
    Is(String),
    /// A literal followed by stars only: matches the texts that start with the literal.
    StartsWith(String),
    /// Any other pattern, matched as a wildcard pattern.
    Wild(String),
}

impl Like {
    /// Sorts `pattern` by shape.
    pub fn new(pattern: &str) -> Like {
        let literal = pattern.trim_end_matches('*');
        if !glob::has_wildcard(pattern) {
            Like::Is(pattern.to_owned())
        } else if literal.is_empty() {
            Like::Any
        } else if glob::has_wildcard(literal) {
            Like::Wild(pattern.to_owned())
        } else {
            Like::StartsWith(literal.to_owned())
        }
    }

    /// Whether `text` matches the pattern.
    pub fn matches(&self, text: &str) -> bool {
        match self {
            Like::Any => true,
            Like::Is(literal) => text == literal,
            Like::StartsWith(prefix) => text.as_bytes().starts_with(prefix.as_bytes()),
            Like::Wild(pattern) => glob::matches(pattern, Text::new(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_match_as_the_wildcard_patterns_do() {
        // (pattern, shape, texts it matches, texts it does not), SPEC.md section 2.
        let rows: &[(&str, Like, &[&str], &[&str])] = &[
            ("*", Like::Any, &["", "a"], &[]),
            ("***", Like::Any, &["anything"], &[]),
            ("", Like::Is("".into()), &[""], &["a"]),
            ("vpc-1", Like::Is("vpc-1".into()), &["vpc-1"], &["vpc-12", "VPC-1", ""]),
            ("STS.*", Like::StartsWith("STS.".into()), &["STS.", "STS.x"], &["sts.x", "STS"]),
            ("a**", Like::StartsWith("a".into()), &["a", "ab"], &["b", ""]),
            ("*a", Like::Wild("*a".into()), &["ba", "a"], &["ab"]),
            ("a?*", Like::Wild("a?*".into()), &["ab", "a杭"], &["a"]),
            ("a*b*", Like::Wild("a*b*".into()), &["axbx", "ab"], &["ax"]),
        ];
        for (pattern, shape, yes, no) in rows {
            let like = Like::new(pattern);
            assert_eq!(&like, shape, "{pattern}");
            for (texts, want) in [(*yes, true), (*no, false)] {
                for text in texts {
                    assert_eq!(like.matches(text), want, "{pattern} vs {text}");
                    assert_eq!(glob::matches(pattern, Text::new(text)), want, "{pattern} vs {text}");
                }
            }
        }
    }
}
