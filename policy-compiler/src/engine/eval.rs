//! Deciding one request over a [`PolicyIr`]: choose the index, list the candidates,
//! check them, deny first.

use core::iter;

use oss_policy_runtime::matchers::Text;
use oss_policy_runtime::matchers::arn::{self, Arn};
use oss_policy_runtime::{Evaluation, Prepared, Request, RequestError};

use super::conditions;
use super::plan::{Groups, Plan};
use crate::ir::{Entry, PolicyIr, Postings, ResidualSlot, StatementIr, Via, action_slot};

/// Counts statements examined beyond the index (`()` counts nothing).
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

/// Where the candidates come from.
enum Source<'i> {
    /// The deepest trie node on the resource's path (and whether the relative id ends
    /// there), and the residual of the action's slot.
    Resources { deepest: Option<u32>, ends_there: bool, slot: &'i ResidualSlot },
    /// The statements naming the caller's id, those for `*`, and (for an assumed role)
    /// those with STS patterns.
    Principals { named: Option<&'i Groups>, sts: bool },
    /// Every statement: a policy this small is checked faster in full than through an
    /// index.
    All,
}

/// A slot with no groups, for an index without slots (never, for a lowered policy).
static NO_SLOT: ResidualSlot = ResidualSlot { groups: Vec::new(), candidates: 0 };

/// Up to this many statements, a policy is checked in full, without its indexes: walking
/// the trie and choosing an index cost more than checking a few statements (callgrind:
/// the seed policies of one to three statements take 10-20% fewer instructions in full,
/// generated policies of ten take 30% more).
const FEW_STATEMENTS: usize = 4;

/// Up to this many candidates by resource, the principal index is not consulted: checking
/// a few candidates costs less than the binary search that might find fewer.
const FEW_CANDIDATES: usize = 4;

pub(super) fn evaluate<T: Tally>(ir: &PolicyIr, plan: &Plan, prepared: &Prepared<'_, '_>, tally: &mut T) -> Evaluation {
    decide(ir, plan, prepared, choose(ir, plan, prepared), tally)
}

/// The decision from the candidates `source` lists.
fn decide<T: Tally>(
    ir: &PolicyIr,
    plan: &Plan,
    prepared: &Prepared<'_, '_>,
    source: Source<'_>,
    tally: &mut T,
) -> Evaluation {
    // One pass over the candidate lists: the first applying Deny of each list, and while
    // no Deny applies, the first applying Allow (once a Deny applies, Allows cannot decide).
    let (mut deny, mut allow) = (None, None);
    let mut scan = |postings: &Postings| {
        deny = first_applying(ir, &postings.deny, deny, prepared, tally);
        if deny.is_none() {
            allow = first_applying(ir, &postings.allow, allow, prepared, tally);
        }
    };
    match source {
        Source::Resources { deepest, ends_there, slot } => {
            for groups in on_path(ir, plan, deepest, ends_there) {
                groups.holding(ir, prepared).for_each(&mut scan);
            }
            for &group in &slot.groups {
                if let Some(postings) = ir.resources.residual.get(group as usize) {
                    scan(postings);
                }
            }
        }
        Source::All => scan(&plan.all),
        Source::Principals { named, sts } => {
            if let Some(named) = named {
                named.holding(ir, prepared).for_each(&mut scan);
            }
            plan.any.holding(ir, prepared).for_each(&mut scan);
            if sts {
                plan.sts.holding(ir, prepared).for_each(&mut scan);
            }
        }
    }
    match (deny, allow) {
        (Some(statement), _) => Evaluation::deny(statement),
        (None, Some(statement)) => Evaluation::allow(statement),
        (None, None) => Evaluation::IGNORE,
    }
}

/// The index that lists fewer candidates for this request.
fn choose<'i>(ir: &'i PolicyIr, plan: &'i Plan, prepared: &Prepared<'_, '_>) -> Source<'i> {
    if ir.statements.len() <= FEW_STATEMENTS {
        return Source::All;
    }
    let resources = by_resource(ir, plan, prepared);
    let Source::Resources { deepest, ends_there, slot } = resources else { return resources };
    // Every entry on the path, whatever its action: a bound that spares counting when small.
    let on_path_bound = deepest.and_then(|at| ir.resources.trie.get(at as usize)).map_or(0, |n| n.candidates);
    if (on_path_bound as usize + slot.candidates as usize) <= FEW_CANDIDATES {
        return resources;
    }
    let on_path = on_path(ir, plan, deepest, ends_there).map(|groups| groups.count(ir, prepared));
    let from_resources = slot.candidates as usize + on_path.sum::<usize>();
    if from_resources <= FEW_CANDIDATES {
        return resources;
    }
    let sts = prepared.request().principal.sts_arn().is_some();
    let unnamed = plan.any.count(ir, prepared) + if sts { plan.sts.count(ir, prepared) } else { 0 };
    if unnamed >= from_resources {
        // The principal index lists at least these: it cannot list fewer.
        return resources;
    }
    let principals = by_principal(ir, plan, prepared);
    let Source::Principals { named, .. } = principals else { return resources };
    let from_principals = unnamed + named.map_or(0, |groups| groups.count(ir, prepared));
    if from_principals < from_resources { principals } else { resources }
}

/// The candidates by resource: the walk down the trie, and the action's residual slot.
fn by_resource<'i>(ir: &'i PolicyIr, plan: &'i Plan, prepared: &Prepared<'_, '_>) -> Source<'i> {
    let slot = ir.resources.slots.get(action_slot(prepared.action_id())).unwrap_or(&NO_SLOT);
    let resource = prepared.resource();
    let relative = match resource.segment_count() {
        arn::SEGMENTS => resource.rest(arn::SEGMENTS - 1),
        _ => None,
    };
    let deepest = relative.and_then(|relative| ir.resources.deepest(relative));
    let ends_there = match (deepest.and_then(|at| plan.nodes.get(at as usize)), relative) {
        (Some(node), Some(relative)) => node.depth == relative.len(),
        _ => false,
    };
    Source::Resources { deepest, ends_there, slot }
}

/// The candidates by principal: one binary search for the caller's id.
fn by_principal<'i>(ir: &'i PolicyIr, plan: &'i Plan, prepared: &Prepared<'_, '_>) -> Source<'i> {
    let principal = prepared.request().principal;
    let named = principal
        .uid()
        .and_then(|uid| ir.principals.ids.binary_search_by(|(id, _)| id.as_str().cmp(uid)).ok())
        .and_then(|at| plan.ids.get(at));
    Source::Principals { named, sts: principal.sts_arn().is_some() }
}

/// The decision through each index in turn, and without them (tests check all three
/// against a full scan and the reference evaluator).
pub(super) fn evaluate_by_each_index(
    ir: &PolicyIr,
    plan: &Plan,
    request: &Request<'_>,
) -> Result<[Evaluation; 3], RequestError> {
    let prepared = Prepared::new(request)?;
    let sources = [by_resource(ir, plan, &prepared), by_principal(ir, plan, &prepared), Source::All];
    Ok(sources.map(|source| decide(ir, plan, &prepared, source, &mut ())))
}

/// The trie entries on the resource's path: those of exact patterns at the deepest node
/// when the relative id ends there, and those of prefix patterns at it and at every
/// ancestor with entries.
fn on_path<'i>(
    ir: &'i PolicyIr,
    plan: &'i Plan,
    deepest: Option<u32>,
    ends_there: bool,
) -> impl Iterator<Item = &'i Groups> {
    let node = |at: u32| plan.nodes.get(at as usize);
    let exact = deepest.filter(|_| ends_there).and_then(node).map(|planned| &planned.exact);
    let chain = iter::successors(deepest, |&at| ir.resources.trie.get(at as usize).and_then(|n| n.up));
    exact.into_iter().chain(chain.filter_map(node).map(|planned| &planned.prefix))
}

