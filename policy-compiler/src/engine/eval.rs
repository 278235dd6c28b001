//! Deciding one request by walking the policy's decision tree ([`crate::plan`]): the
//! action's class, then each node as its kind says — a walk down the trie, a binary
//! search for the caller's id, the parts of a merge — checking the candidates of every
//! leaf reached, deny first.

use oss_policy_runtime::matchers::Text;
use oss_policy_runtime::matchers::arn::{self, Arn};
use oss_policy_runtime::{Evaluation, Prepared};

use super::conditions;
use crate::ir::{PolicyIr, StatementIr};
use crate::plan::{ActionCheck, Candidate, Leaf, Node, NodeId, Plan, ResourceCheck, TrieNode};

/// Counts statements examined beyond the tree (`()` counts nothing).
pub(super) trait Tally {
    /// One candidate's remaining filters were checked.
    fn examined(&mut self);
}

impl Tally for () {
    #[inline]
    fn examined(&mut self) {}
}

impl Tally for usize {
    fn examined(&mut self) {
        *self += 1;
    }
}

pub(super) fn evaluate<T: Tally>(ir: &PolicyIr, plan: &Plan, prepared: &Prepared<'_, '_>, tally: &mut T) -> Evaluation {
    let Some(root) = plan.root(prepared.action_id()) else { return Evaluation::IGNORE };
    if let Some(Node::Leaf(leaf)) = plan.node(root) {
        // A class of few candidates (most policies): its first applying Deny, else its
        // first applying Allow, with no walk to keep.
        return decide_leaf(ir, leaf, prepared, tally);
    }
    let mut walk = Walk { ir, plan, prepared, tally, deny: None, allow: None };
    walk.node(root);
    match (walk.deny, walk.allow) {
        (Some(statement), _) => Evaluation::deny(statement),
        (None, Some(statement)) => Evaluation::allow(statement),
        (None, None) => Evaluation::IGNORE,
    }
}

/// The evaluation of one leaf alone.
fn decide_leaf<T: Tally>(ir: &PolicyIr, leaf: &Leaf, prepared: &Prepared<'_, '_>, tally: &mut T) -> Evaluation {
    let mut first = |list: &[Candidate]| {
        list.iter()
            .find(|candidate| {
                tally.examined();
                applies(ir, candidate, prepared)
            })
            .map(|candidate| candidate.statement)
    };
    if let Some(deny) = first(&leaf.deny) {
        return Evaluation::deny(deny);
    }
    first(&leaf.allow).map_or(Evaluation::IGNORE, Evaluation::allow)
}

/// One walk: the smallest applying Deny and Allow found so far. Merging the parts of a
/// tree is keeping the smaller of each (docs/SPEC.md section 4), so one walk over every part
/// reached, in any order, decides as the merge of their evaluations.
struct Walk<'w, 'p, 'r, 'a, T> {
    ir: &'w PolicyIr,
    plan: &'w Plan,
    prepared: &'p Prepared<'r, 'a>,
    tally: &'w mut T,
    deny: Option<u32>,
    allow: Option<u32>,
}

