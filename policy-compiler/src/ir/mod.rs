//! The indexed intermediate form of a policy (IR): what the in-memory engine runs and the
//! code generator writes out. It is plain data — vectors of small structs, integers and
//! strings — so that every part of it could be a `static`.
//!
//! [`lower`] turns a validated [`model::Policy`](crate::model::Policy) into a [`PolicyIr`]:
//! one [`StatementIr`] per statement (each filter compiled, every policy value parsed once),
//! plus indexes that find, for a request, the few statements worth checking. An engine
//! checks every candidate the indexes give with the statement's own filters, so an index
//! only has to be **complete** (never miss a statement that could apply), not exact.
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
//! # Indexes
//!
//! Two independent ways to list candidates; for each request the engine takes the one
//! that gives fewer (both are complete).
//!
//! **By resource** ([`ResourceIndex`]). Relative ids (the fifth segment) of five-segment
//! patterns are indexed by a **trie over their literal prefix**, the text before the first
//! wildcard. For the patterns
//!
//! ```text
//! s0: acs:oss:*:1:bucket/user-1/*      literal prefix  bucket/user-1/
//! s1: acs:oss:*:1:bucket/user-2/*      literal prefix  bucket/user-2/
//! s2: acs:oss:*:1:bucket/*.log         literal prefix  bucket/
//! s3: acs:oss:*:*:*                    (residual: no literal prefix)
//! ```
//!
//! the trie (labels compressed) is `"bucket/" [s2] → "user-" → { "1/" [s0], "2/" [s1] }`.
//! The request `acs:oss:cn-hangzhou:1:bucket/user-2/a.txt` walks down `bucket/user-2/a.txt`:
//! it passes `bucket/` (s2) and ends at `user-2/` (s1). Only s1 and s2 are candidates; for
//! each the engine checks the rest — the region and account segments, and the pattern's
//! suffix after its literal prefix (`*` for s1, `*.log` for s2) against the request's
//! suffix after it. Each trie node with entries points to the nearest ancestor with
//! entries ([`TrieNode::up`]), so one walk finds the deepest node and the rest follow.
//!
//! Patterns the trie cannot hold — fewer than five segments (`acs:oss:*`, `*`), a relative
//! id that starts with a wildcard (s3) — and `NotResource` statements (which apply when
//! nothing matches) form the **residual**. It is small in practice and dispatched on the
//! action: residual entries are grouped by their statement's action filter, and each
//! action id (plus one slot for actions outside the known list) lists the groups whose
//! filter may hold for it ([`ResidualSlot`]).
//!
//! **By principal** ([`PrincipalIndex`]). Plain principal ids in a sorted table, each with
//! the statements naming it; statements whose principal is `*` (or absent: RAM policies),
//! and those with `arn:sts::` patterns, in two lists of their own. A bucket policy of ten
//! thousand per-user statements on one resource finds the caller's statements with one
//! binary search.
//!
//! # Postings and the decision
//!
//! Every index entry leads to [`Postings`]: the deny entries and the allow entries, each
//! sorted by statement index. The engine scans the deny lists first: in each list the
//! first applying entry is that list's candidate, the smallest over all lists is the
//! deciding statement (docs/SPEC.md section 4: the first applying Deny); only when no Deny
//! applies does it scan the allow lists the same way.

mod arn;
mod index;
mod like;
mod lower;
mod trie;

use std::collections::HashMap;

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::actions::{ActionId, KNOWN_ACTIONS};
use oss_policy_runtime::value::{IpBlock, Timestamp};
use oss_policy_runtime::{Key, matchers};

pub use arn::{ArnCheck, ArnPattern};
pub use like::Like;
pub use lower::lower;

use crate::model::{Comparison, Effect};

/// The compiled `Action` / `NotAction` list of a statement.
pub type ActionFilter = matchers::actions::ActionFilter<String>;

/// For each statement, the class of its action filter: statements with equal filters
/// share a class, numbered from 0 in order of first use. Each filter is hashed once here,
/// so that grouping entries by filter costs a number per entry, not the filter's size.
pub(crate) fn action_classes(statements: &[StatementIr]) -> Vec<u32> {
    let mut class_of: HashMap<&ActionFilter, u32> = HashMap::new();
    statements
        .iter()
        .map(|statement| {
            let next = to_u32(class_of.len());
            *class_of.entry(&statement.actions).or_insert(next)
        })
        .collect()
}

