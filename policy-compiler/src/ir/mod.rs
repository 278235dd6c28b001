//! The intermediate form of a policy (IR): its statements lowered one by one, what the
//! in-memory engine checks and the code generator writes out. It is plain data —
//! vectors of small structs, integers and strings — so that every part of it could be a
//! `static`.
//!
//! [`lower`] turns a validated [`model::Policy`](crate::model::Policy) into a [`PolicyIr`]:
//! one [`StatementIr`] per statement (each filter compiled, every policy value parsed
//! once). Which statements a request can reach is the decision tree's business
//! ([`crate::plan`]), built over these.
//!
//! # Statement filters
//!
//! * **Actions** ([`ActionFilter`]): a bitset over the dense ids of the known actions
//!   (wildcards expanded when compiling) plus the entries that may match an action
//!   outside the list. `["oss:Get*", "imm:*"]` sets the bits of `oss:GetObject`,
//!   `oss:GetBucketAcl`, ... and keeps `oss:Get*` and `imm:*` for unknown actions.
//! * **Resources** ([`ResourceFilter`]): each pattern split into its ARN segments
//!   ([`ArnPattern`]), with the length of the literal start of its last segment and the
//!   exact checks that match it ([`ArnCheck`]: a prefix for the leading literal segments,
//!   a prefix test for a last segment `literal*`, ...).
//! * **Principal** ([`PrincipalFilter`]): `*` as a flag, plain ids sorted for a binary
//!   search, `arn:sts::` patterns apart; and the bucket-owner rule precomputed
//!   ([`StatementIr::owner_exempt`]).
//! * **Conditions** ([`Condition`]): a flat list of checks whose policy values are parsed
//!   (CIDR blocks, instants, numbers, booleans) or folded to lower case.
//!
mod arn;
mod like;
mod lower;

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::matchers::arn::Arn;
use oss_policy_runtime::value::{IpBlock, Timestamp};
use oss_policy_runtime::{Key, matchers};

pub use arn::{ArnCheck, ArnPattern};
pub use like::Like;
pub use lower::lower;

use crate::model::{Comparison, Effect};

/// The compiled `Action` / `NotAction` list of a statement.
pub type ActionFilter = matchers::actions::ActionFilter<String>;

/// A policy in lowered form. Build it with [`lower`].
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyIr {
    /// The policy's kind.
    pub kind: PolicyKind,
    /// The statements, in document order (a statement's index is its position).
    pub statements: Vec<StatementIr>,
}

