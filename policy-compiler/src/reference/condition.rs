//! Conditions (docs/SPEC.md section 3).
//!
//! A statement's condition holds when **every** clause holds (one clause per operator
//! and key; no clause at all holds). For one clause:
//!
//! * the policy's values are an OR, and the request may give several values for a key
//!   (tags, custom keys): the **positive** operator holds when any request value
//!   matches any policy value;
//! * a **negated** operator (every `...NotEquals...`, `StringNotLike`, `NotIpAddress`)
//!   is the negation of its positive twin. So on a key the request lacks, a positive
//!   operator does not hold and a negated one does (bucket-policy.txt scenario 6 denies
//!   every request without `acs:SourceVpc` through `StringNotLike "vpc-*"`).
//!
//! How one request value matches one policy value, by operator family:
//!
//! | family | matches when |
//! | --- | --- |
//! | `String` | the texts are equal |
//! | `StringIgnoreCase` | the texts are equal once every character is mapped to lower case (Unicode, per character) |
//! | `StringLike` | the request text matches the policy's [wildcard] pattern (case-sensitively) |
//! | `Numeric` | both are [decimal numbers](super::number) and compare so (request *op* policy) |
//! | `Date` | both are [RFC 3339 times](super::time) and compare so as instants |
//! | `Bool` | both are `true` / `false` (any case) and equal |
//! | `Ip` | the request value is an [address](super::cidr) inside the policy's address or block |
//!
//! Every key is read as text, the typed keys (`acs:SourceIp`, `acs:SecureTransport`,
//! `acs:CurrentTime`) included: string operators compare the text the request gave, and
//! the other families parse it here. A value that does not parse for its family matches
//! nothing — a request value of an untyped key (docs/SPEC.md), or a policy value the validator
//! should have refused (then the clause fails as if that value were absent, never
//! panics).

use core::cmp::Ordering;

use super::key::Values;
use super::{cidr, number, time, wildcard};
use crate::model::{Comparison, ConditionClause, OperatorFamily};

/// The first clause that does not hold, with the request's values for its key (none:
/// the key is missing); `None` when every clause holds.
pub(super) fn first_unmet<'s, 'a>(
    clauses: &'s [ConditionClause],
    values: &Values<'_, 'a>,
) -> Option<(&'s ConditionClause, Vec<&'a str>)> {
    clauses.iter().find_map(|clause| {
        let request_values = values.get(clause.key.as_str());
        (!clause_holds(clause, &request_values)).then_some((clause, request_values))
    })
}

/// Whether one clause holds for the request's values of its key.
fn clause_holds(clause: &ConditionClause, request_values: &[&str]) -> bool {
    let family = clause.operator.family();
    let positive = request_values
        .iter()
        .any(|request| clause.values.iter().any(|policy| value_matches(family, request, policy.as_str())));
    if clause.operator.is_negated() { !positive } else { positive }
}

/// Whether one request value matches one policy value under the positive operator of
/// `family`.
fn value_matches(family: OperatorFamily, request: &str, policy: &str) -> bool {
    match family {
        OperatorFamily::String => request == policy,
        OperatorFamily::StringIgnoreCase => lower_case(request).eq(lower_case(policy)),
        OperatorFamily::StringLike => wildcard::matches(policy, request),
        OperatorFamily::Numeric(comparison) => match (number::parse(request), number::parse(policy)) {
            (Some(request), Some(policy)) => compares(comparison, request.partial_cmp(&policy)),
            _ => false,
        },
        OperatorFamily::Date(comparison) => match (time::parse(request), time::parse(policy)) {
            (Some(request), Some(policy)) => compares(comparison, Some(request.cmp(&policy))),
            _ => false,
        },
        OperatorFamily::Bool => match (parse_bool(request), parse_bool(policy)) {
            (Some(request), Some(policy)) => request == policy,
            _ => false,
        },
        OperatorFamily::Ip => match (cidr::parse_address(request), cidr::parse_block(policy)) {
            (Some(address), Some(block)) => cidr::contains(block, address),
            _ => false,
        },
    }
}

