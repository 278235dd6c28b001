//! Case-insensitive comparison for `StringEqualsIgnoreCase` (docs/SPEC.md section 3): equal
//! after mapping every character to lower case — Unicode, character by character
//! ([`char::to_lowercase`]; so `Σ` is always `σ`, never the final `ς`).
//!
//! The policy side is folded once, when the policy is compiled ([`fold`]); the request
//! side is folded on the fly while comparing ([`eq_folded`]), without allocating.
//!
//! ```
//! use oss_policy_runtime::matchers::fold::{eq_folded, fold};
//! let policy = fold("Ärger-ABC");
//! assert_eq!(policy, "ärger-abc");
//! assert!(eq_folded("äRGER-abc", &policy));
//! assert!(!eq_folded("ärger-abd", &policy));
//! ```

/// `text` with every character mapped to lower case.
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Whether `text`, folded as [`fold`] does, equals `folded`. Never allocates.
#[inline]
pub fn eq_folded(text: &str, folded: &str) -> bool {
    text.chars().flat_map(char::to_lowercase).eq(folded.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_table() {
        let rows = [
            ("ABC", "abc", true),
            ("abc", "ABC", true),
            ("abc", "abd", false),
            ("ÄÖÜ", "äöü", true),
            ("ΣΑΣ", "σασ", true),
            ("ΣΑΣ", "σας", false),
            ("İ", "i\u{307}", true),
            ("İ", "i", false),
            ("STRASSE", "straße", false),
            ("报告", "报告", true),
            ("", "", true),
            ("a", "", false),
        ];
        for (request, policy, want) in rows {
            assert_eq!(eq_folded(request, &fold(policy)), want, "{request} vs {policy}");
        }
    }
}
