//! Building the tree: a class's candidates split by resource (a trie over literal
//! prefixes), then by principal, until a leaf holds few enough or nothing tells them
//! apart.

use std::collections::BTreeMap;

use super::actions::{self, ActionClass};
use super::{ACTION_SLOTS, Candidate, Class, Leaf, Node, NodeId, Plan, ResourceCheck, TrieNode, action_slot, to_u32};
use crate::ir::{PolicyIr, StatementIr};
use crate::model::Effect;

/// Trie walks nest one level per branching node: below this many, the rest of a trie's
/// keys are one leaf (printed code would nest past what reads, or compiles, well; a walk
/// would gain little).
pub(super) const MAX_TRIE_DEPTH: usize = 24;

pub(super) fn plan(ir: &PolicyIr, leaf_size: usize) -> Plan {
    let mut planner = Planner { statements: &ir.statements, leaf_size, nodes: Vec::new() };
    let mut roots = vec![None; ACTION_SLOTS];
    let classes = actions::classes(&ir.statements)
        .into_iter()
        .map(|ActionClass { ids, unknown, candidates }| {
            let statements = candidates.iter().map(|&(statement, _)| statement).collect();
            let candidates = candidates
                .into_iter()
                .map(|(statement, action)| Candidate { statement, action, resource: ResourceCheck::Whole })
                .collect();
            let root = planner.tree(candidates, Dimensions::BOTH);
            let slots = ids.iter().map(|&id| action_slot(Some(id))).chain(unknown.then(|| action_slot(None)));
            for slot in slots {
                if let Some(entry) = roots.get_mut(slot) {
                    *entry = Some(root);
                }
            }
            Class { ids, unknown, statements, root }
        })
        .collect();
    Plan { classes, nodes: planner.nodes, roots }
}

/// The dimensions a subtree may still split on.
#[derive(Clone, Copy)]
struct Dimensions {
    resource: bool,
    principal: bool,
}

impl Dimensions {
    const BOTH: Dimensions = Dimensions { resource: true, principal: true };
}

/// Candidates by the literal prefix of a pattern, sorted by prefix.
type Keyed<'i> = Vec<(&'i [u8], Vec<Candidate>)>;

/// Candidates by the caller id they name, sorted by id.
type Named<'i> = BTreeMap<&'i str, Vec<Candidate>>;

struct Planner<'i> {
    statements: &'i [StatementIr],
    leaf_size: usize,
    nodes: Vec<Node>,
}

