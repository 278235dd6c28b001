//! Condition checks at run time (docs/SPEC.md section 3): every check must hold; a check holds
//! when any request value matches any policy value, negated operators hold when the key
//! is missing and otherwise negate their positive twin.

use oss_policy_runtime::matchers::{fold, ip};
use oss_policy_runtime::value::{parse_address, parse_bool, parse_number, parse_time};
use oss_policy_runtime::{Context, Key};

use crate::ir::{Condition, ConditionKey, Test};
use crate::model::Comparison;

/// Whether every condition holds. Never allocates.
pub(super) fn hold(conditions: &[Condition], context: &Context<'_>) -> bool {
    conditions.iter().all(|condition| holds(condition, context))
}

fn holds(condition: &Condition, context: &Context<'_>) -> bool {
    let positive = match &condition.key {
        ConditionKey::Known(key) => match context.get(*key) {
            Some(text) => known_matches(&condition.test, *key, text, context),
            None => return condition.negated,
        },
        ConditionKey::Other(name) => match context.extra_values(name) {
            Some(values) => values.iter().any(|text| text_matches(&condition.test, text)),
            None => return condition.negated,
        },
    };
    positive != condition.negated
}

/// A well-known key: the typed keys are read from their parsed fields when the test
/// wants their type (the same value as parsing their text), else as text.
fn known_matches(test: &Test, key: Key, text: &str, context: &Context<'_>) -> bool {
    match (test, key) {
        (Test::Ip(blocks), Key::SourceIp) => context.source_ip().is_some_and(|addr| ip::contains_any(blocks, addr)),
        (Test::Date(comparison, times), Key::CurrentTime) => {
            context.current_time().is_some_and(|time| times.iter().any(|value| compare(*comparison, &time, value)))
        }
        (Test::Bool(values), Key::SecureTransport) => context.secure_transport().is_some_and(|b| values.contains(&b)),
        _ => text_matches(test, text),
    }
}

/// Whether one request value, as text, matches one of the policy values. Text that does
/// not parse as the test's type matches nothing.
fn text_matches(test: &Test, text: &str) -> bool {
    match test {
        Test::StringEquals(values) => values.iter().any(|value| value == text),
        Test::StringEqualsIgnoreCase(folded) => folded.iter().any(|value| fold::eq_folded(text, value)),
        Test::StringLike(patterns) => patterns.iter().any(|pattern| pattern.matches(text)),
        Test::Numeric(comparison, numbers) => {
            parse_number(text).is_some_and(|n| numbers.iter().any(|value| compare(*comparison, &n, value)))
        }
        Test::Date(comparison, times) => {
            parse_time(text).is_some_and(|t| times.iter().any(|value| compare(*comparison, &t, value)))
        }
        Test::Bool(values) => parse_bool(text).is_some_and(|b| values.contains(&b)),
        Test::Ip(blocks) => parse_address(text).is_some_and(|addr| ip::contains_any(blocks, addr)),
    }
}

/// `request` compared so with `policy`.
fn compare<T: PartialOrd>(comparison: Comparison, request: &T, policy: &T) -> bool {
    match comparison {
        Comparison::Equals => request == policy,
        Comparison::LessThan => request < policy,
        Comparison::LessThanEquals => request <= policy,
        Comparison::GreaterThan => request > policy,
        Comparison::GreaterThanEquals => request >= policy,
    }
}