/// The smallest statement index that applies among `list` (sorted by statement) and
/// `best`, the smallest found so far.
fn first_applying<T: Tally>(
    ir: &PolicyIr,
    list: &[Entry],
    best: Option<u32>,
    prepared: &Prepared<'_, '_>,
    tally: &mut T,
) -> Option<u32> {
    for entry in list {
        if best.is_some_and(|best| entry.statement >= best) {
            break;
        }
        tally.examined();
        if applies(ir, entry, prepared) {
            return Some(entry.statement);
        }
    }
    best
}

/// Whether statement `index` applies, every filter checked without the indexes (tests
/// compare the indexes against this).
#[cfg(test)]
pub(super) fn applies_by_scan(ir: &PolicyIr, index: u32, prepared: &Prepared<'_, '_>) -> bool {
    applies(ir, &Entry { statement: index, via: Via::Statement }, prepared)
}

/// Whether the entry's statement applies, its filters checked cheapest first.
fn applies(ir: &PolicyIr, entry: &Entry, prepared: &Prepared<'_, '_>) -> bool {
    let Some(statement) = ir.statements.get(entry.statement as usize) else { return false };
    let request = prepared.request();
    statement.actions.matches(prepared.action_id(), request.action)
        && principal_matches(statement, prepared)
        && resource_matches(statement, entry.via, prepared.resource())
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
        && principal.ids.binary_search_by(|id| id.as_str().cmp(uid)).is_ok()
    {
        return true;
    }
    request.principal.sts_arn().is_some_and(|session| {
        let session = Arn::new(Text::new(session));
        principal.sts.iter().any(|pattern| pattern.matches(&session))
    })
}

/// The part of the resource filter the index has not checked (for a trie entry, the
/// pattern's checks again: its literal prefix costs one comparison more, the rest must be
/// checked anyway).
fn resource_matches(statement: &StatementIr, via: Via, resource: &Arn<'_>) -> bool {
    let pattern = |at: u32| statement.resources.patterns.get(at as usize);
    match via {
        Via::Rest(at) | Via::Pattern(at) => pattern(at).is_some_and(|pattern| pattern.matches(resource)),
        Via::Statement => {
            let any = statement.resources.patterns.iter().any(|pattern| pattern.matches(resource));
            any != statement.resources.negated
        }
    }
}
