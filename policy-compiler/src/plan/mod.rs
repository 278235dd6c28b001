//! The decision tree of a policy: which statements a request can reach, found by walking
//! down the request's action, resource and caller. Both backends consume it — the
//! in-memory engine ([`crate::engine`]) walks it, the code generator ([`crate::codegen`])
//! prints it as Rust — so a policy is planned once, and the two backends differ only in
//! how they run the same tree.
//!
//! [`Plan::new`] builds it over the lowered statements ([`crate::ir`]). It is plain data
//! in an arena ([`Plan::nodes`], indexed by [`NodeId`]):
//!
//! 1. **action classes** ([`Class`]): the known actions that reach the same statements
//!    share a class (so do actions outside the known list, in a class of their own or
//!    with known ones); each class has the root of its tree. A request picks its class by
//!    its action's dense id ([`Plan::root`]), so no statement of another class is looked
//!    at and the action filter of most candidates needs no check at all.
//! 2. **a literal-prefix trie over the relative id** ([`Node::Trie`]): where a class has
//!    more candidates than a leaf holds, their resource patterns are keyed by the literal
//!    start of their relative id (the fifth ARN segment, up to the first wildcard). A walk
//!    down the request's relative id passes the nodes whose path prefixes it; each passed
//!    node decides its own candidates.
//! 3. **a principal split** ([`Node::Principal`]): where many candidates name plain
//!    caller ids (and no `*` or STS pattern), a branch on the caller's id, sorted for a
//!    binary search.
//! 4. **leaves** ([`Leaf`]): the candidates, deny statements first, each effect in
//!    statement order, each with what is left to check of it ([`Candidate`]).
//!
//! Where a set of candidates splits into a narrowed part and the rest (the patterns the
//! trie cannot hold, the statements for every caller), both are decided and merged
//! ([`Node::Merge`]): the first applying Deny of either, else the first applying Allow
//! (docs/SPEC.md section 4). A statement is never duplicated to narrow, so the tree grows with
//! the policy, never with the product of its dimensions. Whether to split, and how, is
//! decided here when compiling, once for every request: the engine does not choose an
//! index per request, it follows the node kinds. The one parameter is the size of a leaf,
//! the candidates worth checking in turn rather than splitting: a backend sets it by what
//! a candidate costs it (generated code [`DEFAULT_LEAF_SIZE`], the in-memory engine
//! fewer).
//!
//! # A worked example
//!
//! A RAM policy (statement numbers on the left):
//!
//! ```text
//! 0 Allow oss:GetObject       acs:oss:*:1:bucket/user-1/*
//! 1 Allow oss:GetObject       acs:oss:*:1:bucket/user-2/*
//! 2 Deny  oss:GetObject       acs:oss:*:1:bucket/*.log
//! 3 Allow oss:*               acs:oss:*:*:*
//! 4 Allow oss:ListObjects     acs:oss:*:1:bucket
//! ```
//!
//! planned with leaves of at most one candidate (the default holds eight, so a policy
//! this small would be one leaf per class):
//!
//! ```text
//! class oss:GetObject: statements 0-3
//! └─ Merge
//!    ├─ Trie "bucket/"            own: Leaf [deny 2]     (the literal prefixes of 0, 1, 2)
//!    │  └─ 'u' "user-"
//!    │     ├─ '1' "1/"            own: Leaf [allow 0]
//!    │     └─ '2' "2/"            own: Leaf [allow 1]
//!    └─ Leaf [allow 3]                                   (acs:oss:*:*:* has no literal prefix)
//! class oss:ListObjects: statements 3, 4
//! └─ Leaf [allow 3, allow 4]                             (one prefix: nothing to tell apart)
//! class every other known action: statement 3
//! └─ Leaf [allow 3]
//! class actions outside the known list: statement 3
//! └─ Leaf [allow 3, its action matched against oss:* at run time]
//! ```
//!
//! `oss:GetObject` on `acs:oss:cn-hangzhou:1:bucket/user-2/a.log` takes the first class,
//! walks `bucket/user-2/a.log` down the trie — passing `bucket/` (candidate 2), `user-`
//! and `2/` (candidate 1) — and then the other part of the merge, statement 3. Each candidate checks
//! what the walk has not: 2 matches (`*.log`), so the request is denied by statement 2
//! whatever the Allows say. On `bucket/user-3/a.txt` the walk passes only `bucket/`;
//! statement 2 does not match and statement 3 allows.

mod actions;
mod build;
#[cfg(test)]
mod tests;

use oss_policy_runtime::actions::{ActionId, KNOWN_ACTIONS};

use crate::ir::PolicyIr;

/// A node's index in [`Plan::nodes`].
pub type NodeId = u32;

/// The candidates a leaf holds before the planner tries to split them by resource or
/// principal.
pub const DEFAULT_LEAF_SIZE: usize = 8;

