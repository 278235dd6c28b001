//! What the engine adds to the IR's indexes when a policy is compiled, so that a check
//! skips whole groups of candidates instead of looking at them one by one.
//!
//! The IR's candidate lists ([`Postings`]) hold every statement under a key, whatever its
//! actions. In a policy of per-user folder grants, the trie node `bucket` holds one
//! `oss:ListObjects` statement per user (resource `acs:oss:*:*:bucket`), and every
//! `oss:GetObject` of an object below `bucket/` passes through that node. So the plan
//! splits each list:
//!
//! * **by action filter** ([`Groups`]): the statements of a list with the same
//!   `Action`/`NotAction` filter form a group, whose filter is tested once per check; a
//!   group that cannot hold for the request's action is skipped whole;
//! * **trie entries by exactness** ([`NodePlan`]): a pattern whose relative id has no
//!   wildcard (`bucket`, `bucket/index.html`) matches only a relative id that ends at its
//!   node, so its entries are looked at only when the walk down the trie ends there.
//!
//! Both splits only drop candidates that cannot apply: the engine decides exactly as it
//! would over the IR's lists.

use std::collections::HashMap;

use oss_policy_runtime::Prepared;

use crate::ir::{Entry, PolicyIr, Postings, Via, action_classes};
use crate::model::Effect;

/// The engine's additions to one policy's indexes.
#[derive(Debug)]
pub(super) struct Plan {
    /// Per trie node, in the order of [`ResourceIndex::trie`](crate::ir::ResourceIndex::trie).
    pub(super) nodes: Vec<NodePlan>,
    /// Per principal id, in the order of [`PrincipalIndex::ids`](crate::ir::PrincipalIndex::ids).
    pub(super) ids: Vec<Groups>,
    /// The statements for every caller (or without a principal).
    pub(super) any: Groups,
    /// The statements with STS patterns.
    pub(super) sts: Groups,
    /// Every statement, for policies checked in full.
    pub(super) all: Postings,
}

/// One trie node's entries, split by exactness and grouped by action filter.
#[derive(Debug)]
pub(super) struct NodePlan {
    /// The length in bytes of the node's path (the labels from the root down to it).
    pub(super) depth: usize,
    /// Entries of patterns without a wildcard in their relative id: they apply only to a
    /// relative id that is the node's path exactly.
    pub(super) exact: Groups,
    /// The other entries.
    pub(super) prefix: Groups,
}

/// A candidate list split into groups of statements with the same action filter.
#[derive(Debug, Default)]
pub(super) struct Groups(Vec<Group>);

/// The entries of statements that share one action filter.
#[derive(Debug)]
struct Group {
    /// A statement of the group: its action filter is the group's.
    statement: u32,
    /// The entries, by effect, sorted by statement.
    postings: Postings,
}

impl Plan {
    /// Builds the plan over a lowered policy.
    pub(super) fn new(ir: &PolicyIr) -> Plan {
        let trie = &ir.resources.trie;
        // Each node's label length, then its parent's depth added: a child always has a
        // larger index than its parent, so the parent's depth is final by then.
        let mut depths: Vec<usize> = trie.iter().map(|node| node.label.len()).collect();
        for (parent, node) in trie.iter().enumerate() {
            let base = depths.get(parent).copied().unwrap_or(0);
            for depth in depths.iter_mut().skip(node.first_child as usize).take(node.child_count as usize) {
                *depth += base;
            }
        }
        let classes = action_classes(&ir.statements);
        let nodes = trie
            .iter()
            .zip(&depths)
            .map(|(node, &depth)| {
                let exact = |entry: &Entry| is_exact(ir, entry);
                NodePlan {
                    depth,
                    exact: Groups::new(&classes, &node.postings, exact),
                    prefix: Groups::new(&classes, &node.postings, |entry| !exact(entry)),
                }
            })
            .collect();
        let all = |_: &Entry| true;
        Plan {
            nodes,
            ids: ir.principals.ids.iter().map(|(_, postings)| Groups::new(&classes, postings, all)).collect(),
            any: Groups::new(&classes, &ir.principals.any, all),
            sts: Groups::new(&classes, &ir.principals.sts, all),
            all: every_statement(ir),
        }
    }
}

/// An entry for every statement, by effect, in order.
fn every_statement(ir: &PolicyIr) -> Postings {
    let mut all = Postings::default();
    for (statement, lowered) in (0..).zip(&ir.statements) {
        let entry = Entry { statement, via: Via::Statement };
        match lowered.effect {
            Effect::Deny => all.deny.push(entry),
            Effect::Allow => all.allow.push(entry),
        }
    }
    all
}

/// Whether a trie entry's pattern has no wildcard after its literal prefix, that is none
/// in its relative id.
fn is_exact(ir: &PolicyIr, entry: &Entry) -> bool {
    let Via::Rest(at) = entry.via else { return false };
    ir.statements
        .get(entry.statement as usize)
        .and_then(|statement| statement.resources.patterns.get(at as usize))
        .is_some_and(|pattern| pattern.suffix().is_empty())
}

