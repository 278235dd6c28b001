//! Lowering: a validated policy model → [`PolicyIr`]. Each statement's lists are
//! compiled into filters, every condition value is parsed once.

use std::collections::{HashMap, HashSet};

use oss_policy_runtime::matchers::{self, actions::ActionFilter};
use oss_policy_runtime::value::{IpBlock, parse_bool, parse_number, parse_time};
use oss_policy_runtime::{Key, PolicyKind};

use super::{ArnPattern, Condition, ConditionKey, Like, PolicyIr, PrincipalFilter, ResourceFilter, StatementIr, Test};
use crate::model::{ConditionClause, OperatorFamily, PatternList, Policy, Spanned, Statement};

/// The `Principal` entry that matches every caller.
const ANY_PRINCIPAL: &str = "*";

/// The start of a principal entry that is an STS session pattern.
const STS_PREFIX: &str = "arn:sts::";

/// Lowers a policy statement by statement. Never fails and never panics: the model is
/// valid by construction, and a policy value that would not parse (only possible in a
/// model built by hand) matches nothing.
pub fn lower(policy: &Policy) -> PolicyIr {
    // Large policies repeat a few action lists many times: expand each once.
    let mut actions: HashMap<(bool, Vec<&str>), ActionFilter> = HashMap::new();
    let statements: Vec<StatementIr> = policy
        .statements
        .iter()
        .map(|statement| {
            let list = &statement.action;
            let filter = actions
                .entry((list.negated, texts(&list.patterns)))
                .or_insert_with_key(|(negated, entries)| ActionFilter::compile(entries, *negated))
                .clone();
            lower_statement(policy.kind, statement, filter)
        })
        .collect();
    PolicyIr { kind: policy.kind, statements }
}

fn lower_statement(kind: PolicyKind, statement: &Statement, actions: ActionFilter) -> StatementIr {
    // RAM policies have no principal check; a resource-based statement without a
    // principal list (never valid) matches no one.
    let principal = kind
        .requires_principal()
        .then(|| statement.principal.as_deref().map_or_else(PrincipalFilter::default, lower_principal));
    let owner_exempt =
        kind == PolicyKind::Bucket && principal.as_ref().is_some_and(|p| p.any) && statement.condition.is_empty();
    StatementIr {
        effect: statement.effect,
        actions,
        resources: lower_resources(&statement.resource),
        principal,
        owner_exempt,
        conditions: statement.condition.iter().map(lower_condition).collect(),
    }
}

fn texts(values: &[Spanned<String>]) -> Vec<&str> {
    values.iter().map(Spanned::as_str).collect()
}

fn lower_resources(list: &PatternList) -> ResourceFilter {
    let patterns = distinct(list.patterns.iter().map(Spanned::as_str)).map(ArnPattern::new).collect();
    ResourceFilter::new(list.negated, patterns)
}

/// `entries` without repeats, in the order first seen (statement semantics do not
/// depend on it, but explanations name a pattern by its place): one hash set lookup per
/// entry, so a statement of 100,000 entries lowers in linear time. Equal texts are equal
/// patterns, and different texts different ones (a pattern keeps its text's segments).
fn distinct<'e>(entries: impl Iterator<Item = &'e str>) -> impl Iterator<Item = &'e str> {
    let mut seen = HashSet::new();
    entries.filter(move |entry| seen.insert(*entry))
}

fn lower_principal(entries: &[Spanned<String>]) -> PrincipalFilter {
    let mut filter = PrincipalFilter::default();
    for entry in distinct(entries.iter().map(Spanned::as_str)) {
        if entry == ANY_PRINCIPAL {
            filter.any = true;
        } else if entry.starts_with(STS_PREFIX) {
            filter.sts.push(ArnPattern::new(entry));
        } else {
            filter.ids.push(entry.to_owned());
        }
    }
    filter.ids.sort_unstable();
    filter.ids.dedup();
    filter
}

