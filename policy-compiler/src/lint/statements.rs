//! The rules about statements and the document (docs/SPEC.md section 7):
//! `unknown-condition-key`, `public-access`, `empty-condition`, `duplicate-statement`,
//! `source-ip-without-vpc` and `kind-mismatch`.
//!
//! The model forgets `"Condition": {}` (it is no condition) and the span of `Principal`
//! as a whole; those two come from the JSON tree of the same text. Duplicates are found
//! in one pass through a hash map of each statement's normalised form.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use oss_policy_runtime::{Key, PolicyKind};

use super::entries::Languages;
use super::keys::{KeyProblem, key_problem, suggest_key};
use super::{Finding, WarningCode};
use crate::json::{Kind, Member, Value};
use crate::model::{Effect, Policy, Span, Statement};

/// Runs the statement and document rules.
pub(crate) fn check(policy: &Policy, tree: &Value<'_>, findings: &mut Vec<Finding>) {
    let objects = statement_objects(tree);
    let mut seen: HashMap<Normal, usize> = HashMap::with_capacity(policy.statements.len());
    for (index, statement) in policy.statements.iter().enumerate() {
        let object = objects.get(index).copied();
        condition_keys(policy.kind, statement, findings);
        if let Some(object) = object {
            empty_condition(object, findings);
            public_access(policy.kind, statement, object, findings);
        }
        match seen.entry(Normal::of(statement)) {
            Entry::Occupied(first) => {
                let message = format!("the statement repeats statement {}", first.get());
                findings.push(Finding::new(WarningCode::DuplicateStatement, statement.span, message).with_help(
                    "statements are compared ignoring `Sid`, order within lists and the case of action and key names",
                ));
            }
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
    }
    kind_mismatch(policy, tree.span, findings);
}

/// The statement objects of the document, in order.
fn statement_objects<'v, 'a>(tree: &'v Value<'a>) -> Vec<&'v [Member<'a>]> {
    let Kind::Object(members) = &tree.kind else { return Vec::new() };
    let Some(Member { value: Value { kind: Kind::Array(items), .. }, .. }) =
        members.iter().find(|member| member.name == "Statement")
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &item.kind {
            Kind::Object(members) => Some(members.as_slice()),
            _ => None,
        })
        .collect()
}

fn member<'v, 'a>(object: &'v [Member<'a>], name: &str) -> Option<&'v Member<'a>> {
    object.iter().find(|member| member.name == name)
}

/// `unknown-condition-key` at each questionable key, and `source-ip-without-vpc`.
fn condition_keys(kind: PolicyKind, statement: &Statement, findings: &mut Vec<Finding>) {
    let has_vpc = statement.condition.iter().any(|clause| clause.key.value.eq_ignore_ascii_case(Key::SourceVpc.name()));
    for clause in &statement.condition {
        let key = clause.key.as_str();
        if let Some(problem) = key_problem(key) {
            let message = match problem {
                KeyProblem::Unknown => format!("`{key}` is not a known condition key"),
                KeyProblem::Foreign => format!("`{key}` is a condition key of another cloud"),
                KeyProblem::Malformed => format!("`{key}` is not a condition key of the form `{{service}}:{{name}}`"),
            };
            let help = match suggest_key(key) {
                Some(known) => format!("did you mean `{known}`"),
                None => "no request carries this key, so a positive operator on it never holds and a `Deny` on it never denies".to_owned(),
            };
            findings.push(Finding::new(WarningCode::UnknownConditionKey, clause.key.span, message).with_help(help));
        }
        if kind == PolicyKind::Bucket && !has_vpc && key.eq_ignore_ascii_case(Key::SourceIp.name()) {
            let message = "the statement conditions on `acs:SourceIp` but not on `acs:SourceVpc`".to_owned();
            let help = "the service rejects such a bucket policy on upload; add a condition on `acs:SourceVpc` (for example `StringNotLike` `vpc-*` to keep VPC requests out of an address rule)";
            findings.push(Finding::new(WarningCode::SourceIpWithoutVpc, clause.key.span, message).with_help(help));
        }
    }
}