impl Groups {
    /// The entries of `postings` that `keep` keeps, grouped by their statement's action
    /// filter (its class in `classes`, [`action_classes`]); each group keeps the order of
    /// `postings`.
    fn new(classes: &[u32], postings: &Postings, keep: impl Fn(&Entry) -> bool) -> Groups {
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: HashMap<u32, usize> = HashMap::new();
        for (effect, entries) in [(Effect::Deny, &postings.deny), (Effect::Allow, &postings.allow)] {
            for entry in entries.iter().filter(|entry| keep(entry)) {
                let Some(&class) = classes.get(entry.statement as usize) else { continue };
                let at = *group_of.entry(class).or_insert_with(|| {
                    groups.push(Group { statement: entry.statement, postings: Postings::default() });
                    groups.len() - 1
                });
                if let Some(group) = groups.get_mut(at) {
                    match effect {
                        Effect::Deny => group.postings.deny.push(*entry),
                        Effect::Allow => group.postings.allow.push(*entry),
                    }
                }
            }
        }
        Groups(groups)
    }

    /// The entries of the groups whose action filter holds for the request.
    pub(super) fn holding<'g>(
        &'g self,
        ir: &'g PolicyIr,
        prepared: &'g Prepared<'_, '_>,
    ) -> impl Iterator<Item = &'g Postings> {
        self.0.iter().filter(move |group| group.holds(ir, prepared)).map(|group| &group.postings)
    }

    /// How many entries the groups whose action filter holds for the request have.
    pub(super) fn count(&self, ir: &PolicyIr, prepared: &Prepared<'_, '_>) -> usize {
        self.0.iter().filter(|group| group.holds(ir, prepared)).map(|group| group.postings.len()).sum()
    }
}

impl Group {
    /// Whether the group's action filter holds for the request's action.
    fn holds(&self, ir: &PolicyIr, prepared: &Prepared<'_, '_>) -> bool {
        ir.statements
            .get(self.statement as usize)
            .is_some_and(|statement| statement.actions.matches(prepared.action_id(), prepared.request().action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Limits, parse_policy};
    use oss_policy_runtime::{PolicyKind, Principal, Request};

    fn lowered(statements: &[(&str, &str, &str)]) -> PolicyIr {
        let statements: Vec<String> = statements
            .iter()
            .map(|(effect, action, resource)| {
                format!(r#"{{"Effect":"{effect}","Action":"{action}","Resource":"acs:oss:*:1:{resource}"}}"#)
            })
            .collect();
        let text = format!(r#"{{"Version":"1","Statement":[{}]}}"#, statements.join(","));
        crate::ir::lower(&parse_policy(&text, PolicyKind::Ram, &Limits::none()).unwrap())
    }

    /// The plan node of the trie node whose path is `path`.
    fn node<'p>(ir: &PolicyIr, plan: &'p Plan, path: &str) -> &'p NodePlan {
        let at = ir.resources.deepest(oss_policy_runtime::matchers::Text::new(path)).unwrap();
        let planned = &plan.nodes[at as usize];
        assert_eq!(planned.depth, path.len(), "{path}");
        planned
    }

    fn count(groups: &Groups, ir: &PolicyIr, action: &str) -> usize {
        let request = Request::new(Principal::Anonymous, action, "acs:oss:r:1:b").with_bucket_owner("1");
        groups.count(ir, &Prepared::new(&request).unwrap())
    }

    #[test]
    fn trie_entries_are_split_by_exactness_and_grouped_by_action() {
        let ir = lowered(&[
            ("Allow", "oss:ListObjects", "b"),
            ("Allow", "oss:ListObjects", "b"),
            ("Deny", "oss:GetObject", "b"),
            ("Allow", "oss:GetObject", "b*"),
            ("Allow", "oss:GetObject", "b/u/*"),
            ("Allow", "oss:PutObject", "b/u/*"),
            ("Allow", "oss:GetObject", "b/u/index.html"),
        ]);
        let plan = Plan::new(&ir);
        let bucket = node(&ir, &plan, "b");
        assert_eq!(bucket.exact.0.len(), 2, "ListObjects and GetObject groups");
        assert_eq!(count(&bucket.exact, &ir, "oss:ListObjects"), 2);
        assert_eq!(count(&bucket.exact, &ir, "oss:GetObject"), 1);
        assert_eq!(count(&bucket.prefix, &ir, "oss:GetObject"), 1);
        assert_eq!(count(&bucket.prefix, &ir, "oss:ListObjects"), 0);
        let folder = node(&ir, &plan, "b/u/");
        assert_eq!((folder.exact.0.len(), folder.prefix.0.len()), (0, 2));
        assert_eq!(count(&folder.prefix, &ir, "oss:PutObject"), 1);
        let page = node(&ir, &plan, "b/u/index.html");
        assert_eq!((count(&page.exact, &ir, "oss:GetObject"), page.prefix.0.len()), (1, 0));
        assert_eq!(plan.all.deny.len() + plan.all.allow.len(), 7);
        // Groups keep statement order within each effect.
        let listing = bucket.exact.0.iter().find(|g| g.postings.allow.len() == 2).unwrap();
        assert_eq!(listing.postings.allow.iter().map(|e| e.statement).collect::<Vec<_>>(), [0, 1]);
    }
}