impl<'w, T: Tally> Walk<'w, '_, '_, '_, T> {
    fn node(&mut self, id: NodeId) {
        let plan = self.plan;
        match plan.node(id) {
            Some(Node::Leaf(leaf)) => self.leaf(leaf),
            Some(Node::Merge(parts)) => parts.iter().for_each(|&part| self.node(part)),
            Some(Node::Trie(root)) => {
                if let Some(relative) = self.prepared.resource().rest(arn::SEGMENTS - 1) {
                    self.trie(root, relative);
                }
            }
            Some(Node::Principal(arms)) => {
                let Some(uid) = self.prepared.request().principal.uid() else { return };
                if let Ok(at) = arms.binary_search_by(|(id, _)| id.as_str().cmp(uid))
                    && let Some(&(_, arm)) = arms.get(at)
                {
                    self.node(arm);
                }
            }
            None => {}
        }
    }

    /// Down the trie from `node` along `relative`, deciding the candidates of every node
    /// whose path prefixes it.
    fn trie(&mut self, mut node: &'w TrieNode, relative: Text<'_>) {
        let plan = self.plan;
        let mut at = 0;
        loop {
            if !relative.has_at(at, &node.label) {
                return;
            }
            at += node.label.len();
            if let Some(own) = node.own {
                self.node(own);
            }
            let Some(next) = relative.byte(at) else { return };
            let Ok(child) = node.children.binary_search_by_key(&next, |&(byte, _)| byte) else { return };
            match node.children.get(child).and_then(|&(_, id)| plan.node(id)) {
                Some(Node::Trie(child)) => node = child,
                _ => return,
            }
        }
    }

    /// The first applying Deny of the leaf and, while no Deny applies, its first applying
    /// Allow (once a Deny applies, Allows cannot decide).
    fn leaf(&mut self, leaf: &Leaf) {
        self.deny = self.first_applying(&leaf.deny, self.deny);
        if self.deny.is_none() {
            self.allow = self.first_applying(&leaf.allow, self.allow);
        }
    }

    /// The smallest statement index that applies among `list` (sorted by statement) and
    /// `best`, the smallest found so far.
    fn first_applying(&mut self, list: &[Candidate], best: Option<u32>) -> Option<u32> {
        for candidate in list {
            if best.is_some_and(|best| candidate.statement >= best) {
                break;
            }
            self.tally.examined();
            if applies(self.ir, candidate, self.prepared) {
                return Some(candidate.statement);
            }
        }
        best
    }
}

/// Whether statement `index` applies, every filter checked (tests compare the tree
/// against this).
#[cfg(test)]
pub(super) fn applies_by_scan(ir: &PolicyIr, index: u32, prepared: &Prepared<'_, '_>) -> bool {
    let candidate = Candidate { statement: index, action: ActionCheck::Residual, resource: ResourceCheck::Whole };
    applies(ir, &candidate, prepared)
}

/// Whether the candidate's statement applies, what the tree has not checked of it
/// checked cheapest first: action, principal, resource, conditions.
fn applies(ir: &PolicyIr, candidate: &Candidate, prepared: &Prepared<'_, '_>) -> bool {
    let Some(statement) = ir.statements.get(candidate.statement as usize) else { return false };
    let request = prepared.request();
    let action = match candidate.action {
        ActionCheck::Dispatched => true,
        ActionCheck::Residual => statement.actions.matches(prepared.action_id(), request.action),
    };
    action
        && principal_matches(statement, prepared)
        && resource_matches(statement, candidate.resource, prepared.resource())
        && conditions::hold(&statement.conditions, &request.context)
}

/// docs/SPEC.md section 2, "Principal", with the bucket-owner rule.
fn principal_matches(statement: &StatementIr, prepared: &Prepared<'_, '_>) -> bool {
    let Some(principal) = &statement.principal else { return true };
    if statement.owner_exempt && prepared.caller_is_bucket_owner() {
        return false;
    }
    let request = prepared.request();
    if principal.any {
        return true;
    }
    if let Some(uid) = request.principal.uid()
        && named(&principal.ids, uid)
    {
        return true;
    }
    request.principal.sts_arn().is_some_and(|session| {
        let session = Arn::new(Text::new(session));
        principal.sts.iter().any(|pattern| pattern.matches(&session))
    })
}

/// Up to this many ids, a principal list is compared id by id (in place, no `memcmp`
/// call) rather than searched.
const FEW_IDS: usize = 8;

/// Whether `uid` is one of `ids` (sorted).
fn named(ids: &[String], uid: &str) -> bool {
    if ids.len() <= FEW_IDS {
        ids.iter().any(|id| Text::new(id).eq_bytes(uid.as_bytes()))
    } else {
        ids.binary_search_by(|id| id.as_str().cmp(uid)).is_ok()
    }
}

/// The part of the resource filter left to check (for a pattern found through the trie,
/// the pattern's checks again: its literal prefix costs one comparison more, the rest must
/// be checked anyway).
fn resource_matches(statement: &StatementIr, check: ResourceCheck, resource: &Arn<'_>) -> bool {
    match check {
        ResourceCheck::Pattern(at) => {
            statement.resources.patterns.get(at as usize).is_some_and(|pattern| pattern.matches(resource))
        }
        ResourceCheck::Whole => statement.resources.matches(resource),
    }
}