/// One statement's filters.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementIr {
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Action` / `NotAction`.
    pub actions: ActionFilter,
    /// `Resource` / `NotResource`.
    pub resources: ResourceFilter,
    /// `Principal`; `None` in RAM policies, which have no principal check.
    pub principal: Option<PrincipalFilter>,
    /// The bucket-owner rule (docs/SPEC.md section 2): a bucket policy statement whose
    /// principal holds `*` and that has no condition does not apply when the caller is the
    /// bucket owner's account identity.
    pub owner_exempt: bool,
    /// The condition checks; all must hold.
    pub conditions: Vec<Condition>,
}

/// The compiled `Resource` / `NotResource` list of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceFilter {
    /// `true` for `NotResource`: the filter holds when no pattern matches.
    pub negated: bool,
    /// The patterns, duplicates removed.
    pub patterns: Vec<ArnPattern>,
    /// How many leading checks every pattern has alike (`acs:oss:` and the account,
    /// typically): [`ResourceFilter::matches`] checks them once for the whole list.
    pub shared: usize,
}

impl ResourceFilter {
    /// A filter over `patterns`, their shared leading checks counted.
    pub fn new(negated: bool, patterns: Vec<ArnPattern>) -> ResourceFilter {
        let shared = match patterns.split_first() {
            Some((first, others)) => others.iter().fold(first.checks.len(), |shared, pattern| {
                first.checks.iter().zip(&pattern.checks).take(shared).take_while(|(a, b)| a == b).count()
            }),
            None => 0,
        };
        ResourceFilter { negated, patterns, shared }
    }

    /// Whether the filter holds for `arn`: some pattern matches (none, for `NotResource`).
    /// Never allocates.
    pub fn matches(&self, arn: &Arn<'_>) -> bool {
        let head = self.patterns.first().and_then(|first| first.checks.get(..self.shared)).unwrap_or(&[]);
        let any = !self.patterns.is_empty()
            && head.iter().all(|check| check.holds(arn))
            && self
                .patterns
                .iter()
                .any(|pattern| pattern.checks.get(self.shared..).unwrap_or(&[]).iter().all(|check| check.holds(arn)));
        any != self.negated
    }
}

/// The compiled `Principal` of a bucket or access point policy statement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrincipalFilter {
    /// The list holds `*`: every caller, anonymous included.
    pub any: bool,
    /// Plain ids (accounts and RAM users), sorted, without duplicates; compared
    /// literally (a `*` inside an id is no wildcard).
    pub ids: Vec<String>,
    /// `arn:sts::` patterns, matched against an assumed-role caller's session ARN.
    pub sts: Vec<ArnPattern>,
}

/// One condition check: an operator on one key with its policy values (an OR).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The key.
    pub key: ConditionKey,
    /// A negated operator (`StringNotEquals`, `NotIpAddress`, ...): holds when the key is
    /// missing, and otherwise when the positive twin does not hold.
    pub negated: bool,
    /// What the positive twin tests, with its parsed values.
    pub test: Test,
}

/// Where a condition reads its key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConditionKey {
    /// A well-known key, read from the context's typed fields.
    Known(Key),
    /// Any other key, looked up by name among the context's extra entries.
    Other(String),
}

/// The positive test of a condition with its policy values, parsed once. A value that
/// does not parse for its operator is dropped: it matches nothing (a valid policy has
/// none).
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// `StringEquals`: equal to one of the values.
    StringEquals(Vec<String>),
    /// `StringEqualsIgnoreCase`: the values folded to lower case
    /// ([`matchers::fold::fold`]).
    StringEqualsIgnoreCase(Vec<String>),
    /// `StringLike`: wildcard patterns, case-sensitive, each sorted by shape.
    StringLike(Vec<Like>),
    /// `Numeric*`: the request's number compared so with one of the values.
    Numeric(Comparison, Vec<f64>),
    /// `Date*`: the request's instant compared so with one of the values.
    Date(Comparison, Vec<Timestamp>),
    /// `Bool`: equal to one of the values.
    Bool(Vec<bool>),
    /// `IpAddress`: inside one of the blocks.
    Ip(Vec<IpBlock>),
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::matchers::Text;

    use super::*;

    #[test]
    fn shared_leading_checks_are_checked_once_and_decide_as_each_pattern_would() {
        let lists: &[(&[&str], usize)] = &[
            (&["acs:oss:*:1:b/x/*", "acs:oss:*:1:b/y/*"], 2),
            (&["acs:oss:*:1:b/x/*", "acs:oss:*:2:b/x/*"], 1),
            (&["acs:oss:*:1:b/x/*", "*"], 0),
            (&["acs:oss:*:1:b/x/*"], 3),
            (&[], 0),
        ];
        let arns = ["acs:oss:r:1:b/x/k", "acs:oss:r:1:b/y/k", "acs:oss:r:2:b/x/k", "acs:oss:r:1:b/z", "acs:ossx", ""];
        for &(patterns, shared) in lists {
            for negated in [false, true] {
                let filter = ResourceFilter::new(negated, patterns.iter().map(|p| ArnPattern::new(p)).collect());
                assert_eq!(filter.shared, shared, "{patterns:?}");
                for arn in arns {
                    let arn = Arn::new(Text::new(arn));
                    let any = filter.patterns.iter().any(|pattern| pattern.matches(&arn));
                    assert_eq!(filter.matches(&arn), any != negated, "{patterns:?} {negated}");
                }
            }
        }
    }
}