/// `"Condition": {}`.
fn empty_condition(object: &[Member<'_>], findings: &mut Vec<Finding>) {
    if let Some(condition) = member(object, "Condition")
        && matches!(&condition.value.kind, Kind::Object(members) if members.is_empty())
    {
        let message = "`\"Condition\": {}` is no condition".to_owned();
        let help = "the statement applies unconditionally (for the bucket-owner rule too); remove the member or write the condition";
        findings.push(Finding::new(WarningCode::EmptyCondition, condition.name_span, message).with_help(help));
    }
}

/// An `Allow` for `*` without a condition.
fn public_access(kind: PolicyKind, statement: &Statement, object: &[Member<'_>], findings: &mut Vec<Finding>) {
    let Some(principals) = &statement.principal else { return };
    if statement.effect != Effect::Allow
        || !statement.condition.is_empty()
        || !principals.iter().any(|p| p.as_str() == "*")
    {
        return;
    }
    let Some(principal) = member(object, "Principal") else { return };
    let who = match kind {
        PolicyKind::Bucket => "anyone, anonymous callers included",
        _ => "anyone",
    };
    let message = format!("the statement allows {who}, without a condition");
    let help =
        "name the accounts or users in `Principal`, or add a condition (an `acs:SourceVpc` or `acs:SourceIp` rule)";
    findings.push(Finding::new(WarningCode::PublicAccess, principal.value.span, message).with_help(help));
}

/// A bucket policy of access point resources only, or an access point policy of none.
fn kind_mismatch(policy: &Policy, document: Span, findings: &mut Vec<Finding>) {
    let mut entries = policy
        .statements
        .iter()
        .filter(|statement| !statement.resource.negated)
        .flat_map(|statement| &statement.resource.patterns)
        .peekable();
    if entries.peek().is_none() {
        return;
    }
    let (mismatch, message, help) = match policy.kind {
        PolicyKind::Bucket => (
            entries.all(|entry| is_access_point_arn(entry.as_str())),
            "every `Resource` entry is an access point, but the document is checked as a bucket policy",
            "check it as an access point policy (`--kind access-point`)",
        ),
        PolicyKind::AccessPoint => (
            {
                let languages = Languages::new();
                entries.all(|entry| !languages.can_match_access_point(entry.as_str()))
            },
            "no `Resource` entry can match an access point, but the document is checked as an access point policy",
            "check it as a bucket policy (`--kind bucket`) or a RAM policy (`--kind ram`)",
        ),
        PolicyKind::Ram => return,
    };
    if mismatch {
        findings.push(Finding::new(WarningCode::KindMismatch, document, message.to_owned()).with_help(help));
    }
}

/// An ARN pattern whose relative id is `accesspoint/...`.
fn is_access_point_arn(entry: &str) -> bool {
    entry.splitn(5, ':').nth(4).is_some_and(|relative| relative.starts_with("accesspoint/"))
}

/// A statement normalised for comparison (docs/SPEC.md section 7, `duplicate-statement`).
#[derive(PartialEq, Eq, Hash)]
struct Normal {
    effect: bool,
    action: (bool, Vec<String>),
    resource: (bool, Vec<String>),
    principal: Option<Vec<String>>,
    /// (operator, key, values), sorted.
    condition: Vec<(&'static str, String, Vec<String>)>,
}

impl Normal {
    fn of(statement: &Statement) -> Normal {
        let set = |values: Vec<String>| {
            let mut values = values;
            values.sort();
            values.dedup();
            values
        };
        let texts =
            |list: &[crate::model::Spanned<String>]| list.iter().map(|entry| entry.value.clone()).collect::<Vec<_>>();
        let mut condition: Vec<_> = statement
            .condition
            .iter()
            .map(|clause| (clause.operator.name(), key_name(clause.key.as_str()), set(texts(&clause.values))))
            .collect();
        condition.sort();
        Normal {
            effect: statement.effect == Effect::Allow,
            action: (
                statement.action.negated,
                set(statement.action.patterns.iter().map(|entry| entry.as_str().to_ascii_lowercase()).collect()),
            ),
            resource: (statement.resource.negated, set(texts(&statement.resource.patterns))),
            principal: statement.principal.as_deref().map(|principals| set(texts(principals))),
            condition,
        }
    }
}

/// A condition key as the engines compare it: ASCII case-insensitively, except the tag
/// name of an `oss:` tag key (docs/SPEC.md section 3), which keeps its case.
fn key_name(key: &str) -> String {
    const TAGS: [&str; 3] = ["oss:existingobjecttag/", "oss:requestobjecttag/", "oss:buckettag/"];
    let lower = key.to_ascii_lowercase();
    match TAGS.iter().find(|prefix| lower.starts_with(*prefix)) {
        Some(prefix) => format!("{prefix}{}", key.get(prefix.len()..).unwrap_or("")),
        None => lower,
    }
}
