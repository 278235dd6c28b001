//! An `Allow` wholly covered by a `Deny` of the same policy (docs/SPEC.md section 7,
//! `unreachable-statement`): every action, resource and principal of the `Allow` is
//! matched by a `Deny` that has no condition, so the `Allow` can never decide.
//!
//! Each part is answered "covered" only when that is certain, so that the warning is
//! never given for an `Allow` that can apply:
//! * actions: the `Allow`'s `oss:` entries by the known actions they match (exact: an
//!   `oss:` request action is always a known one), any other entry only by a `Deny`
//!   entry that covers its pattern, `NotAction` only by a `Deny` of `*`;
//! * resources: each entry by a `Deny` entry that covers it segment by segment
//!   ([`super::glob::covers`]), `NotResource` only by a `Deny` of `*`;
//! * principals: in a bucket policy, a `Deny` holding `*` covers only an `Allow` that
//!   also holds `*` and has no condition — the bucket-owner rule exempts the owner from
//!   such a `Deny` but not from an `Allow` naming an id or carrying a condition; otherwise
//!   `*` covers everyone and ids cover the same ids.
//!
//! Only unconditioned `Deny` statements are candidates, and each `Allow` is compared
//! with each of them: the work is the number of `Allow` entries times the candidates'.

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::actions::{ActionId, KNOWN_ACTIONS};
use oss_policy_runtime::matchers::actions::ActionBits;
use oss_policy_runtime::matchers::arn::split_pattern;

use super::entries::{Facts, is_oss_pattern};
use super::glob::covers;
use super::{Finding, WarningCode};
use crate::model::{Effect, PatternList, Policy, Spanned, Statement};

/// Reports every `Allow` that a `Deny` covers, unless the entry rules already found it
/// unreachable.
pub(crate) fn check(policy: &Policy, facts: &[Facts], findings: &mut Vec<Finding>) {
    let denies: Vec<Deny<'_>> = policy
        .statements
        .iter()
        .zip(facts)
        .enumerate()
        .filter(|(_, (statement, _))| statement.effect == Effect::Deny && statement.condition.is_empty())
        .map(|(index, (statement, facts))| Deny::new(index, statement, facts))
        .collect();
    if denies.is_empty() {
        return;
    }
    for (statement, facts) in policy.statements.iter().zip(facts) {
        if statement.effect != Effect::Allow || facts.unreachable {
            continue;
        }
        let allow = Allow::new(statement, facts);
        if let Some(deny) = denies.iter().find(|deny| deny.covers(policy.kind, &allow)) {
            let name = match &deny.statement.sid {
                Some(sid) => format!("statement {} (`{sid}`)", deny.index),
                None => format!("statement {}", deny.index),
            };
            let message = format!("the statement can never apply: the `Deny` of {name} covers all of it");
            let help = "a `Deny` decides before any `Allow`; narrow the `Deny` or remove this statement";
            findings.push(Finding::new(WarningCode::UnreachableStatement, statement.span, message).with_help(help));
        }
    }
}

/// An `Allow`, prepared for comparison.
struct Allow<'p> {
    statement: &'p Statement,
    /// The known actions its `oss:` entries match.
    oss_actions: ActionBits,
    /// Its entries of other services, lower-cased.
    other_actions: Vec<String>,
    resources: Vec<Vec<&'p str>>,
}

impl<'p> Allow<'p> {
    fn new(statement: &'p Statement, facts: &Facts) -> Allow<'p> {
        let mut oss_actions = ActionBits::EMPTY;
        let mut other_actions = Vec::new();
        for (entry, bits) in statement.action.patterns.iter().zip(&facts.action_bits) {
            if is_oss_pattern(entry.as_str()) {
                oss_actions = oss_actions.union(*bits);
            } else {
                other_actions.push(entry.as_str().to_ascii_lowercase());
            }
        }
        Allow { statement, oss_actions, other_actions, resources: segments(&statement.resource) }
    }
}

/// An unconditioned `Deny`, prepared for comparison.
struct Deny<'p> {
    index: usize,
    statement: &'p Statement,
    /// Every action: an `Action` entry of only `*`.
    every_action: bool,
    /// The known actions it matches (the complement for `NotAction`).
    oss_actions: ActionBits,
    /// Its `Action` entries, lower-cased (none for `NotAction`).
    actions: Vec<String>,
    /// Every resource: a `Resource` entry of only `*`.
    every_resource: bool,
    /// Its `Resource` entries, split into segments (none for `NotResource`).
    resources: Vec<Vec<&'p str>>,
}

