//! The shape of the generated check, decided before any token is written: which
//! statements each action can reach ([`Class`]), and for each class a decision [`Tree`]
//! that narrows them by resource and by principal.
//!
//! The tree never duplicates a statement to narrow: where a set of candidates splits into
//! a narrowed part and a shared part, the generated code evaluates both and merges their
//! evaluations (`rt::merge`: the smaller deny, else the smaller allow), which is exactly
//! the evaluation of their union (docs/SPEC.md section 4). So the generated code grows with
//! the policy, never with the product of its dimensions.

use std::collections::BTreeMap;

use oss_policy_runtime::actions::{ActionId, KNOWN_ACTIONS};

use crate::ir::{PolicyIr, StatementIr};
use crate::model::Effect;

/// Trie walks nest one block per branching node: deeper nestings are not split by
/// resource (they would nest generated code past what reads well, or compiles well).
const MAX_TRIE_DEPTH: usize = 24;

/// How a candidate's action is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum ActionCheck {
    /// The dispatch on the action id decided it.
    Dispatched,
    /// An action outside the known list: the statement's residual patterns are matched
    /// at run time (negated for `NotAction`).
    Residual,
}

/// A statement that may apply, with what remains to check of its action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Candidate {
    /// The statement's index.
    pub statement: u32,
    /// How its action is checked.
    pub action: ActionCheck,
}

/// The actions that reach the same candidates, and how those are decided.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Class {
    /// The known actions of the class, by id, ascending.
    pub ids: Vec<ActionId>,
    /// Whether actions outside the known list belong to the class.
    pub unknown: bool,
    /// The candidates, in statement order.
    pub candidates: Vec<Candidate>,
    /// How they are decided.
    pub tree: Tree,
}

/// How a set of candidates is decided.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tree {
    /// Check each in turn: deny statements first, each effect by statement index.
    Leaf(Vec<Candidate>),
    /// Decide each part and merge the evaluations.
    Merge(Vec<Tree>),
    /// Walk the resource's relative id down the literal prefixes of the candidates'
    /// patterns; every node passed decides its own candidates.
    Trie(TrieNode),
    /// Branch on the caller's id: the candidates naming it.
    Principal(Vec<(String, Tree)>),
}

/// A node of a trie over literal prefixes (labels compressed, children sorted by their
/// first character, which differ).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct TrieNode {
    /// The text this node adds to its parent's path.
    pub label: String,
    /// The candidates whose literal prefix is exactly this node's path.
    pub own: Option<Box<Tree>>,
    /// The children.
    pub children: Vec<TrieNode>,
}

/// The plan of a whole policy.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Plan {
    /// The classes with candidates, in the order of their first action id; the class of
    /// actions outside the known list, if it has candidates, last.
    pub classes: Vec<Class>,
}

/// Plans `ir`: classes by action, a tree per class. `leaf_size` is the most candidates a
/// leaf holds before the planner tries to split them.
pub(super) fn plan(ir: &PolicyIr, leaf_size: usize) -> Plan {
    let mut by_candidates: BTreeMap<Vec<Candidate>, Vec<ActionId>> = BTreeMap::new();
    for id in (0..).take(KNOWN_ACTIONS.len()) {
        let candidates = known_candidates(ir, id);
        if !candidates.is_empty() {
            by_candidates.entry(candidates).or_default().push(id);
        }
    }
    let mut classes: Vec<Class> = by_candidates
        .into_iter()
        .map(|(candidates, ids)| Class { ids, unknown: false, tree: Tree::Leaf(Vec::new()), candidates })
        .collect();
    let unknown = unknown_candidates(ir);
    if !unknown.is_empty() {
        match classes.iter_mut().find(|class| class.candidates == unknown) {
            Some(class) => class.unknown = true,
            None => {
                classes.push(Class { ids: Vec::new(), unknown: true, candidates: unknown, tree: Tree::Leaf(vec![]) })
            }
        }
    }
    classes.sort_by_key(|class| class.ids.first().copied().unwrap_or(ActionId::MAX));
    let planner = Planner { ir, leaf_size };
    for class in &mut classes {
        class.tree = planner.tree(class.candidates.clone(), Dimensions::BOTH);
    }
    Plan { classes }
}

/// The statements whose action filter holds for the known action `id`.
fn known_candidates(ir: &PolicyIr, id: ActionId) -> Vec<Candidate> {
    (0..)
        .zip(&ir.statements)
        .filter(|(_, statement)| statement.actions.bits.contains(id) != statement.actions.negated)
        .map(|(statement, _)| Candidate { statement, action: ActionCheck::Dispatched })
        .collect()
}

