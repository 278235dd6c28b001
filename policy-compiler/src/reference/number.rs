//! Decimal numbers for the `Numeric*` operators (docs/SPEC.md section 3).
//!
//! The grammar is `-`? digits (`.` digits)?: `10`, `-3`, `2.5` and `007` are numbers;
//! `1e3`, `.5`, `5.`, `+1`, ` 1`, `NaN` and `inf` are not. Numbers compare as IEEE
//! doubles, so `-0` equals `0` and `1.0` equals `1`.

/// The value of `text` when it is a decimal number; `None` when it is not.
pub(super) fn parse(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let is_digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    if !is_digits(whole) || !fraction.is_none_or(is_digits) {
        return None;
    }
    // The grammar is a subset of what Rust's float parser reads, and the parser rounds
    // correctly; only the grammar check above is ours to get right.
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn follows_the_spec_grammar() {
        let numbers = [("10", 10.0), ("-3", -3.0), ("2.5", 2.5), ("007", 7.0), ("-0", 0.0), ("0.125", 0.125)];
        for (text, want) in numbers {
            assert_eq!(parse(text), Some(want), "{text:?}");
        }
        let not_numbers =
            ["1e3", ".5", "5.", "+1", "", "-", "--1", "1.2.3", " 1", "1 ", "0x10", "NaN", "inf", "-inf", "1_000", "١"];
        for text in not_numbers {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
