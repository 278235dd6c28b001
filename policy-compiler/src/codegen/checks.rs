//! One function per statement: whether it applies to a request, its action aside (the
//! dispatch on the action id has checked that). Each is specialised for its statement:
//! literals inlined, ARN patterns checked segment by segment with the cheapest test
//! that is exact (a prefix comparison for `bucket/*`), CIDR blocks as integer ranges,
//! numbers and times as constants, and docs/SPEC.md section 3's missing-key rule written out
//! (`!present.is_some_and(...)` for a negated operator).

use std::collections::HashSet;
use std::hash::Hash;

use oss_policy_runtime::value::{IpBlock, Timestamp};
use proc_macro2::{Ident, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::expr::{Bool, Cmp};
use crate::ir::{ArnCheck, ArnPattern, Condition, ConditionKey, Like, PrincipalFilter, StatementIr, Test};
use crate::model::Comparison;
use oss_policy_runtime::Key;

/// The parameter and body of statement `index`'s function: whether it applies, as a
/// boolean expression over `input` (`_input` when the answer does not depend on it).
pub(super) fn statement_fn_parts(statement: &StatementIr) -> (Ident, TokenStream) {
    let principal = statement.principal.as_ref().map_or(Bool::Const(true), |principal| {
        let owner =
            if statement.owner_exempt { Bool::call(quote!(input.is_bucket_owner())).not() } else { Bool::Const(true) };
        Bool::all([owner, principal_check(principal)])
    });
    let resource = resource_check(statement);
    let conditions = Bool::all(statement.conditions.iter().map(condition_check));
    let body = Bool::all([principal, resource, conditions]).tokens();
    // Bind what the expression reads, and only that: no unused variables.
    let resource_binding = mentions(&body, "resource").then(|| quote!(let resource = input.resource();));
    let context_binding = mentions(&body, "context").then(|| quote!(let context = input.context();));
    let reads = mentions(&body, "input") || resource_binding.is_some() || context_binding.is_some();
    let input = if reads { format_ident!("input") } else { format_ident!("_input") };
    let body = quote! {
        #resource_binding
        #context_binding
        #body
    };
    (input, body)
}

/// Whether `tokens` name the identifier `name` anywhere.
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => mentions(&group.stream(), name),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

/// docs/SPEC.md section 2, "Principal": `*`, plain ids compared literally, `arn:sts::`
/// patterns against an assumed role's session.
fn principal_check(principal: &PrincipalFilter) -> Bool {
    if principal.any {
        return Bool::Const(true);
    }
    let ids = (!principal.ids.is_empty()).then(|| {
        let ids = principal.ids.iter().map(|id| Literal::string(id));
        if principal.ids.len() > LONG_LIST {
            // Sorted and distinct (lowering): a binary search of a table.
            Bool::call(quote!(rt::find(&[#(#ids),*], input.uid()).is_some()))
        } else {
            Bool::call(quote!(::core::matches!(input.uid(), rt::Some(#(#ids)|*))))
        }
    });
    let sts = (!principal.sts.is_empty()).then(|| {
        let any = any_arn_check(&principal.sts, &quote!(session), &quote!(&session)).tokens();
        Bool::call(quote!(input.sts().is_some_and(|session| #any)))
    });
    Bool::any(ids.into_iter().chain(sts))
}

/// The longest list written out as a chain of `||`; a longer one becomes a table and a
/// loop over it: the same checks in the same order, in code whose size grows with the
/// list but whose nesting does not (syn, prettyplease and rustc walk a chain of `||` by
/// recursion, and 30,000 terms overflow their stacks).
pub(super) const LONG_LIST: usize = 16;

/// `Resource` / `NotResource`.
fn resource_check(statement: &StatementIr) -> Bool {
    let any = any_arn_check(&statement.resources.patterns, &quote!(resource), &quote!(resource));
    if statement.resources.negated { any.not() } else { any }
}

/// Some pattern of `patterns` matches `arn` (an `rt::Arn`, which `arn_ref` borrows): a
/// chain of `||`, or for a long list a table of [`ArnCheck`]s for `rt::any_arn`.
fn any_arn_check(patterns: &[ArnPattern], arn: &TokenStream, arn_ref: &TokenStream) -> Bool {
    if patterns.len() <= LONG_LIST {
        return Bool::any(patterns.iter().map(|pattern| arn_check(pattern, arn)));
    }
    let table = patterns.iter().map(|pattern| {
        let checks = pattern.checks.iter().map(|check| match check {
            ArnCheck::StartsWith(prefix) => quote!(rt::ArnTest::StartsWith(#prefix)),
            ArnCheck::HasSegments(count) => {
                let count = Literal::usize_unsuffixed(*count);
                quote!(rt::ArnTest::HasSegments(#count))
            }
            ArnCheck::SegmentIs(at, text) => arn_test(quote!(SegmentIs), *at, text),
            ArnCheck::SegmentLike(at, text) => arn_test(quote!(SegmentLike), *at, text),
            ArnCheck::RestIs(at, text) => arn_test(quote!(RestIs), *at, text),
            ArnCheck::RestStartsWith(at, text) => arn_test(quote!(RestStartsWith), *at, text),
            ArnCheck::RestLike(at, text) => arn_test(quote!(RestLike), *at, text),
        });
        quote!(&[#(#checks),*])
    });
    Bool::call(quote!(rt::any_arn(#arn_ref, &[#(#table),*])))
}

/// `rt::ArnTest::{variant}(at, text)`.
fn arn_test(variant: TokenStream, at: usize, text: &str) -> TokenStream {
    let at = Literal::usize_unsuffixed(at);
    quote!(rt::ArnTest::#variant(#at, #text))
}

/// An ARN pattern matched against `arn` (an `rt::Arn`): one call per check of the
/// pattern ([`ArnCheck`]), all of which must hold.
pub(super) fn arn_check(pattern: &ArnPattern, arn: &TokenStream) -> Bool {
    Bool::all(pattern.checks.iter().map(|check| {
        let (method, at, text) = match check {
            ArnCheck::StartsWith(prefix) => return Bool::call(quote!(#arn.starts_with(#prefix))),
            ArnCheck::HasSegments(count) => {
                let count = Literal::usize_unsuffixed(*count);
                return Bool::call(quote!(#arn.has_segments(#count)));
            }
            ArnCheck::SegmentIs(at, text) => (quote!(segment_is), at, text),
            ArnCheck::SegmentLike(at, text) => (quote!(segment_like), at, text),
            ArnCheck::RestIs(at, text) => (quote!(rest_is), at, text),
            ArnCheck::RestStartsWith(at, text) => (quote!(rest_starts_with), at, text),
            ArnCheck::RestLike(at, text) => (quote!(rest_like), at, text),
        };
        let at = Literal::usize_unsuffixed(*at);
        Bool::call(quote!(#arn.#method(#at, #text)))
    }))
}

/// One condition (docs/SPEC.md section 3). A positive operator holds when the key is present
/// and a value matches; a negated one is the negation of its positive twin, so it holds
/// when the key is missing.
fn condition_check(condition: &Condition) -> Bool {
    let negated = condition.negated;
    match &condition.key {
        ConditionKey::Known(key) => match typed_check(*key, &condition.test, negated) {
            Some(check) => check,
            None => {
                let variant = format_ident!("{}", key_variant(*key));
                let value = quote!(context.get(rt::Key::#variant));
                present(&value, &quote!(text), text_test(&condition.test, &quote!(text)), negated)
            }
        },
        ConditionKey::Other(name) => {
            let name = Literal::string(name);
            let value = quote!(context.extra_values(#name));
            let test = match text_test(&condition.test, &quote!(text)) {
                Bool::Const(constant) => Bool::Const(constant),
                // One value equal to a literal: `values.contains(&"...")`.
                Bool::Compare(lhs, Cmp::Eq, one) if lhs.to_string() == "text" => {
                    Bool::call(quote!(values.contains(&#one)))
                }
                test => {
                    let test = test.tokens();
                    Bool::call(quote!(values.iter().any(|&text| #test)))
                }
            };
            present(&value, &quote!(values), test, negated)
        }
    }
}

/// `value` (an `Option`) present and `test` holding for it, or for a negated operator
/// the negation: absent, or `test` not holding.
fn present(value: &TokenStream, binding: &TokenStream, test: Bool, negated: bool) -> Bool {
    let check = Bool::present(value.clone(), binding.clone(), test);
    if negated { check.not() } else { check }
}

/// The typed keys read their parsed value when the operator wants their type (the same
/// value as parsing their text); `None` for every other pairing, which compares text.
fn typed_check(key: Key, test: &Test, negated: bool) -> Option<Bool> {
    Some(match (key, test) {
        (Key::SourceIp, Test::Ip(blocks)) => {
            present(&quote!(context.source_ip()), &quote!(ip), ip_test(blocks, &quote!(ip)), negated)
        }
        (Key::CurrentTime, Test::Date(comparison, times)) => present(
            &quote!(context.current_time()),
            &quote!(time),
            compare_all(*comparison, &quote!(time), times.iter().map(timestamp).collect(), times_order(times)),
            negated,
        ),
        (Key::SecureTransport, Test::Bool(values)) => bool_test(&quote!(context.secure_transport()), values, negated),
        _ => return None,
    })
}

/// Whether one request value, as text, matches one of the policy values; text that does
/// not parse as the test's type matches nothing.
fn text_test(test: &Test, text: &TokenStream) -> Bool {
    match test {
        Test::StringEquals(values) => equals_any(text, values.iter().map(String::as_str)),
        Test::StringEqualsIgnoreCase(folded) => {
            let values = dedup(folded.iter().map(String::as_str));
            any_call(&values, text, &quote!(rt::eq_folded))
        }
        Test::StringLike(patterns) => {
            if patterns.contains(&Like::Any) {
                return Bool::Const(true);
            }
            let literal = equals_any(
                text,
                patterns.iter().filter_map(|like| match like {
                    Like::Is(literal) => Some(literal.as_str()),
                    _ => None,
                }),
            );
            let wild = dedup(patterns.iter().filter_map(|like| match like {
                Like::StartsWith(prefix) => Some((true, prefix.as_str())),
                Like::Wild(pattern) => Some((false, pattern.as_str())),
                Like::Any | Like::Is(_) => None,
            }));
            if wild.len() > LONG_LIST {
                let of = |prefix: bool| wild.iter().filter(|like| like.0 == prefix).map(|like| like.1).collect();
                let (prefixes, wild): (Vec<&str>, Vec<&str>) = (of(true), of(false));
                let prefixes = any_call(&prefixes, text, &quote!(rt::has_prefix));
                return Bool::any([literal, prefixes, any_call(&wild, text, &quote!(rt::like))]);
            }
            let wild = wild.into_iter().map(|(prefix, pattern)| {
                let pattern = Literal::string(pattern);
                match prefix {
                    true => Bool::call(quote!(rt::has_prefix(#text, #pattern))),
                    false => Bool::call(quote!(rt::like(#text, #pattern))),
                }
            });
            Bool::any(std::iter::once(literal).chain(wild))
        }
        Test::Numeric(comparison, numbers) => {
            let order = numbers_order(numbers);
            let test = compare_all(*comparison, &quote!(number), numbers.iter().map(|n| number(*n)).collect(), order);
            parsed(quote!(rt::parse_number(#text)), &quote!(number), test)
        }
        Test::Date(comparison, times) => {
            let test =
                compare_all(*comparison, &quote!(time), times.iter().map(timestamp).collect(), times_order(times));
            parsed(quote!(rt::parse_time(#text)), &quote!(time), test)
        }
        Test::Bool(values) => bool_test(&quote!(rt::parse_bool(#text)), values, false),
        Test::Ip(blocks) => parsed(quote!(rt::parse_ip(#text)), &quote!(ip), ip_test(blocks, &quote!(ip))),
    }
}

/// `function(text, value)` holds for some of `values`: a chain of calls, or for a long
/// list a loop over a table of them.
fn any_call(values: &[&str], text: &TokenStream, function: &TokenStream) -> Bool {
    let literals = values.iter().map(|value| Literal::string(value));
    if values.len() > LONG_LIST {
        // `&[...]` of constants is promoted to a static: no array is built per check.
        return Bool::call(quote!(<[&str]>::iter(&[#(#literals),*]).any(|value| #function(#text, value))));
    }
    Bool::any(literals.map(|value| Bool::call(quote!(#function(#text, #value)))))
}

/// `parse(text)` succeeds and `test` holds for the value.
fn parsed(parse: TokenStream, binding: &TokenStream, test: Bool) -> Bool {
    present(&parse, binding, test, false)
}

/// Equal to one of `values` (duplicates dropped).
fn equals_any<'v>(text: &TokenStream, values: impl Iterator<Item = &'v str>) -> Bool {
    let values = dedup(values);
    match values.as_slice() {
        [] => Bool::Const(false),
        [""] => Bool::call(quote!(#text.is_empty())),
        [one] => {
            let one = Literal::string(one);
            Bool::compare(text.clone(), Cmp::Eq, quote!(#one))
        }
        many => {
            let many = many.iter().map(|value| Literal::string(value));
            Bool::call(quote!(rt::is_one_of(#text, &[#(#many),*])))
        }
    }
}

/// `values` without repeats, in the order first seen: one hash set lookup each.
fn dedup<T: Hash + Eq + Copy>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    values.filter(|value| seen.insert(*value)).collect()
}

/// `Bool` against `value` (an `Option<bool>`): one of the policy's booleans.
fn bool_test(value: &TokenStream, values: &[bool], negated: bool) -> Bool {
    let check = match (values.contains(&true), values.contains(&false)) {
        (true, true) => return present(value, &quote!(_), Bool::Const(true), negated),
        (false, false) => Bool::Const(false),
        (true, false) => Bool::compare(value.clone(), Cmp::Eq, quote!(rt::Some(true))),
        (false, true) => Bool::compare(value.clone(), Cmp::Eq, quote!(rt::Some(false))),
    };
    if negated { check.not() } else { check }
}

/// Where, among the policy's values, the one that decides an ordered comparison sits:
/// for `<` and `<=` the largest, for `>` and `>=` the smallest (an OR of `x < v` over the
/// values is `x < max`).
#[derive(Clone, Copy)]
struct Extremes {
    smallest: usize,
    largest: usize,
}

fn numbers_order(numbers: &[f64]) -> Extremes {
    extremes(numbers, |a, b| a.total_cmp(b))
}

fn times_order(times: &[Timestamp]) -> Extremes {
    extremes(times, Ord::cmp)
}

fn extremes<T>(values: &[T], cmp: impl Fn(&T, &T) -> core::cmp::Ordering) -> Extremes {
    let by = |pick: core::cmp::Ordering| {
        (0..values.len())
            .reduce(|best, i| match (values.get(i), values.get(best)) {
                (Some(a), Some(b)) if cmp(a, b) == pick => i,
                _ => best,
            })
            .unwrap_or(0)
    };
    Extremes { smallest: by(core::cmp::Ordering::Less), largest: by(core::cmp::Ordering::Greater) }
}

/// `value` compared so with one of `constants` (duplicates dropped for equality).
fn compare_all(comparison: Comparison, value: &TokenStream, constants: Vec<TokenStream>, order: Extremes) -> Bool {
    let pick = |i: usize| constants.get(i).cloned();
    let single = |cmp: Cmp, i: usize| match pick(i) {
        Some(constant) => Bool::compare(value.clone(), cmp, constant),
        None => Bool::Const(false),
    };
    match comparison {
        Comparison::Equals if constants.len() > LONG_LIST => {
            let mut seen = HashSet::new();
            let distinct = constants.iter().filter(|constant| seen.insert(constant.to_string()));
            Bool::call(quote!(<[_]>::contains(&[#(#distinct),*], &#value)))
        }
        Comparison::Equals => {
            let mut seen = HashSet::new();
            Bool::any(
                constants
                    .iter()
                    .filter(|constant| seen.insert(constant.to_string()))
                    .map(|constant| Bool::compare(value.clone(), Cmp::Eq, constant.clone())),
            )
        }
        Comparison::LessThan => single(Cmp::Lt, order.largest),
        Comparison::LessThanEquals => single(Cmp::Le, order.largest),
        Comparison::GreaterThan => single(Cmp::Gt, order.smallest),
        Comparison::GreaterThanEquals => single(Cmp::Ge, order.smallest),
    }
}

/// An `f64` constant. Values that clippy would take for an approximation of a
/// mathematical constant (`3.14`) are written by their bits.
fn number(value: f64) -> TokenStream {
    if value.is_nan() {
        return quote!(::core::primitive::f64::NAN);
    }
    let sign = value.is_sign_negative().then(|| quote!(-));
    let magnitude = value.abs();
    if magnitude.is_infinite() {
        return quote!(#sign ::core::primitive::f64::INFINITY);
    }
    if looks_like_a_known_constant(magnitude) {
        let bits = hex_literal(u128::from(magnitude.to_bits()), 16);
        return quote!(#sign ::core::primitive::f64::from_bits(#bits));
    }
    let literal = Literal::f64_unsuffixed(magnitude);
    let literal = grouped(&literal.to_string()).unwrap_or(literal);
    quote!(#sign #literal)
}

/// A decimal literal (`1780264800`, `100000.0000001`) with its digits in groups of three
/// (`1_780_264_800`, `100_000.000_000_1`), as `clippy::unreadable_literal` wants them;
/// `None` for text that is not one.
fn grouped(text: &str) -> Option<Literal> {
    let (whole, fraction) = text.split_once('.').map_or((text, None), |(whole, fraction)| (whole, Some(fraction)));
    if !whole.bytes().chain(fraction.unwrap_or("").bytes()).all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let chunks = |bytes: &[u8], from_the_end: bool| -> String {
        let chunks: Vec<&[u8]> =
            if from_the_end { bytes.rchunks(3).rev().collect() } else { bytes.chunks(3).collect() };
        let parts: Vec<&str> = chunks.into_iter().filter_map(|chunk| core::str::from_utf8(chunk).ok()).collect();
        parts.join("_")
    };
    let mut out = chunks(whole.as_bytes(), true);
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(&chunks(fraction.as_bytes(), false));
    }
    out.parse().ok()
}

/// An unsigned integer literal, its digits grouped ([`grouped`]).
fn integer(value: u64) -> Literal {
    grouped(&value.to_string()).unwrap_or_else(|| Literal::u64_unsuffixed(value))
}

/// Clippy's `approx_constant` rejects literals of at least three digits close to π, e and
/// their kin; those are better written by their bits than tripping it.
fn looks_like_a_known_constant(value: f64) -> bool {
    use core::f64::consts::*;
    const KNOWN: [f64; 19] = [
        E,
        FRAC_1_PI,
        FRAC_1_SQRT_2,
        FRAC_2_PI,
        FRAC_2_SQRT_PI,
        FRAC_PI_2,
        FRAC_PI_3,
        FRAC_PI_4,
        FRAC_PI_6,
        FRAC_PI_8,
        LN_10,
        LN_2,
        LOG10_E,
        LOG2_E,
        LOG2_10,
        LOG10_2,
        PI,
        SQRT_2,
        TAU,
    ];
    value.to_string().len() >= 4 && KNOWN.iter().any(|known| (value - known).abs() < 0.01)
}

/// An `rt::Timestamp` constant.
fn timestamp(time: &Timestamp) -> TokenStream {
    let sign = (time.seconds < 0).then(|| quote!(-));
    let seconds = integer(time.seconds.unsigned_abs());
    let nanos = integer(u64::from(time.nanos));
    quote!(rt::Timestamp { seconds: #sign #seconds, nanos: #nanos })
}

/// Inside one of the blocks (docs/SPEC.md section 3): each family's blocks as merged integer
/// ranges; an address of the other family never matches.
fn ip_test(blocks: &[IpBlock], ip: &TokenStream) -> Bool {
    let mut v4: Vec<(u128, u128)> = Vec::new();
    let mut v6: Vec<(u128, u128)> = Vec::new();
    for block in blocks {
        match *block {
            IpBlock::V4 { network, prefix } => {
                let host = u32::MAX.checked_shr(u32::from(prefix)).unwrap_or(0);
                v4.push((u128::from(network), u128::from(network | host)));
            }
            IpBlock::V6 { network, prefix } => {
                let host = u128::MAX.checked_shr(u32::from(prefix)).unwrap_or(0);
                v6.push((network, network | host));
            }
        }
    }
    let family = |ranges: Vec<(u128, u128)>, bits: u32, extract: TokenStream| {
        let ranges = merge_ranges(ranges);
        let full = u128::MAX >> (128 - bits);
        let value = quote!(#extract(#ip));
        match ranges.as_slice() {
            [] => Bool::Const(false),
            [(0, end)] if *end == full => Bool::present(value, quote!(_), Bool::Const(true)),
            ranges => {
                let digits = (bits / 4) as usize;
                let patterns = ranges.iter().map(|&(start, end)| {
                    let start_literal = hex_literal(start, digits);
                    if start == end {
                        quote!(#start_literal)
                    } else {
                        let end_literal = hex_literal(end, digits);
                        quote!(#start_literal..=#end_literal)
                    }
                });
                Bool::present(value, quote!(bits), Bool::call(quote!(::core::matches!(bits, #(#patterns)|*))))
            }
        }
    };
    Bool::any([family(v4, 32, quote!(rt::v4)), family(v6, 128, quote!(rt::v6))])
}

/// Sorted, with overlapping and adjacent ranges joined.
fn merge_ranges(mut ranges: Vec<(u128, u128)>) -> Vec<(u128, u128)> {
    ranges.sort_unstable();
    let mut merged: Vec<(u128, u128)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `0x0A00_0000`: upper-case hex, `digits` wide, in groups of four.
fn hex_literal(value: u128, digits: usize) -> Literal {
    let hex = format!("{value:0digits$X}");
    let groups: Vec<&str> =
        hex.as_bytes().rchunks(4).rev().filter_map(|chunk| core::str::from_utf8(chunk).ok()).collect();
    format!("0x{}", groups.join("_")).parse().unwrap_or_else(|_| Literal::u128_unsuffixed(value))
}

/// The name of a well-known key's variant in `rt::Key` (its `Debug` form).
fn key_variant(key: Key) -> String {
    format!("{key:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: &Bool) -> String {
        b.tokens().to_string()
    }

    #[test]
    fn decimal_literals_group_their_digits_by_three() {
        let rows = [
            ("1780264800", "1_780_264_800"),
            ("12345", "12_345"),
            ("123", "123"),
            ("100000.0000001", "100_000.000_000_1"),
            ("2.5", "2.5"),
        ];
        for (text, want) in rows {
            assert_eq!(grouped(text).map(|literal| literal.to_string()).as_deref(), Some(want), "{text}");
        }
        assert!(grouped("1e5").is_none() && grouped("0x1F").is_none());
        assert_eq!(integer(999_999_999).to_string(), "999_999_999");
    }

    #[test]
    fn arn_patterns_take_the_cheapest_exact_checks() {
        let arn = quote!(r);
        let rows = [
            ("*", "true"),
            ("acs:oss:*", "r . starts_with (\"acs:oss:\")"),
            ("acs:oss:*:*:*", "r . starts_with (\"acs:oss:\") && r . has_segments (5)"),
            (
                "acs:oss:*:1746:b/*",
                "r . starts_with (\"acs:oss:\") && r . segment_is (3 , \"1746\") && r . rest_starts_with (4 , \"b/\")",
            ),
            (
                "acs:oss:cn-*:*:b",
                "r . starts_with (\"acs:oss:\") && r . segment_like (2 , \"cn-*\") && r . rest_is (4 , \"b\")",
            ),
            ("acs:oss:r:1:b/*.txt", "r . starts_with (\"acs:oss:r:1:\") && r . rest_like (4 , \"b/*.txt\")"),
            ("*:b", "r . rest_is (1 , \"b\")"),
            ("acs", "r . rest_is (0 , \"acs\")"),
            ("ac*", "r . rest_starts_with (0 , \"ac\")"),
            (
                "arn:sts::1:assumed-role/r/*",
                "r . starts_with (\"arn:sts::1:\") && r . rest_starts_with (4 , \"assumed-role/r/\")",
            ),
            ("a?:*", "r . segment_like (0 , \"a?\") && r . has_segments (2)"),
        ];
        for (pattern, want) in rows {
            assert_eq!(text(&arn_check(&ArnPattern::new(pattern), &arn)), want, "{pattern}");
        }
    }

    #[test]
    fn ip_blocks_become_merged_integer_ranges() {
        let blocks = |texts: &[&str]| texts.iter().map(|t| IpBlock::parse(t).unwrap()).collect::<Vec<_>>();
        let ip = quote!(ip);
        let rows: &[(&[&str], &str)] = &[
            (
                &["10.0.0.0/8"],
                "rt :: v4 (ip) . is_some_and (| bits | :: core :: matches ! (bits , 0x0A00_0000 ..= 0x0AFF_FFFF))",
            ),
            (
                &["10.0.0.0/9", "10.128.0.0/9", "10.1.2.3"],
                "rt :: v4 (ip) . is_some_and (| bits | :: core :: matches ! (bits , 0x0A00_0000 ..= 0x0AFF_FFFF))",
            ),
            (&["192.168.1.1"], "rt :: v4 (ip) . is_some_and (| bits | :: core :: matches ! (bits , 0xC0A8_0101))"),
            (&["0.0.0.0/0"], "rt :: v4 (ip) . is_some ()"),
            (
                &["::/0", "1.2.3.4/32"],
                "rt :: v4 (ip) . is_some_and (| bits | :: core :: matches ! (bits , 0x0102_0304)) || rt :: v6 (ip) . is_some ()",
            ),
            (&[], "false"),
        ];
        for (texts, want) in rows {
            assert_eq!(text(&ip_test(&blocks(texts), &ip)), *want, "{texts:?}");
        }
        let v6 = text(&ip_test(&blocks(&["2001:db8::/32"]), &ip));
        assert!(
            v6.contains("0x2001_0DB8_0000_0000_0000_0000_0000_0000 ..= 0x2001_0DB8_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF"),
            "{v6}"
        );
    }

    #[test]
    fn ordered_comparisons_keep_the_deciding_value() {
        let value = quote!(n);
        let numbers = [5.0, 10.0, -2.5];
        let constants = || numbers.iter().map(|n| number(*n)).collect::<Vec<_>>();
        let order = numbers_order(&numbers);
        let rows = [
            (Comparison::LessThan, "n < 10.0"),
            (Comparison::LessThanEquals, "n <= 10.0"),
            (Comparison::GreaterThan, "n > - 2.5"),
            (Comparison::GreaterThanEquals, "n >= - 2.5"),
            (Comparison::Equals, "n == 5.0 || n == 10.0 || n == - 2.5"),
        ];
        for (comparison, want) in rows {
            assert_eq!(text(&compare_all(comparison, &value, constants(), order)), want);
        }
    }

    #[test]
    fn numbers_avoid_clippy_approximations() {
        let pi_ish: f64 = "3.14".parse().unwrap();
        assert_eq!(number(pi_ish).to_string(), ":: core :: primitive :: f64 :: from_bits (0x4009_1EB8_51EB_851F)");
        assert_eq!(number(3.1).to_string(), "3.1");
        assert_eq!(number(-0.0).to_string(), "- 0.0");
        assert_eq!(number(f64::INFINITY).to_string(), ":: core :: primitive :: f64 :: INFINITY");
        // Grouped by three, as `clippy::unreadable_literal` wants.
        assert_eq!(number(1e21).to_string(), "1_000_000_000_000_000_000_000.0");
    }

    #[test]
    fn missing_keys_follow_the_operator() {
        let value = quote!(v);
        let test = || Bool::call(quote!(t(x)));
        assert_eq!(text(&present(&value, &quote!(x), test(), false)), "v . is_some_and (| x | t (x))");
        assert_eq!(text(&present(&value, &quote!(x), test(), true)), "v . is_none_or (| x | ! t (x))");
        assert_eq!(text(&present(&value, &quote!(x), Bool::Const(true), true)), "v . is_none ()");
        assert_eq!(text(&present(&value, &quote!(x), Bool::Const(false), true)), "true");
        assert_eq!(text(&bool_test(&value, &[true], true)), "v != rt :: Some (true)");
        assert_eq!(text(&bool_test(&value, &[false, false], false)), "v == rt :: Some (false)");
        assert_eq!(text(&bool_test(&value, &[true, false], false)), "v . is_some ()");
    }

    #[test]
    fn string_values_are_inlined() {
        let t = quote!(text);
        assert_eq!(text(&equals_any(&t, ["a", "a"].into_iter())), "text == \"a\"");
        assert_eq!(text(&equals_any(&t, [""].into_iter())), "text . is_empty ()");
        assert_eq!(
            text(&equals_any(&t, ["a", "", "b"].into_iter())),
            "rt :: is_one_of (text , & [\"a\" , \"\" , \"b\"])"
        );
        let like = Test::StringLike(["vpc-*", "x", "vpc-*", "a*b", "c?**"].map(Like::new).to_vec());
        assert_eq!(
            text(&text_test(&like, &t)),
            "text == \"x\" || rt :: has_prefix (text , \"vpc-\") || rt :: like (text , \"a*b\") \
             || rt :: like (text , \"c?**\")"
        );
        assert_eq!(text(&text_test(&Test::StringLike(["a", "*"].map(Like::new).to_vec()), &t)), "true");
    }
}