/// The statements whose action filter may hold for an action outside the known list.
fn unknown_candidates(ir: &PolicyIr) -> Vec<Candidate> {
    (0..)
        .zip(&ir.statements)
        .filter_map(|(statement, ir)| unknown_check(ir).map(|action| Candidate { statement, action }))
        .collect()
}

/// How a statement's action is checked for an action outside the known list; `None`
/// when it never holds. Only the residual entries can match such an action; `*` matches
/// every one.
fn unknown_check(statement: &StatementIr) -> Option<ActionCheck> {
    let filter = &statement.actions;
    let star = filter.residual.iter().any(|pattern| pattern == "*");
    match (filter.negated, star, filter.residual.is_empty()) {
        (false, true, _) => Some(ActionCheck::Dispatched),
        (false, false, true) => None,
        (false, false, false) => Some(ActionCheck::Residual),
        (true, true, _) => None,
        (true, false, true) => Some(ActionCheck::Dispatched),
        (true, false, false) => Some(ActionCheck::Residual),
    }
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

struct Planner<'i> {
    ir: &'i PolicyIr,
    leaf_size: usize,
}

impl Planner<'_> {
    fn statement(&self, candidate: &Candidate) -> Option<&StatementIr> {
        self.ir.statements.get(candidate.statement as usize)
    }

    fn tree(&self, candidates: Vec<Candidate>, dimensions: Dimensions) -> Tree {
        if candidates.len() <= self.leaf_size {
            return self.leaf(candidates);
        }
        if dimensions.resource
            && let Some(tree) = self.by_resource(&candidates, Dimensions { resource: false, ..dimensions })
        {
            return tree;
        }
        if dimensions.principal
            && let Some(tree) = self.by_principal(&candidates, Dimensions { principal: false, ..dimensions })
        {
            return tree;
        }
        self.leaf(candidates)
    }

    /// Deny candidates first, each effect in statement order.
    fn leaf(&self, mut candidates: Vec<Candidate>) -> Tree {
        candidates.sort_by_key(|candidate| {
            let deny = self.statement(candidate).is_some_and(|statement| statement.effect == Effect::Deny);
            (!deny, candidate.statement)
        });
        Tree::Leaf(candidates)
    }

    /// The literal prefixes by which a candidate can be found in a trie: one per
    /// pattern, when every pattern of a `Resource` list has five segments and a relative
    /// id that starts with a literal.
    fn prefixes(&self, candidate: &Candidate) -> Option<Vec<&str>> {
        let resources = &self.statement(candidate)?.resources;
        let indexed = !resources.negated && resources.patterns.iter().all(|pattern| pattern.is_indexed());
        indexed.then(|| resources.patterns.iter().map(|pattern| pattern.literal_prefix()).collect())
    }

    /// A trie over the candidates' literal prefixes, merged with the rest; `None` when
    /// fewer than two prefixes would tell candidates apart.
    fn by_resource(&self, candidates: &[Candidate], below: Dimensions) -> Option<Tree> {
        let mut keyed: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
        let mut rest = Vec::new();
        for candidate in candidates {
            match self.prefixes(candidate) {
                Some(prefixes) => {
                    for prefix in prefixes {
                        // A candidate's prefixes are visited together: a repeat is the last one.
                        let entries = keyed.entry(prefix).or_default();
                        if entries.last() != Some(candidate) {
                            entries.push(*candidate);
                        }
                    }
                }
                None => rest.push(*candidate),
            }
        }
        if keyed.len() < 2 {
            return None;
        }
        let keys: Vec<(&str, Vec<Candidate>)> = keyed.into_iter().collect();
        let trie = self.trie_node("", &keys, below, 0)?;
        Some(self.merged(Tree::Trie(trie), rest, below))
    }

    /// The node for `keys` (sorted, distinct, all starting with `parent_path`), labelled
    /// from the end of `parent_path` to their common prefix; `None` past the nesting
    /// limit.
    fn trie_node(
        &self,
        parent_path: &str,
        keys: &[(&str, Vec<Candidate>)],
        below: Dimensions,
        nesting: usize,
    ) -> Option<TrieNode> {
        if nesting > MAX_TRIE_DEPTH {
            return None;
        }
        let (first, last) = (keys.first()?.0, keys.last()?.0);
        let shared = common_prefix(first, last);
        let path = first.get(..shared)?;
        let label = path.get(parent_path.len()..)?.to_owned();
        let mut node = TrieNode { label, own: None, children: Vec::new() };
        let mut rest = keys;
        if let Some(((key, candidates), tail)) = keys.split_first()
            && key.len() == shared
        {
            node.own = Some(Box::new(self.tree(candidates.clone(), below)));
            rest = tail;
        }
        while let Some(((key, _), _)) = rest.split_first() {
            let next = key.get(shared..)?.chars().next()?;
            let starts_with_next = |other: &str| other.get(shared..).and_then(|tail| tail.chars().next()) == Some(next);
            let group = rest.iter().take_while(|(other, _)| starts_with_next(other)).count();
            let (children, tail) = rest.split_at(group);
            node.children.push(self.trie_node(path, children, below, nesting + 1)?);
            rest = tail;
        }
        Some(node)
    }

    /// A branch on the caller's id over the candidates that name ids only, merged with
    /// the rest; `None` when fewer than two ids would tell candidates apart.
    fn by_principal(&self, candidates: &[Candidate], below: Dimensions) -> Option<Tree> {
        let mut named: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
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
        if named.len() < 2 {
            return None;
        }
        let arms = named.into_iter().map(|(id, candidates)| (id.to_owned(), self.tree(candidates, below))).collect();
        Some(self.merged(Tree::Principal(arms), rest, below))
    }

    /// `narrowed` merged with a tree over `rest`, when there is any.
    fn merged(&self, narrowed: Tree, rest: Vec<Candidate>, below: Dimensions) -> Tree {
        if rest.is_empty() { narrowed } else { Tree::Merge(vec![narrowed, self.tree(rest, below)]) }
    }
}