/// The decision tree of a policy. Build it with [`Plan::new`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The classes with candidates: in the order of their first known action; the class
    /// of actions outside the known list alone, if it has candidates, last.
    pub classes: Vec<Class>,
    /// The nodes of every class's tree.
    pub nodes: Vec<Node>,
    /// Per action slot ([`action_slot`]), the root of its class's tree; `None` for an
    /// action no statement can apply to.
    pub roots: Vec<Option<NodeId>>,
}

/// The actions that reach the same candidates, and the tree that decides them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// The known actions of the class, by id, ascending.
    pub ids: Vec<ActionId>,
    /// Whether actions outside the known list belong to the class.
    pub unknown: bool,
    /// The candidate statements, ascending.
    pub statements: Vec<u32>,
    /// The root of the class's tree.
    pub root: NodeId,
}

/// A node of the decision tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Check each candidate in turn.
    Leaf(Leaf),
    /// Decide each part and merge the evaluations (the parts hold disjoint candidates).
    Merge(Vec<NodeId>),
    /// A trie node; as a part of a tree (not a child of another trie node), the root of a
    /// walk down the request's relative id from its first byte. A request whose
    /// resource has no relative id (fewer than five ARN segments) reaches no candidate
    /// of it.
    Trie(TrieNode),
    /// A branch on the caller's own id (accounts and RAM users): the arms sorted by id,
    /// distinct. A caller without an id, or whose id no arm names, reaches no candidate.
    Principal(Vec<(String, NodeId)>),
}

/// The candidates of a leaf, by effect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Leaf {
    /// The candidates of `Deny` statements, by statement.
    pub deny: Vec<Candidate>,
    /// The candidates of `Allow` statements, by statement.
    pub allow: Vec<Candidate>,
}

impl Leaf {
    /// How many candidates, of both effects.
    pub fn len(&self) -> usize {
        self.deny.len() + self.allow.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.deny.is_empty() && self.allow.is_empty()
    }

    /// The candidates, deny first, each effect by statement: the order a leaf is checked
    /// in.
    pub fn in_order(&self) -> impl Iterator<Item = &Candidate> {
        self.deny.iter().chain(&self.allow)
    }
}

/// A node of a trie over literal prefixes (labels compressed). Bytes, not text: a label
/// may end inside a multi-byte character.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrieNode {
    /// The bytes this node adds to its parent's path; the walk compares them with the
    /// request's relative id at the end of the parent's path.
    pub label: Vec<u8>,
    /// The tree of the candidates whose literal prefix is exactly this node's path.
    pub own: Option<NodeId>,
    /// The children ([`Node::Trie`] nodes), by the first byte of their labels, which
    /// differ: the byte that follows this node's path.
    pub children: Vec<(u8, NodeId)>,
}

/// A statement that may apply, with what is left to check of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Candidate {
    /// The statement's index.
    pub statement: u32,
    /// What is left of its action filter.
    pub action: ActionCheck,
    /// What is left of its resource filter.
    pub resource: ResourceCheck,
}

/// What is left to check of a candidate's action once its class is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionCheck {
    /// Nothing: every action of the class passes the statement's filter.
    Dispatched,
    /// An action outside the known list: the filter's wildcard entries, matched at run
    /// time (negated for `NotAction`).
    Residual,
}

/// What is left to check of a candidate's resource filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceCheck {
    /// The pattern at this position of the statement's list: the candidate was found by
    /// it (through the trie, whose walk has compared its literal prefix, or as a pattern
    /// the trie cannot hold), and its other patterns are candidates of their own. A
    /// backend may check the whole filter instead: the statement applies the same.
    Pattern(u32),
    /// The whole filter (a `NotResource` list, or a statement not split by resource).
    Whole,
}

impl Plan {
    /// Plans `ir`: classes by action, a tree per class whose leaves hold at most
    /// `leaf_size` candidates where a split can tell them apart ([`DEFAULT_LEAF_SIZE`]
    /// unless a test wants every split).
    pub fn new(ir: &PolicyIr, leaf_size: usize) -> Plan {
        build::plan(ir, leaf_size)
    }

    /// The root of the tree for an action: its dense id, or `None` for an action outside
    /// the known list.
    pub fn root(&self, id: Option<ActionId>) -> Option<NodeId> {
        self.roots.get(action_slot(id)).copied().flatten()
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }
}

/// The number of action slots: one per known action, one for every other action.
pub const ACTION_SLOTS: usize = KNOWN_ACTIONS.len() + 1;

/// The slot of a request action: its id, or the last slot for an action outside the
/// known list.
pub fn action_slot(id: Option<ActionId>) -> usize {
    id.map_or(KNOWN_ACTIONS.len(), usize::from)
}

/// An index or a count as the plan stores it. Saturating: a policy with 2^32 statements
/// or nodes would not fit in memory.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
