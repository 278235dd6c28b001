//! Deciding one request over a [`PolicyIr`]: choose the index, list the candidates,
//! check them, deny first.

use core::iter;

use oss_policy_runtime::actions::{ActionId, action_id};
use oss_policy_runtime::matchers::arn::{self, Arn};
use oss_policy_runtime::matchers::{Text, glob};
use oss_policy_runtime::{Evaluation, Request};

use super::conditions;
use crate::ir::{ArnPattern, Entry, PolicyIr, Postings, ResidualSlot, StatementIr, Via, action_slot};
use crate::model::Effect;

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

/// The request with what every candidate check needs, computed once.
struct Prepared<'r, 'a> {
    request: &'r Request<'a>,
    action: Option<ActionId>,
    resource: Arn<'a>,
}

/// Where the candidates come from.
enum Source<'i> {
    /// The deepest trie node on the resource's path and the residual of the action's slot.
    Resources { deepest: Option<u32>, slot: &'i ResidualSlot },
    /// The statements naming the caller's id, those for `*`, and (for an assumed role)
    /// those with STS patterns.
    Principals { named: Option<&'i Postings>, sts: bool },
}

/// A slot with no groups, for an index without slots (never, for a lowered policy).
static NO_SLOT: ResidualSlot = ResidualSlot { groups: Vec::new(), candidates: 0 };

pub(super) fn evaluate<T: Tally>(ir: &PolicyIr, request: &Request<'_>, tally: &mut T) -> Evaluation {
    let prepared = Prepared {
        request,
        action: action_id(request.action),
        resource: Arn::new(Text::from_resource(&request.resource)),
    };
    let source = choose(ir, &prepared);
    for effect in [Effect::Deny, Effect::Allow] {
        let first = match source {
            Source::Resources { deepest, slot } => {
                let trie = &ir.resources.trie;
                let chain = iter::successors(deepest, |&node| trie.get(node as usize).and_then(|n| n.up))
                    .filter_map(|node| trie.get(node as usize))
                    .map(|node| node.postings.of(effect));
                let residual = slot
                    .groups
                    .iter()
                    .filter_map(|&group| ir.resources.residual.get(group as usize))
                    .map(|postings| postings.of(effect));
                first_applying(ir, chain.chain(residual), &prepared, tally)
            }
            Source::Principals { named, sts } => {
                let lists = named
                    .into_iter()
                    .chain(iter::once(&ir.principals.any))
                    .chain(sts.then_some(&ir.principals.sts))
                    .map(|postings| postings.of(effect));
                first_applying(ir, lists, &prepared, tally)
            }
        };
        if let Some(statement) = first {
            return match effect {
                Effect::Deny => Evaluation::deny(statement),
                Effect::Allow => Evaluation::allow(statement),
            };
        }
    }
    Evaluation::IGNORE
}

/// The index that lists fewer candidates for this request.
fn choose<'i>(ir: &'i PolicyIr, prepared: &Prepared<'_, '_>) -> Source<'i> {
    let slot = ir.resources.slots.get(action_slot(prepared.action)).unwrap_or(&NO_SLOT);
    let deepest = match prepared.resource.segment_count() {
        arn::SEGMENTS => prepared.resource.rest(arn::SEGMENTS - 1).and_then(|relative| ir.resources.deepest(relative)),
        _ => None,
    };
    let trie_candidates = deepest.and_then(|node| ir.resources.trie.get(node as usize)).map_or(0, |n| n.candidates);
    let by_resource = trie_candidates as usize + slot.candidates as usize;
    let principal = prepared.request.principal;
    let named = principal.uid().and_then(|uid| ir.principals.by_id(uid));
    let sts = principal.sts_arn().is_some();
    let by_principal =
        named.map_or(0, Postings::len) + ir.principals.any.len() + if sts { ir.principals.sts.len() } else { 0 };
    if by_principal < by_resource { Source::Principals { named, sts } } else { Source::Resources { deepest, slot } }
}

/// The smallest statement index that applies among `lists` (each sorted by statement).
fn first_applying<'i, T: Tally>(
    ir: &PolicyIr,
    lists: impl Iterator<Item = &'i [Entry]>,
    prepared: &Prepared<'_, '_>,
    tally: &mut T,
) -> Option<u32> {
    let mut best: Option<u32> = None;
    for list in lists {
        for entry in list {
            if best.is_some_and(|best| entry.statement >= best) {
                break;
            }
            tally.examined();
            if applies(ir, entry, prepared) {
                best = Some(entry.statement);
                break;
            }
        }
    }
    best
}

/// Whether statement `index` applies, every filter checked without the indexes (tests
/// compare the indexes against this).
#[cfg(test)]
pub(super) fn applies_by_scan(ir: &PolicyIr, index: u32, request: &Request<'_>) -> bool {
    let prepared = Prepared {
        request,
        action: action_id(request.action),
        resource: Arn::new(Text::from_resource(&request.resource)),
    };
    applies(ir, &Entry { statement: index, via: Via::Statement }, &prepared)
}

/// Whether the entry's statement applies, its filters checked cheapest first.
fn applies(ir: &PolicyIr, entry: &Entry, prepared: &Prepared<'_, '_>) -> bool {
    let Some(statement) = ir.statements.get(entry.statement as usize) else { return false };
    statement.actions.matches(prepared.action, prepared.request.action)
        && principal_matches(statement, prepared.request)
        && resource_matches(statement, entry.via, &prepared.resource)
        && conditions::hold(&statement.conditions, &prepared.request.context)
}

/// SPEC.md section 2, "Principal", with the bucket-owner rule.
fn principal_matches(statement: &StatementIr, request: &Request<'_>) -> bool {
    let Some(principal) = &statement.principal else { return true };
    if statement.owner_exempt && request.caller_is_bucket_owner() {
        return false;
    }
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
        principal.sts.iter().any(|pattern| arn::matches(&pattern.segments, &session))
    })
}

/// The part of the resource filter the index has not checked.
fn resource_matches(statement: &StatementIr, via: Via, resource: &Arn<'_>) -> bool {
    let pattern = |at: u32| statement.resources.patterns.get(at as usize);
    match via {
        Via::Rest(at) => pattern(at).is_some_and(|pattern| rest_matches(pattern, resource)),
        Via::Pattern(at) => pattern(at).is_some_and(|pattern| arn::matches(&pattern.segments, resource)),
        Via::Statement => {
            let any = statement.resources.patterns.iter().any(|pattern| arn::matches(&pattern.segments, resource));
            any != statement.resources.negated
        }
    }
}

/// An indexed pattern whose literal prefix the trie walk has matched: the segments
/// before the relative id, and the pattern's suffix against the relative id's suffix.
fn rest_matches(pattern: &ArnPattern, resource: &Arn<'_>) -> bool {
    let Some((_, head)) = pattern.segments.split_last() else { return false };
    arn::head_matches(head, resource)
        && resource
            .rest(head.len())
            .is_some_and(|relative| glob::matches(pattern.suffix(), relative.suffix(pattern.literal as usize)))
}
