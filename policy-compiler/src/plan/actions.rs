//! Grouping the actions into classes: the action slots whose candidate statements (and
//! what is left to check of their actions) are the same share a class.
//!
//! Large policies repeat a few action lists many times, so the grouping works on the
//! distinct filters: each filter is hashed once, each slot tested against each distinct
//! filter once, and only then are the statements of a class listed — a cost of slots ×
//! filters + statements, not slots × statements.

use std::collections::{BTreeMap, HashMap};

use oss_policy_runtime::actions::{ActionId, KNOWN_ACTIONS};

use super::{ACTION_SLOTS, ActionCheck, to_u32};
use crate::ir::{ActionFilter, StatementIr};

/// The actions of one class and its candidates, before its tree is planned.
pub(super) struct ActionClass {
    /// The known actions, ascending.
    pub(super) ids: Vec<ActionId>,
    /// Whether actions outside the known list belong to it.
    pub(super) unknown: bool,
    /// The candidate statements, ascending, with what is left of their action filter.
    pub(super) candidates: Vec<(u32, ActionCheck)>,
}

/// The known actions of a class, and whether actions outside the known list join them.
type Slots = (Vec<ActionId>, bool);

/// The classes with candidates, in the order of their first known action; the class of
/// actions outside the known list alone, if any, last.
pub(super) fn classes(statements: &[StatementIr]) -> Vec<ActionClass> {
    let mut filter_of: HashMap<&ActionFilter, u32> = HashMap::new();
    let mut filters: Vec<&ActionFilter> = Vec::new();
    let statement_filters: Vec<u32> = statements
        .iter()
        .map(|statement| {
            *filter_of.entry(&statement.actions).or_insert_with(|| {
                filters.push(&statement.actions);
                to_u32(filters.len() - 1)
            })
        })
        .collect();
    // Per slot, the filters that may hold and how: the key slots are grouped by.
    let mut by_key: BTreeMap<Vec<(u32, ActionCheck)>, Slots> = BTreeMap::new();
    for slot in 0..ACTION_SLOTS {
        let known = ActionId::try_from(slot).ok().filter(|_| slot < KNOWN_ACTIONS.len());
        let key: Vec<(u32, ActionCheck)> = (0..)
            .zip(&filters)
            .filter_map(|(at, filter)| {
                let check = match known {
                    Some(id) => (filter.bits.contains(id) != filter.negated).then_some(ActionCheck::Dispatched),
                    None => unknown_check(filter),
                };
                check.map(|check| (at, check))
            })
            .collect();
        if key.is_empty() {
            continue;
        }
        let (ids, unknown) = by_key.entry(key).or_default();
        match known {
            Some(id) => ids.push(id),
            None => *unknown = true,
        }
    }
    let mut classes: Vec<ActionClass> = by_key
        .into_iter()
        .map(|(key, (ids, unknown))| {
            let checks: HashMap<u32, ActionCheck> = key.into_iter().collect();
            let candidates = (0..)
                .zip(&statement_filters)
                .filter_map(|(statement, filter)| checks.get(filter).map(|&check| (statement, check)))
                .collect();
            ActionClass { ids, unknown, candidates }
        })
        .collect();
    classes.sort_by_key(|class| class.ids.first().copied().unwrap_or(ActionId::MAX));
    classes
}

/// How a filter is checked for an action outside the known list; `None` when it never
/// holds. Only the wildcard entries (the residual) can match such an action; `*` matches
/// every one.
pub(super) fn unknown_check(filter: &ActionFilter) -> Option<ActionCheck> {
    let star = filter.residual.iter().any(|pattern| pattern == "*");
    match (filter.negated, star, filter.residual.is_empty()) {
        (false, true, _) | (true, false, true) => Some(ActionCheck::Dispatched),
        (false, false, true) | (true, true, _) => None,
        (false, false, false) | (true, false, false) => Some(ActionCheck::Residual),
    }
}
