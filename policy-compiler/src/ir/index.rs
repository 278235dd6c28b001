//! Building the indexes of [`PolicyIr`](super::PolicyIr) over lowered statements: the
//! resource trie and residual, and the principal table. Every statement is reachable
//! through both indexes, so an engine may take either (completeness).

use std::collections::HashMap;

use oss_policy_runtime::actions::ActionId;

use super::{
    ACTION_SLOTS, ActionFilter, Entry, Postings, PrincipalIndex, ResidualSlot, ResourceIndex, StatementIr, Via, to_u32,
};
use crate::model::Effect;

/// Builds both indexes.
pub(super) fn build(statements: &[StatementIr]) -> (ResourceIndex, PrincipalIndex) {
    (resource_index(statements), principal_index(statements))
}

fn resource_index(statements: &[StatementIr]) -> ResourceIndex {
    let mut keyed: Vec<(&[u8], Effect, Entry)> = Vec::new();
    let mut groups: Vec<Postings> = Vec::new();
    let classes = super::action_classes(statements);
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    let mut filters: Vec<&ActionFilter> = Vec::new();
    for ((index, statement), &class) in statements.iter().enumerate().zip(&classes) {
        let number = to_u32(index);
        let mut residual = |entry: Entry| {
            let group = *group_of.entry(class).or_insert_with(|| {
                groups.push(Postings::default());
                filters.push(&statement.actions);
                groups.len() - 1
            });
            if let Some(postings) = groups.get_mut(group) {
                postings.push(statement.effect, entry);
            }
        };
        if statement.resources.negated {
            residual(Entry { statement: number, via: Via::Statement });
            continue;
        }
        for (at, pattern) in (0..).zip(&statement.resources.patterns) {
            if pattern.is_indexed() {
                let entry = Entry { statement: number, via: Via::Rest(at) };
                keyed.push((pattern.literal_prefix().as_bytes(), statement.effect, entry));
            } else {
                residual(Entry { statement: number, via: Via::Pattern(at) });
            }
        }
    }
    // Stable: entries of one key stay in statement order.
    keyed.sort_by(|a, b| a.0.cmp(b.0));
    let mut keys: Vec<(Vec<u8>, Postings)> = Vec::new();
    for (key, effect, entry) in keyed {
        match keys.last_mut() {
            Some((last, postings)) if last.as_slice() == key => postings.push(effect, entry),
            _ => {
                let mut postings = Postings::default();
                postings.push(effect, entry);
                keys.push((key.to_vec(), postings));
            }
        }
    }
    let slots = (0..ACTION_SLOTS)
        .map(|slot| {
            let id = ActionId::try_from(slot).ok().filter(|_| slot + 1 < ACTION_SLOTS);
            let mut chosen = ResidualSlot::default();
            for (group, (filter, postings)) in filters.iter().zip(&groups).enumerate() {
                let may_hold = match id {
                    Some(id) => filter.bits.contains(id) != filter.negated,
                    None => filter.may_match_unknown(),
                };
                if may_hold {
                    chosen.groups.push(to_u32(group));
                    chosen.candidates = chosen.candidates.saturating_add(to_u32(postings.len()));
                }
            }
            chosen
        })
        .collect();
    ResourceIndex { trie: super::trie::build(keys), residual: groups, slots }
}