fn lower_condition(clause: &ConditionClause) -> Condition {
    let name = clause.key.as_str();
    let key = Key::from_name(name).map_or_else(|| ConditionKey::Other(name.to_owned()), ConditionKey::Known);
    let values = || clause.values.iter().map(Spanned::as_str);
    let test = match clause.operator.family() {
        OperatorFamily::String => Test::StringEquals(values().map(str::to_owned).collect()),
        OperatorFamily::StringIgnoreCase => Test::StringEqualsIgnoreCase(values().map(matchers::fold::fold).collect()),
        OperatorFamily::StringLike => Test::StringLike(values().map(Like::new).collect()),
        OperatorFamily::Numeric(comparison) => Test::Numeric(comparison, values().filter_map(parse_number).collect()),
        OperatorFamily::Date(comparison) => Test::Date(comparison, values().filter_map(parse_time).collect()),
        OperatorFamily::Bool => Test::Bool(values().filter_map(parse_bool).collect()),
        OperatorFamily::Ip => Test::Ip(values().filter_map(IpBlock::parse).collect()),
    };
    Condition { key, negated: clause.operator.is_negated(), test }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Comparison, Effect, Operator, Span};

    fn spanned(text: &str) -> Spanned<String> {
        Spanned { value: text.to_owned(), span: Span::default() }
    }

    fn list(negated: bool, entries: &[&str]) -> PatternList {
        PatternList { negated, patterns: entries.iter().map(|e| spanned(e)).collect() }
    }

    fn clause(operator: Operator, key: &str, values: &[&str]) -> ConditionClause {
        ConditionClause { operator, key: spanned(key), values: values.iter().map(|v| spanned(v)).collect() }
    }

    fn statement(principal: Option<&[&str]>, condition: Vec<ConditionClause>) -> Statement {
        Statement {
            sid: None,
            effect: Effect::Allow,
            action: list(false, &["oss:GetObject"]),
            resource: list(false, &["acs:oss:*:*:b/*", "acs:oss:*:*:b/*", "*"]),
            principal: principal.map(|entries| entries.iter().map(|e| spanned(e)).collect()),
            condition,
            span: Span::default(),
        }
    }

    #[test]
    fn principals_are_sorted_into_any_ids_and_sts() {
        let entries = ["2", "*", "1", "arn:sts::1:assumed-role/r/*", "2081****", "1", "ARN:STS::1:x"];
        let filter = lower_principal(&entries.map(spanned));
        assert!(filter.any);
        assert_eq!(filter.ids, ["1", "2", "2081****", "ARN:STS::1:x"]);
        assert_eq!(filter.sts.len(), 1);
        assert_eq!(filter.sts[0].segments, ["arn", "sts", "", "1", "assumed-role/r/*"]);
    }

    #[test]
    fn owner_rule_needs_bucket_kind_star_and_no_condition() {
        let star: &[&str] = &["*"];
        let named: &[&str] = &["1"];
        let cond = || vec![clause(Operator::StringEquals, "acs:SourceVpc", &["vpc-1"])];
        let rows = [
            (PolicyKind::Bucket, Some(star), vec![], true),
            (PolicyKind::Bucket, Some(star), cond(), false),
            (PolicyKind::Bucket, Some(named), vec![], false),
            (PolicyKind::AccessPoint, Some(star), vec![], false),
            (PolicyKind::Ram, None, vec![], false),
        ];
        for (kind, principal, condition, want) in rows {
            let lowered = lower_statement(kind, &statement(principal, condition), ActionFilter::default());
            assert_eq!(lowered.owner_exempt, want, "{kind} {principal:?}");
        }
    }

    #[test]
    fn principal_checks_follow_the_kind() {
        let named: &[&str] = &["1"];
        let lowered = |kind, principal| lower_statement(kind, &statement(principal, vec![]), ActionFilter::default());
        assert_eq!(lowered(PolicyKind::Ram, Some(named)).principal, None);
        assert_eq!(lowered(PolicyKind::Bucket, None).principal, Some(PrincipalFilter::default()));
        assert_eq!(lowered(PolicyKind::AccessPoint, Some(named)).principal.unwrap().ids, ["1"]);
    }

    #[test]
    fn resources_are_split_and_deduplicated() {
        let lowered = lower_statement(PolicyKind::Ram, &statement(None, vec![]), ActionFilter::default());
        let patterns = &lowered.resources.patterns;
        assert_eq!(patterns.len(), 2);
        assert_eq!(patterns[0].segments, ["acs", "oss", "*", "*", "b/*"]);
        assert_eq!((patterns[0].literal_prefix(), patterns[0].suffix()), ("b/", "*"));
        assert!(patterns[0].is_indexed());
        assert!(!patterns[1].is_indexed());
        assert!(!ArnPattern::new("acs:oss:*:*:*x").is_indexed());
        assert!(!ArnPattern::new("acs:oss:*:*").is_indexed());
    }

    #[test]
    fn condition_values_are_parsed_once() {
        let rows = [
            (clause(Operator::StringNotEquals, "ACS:SOURCEVPC", &["vpc-1"]), true),
            (clause(Operator::NumericLessThan, "custom:n", &["10", "-2.5", "1e3"]), false),
            (clause(Operator::DateGreaterThan, "acs:CurrentTime", &["2026-01-01T08:00:00+08:00", "today"]), false),
            (clause(Operator::Bool, "acs:SecureTransport", &["TRUE", "yes"]), false),
            (clause(Operator::NotIpAddress, "acs:SourceIp", &["10.1.2.3/8", "300.1.1.1"]), true),
            (clause(Operator::StringEqualsIgnoreCase, "oss:ExistingObjectTag/K", &["ÄB"]), false),
        ];
        let lowered: Vec<Condition> = rows.iter().map(|(c, _)| lower_condition(c)).collect();
        for (condition, (_, negated)) in lowered.iter().zip(&rows) {
            assert_eq!(condition.negated, *negated);
        }
        assert_eq!(lowered[0].key, ConditionKey::Known(Key::SourceVpc));
        assert_eq!(lowered[1].test, Test::Numeric(Comparison::LessThan, vec![10.0, -2.5]));
        assert_eq!(
            lowered[2].test,
            Test::Date(Comparison::GreaterThan, vec![parse_time("2026-01-01T00:00:00Z").unwrap()])
        );
        assert_eq!(lowered[3].test, Test::Bool(vec![true]));
        assert_eq!(lowered[4].test, Test::Ip(vec![IpBlock::parse("10.0.0.0/8").unwrap()]));
        assert_eq!(lowered[5].key, ConditionKey::Other("oss:ExistingObjectTag/K".to_owned()));
        assert_eq!(lowered[5].test, Test::StringEqualsIgnoreCase(vec!["äb".to_owned()]));
    }
}