/// The length in bytes of the longest common prefix of `a` and `b` that ends on a
/// character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).find(|((_, x), y)| x != y).map_or_else(|| a.len().min(b.len()), |((at, _), _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::lower;
    use crate::{Limits, parse_policy};
    use oss_policy_runtime::PolicyKind;
    use oss_policy_runtime::actions::action_id;

    fn ir(kind: PolicyKind, statements: &str) -> PolicyIr {
        let text = format!(r#"{{"Version":"1","Statement":[{statements}]}}"#);
        lower(&parse_policy(&text, kind, &Limits::none()).unwrap())
    }

    fn allow(action: &str, resource: &str) -> String {
        format!(r#"{{"Effect":"Allow","Action":{action},"Resource":{resource}}}"#)
    }

    fn deny(action: &str, resource: &str) -> String {
        format!(r#"{{"Effect":"Deny","Action":{action},"Resource":{resource}}}"#)
    }

    fn statements(candidates: &[Candidate]) -> Vec<u32> {
        candidates.iter().map(|c| c.statement).collect()
    }

    #[test]
    fn actions_reaching_the_same_statements_share_a_class() {
        let ir = ir(
            PolicyKind::Ram,
            &[
                allow(r#"["oss:GetObject","oss:PutObject"]"#, r#""*""#),
                deny(r#""oss:PutObject""#, r#""*""#),
                allow(r#""imm:*""#, r#""*""#),
                deny(r#""oss:Get*""#, r#""*""#),
            ]
            .join(","),
        );
        let plan = plan(&ir, 8);
        let get = action_id("oss:GetObject").unwrap();
        let put = action_id("oss:PutObject").unwrap();
        let class_of = |id: ActionId| plan.classes.iter().find(|class| class.ids.contains(&id)).unwrap();
        assert_eq!(statements(&class_of(get).candidates), [0, 3]);
        assert_eq!(statements(&class_of(put).candidates), [0, 1]);
        // oss:GetBucketAcl reaches statement 3 alone (oss:Get*).
        assert_eq!(statements(&class_of(action_id("oss:GetBucketAcl").unwrap()).candidates), [3]);
        // Unknown actions: imm:* and oss:Get* are residual; sorted last.
        let unknown = plan.classes.last().unwrap();
        assert!(unknown.unknown && unknown.ids.is_empty());
        assert_eq!(
            unknown.candidates.iter().map(|c| (c.statement, c.action)).collect::<Vec<_>>(),
            [(2, ActionCheck::Residual), (3, ActionCheck::Residual)]
        );
        // No class without candidates.
        assert!(plan.classes.iter().all(|class| !class.candidates.is_empty()));
    }

    #[test]
    fn unknown_action_checks_follow_the_residual() {
        let rows: &[(&str, bool, Option<ActionCheck>)] = &[
            (r#""*""#, false, Some(ActionCheck::Dispatched)),
            (r#""oss:*""#, false, Some(ActionCheck::Residual)),
            (r#""oss:GetObject""#, false, None),
            (r#""oss:GetObject""#, true, Some(ActionCheck::Dispatched)),
            (r#""oss:*""#, true, Some(ActionCheck::Residual)),
            (r#"["oss:GetObject","*"]"#, true, None),
        ];
        for &(action, negated, want) in rows {
            let member = if negated { "NotAction" } else { "Action" };
            let ir = ir(PolicyKind::Ram, &format!(r#"{{"Effect":"Allow","{member}":{action},"Resource":"*"}}"#));
            assert_eq!(unknown_check(&ir.statements[0]), want, "{member} {action}");
        }
    }

    #[test]
    fn leaves_check_denies_first() {
        let ir = ir(
            PolicyKind::Ram,
            &[allow(r#""*""#, r#""*""#), deny(r#""*""#, r#""*""#), allow(r#""*""#, r#""*""#), deny(r#""*""#, r#""*""#)]
                .join(","),
        );
        let plan = plan(&ir, 8);
        let Tree::Leaf(order) = &plan.classes[0].tree else { panic!("{:?}", plan.classes[0].tree) };
        assert_eq!(statements(order), [1, 3, 0, 2]);
    }

    #[test]
    fn large_sets_split_by_resource_prefix_and_keep_the_rest_apart() {
        let mut texts: Vec<String> =
            (0..6).map(|n| allow(r#""oss:GetObject""#, &format!(r#""acs:oss:*:*:b/user-{n}/*""#))).collect();
        texts.push(deny(r#""oss:GetObject""#, r#""acs:oss:*:*:*/secret/*""#));
        texts.push(allow(r#""oss:GetObject""#, r#"["acs:oss:*:*:b/user-1/*","acs:oss:*:*:c/*"]"#));
        let ir = ir(PolicyKind::Ram, &texts.join(","));
        let plan = plan(&ir, 2);
        let Tree::Merge(parts) = &plan.classes[0].tree else { panic!("{:?}", plan.classes[0].tree) };
        let Tree::Trie(root) = &parts[0] else { panic!("{parts:?}") };
        assert_eq!(parts[1], Tree::Leaf(vec![Candidate { statement: 6, action: ActionCheck::Dispatched }]));
        // Root "" → "b/user-" → "0/".."5/"; and "c/".
        assert_eq!(root.label, "");
        let labels: Vec<&str> = root.children.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["b/user-", "c/"]);
        let users = &root.children[0];
        assert_eq!(users.children.len(), 6);
        let one = &users.children[1];
        assert_eq!(one.label, "1/");
        assert_eq!(
            one.own.as_deref(),
            Some(&Tree::Leaf(vec![
                Candidate { statement: 1, action: ActionCheck::Dispatched },
                Candidate { statement: 7, action: ActionCheck::Dispatched },
            ]))
        );
    }

    #[test]
    fn large_sets_on_one_resource_split_by_principal() {
        let texts: Vec<String> = (0..5)
            .map(|n| format!(r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":"u{n}","Resource":"*"}}"#))
            .chain([r#"{"Effect":"Deny","Action":"*","Principal":"*","Resource":"*"}"#.to_owned()])
            .collect();
        let ir = ir(PolicyKind::Bucket, &texts.join(","));
        let plan = plan(&ir, 2);
        let class = plan.classes.iter().find(|c| c.ids.contains(&action_id("oss:GetObject").unwrap())).unwrap();
        let Tree::Merge(parts) = &class.tree else { panic!("{:?}", class.tree) };
        let Tree::Principal(arms) = &parts[0] else { panic!("{parts:?}") };
        assert_eq!(arms.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["u0", "u1", "u2", "u3", "u4"]);
        assert_eq!(parts[1], Tree::Leaf(vec![Candidate { statement: 5, action: ActionCheck::Dispatched }]));
    }

    #[test]
    fn deep_prefix_nests_are_left_unsplit() {
        let texts: Vec<String> =
            (1..=40).map(|n| allow(r#""oss:GetObject""#, &format!(r#""acs:oss:*:*:{}*""#, "a/".repeat(n)))).collect();
        let ir = ir(PolicyKind::Ram, &texts.join(","));
        let plan = plan(&ir, 2);
        assert!(matches!(plan.classes[0].tree, Tree::Leaf(ref all) if all.len() == 40));
    }

    #[test]
    fn common_prefixes_end_on_character_boundaries() {
        assert_eq!(common_prefix("报告/a", "报表/a"), 3);
        assert_eq!(common_prefix("报告", "抱歉"), 0);
        assert_eq!(common_prefix("b/报告", "b/报表"), 5);
        assert_eq!(common_prefix("abc", "abd"), 2);
        assert_eq!(common_prefix("ab", "abc"), 2);
    }
}