fn principal_index(statements: &[StatementIr]) -> PrincipalIndex {
    let mut index = PrincipalIndex::default();
    let mut ids: HashMap<&str, Postings> = HashMap::new();
    for (number, statement) in (0..).zip(statements) {
        let entry = Entry { statement: number, via: Via::Statement };
        let Some(principal) = &statement.principal else {
            index.any.push(statement.effect, entry);
            continue;
        };
        if principal.any {
            index.any.push(statement.effect, entry);
        }
        for id in &principal.ids {
            ids.entry(id.as_str()).or_default().push(statement.effect, entry);
        }
        if !principal.sts.is_empty() {
            index.sts.push(statement.effect, entry);
        }
    }
    index.ids = ids.into_iter().map(|(id, postings)| (id.to_owned(), postings)).collect();
    index.ids.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ArnPattern, PrincipalFilter, ResourceFilter};
    use oss_policy_runtime::actions::{KNOWN_ACTIONS, action_id};

    fn statement(effect: Effect, actions: &[&str], resources: &[&str], principal: Option<&[&str]>) -> StatementIr {
        let negated = resources.first() == Some(&"!");
        let patterns = resources.iter().filter(|r| **r != "!").map(|r| ArnPattern::new(r)).collect();
        StatementIr {
            effect,
            actions: ActionFilter::compile(actions, false),
            resources: ResourceFilter { negated, patterns },
            principal: principal.map(|ids| PrincipalFilter {
                any: ids.contains(&"*"),
                ids: ids.iter().filter(|id| **id != "*").map(|id| id.to_string()).collect(),
                sts: vec![],
            }),
            owner_exempt: false,
            conditions: vec![],
        }
    }

    #[test]
    fn patterns_go_to_the_trie_or_the_residual() {
        let statements = [
            statement(Effect::Allow, &["oss:GetObject"], &["acs:oss:*:1:b/u1/*", "acs:oss:*:1:b/u1/*x"], None),
            statement(Effect::Deny, &["oss:GetObject"], &["acs:oss:*:1:b/u1/?"], None),
            statement(Effect::Allow, &["oss:PutObject"], &["*", "acs:oss:*:*:*"], None),
            statement(Effect::Deny, &["oss:GetObject"], &["!", "acs:oss:*:1:b/*"], None),
        ];
        let (resources, _) = build(&statements);
        // One trie key (`b/u1/`) with both patterns of statement 0 and the one of statement 1.
        let node = resources.trie.iter().find(|n| !n.postings.is_empty()).unwrap();
        assert_eq!(
            node.postings.allow,
            [Entry { statement: 0, via: Via::Rest(0) }, Entry { statement: 0, via: Via::Rest(1) }]
        );
        assert_eq!(node.postings.deny, [Entry { statement: 1, via: Via::Rest(0) }]);
        // Residual: statement 2's two patterns (its own action group), statement 3 as a whole.
        assert_eq!(resources.residual.len(), 2);
        let put = &resources.slots[action_id("oss:PutObject").unwrap() as usize];
        let get = &resources.slots[action_id("oss:GetObject").unwrap() as usize];
        let unknown = &resources.slots[KNOWN_ACTIONS.len()];
        assert_eq!((put.groups.len(), put.candidates), (1, 2));
        assert_eq!(resources.residual[put.groups[0] as usize].allow.len(), 2);
        assert_eq!((get.groups.len(), get.candidates), (1, 1));
        assert_eq!(resources.residual[get.groups[0] as usize].deny, [Entry { statement: 3, via: Via::Statement }]);
        assert_eq!(unknown.candidates, 0);
    }

    #[test]
    fn not_action_groups_are_listed_for_every_slot_they_may_hold_for() {
        let mut not_get = statement(Effect::Deny, &["oss:GetObject"], &["*"], None);
        not_get.actions.negated = true;
        let (resources, _) = build(&[not_get]);
        let get = action_id("oss:GetObject").unwrap() as usize;
        for (slot, listed) in resources.slots.iter().enumerate() {
            assert_eq!(listed.candidates == 1, slot != get, "{slot}");
        }
    }

    #[test]
    fn principals_are_indexed_by_id_star_and_sts() {
        let mut sts = statement(Effect::Allow, &["*"], &["*"], Some(&[]));
        sts.principal.as_mut().unwrap().sts.push(ArnPattern::new("arn:sts::1:assumed-role/r/*"));
        let statements = [
            statement(Effect::Allow, &["*"], &["*"], Some(&["u2", "u1"])),
            statement(Effect::Deny, &["*"], &["*"], Some(&["*", "u1"])),
            statement(Effect::Allow, &["*"], &["*"], None),
            sts,
        ];
        let (_, principals) = build(&statements);
        let ids: Vec<&str> = principals.ids.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["u1", "u2"]);
        let u1 = principals.by_id("u1").unwrap();
        assert_eq!((u1.deny.len(), u1.allow.len()), (1, 1));
        assert!(principals.by_id("u3").is_none());
        let any: Vec<u32> = principals.any.deny.iter().chain(&principals.any.allow).map(|e| e.statement).collect();
        assert_eq!(any, [1, 2]);
        assert_eq!(principals.sts.allow, [Entry { statement: 3, via: Via::Statement }]);
    }
}