impl<'i> Planner<'i> {
    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        to_u32(self.nodes.len() - 1)
    }

    fn statement(&self, candidate: &Candidate) -> Option<&'i StatementIr> {
        self.statements.get(candidate.statement as usize)
    }

    fn tree(&mut self, candidates: Vec<Candidate>, dimensions: Dimensions) -> NodeId {
        if candidates.len() <= self.leaf_size {
            return self.leaf(candidates);
        }
        if dimensions.resource
            && let Some((keyed, rest)) = self.by_resource(&candidates)
        {
            let below = Dimensions { resource: false, ..dimensions };
            let trie = self.trie_node(0, &keyed, below, 0);
            return self.merged(trie, rest, below);
        }
        if dimensions.principal
            && let Some((named, rest)) = self.by_principal(&candidates)
        {
            let below = Dimensions { principal: false, ..dimensions };
            let arms =
                named.into_iter().map(|(id, candidates)| (id.to_owned(), self.tree(candidates, below))).collect();
            let branch = self.push(Node::Principal(arms));
            return self.merged(branch, rest, below);
        }
        self.leaf(candidates)
    }

    /// Deny candidates apart from allow candidates, each by statement.
    fn leaf(&mut self, mut candidates: Vec<Candidate>) -> NodeId {
        candidates.sort_unstable();
        let mut leaf = Leaf::default();
        for candidate in candidates {
            match self.statement(&candidate).map(|statement| statement.effect) {
                Some(Effect::Deny) => leaf.deny.push(candidate),
                Some(Effect::Allow) => leaf.allow.push(candidate),
                None => {}
            }
        }
        self.push(Node::Leaf(leaf))
    }

    /// `narrowed` merged with a tree over `rest`, when there is any.
    fn merged(&mut self, narrowed: NodeId, rest: Vec<Candidate>, below: Dimensions) -> NodeId {
        if rest.is_empty() {
            return narrowed;
        }
        let rest = self.tree(rest, below);
        self.push(Node::Merge(vec![narrowed, rest]))
    }

    /// The candidates keyed by the literal prefixes of their patterns, and those the trie
    /// cannot hold (a `NotResource` list, a pattern of fewer than five segments or whose
    /// relative id starts with a wildcard); `None` when fewer than two prefixes would
    /// tell candidates apart.
    fn by_resource(&self, candidates: &[Candidate]) -> Option<(Keyed<'i>, Vec<Candidate>)> {
        let mut keyed: BTreeMap<&'i [u8], Vec<Candidate>> = BTreeMap::new();
        let mut rest = Vec::new();
        for candidate in candidates {
            let Some(statement) = self.statement(candidate) else { continue };
            let resources = &statement.resources;
            if resources.negated {
                rest.push(*candidate);
                continue;
            }
            for (at, pattern) in (0..).zip(&resources.patterns) {
                if !matches!(candidate.resource, ResourceCheck::Whole)
                    && candidate.resource != ResourceCheck::Pattern(at)
                {
                    continue;
                }
                let found = Candidate { resource: ResourceCheck::Pattern(at), ..*candidate };
                if pattern.is_indexed() {
                    add(keyed.entry(pattern.literal_prefix().as_bytes()).or_default(), found);
                } else {
                    add(&mut rest, found);
                }
            }
        }
        (keyed.len() >= 2).then(|| (keyed.into_iter().collect(), rest))
    }

    /// The trie node over `keys` (sorted, distinct, sharing their first `depth` bytes),
    /// labelled from there to their common prefix.
    fn trie_node(
        &mut self,
        depth: usize,
        keys: &[(&[u8], Vec<Candidate>)],
        below: Dimensions,
        nesting: usize,
    ) -> NodeId {
        let (first, last) = match (keys.first(), keys.last()) {
            (Some(first), Some(last)) => (first.0, last.0),
            _ => return self.push(Node::Trie(TrieNode::default())),
        };
        let shared = depth + common_prefix(first.get(depth..).unwrap_or(&[]), last.get(depth..).unwrap_or(&[]));
        let label = first.get(depth..shared).unwrap_or(&[]).to_vec();
        if nesting >= MAX_TRIE_DEPTH {
            let mut found: Vec<Candidate> =
                keys.iter().flat_map(|(_, candidates)| candidates.iter().copied()).collect();
            found.sort_by_key(|candidate| candidate.statement);
            let mut joined = Vec::with_capacity(found.len());
            for candidate in found {
                add(&mut joined, candidate);
            }
            let own = self.tree(joined, below);
            return self.push(Node::Trie(TrieNode { label, own: Some(own), children: Vec::new() }));
        }
        let mut rest = keys;
        let mut own = None;
        if let Some(((key, candidates), tail)) = keys.split_first()
            && key.len() == shared
        {
            // Sorted keys: the one that ends here comes first.
            own = Some(self.tree(candidates.clone(), below));
            rest = tail;
        }
        let mut children = Vec::new();
        while let Some(((key, _), _)) = rest.split_first() {
            let Some(&byte) = key.get(shared) else { break };
            let group = rest.iter().take_while(|(other, _)| other.get(shared) == Some(&byte)).count();
            let (group, tail) = rest.split_at(group);
            children.push((byte, self.trie_node(shared, group, below, nesting + 1)));
            rest = tail;
        }
        self.push(Node::Trie(TrieNode { label, own, children }))
    }

    /// The candidates by the caller ids they name, for those that name ids only (no
    /// `*`, no STS pattern), and the others; `None` when fewer than two ids would tell
    /// candidates apart.
    fn by_principal(&self, candidates: &[Candidate]) -> Option<(Named<'i>, Vec<Candidate>)> {
        let mut named = Named::new();
        let mut rest = Vec::new();
        for candidate in candidates {
            let principal = self.statement(candidate).and_then(|statement| statement.principal.as_ref());
            match principal {
                Some(principal) if !principal.any && principal.sts.is_empty() && !principal.ids.is_empty() => {
                    for id in &principal.ids {
                        named.entry(id.as_str()).or_default().push(*candidate);
                    }
                }
                _ => rest.push(*candidate),
            }
        }
        (named.len() >= 2).then_some((named, rest))
    }
}

/// Adds `candidate` to `list` (in statement order): a statement already last in it (found
/// by another of its patterns) becomes one candidate checking its whole filter.
fn add(list: &mut Vec<Candidate>, candidate: Candidate) {
    match list.last_mut() {
        Some(last) if last.statement == candidate.statement => last.resource = ResourceCheck::Whole,
        _ => list.push(candidate),
    }
}

/// The length of the longest common prefix of `a` and `b`, in bytes.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}