/// The characters of `text`, each mapped to lower case (one character may become
/// several: `İ` becomes `i̇`).
fn lower_case(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

/// Whether `ordering`, of the request value against the policy value, is what
/// `comparison` asks for; `None` (incomparable) is not.
fn compares(comparison: Comparison, ordering: Option<Ordering>) -> bool {
    let Some(ordering) = ordering else { return false };
    match comparison {
        Comparison::Equals => ordering.is_eq(),
        Comparison::LessThan => ordering.is_lt(),
        Comparison::LessThanEquals => ordering.is_le(),
        Comparison::GreaterThan => ordering.is_gt(),
        Comparison::GreaterThanEquals => ordering.is_ge(),
    }
}

/// `true` or `false`, in any case.
fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::{Context, ContextEntry, Key};

    use super::first_unmet;
    use crate::model::ConditionClause;
    use crate::model::Operator::{self, *};
    use crate::reference::key::Values;
    use crate::reference::testing::clause;

    /// A request context: the typed and well-known keys below, and two extra keys.
    fn context() -> Context<'static> {
        static EXTRA: [ContextEntry<'static>; 5] = [
            ContextEntry { key: "oss:ExistingObjectTag/status", values: &["draft", "final"] },
            ContextEntry { key: "custom:level", values: &["3", "7"] },
            ContextEntry { key: "custom:when", values: &["2026-01-01T08:00:00+08:00"] },
            ContextEntry { key: "custom:flag", values: &["TRUE"] },
            ContextEntry { key: "custom:addr", values: &["10.1.2.3", "2001:db8::1", "not-an-ip"] },
        ];
        Context::new()
            .with(Key::SourceIp, "192.168.3.4")
            .unwrap()
            .with(Key::SecureTransport, "True")
            .unwrap()
            .with(Key::CurrentTime, "2026-06-01T12:00:00Z")
            .unwrap()
            .with(Key::SourceVpc, "vpc-123")
            .unwrap()
            .with(Key::UserAgent, "ÄBC-İ")
            .unwrap()
            .with(Key::Prefix, "")
            .unwrap()
            .with_extra(&EXTRA)
            .unwrap()
    }

    fn holds(clauses: &[ConditionClause], context: &Context<'_>) -> bool {
        first_unmet(clauses, &Values::of(context)).is_none()
    }

    fn check(cases: &[(Operator, &str, &[&str], bool)]) {
        let context = context();
        for &(operator, key, values, want) in cases {
            let clauses = [clause(operator, key, values)];
            assert_eq!(holds(&clauses, &context), want, "{} {key:?} {values:?}", operator.name());
        }
    }

    #[test]
    fn string_operators_compare_text() {
        check(&[
            (StringEquals, "acs:SourceVpc", &["vpc-123"], true),
            (StringEquals, "ACS:SOURCEVPC", &["vpc-123"], true),
            (StringEquals, "acs:SourceVpc", &["VPC-123"], false),
            (StringEquals, "acs:SourceVpc", &["vpc-1", "vpc-123"], true),
            (StringNotEquals, "acs:SourceVpc", &["vpc-1", "vpc-123"], false),
            (StringNotEquals, "acs:SourceVpc", &["vpc-1"], true),
            // A typed key compares the text the request gave.
            (StringEquals, "acs:SourceIp", &["192.168.3.4"], true),
            (StringEquals, "acs:SecureTransport", &["true"], false),
            (StringEquals, "acs:SecureTransport", &["True"], true),
            // Present but empty.
            (StringEquals, "oss:Prefix", &[""], true),
            (StringNotEquals, "oss:Prefix", &[""], false),
            // Several request values: any of them.
            (StringEquals, "oss:ExistingObjectTag/status", &["final"], true),
            (StringNotEquals, "oss:ExistingObjectTag/status", &["final"], false),
            (StringNotEquals, "oss:ExistingObjectTag/status", &["archived"], true),
            (StringEquals, "oss:ExistingObjectTag/Status", &["final"], false),
            (StringEquals, "OSS:existingObjectTag/status", &["final"], true),
        ]);
    }

    #[test]
    fn ignore_case_maps_every_character_to_lower_case() {
        check(&[
            (StringEqualsIgnoreCase, "acs:SourceVpc", &["VPC-123"], true),
            (StringEqualsIgnoreCase, "acs:UserAgent", &["äbc-i\u{307}"], true),
            (StringEqualsIgnoreCase, "acs:UserAgent", &["ÄBC-İ"], true),
            (StringEqualsIgnoreCase, "acs:UserAgent", &["abc-i"], false),
            (StringNotEqualsIgnoreCase, "acs:UserAgent", &["äbc-i\u{307}"], false),
            (StringNotEqualsIgnoreCase, "acs:SourceVpc", &["VPC-1"], true),
        ]);
    }

    #[test]
    fn string_like_uses_wildcards() {
        check(&[
            (StringLike, "acs:SourceVpc", &["vpc-*"], true),
            (StringLike, "acs:SourceVpc", &["vpc-12?"], true),
            (StringLike, "acs:SourceVpc", &["VPC-*"], false),
            (StringLike, "acs:SourceVpc", &["vpc-1"], false),
            (StringNotLike, "acs:SourceVpc", &["vpc-*"], false),
            (StringNotLike, "acs:SourceVpc", &["vpc-9*"], true),
            (StringLike, "oss:ExistingObjectTag/status", &["fin*"], true),
            (StringLike, "oss:Prefix", &["*"], true),
        ]);
    }

    #[test]
    fn numeric_operators_compare_numbers() {
        check(&[
            (NumericEquals, "custom:level", &["3"], true),
            (NumericEquals, "custom:level", &["3.0"], true),
            (NumericEquals, "custom:level", &["4"], false),
            (NumericNotEquals, "custom:level", &["3"], false),
            (NumericNotEquals, "custom:level", &["4"], true),
            (NumericLessThan, "custom:level", &["4"], true),
            (NumericLessThan, "custom:level", &["3"], false),
            (NumericLessThanEquals, "custom:level", &["3"], true),
            (NumericLessThanEquals, "custom:level", &["2.5"], false),
            (NumericGreaterThan, "custom:level", &["6.5"], true),
            (NumericGreaterThan, "custom:level", &["7"], false),
            (NumericGreaterThanEquals, "custom:level", &["7"], true),
            (NumericGreaterThanEquals, "custom:level", &["8", "-1"], true),
            // A request value that is no number matches nothing.
            (NumericEquals, "acs:SourceVpc", &["123"], false),
            (NumericNotEquals, "acs:SourceVpc", &["123"], true),
            (NumericGreaterThan, "acs:SourceIp", &["0"], false),
        ]);
    }

    #[test]
    fn date_operators_compare_instants() {
        check(&[
            (DateEquals, "custom:when", &["2026-01-01T00:00:00Z"], true),
            (DateNotEquals, "custom:when", &["2026-01-01T00:00:00Z"], false),
            (DateNotEquals, "custom:when", &["2026-01-01T08:00:00Z"], true),
            (DateLessThan, "acs:CurrentTime", &["2026-06-01T12:00:01Z"], true),
            (DateLessThan, "acs:CurrentTime", &["2026-06-01T20:00:00+08:00"], false),
            (DateLessThanEquals, "acs:CurrentTime", &["2026-06-01T20:00:00+08:00"], true),
            (DateGreaterThan, "acs:CurrentTime", &["2026-06-01T11:59:59.999Z"], true),
            (DateGreaterThan, "acs:CurrentTime", &["2026-06-01T12:00:00Z"], false),
            (DateGreaterThanEquals, "acs:CurrentTime", &["2026-06-01T12:00:00.000Z"], true),
            (DateGreaterThanEquals, "acs:CurrentTime", &["2027-01-01T00:00:00Z"], false),
            // A request value that is no time matches nothing.
            (DateEquals, "acs:SourceVpc", &["2026-01-01T00:00:00Z"], false),
            (DateNotEquals, "acs:SourceVpc", &["2026-01-01T00:00:00Z"], true),
        ]);
    }

    #[test]
    fn bool_compares_true_and_false_in_any_case() {
        check(&[
            (Bool, "acs:SecureTransport", &["true"], true),
            (Bool, "acs:SecureTransport", &["TRUE"], true),
            (Bool, "acs:SecureTransport", &["false"], false),
            (Bool, "custom:flag", &["True"], true),
            (Bool, "acs:SourceVpc", &["true"], false),
            (Bool, "acs:SourceVpc", &["false"], false),
        ]);
    }

    #[test]
    fn ip_operators_test_blocks() {
        check(&[
            (IpAddress, "acs:SourceIp", &["192.168.0.0/16"], true),
            (IpAddress, "acs:SourceIp", &["192.168.3.4"], true),
            (IpAddress, "acs:SourceIp", &["10.0.0.0/8", "192.168.3.0/24"], true),
            (IpAddress, "acs:SourceIp", &["10.0.0.0/8"], false),
            (IpAddress, "acs:SourceIp", &["::/0"], false),
            (NotIpAddress, "acs:SourceIp", &["192.168.0.0/16"], false),
            (NotIpAddress, "acs:SourceIp", &["10.0.0.0/8"], true),
            // Host bits ignored.
            (IpAddress, "acs:SourceIp", &["192.168.200.1/16"], true),
            // Several request values, one of them no address.
            (IpAddress, "custom:addr", &["10.0.0.0/8"], true),
            (IpAddress, "custom:addr", &["2001:db8::/32"], true),
            (IpAddress, "custom:addr", &["172.16.0.0/12"], false),
            (NotIpAddress, "custom:addr", &["10.0.0.0/8"], false),
            (NotIpAddress, "custom:addr", &["172.16.0.0/12"], true),
            (IpAddress, "acs:SourceVpc", &["0.0.0.0/0"], false),
            (NotIpAddress, "acs:SourceVpc", &["0.0.0.0/0"], true),
        ]);
    }

    #[test]
    fn missing_keys_fail_positive_operators_and_pass_negated_ones() {
        let values: &[&str] = &["1"];
        for &operator in Operator::ALL {
            let want = operator.is_negated();
            for key in ["acs:AccessId", "custom:absent", "oss:ExistingObjectTag/other"] {
                check(&[(operator, key, values, want)]);
            }
        }
        // bucket-policy.txt scenario 6.
        let internet = Context::new();
        assert!(holds(&[clause(StringNotLike, "acs:SourceVpc", &["vpc-*"])], &internet));
    }

    #[test]
    fn policy_values_that_do_not_parse_match_nothing() {
        check(&[
            (NumericEquals, "custom:level", &["three"], false),
            (NumericNotEquals, "custom:level", &["three"], true),
            (NumericEquals, "custom:level", &["three", "3"], true),
            (DateEquals, "custom:when", &["yesterday"], false),
            (Bool, "acs:SecureTransport", &["yes"], false),
            (IpAddress, "acs:SourceIp", &["192.168.0.0/99"], false),
            (NotIpAddress, "acs:SourceIp", &["nowhere"], true),
        ]);
    }

    #[test]
    fn the_first_clause_that_fails_is_named_with_the_requests_values() {
        let context = context();
        let values = Values::of(&context);
        let vpc = clause(StringLike, "acs:SourceVpc", &["vpc-*"]);
        let status = clause(StringEquals, "oss:ExistingObjectTag/status", &["archived"]);
        let missing = clause(StringEquals, "acs:AccessId", &["STS.x"]);
        let clauses = [vpc.clone(), status.clone(), missing.clone()];
        assert_eq!(first_unmet(&clauses, &values), Some((&status, vec!["draft", "final"])));
        let clauses = [vpc, missing.clone(), status];
        assert_eq!(first_unmet(&clauses, &values), Some((&missing, vec![])));
    }

    #[test]
    fn every_clause_must_hold() {
        let context = context();
        let vpc = clause(StringLike, "acs:SourceVpc", &["vpc-*"]);
        let ip = clause(IpAddress, "acs:SourceIp", &["192.168.0.0/16"]);
        let other_ip = clause(IpAddress, "acs:SourceIp", &["10.0.0.0/8"]);
        assert!(holds(&[], &context));
        assert!(holds(&[vpc.clone(), ip.clone()], &context));
        assert!(!holds(&[vpc, ip, other_ip], &context));
    }
}