/// A policy in indexed form. Build it with [`lower`].
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyIr {
    /// The policy's kind.
    pub kind: PolicyKind,
    /// The statements, in document order (a statement's index is its position).
    pub statements: Vec<StatementIr>,
    /// Candidates by resource.
    pub resources: ResourceIndex,
    /// Candidates by principal.
    pub principals: PrincipalIndex,
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

/// How an index entry was found, which says what remains to check of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// Through the trie, by the literal prefix of the statement's pattern at this
    /// position: the other segments and the pattern's suffix remain.
    Rest(u32),
    /// Through the residual, by the statement's pattern at this position: the whole
    /// pattern remains.
    Pattern(u32),
    /// Not by resource (a `NotResource` statement, or the principal index): the whole
    /// resource filter remains.
    Statement,
}

/// An index entry: a statement, and how it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The statement's index.
    pub statement: u32,
    /// What remains to check of its resource filter.
    pub via: Via,
}

/// The entries under one index key, split by effect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Postings {
    /// The entries of `Deny` statements, sorted by statement.
    pub deny: Vec<Entry>,
    /// The entries of `Allow` statements, sorted by statement.
    pub allow: Vec<Entry>,
}

impl Postings {
    /// The entries of statements with `effect`.
    pub fn of(&self, effect: Effect) -> &[Entry] {
        match effect {
            Effect::Deny => &self.deny,
            Effect::Allow => &self.allow,
        }
    }

    /// How many entries, of both effects.
    pub fn len(&self) -> usize {
        self.deny.len() + self.allow.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.deny.is_empty() && self.allow.is_empty()
    }

    fn push(&mut self, effect: Effect, entry: Entry) {
        match effect {
            Effect::Deny => self.deny.push(entry),
            Effect::Allow => self.allow.push(entry),
        }
    }
}

/// Candidates by resource: the prefix trie and the residual.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceIndex {
    /// The trie over literal prefixes of relative ids; node 0 is the root; empty when no
    /// pattern is indexed.
    pub trie: Vec<TrieNode>,
    /// Residual entries, one group per distinct action filter.
    pub residual: Vec<Postings>,
    /// Per action slot ([`action_slot`]), the residual groups whose action filter may
    /// hold for it.
    pub slots: Vec<ResidualSlot>,
}

/// A node of the prefix trie (labels compressed: a node stands for the bytes of its label
/// after its parent's path).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrieNode {
    /// The bytes this node adds to its parent's path (empty only at the root). Bytes, not
    /// text: a label may end inside a multi-byte character.
    pub label: Vec<u8>,
    /// The index of the first child; children are consecutive and sorted by the first
    /// byte of their labels, which differ.
    pub first_child: u32,
    /// How many children.
    pub child_count: u32,
    /// The entries whose literal prefix is exactly this node's path.
    pub postings: Postings,
    /// The nearest proper ancestor with entries.
    pub up: Option<u32>,
    /// The number of entries on this node and all its ancestors.
    pub candidates: u32,
}

impl ResourceIndex {
    /// The deepest trie node with entries whose path is a prefix of `relative` (a
    /// request's relative id); its chain of [`TrieNode::up`] links holds every other.
    pub fn deepest(&self, relative: matchers::Text<'_>) -> Option<u32> {
        trie::deepest(&self.trie, relative)
    }
}

/// The residual groups of one action slot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResidualSlot {
    /// Indexes into [`ResourceIndex::residual`].
    pub groups: Vec<u32>,
    /// The number of entries in those groups.
    pub candidates: u32,
}

/// Candidates by principal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrincipalIndex {
    /// Plain ids, sorted, each with the statements that name it.
    pub ids: Vec<(String, Postings)>,
    /// Statements whose principal holds `*`, or that have none.
    pub any: Postings,
    /// Statements with `arn:sts::` patterns.
    pub sts: Postings,
}

impl PrincipalIndex {
    /// The statements naming `uid`.
    pub fn by_id(&self, uid: &str) -> Option<&Postings> {
        let at = self.ids.binary_search_by(|(id, _)| id.as_str().cmp(uid)).ok()?;
        self.ids.get(at).map(|(_, postings)| postings)
    }
}

/// The number of action slots: one per known action, one for every other action.
pub const ACTION_SLOTS: usize = KNOWN_ACTIONS.len() + 1;

/// The slot of a request action: its id, or the last slot for an action outside the
/// known list.
pub fn action_slot(id: Option<ActionId>) -> usize {
    id.map_or(KNOWN_ACTIONS.len(), usize::from)
}

/// An index or a count as the IR stores it. Saturating: a policy with 2^32 statements,
/// trie nodes or entries would not fit in memory.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