impl<'p> Deny<'p> {
    fn new(index: usize, statement: &'p Statement, facts: &Facts) -> Deny<'p> {
        let all_stars = |list: &PatternList| {
            !list.negated && list.patterns.iter().any(|entry| entry.as_str().chars().all(|c| c == '*'))
        };
        let union = facts.action_bits.iter().fold(ActionBits::EMPTY, |all, bits| all.union(*bits));
        let (oss_actions, actions) = if statement.action.negated {
            (complement(union), Vec::new())
        } else {
            (union, statement.action.patterns.iter().map(|entry| entry.as_str().to_ascii_lowercase()).collect())
        };
        Deny {
            index,
            statement,
            every_action: all_stars(&statement.action),
            oss_actions,
            actions,
            every_resource: all_stars(&statement.resource),
            resources: if statement.resource.negated { Vec::new() } else { segments(&statement.resource) },
        }
    }

    fn covers(&self, kind: PolicyKind, allow: &Allow<'_>) -> bool {
        self.covers_actions(allow) && self.covers_resources(allow) && self.covers_principals(kind, allow.statement)
    }

    fn covers_actions(&self, allow: &Allow<'_>) -> bool {
        if self.every_action {
            return true;
        }
        !allow.statement.action.negated
            && subset(allow.oss_actions, self.oss_actions)
            && allow.other_actions.iter().all(|entry| self.actions.iter().any(|deny| covers(deny, entry)))
    }

    fn covers_resources(&self, allow: &Allow<'_>) -> bool {
        if self.every_resource {
            return true;
        }
        !allow.statement.resource.negated
            && allow.resources.iter().all(|entry| self.resources.iter().any(|deny| covers_arn(deny, entry)))
    }

    fn covers_principals(&self, kind: PolicyKind, allow: &Statement) -> bool {
        let (Some(deny), Some(allowed)) = (&self.statement.principal, &allow.principal) else {
            // A RAM policy: no principals on either side.
            return true;
        };
        if holds_star(deny) {
            kind != PolicyKind::Bucket || (holds_star(allowed) && allow.condition.is_empty())
        } else {
            !holds_star(allowed) && allowed.iter().all(|id| deny.iter().any(|denied| denied.value == id.value))
        }
    }
}

fn holds_star(principals: &[Spanned<String>]) -> bool {
    principals.iter().any(|entry| entry.as_str() == "*")
}

/// Every entry of a list split into ARN segments.
fn segments(list: &PatternList) -> Vec<Vec<&str>> {
    list.patterns.iter().map(|entry| split_pattern(entry.as_str())).collect()
}

/// Whether the ARN pattern `outer` (segments) surely matches every resource `inner` does:
/// each segment of `outer` but its last covers `inner`'s segment at that position (which
/// must not be `inner`'s last: that one reaches over colons), and `outer`'s last covers
/// the rest of `inner`.
fn covers_arn(outer: &[&str], inner: &[&str]) -> bool {
    let Some((last, heads)) = outer.split_last() else { return false };
    let at = heads.len();
    if inner.len() <= at {
        return false;
    }
    let heads_covered = heads.iter().zip(inner).all(|(outer, inner)| covers(outer, inner));
    heads_covered && inner.get(at..).is_some_and(|rest| covers(last, &rest.join(":")))
}

fn subset(inner: ActionBits, outer: ActionBits) -> bool {
    inner.words.iter().zip(outer.words).all(|(inner, outer)| inner & !outer == 0)
}

fn complement(bits: ActionBits) -> ActionBits {
    let mut out = ActionBits::EMPTY;
    for id in (0..).take(KNOWN_ACTIONS.len()) {
        let id: ActionId = id;
        if !bits.contains(id) {
            out.insert(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_patterns_cover_segment_by_segment() {
        let split = |text| split_pattern(text);
        let cases: &[(&str, &str, bool)] = &[
            ("acs:oss:*:*:b/*", "acs:oss:*:*:b/x/*", true),
            ("acs:oss:*:*:b/*", "acs:oss:cn-hangzhou:1:b/x", true),
            ("acs:oss:*:*:*", "acs:oss:*:*:b", true),
            ("acs:oss:*", "acs:oss:*:*:b/*", true),
            ("acs:oss:*", "acs:oss:*", true),
            ("acs:oss:*:*:b/*", "acs:oss:*:*:b", false),
            ("acs:oss:*:*:b/*", "acs:oss:*", false),
            ("acs:oss:*:1:b/*", "acs:oss:*:*:b/*", false),
            ("acs:oss:*:*:b/*", "acs:oss:*:*:c/*", false),
        ];
        for &(outer, inner, expected) in cases {
            assert_eq!(covers_arn(&split(outer), &split(inner)), expected, "{outer} ⊇ {inner}");
        }
    }
}
