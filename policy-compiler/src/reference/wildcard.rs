//! Wildcard patterns (docs/SPEC.md section 2, "Wildcard patterns").
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
//! # The algorithm, and why it is right
//! Cut the pattern at its `*`s into star-free *chunks* `C0 * C1 * … * Ck`. A chunk of `j`
//! characters matches exactly `j` characters of text (each literal one, each `?` one), so
//! the text matches when it can be cut into `C0`, anything, `C1`, anything, …, `Ck`:
//!
//! 1. With no star (`k = 0`) the one chunk must cover the whole text.
//! 2. Otherwise `C0` must match at the start and `Ck` at the end; having fixed lengths,
//!    each has one possible place. They must not overlap.
//! 3. The middle chunks are placed left to right, each at its leftmost match at or after
//!    the end of the previous one (and before `Ck`). This finds a cutting whenever one
//!    exists: take any cutting, and move `C1` to its leftmost match; it ends no later than
//!    before (its length is fixed), so every later chunk still fits where it was, and the
//!    stars around `C1` absorb the difference. Repeat for `C2`, … — the greedy cutting is
//!    reached. Conversely a greedy cutting is a cutting. So the greedy walk decides.
//!
//! Each chunk's leftmost match is found by one pass over the text after the previous
//! chunk, so the text is read once in all, plus the pattern once:
//!
//! * a chunk without `?` by [`str::find`], the standard library's substring search
//!   (Two-Way: linear in text plus chunk, whatever they hold);
//! * a chunk with `?` by a bit set of *partial matches*: after reading a character, bit
//!   `i` says "the chunk's first `i + 1` characters match the characters ending here".
//!   Reading the next character `x`, a bit moves up to `i + 1` when chunk character
//!   `i + 1` is `x` or `?`, and bit 0 is set when the first chunk character accepts `x`
//!   (a match may start anywhere). When the last bit is set, a match ends here; the first
//!   time it is set is the leftmost match (fixed length: first to end, first to start).
//!   A step costs one word operation per 64 chunk characters, so the pass costs
//!   O(n·⌈c/64⌉) for a chunk of `c` characters (and the table of which places accept
//!   which character, built once per chunk, O(c·⌈c/64⌉)).
//!
//! Tests count the steps ([`steps`] under `cfg(test)`): a character compared, a text
//! byte searched, a word of partial matches updated.

use std::collections::HashMap;

/// Whether `text` matches `pattern`, as a whole.
pub(super) fn matches(pattern: &str, text: &str) -> bool {
    let chunks: Vec<&str> = pattern.split('*').collect();
    let (first, middle, last) = match chunks.as_slice() {
        [only] => return match_at(only, text) == Some(text.len()),
        [first, middle @ .., last] => (*first, middle, *last),
        [] => return text.is_empty(),
    };
    // Rule 2: `first` at the start, `last` at the end, not overlapping.
    let Some(mut at) = match_at(first, text) else { return false };
    let Some(end) = start_of_suffix(last, text) else { return false };
    if end < at {
        return false;
    }
    // Rule 3: each middle chunk at its leftmost match in what is left between them.
    for chunk in middle.iter().filter(|chunk| !chunk.is_empty()) {
        let Some(between) = text.get(at..end) else { return false };
        match leftmost_end(chunk, between) {
            Some(ends) => at += ends,
            None => return false,
        }
    }
    true
}

/// Counts `count` steps of work (tests only: a no-op otherwise).
#[inline]
fn steps(count: usize) {
    #[cfg(test)]
    tests::STEPS.with(|steps| steps.set(steps.get() + count));
    #[cfg(not(test))]
    let _ = count;
}

/// Whether chunk character `want` accepts text character `have`.
fn accepts(want: char, have: char) -> bool {
    want == '?' || want == have
}

/// Where `chunk` ends when matched at the start of `text`, or `None`.
fn match_at(chunk: &str, text: &str) -> Option<usize> {
    let mut rest = text.char_indices();
    for want in chunk.chars() {
        steps(1);
        let (_, have) = rest.next()?;
        if !accepts(want, have) {
            return None;
        }
    }
    Some(rest.next().map_or(text.len(), |(at, _)| at))
}

/// Where `chunk` starts when it matches the end of `text`, or `None`.
fn start_of_suffix(chunk: &str, text: &str) -> Option<usize> {
    let count = chunk.chars().count();
    let start = match count {
        0 => text.len(),
        _ => text.char_indices().rev().nth(count - 1)?.0,
    };
    (match_at(chunk, text.get(start..)?) == Some(text.len() - start)).then_some(start)
}

/// The end of the leftmost match of the non-empty star-free `chunk` in `text`.
fn leftmost_end(chunk: &str, text: &str) -> Option<usize> {
    if !chunk.contains('?') {
        // Two-Way's bound: a small multiple of text plus chunk.
        steps(text.len() + chunk.len());
        return text.find(chunk).map(|at| at + chunk.len());
    }
    let wanted: Vec<char> = chunk.chars().collect();
    let words = wanted.len().div_ceil(64);
    // For each character of the chunk, and for `?`, the bits of the places that accept
    // it: built once, so that a step costs one operation per word.
    let mut places: HashMap<char, Vec<u64>> = HashMap::new();
    for (i, want) in wanted.iter().enumerate() {
        steps(1);
        let bits = places.entry(*want).or_insert_with(|| vec![0; words]);
        if let Some(word) = bits.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }
    let none = vec![0; words];
    let any = places.get(&'?').unwrap_or(&none);
    let last = wanted.len() - 1;
    let mut partial = vec![0u64; words];
    for (at, have) in text.char_indices() {
        steps(words);
        let exact = places.get(&have).unwrap_or(&none);
        // Every bit moves up one place (carried into the next word), bit 0 enters, and
        // only the bits whose chunk character accepts `have` stay.
        let mut carry = 1;
        for ((word, exact), any) in partial.iter_mut().zip(exact).zip(any) {
            let next_carry = *word >> 63;
            *word = ((*word << 1) | carry) & (exact | any);
            carry = next_carry;
        }
        if partial.get(last / 64).is_some_and(|word| word >> (last % 64) & 1 == 1) {
            return Some(at + have.len_utf8());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use proptest::prelude::*;

    use super::matches;

    thread_local! {
        /// The steps counted on this thread ([`super::steps`]).
        pub(super) static STEPS: Cell<usize> = const { Cell::new(0) };
    }

    /// The decision and the steps of one match.
    fn counted(pattern: &str, text: &str) -> (bool, usize) {
        STEPS.with(|steps| steps.set(0));
        let matched = matches(pattern, text);
        (matched, STEPS.with(Cell::get))
    }

    /// Up to the 4,003-byte pattern (within the 4,095-byte string limit) against 64 KiB.
    const TEXT_LENGTHS: [usize; 3] = [1 << 10, 1 << 14, 1 << 16];
    const CHUNK_LENGTHS: [usize; 4] = [2, 64, 1_000, 4_001];

    #[test]
    fn star_family_costs_text_plus_pattern() {
        for (n, c) in TEXT_LENGTHS.into_iter().flat_map(|n| CHUNK_LENGTHS.map(|c| (n, c))) {
            let pattern = format!("*{}b*", "a".repeat(c - 1));
            for (text, want) in [("a".repeat(n), false), (format!("{}b", "a".repeat(n - 1)), c <= n)] {
                let (matched, steps) = counted(&pattern, &text);
                assert_eq!(matched, want, "n {n} c {c}");
                assert!(steps <= 2 * (n + pattern.len()), "{steps} steps, n {n} c {c}");
            }
        }
    }

    #[test]
    fn question_mark_family_costs_text_times_words() {
        for (n, c) in TEXT_LENGTHS.into_iter().flat_map(|n| CHUNK_LENGTHS.map(|c| (n, c))) {
            let chunk: String = (0..c - 1).map(|i| if i % 2 == 0 { 'a' } else { '?' }).chain(['b']).collect();
            let pattern = format!("*{chunk}*");
            // The table of places, once; then one step per text character and word.
            let bound = (n + c) * c.div_ceil(64) + 2 * pattern.len();
            for (text, want) in [("a".repeat(n), false), (format!("{}b", "a".repeat(n - 1)), c <= n)] {
                let (matched, steps) = counted(&pattern, &text);
                assert_eq!(matched, want, "n {n} c {c}");
                assert!(steps <= bound, "{steps} steps, n {n} c {c}");
            }
            let wide = "月".repeat(n);
            let (matched, steps) = counted(&format!("*{}*", "?".repeat(c)), &wide);
            assert!(matched == (c <= n) && steps <= bound, "{steps} steps, n {n} c {c}");
        }
    }

    /// docs/SPEC.md's definition read literally, by recursion (exponential: small inputs only).
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

        #[test]
        fn long_chunks_agree_with_the_definition(
            chunks in proptest::collection::vec("[ab?月]{0,80}", 1..3),
            fill in "[ab月]",
            noise in "[ab月]{0,90}",
            derived in proptest::bool::ANY,
        ) {
            // Chunks over 64 characters carry partial matches across words; a text made
            // from the pattern (each `?` and `*` filled in) matches, a random one mostly not.
            let pattern = chunks.join("*");
            let text = match derived {
                true => pattern.replace('?', &fill).replace('*', &noise),
                false => noise,
            };
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            let want = by_definition(&chars(&pattern), &chars(&text));
            prop_assert!(want || !derived);
            prop_assert_eq!(matches(&pattern, &text), want);
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
