//! Action sets: a bitset over the dense ids of the known actions, plus the patterns that
//! can match actions outside the known list.
//!
//! A statement's `Action` list is expanded when the policy is compiled: every known action
//! that some entry matches (ASCII case-insensitively, wildcards included) gets its bit.
//! A request action with an id is then one bit test. A request action without one
//! (`imm:GetImage`, `oss:SomethingNew`) can only be matched by an entry that is not a
//! known action's exact name — `oss:*`, `*`, `imm:*`, `ram:PassRole` — so those entries
//! are kept as [residual](ActionFilter::residual) patterns and tried in turn.
//!
//! ```
//! use oss_policy_runtime::actions::action_id;
//! use oss_policy_runtime::matchers::actions::{ActionBits, ActionFilter};
//! let entries = ["oss:Get*", "imm:*"];
//! let filter = ActionFilter::compile(&entries, false);
//! assert!(filter.matches(action_id("oss:GetObject"), "oss:GetObject"));
//! assert!(!filter.matches(action_id("oss:PutObject"), "oss:PutObject"));
//! assert!(filter.matches(None, "imm:DetectFaces"));
//! assert!(filter.matches(None, "oss:GetSomethingNew"));
//! ```

use std::collections::HashSet;

use super::glob;
use super::text::Text;
use crate::actions::{ActionId, KNOWN_ACTIONS, action_id};

/// The number of 64-bit words of an [`ActionBits`].
pub const ACTION_WORDS: usize = KNOWN_ACTIONS.len().div_ceil(64);

/// A set of known actions, by id: bit `id % 64` of word `id / 64`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ActionBits {
    /// The words; bits past the last known action are zero.
    pub words: [u64; ACTION_WORDS],
}

impl ActionBits {
    /// The empty set.
    pub const EMPTY: ActionBits = ActionBits { words: [0; ACTION_WORDS] };

    /// Adds an action.
    pub fn insert(&mut self, id: ActionId) {
        if let Some(word) = self.words.get_mut(usize::from(id) / 64) {
            *word |= 1 << (id % 64);
        }
    }

    /// Whether the set holds the action.
    #[inline]
    pub fn contains(&self, id: ActionId) -> bool {
        self.words.get(usize::from(id) / 64).is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    /// Every known action that `pattern` matches, ASCII case-insensitively.
    pub fn matching(pattern: &str) -> ActionBits {
        let mut bits = ActionBits::EMPTY;
        for (id, known) in (0..).zip(KNOWN_ACTIONS) {
            if glob::matches_ignore_ascii_case(pattern, Text::new(known.name)) {
                bits.insert(id);
            }
        }
        bits
    }

    /// The union of two sets.
    pub fn union(mut self, other: ActionBits) -> ActionBits {
        for (word, other) in self.words.iter_mut().zip(other.words) {
            *word |= other;
        }
        self
    }
}

/// The compiled `Action` (or `NotAction`) list of one statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ActionFilter<S = String> {
    /// `true` for `NotAction`: the filter holds when no entry matches.
    pub negated: bool,
    /// The known actions some entry matches.
    pub bits: ActionBits,
    /// The entries that may match an action outside the known list: every entry but
    /// the exact names of known actions.
    pub residual: Vec<S>,
}

impl ActionFilter<String> {
    /// Compiles a list of action entries.
    pub fn compile<E: AsRef<str>>(entries: &[E], negated: bool) -> ActionFilter<String> {
        let mut bits = ActionBits::EMPTY;
        let mut residual = Vec::new();
        // Each entry once, in the order first seen: a hash set, not a search of the list.
        let mut seen = HashSet::new();
        for entry in entries.iter().map(AsRef::as_ref).filter(|entry| seen.insert(*entry)) {
            bits = bits.union(ActionBits::matching(entry));
            let known_name = !glob::has_wildcard(entry) && action_id(entry).is_some();
            if !known_name {
                residual.push(entry.to_owned());
            }
        }
        ActionFilter { negated, bits, residual }
    }
}

impl<S: AsRef<str>> ActionFilter<S> {
    /// Whether the filter holds for the request action `action`, whose id is `id`
    /// ([`action_id`]`(action)`). Never allocates.
    #[inline]
    pub fn matches(&self, id: Option<ActionId>, action: &str) -> bool {
        let any = match id {
            Some(id) => self.bits.contains(id),
            None => {
                self.residual.iter().any(|pattern| glob::matches_ignore_ascii_case(pattern.as_ref(), Text::new(action)))
            }
        };
        any != self.negated
    }

    /// Whether the filter may hold for some action outside the known list.
    pub fn may_match_unknown(&self) -> bool {
        self.negated || !self.residual.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str) -> Option<ActionId> {
        action_id(name)
    }

    #[test]
    fn wildcards_expand_against_the_known_list() {
        let all = ActionBits::matching("oss:*");
        assert!((0..).zip(KNOWN_ACTIONS).all(|(i, _)| all.contains(i)));
        assert_eq!(ActionBits::matching("*"), all);
        assert_eq!(ActionBits::matching("OSS:*"), all);
        let get = ActionBits::matching("oss:Get*");
        assert!(get.contains(id("oss:GetObject").unwrap()));
        assert!(get.contains(id("oss:GetBucketAcl").unwrap()));
        assert!(!get.contains(id("oss:PutObject").unwrap()));
        assert!(!get.contains(id("oss:ListObjects").unwrap()));
        let one = ActionBits::matching("oss:?utObject");
        assert!(one.contains(id("oss:PutObject").unwrap()));
        assert!(!one.contains(id("oss:GetObject").unwrap()));
        assert_eq!(ActionBits::matching("imm:*"), ActionBits::EMPTY);
        assert_eq!(ActionBits::matching("oss:getobject"), {
            let mut bits = ActionBits::EMPTY;
            bits.insert(id("oss:GetObject").unwrap());
            bits
        });
        let mut beyond = ActionBits::EMPTY;
        beyond.insert(ActionId::MAX);
        assert_eq!(beyond, ActionBits::EMPTY);
    }

    #[test]
    fn filters_table() {
        // (entries, negated, request action, holds)
        let rows: &[(&[&str], bool, &str, bool)] = &[
            (&["oss:GetObject"], false, "oss:GetObject", true),
            (&["oss:GetObject"], false, "OSS:GETOBJECT", true),
            (&["oss:GetObject"], false, "oss:PutObject", false),
            (&["oss:GetObject"], false, "oss:GetObjectX", false),
            (&["oss:*"], false, "oss:Unknown", true),
            (&["oss:*"], false, "imm:Foo", false),
            (&["*"], false, "imm:Foo", true),
            (&["*"], false, "", true),
            (&["imm:*"], false, "IMM:foo", true),
            (&["ram:PassRole"], false, "ram:passrole", true),
            (&["oss:Get*"], false, "oss:GetNew", true),
            (&["oss:Get*"], false, "oss:PutNew", false),
            (&["oss:GetObject"], true, "oss:PutObject", true),
            (&["oss:GetObject"], true, "oss:GetObject", false),
            (&["oss:GetObject"], true, "oss:Unknown", true),
            (&["oss:*"], true, "oss:Unknown", false),
            (&["oss:*"], true, "imm:Foo", true),
            (&["oss:Delete*", "imm:*"], true, "imm:Foo", false),
            (&["oss:Delete*", "imm:*"], true, "oss:DeleteObject", false),
            (&["oss:Delete*", "imm:*"], true, "oss:GetObject", true),
        ];
        for &(entries, negated, action, want) in rows {
            let filter = ActionFilter::compile(entries, negated);
            assert_eq!(filter.matches(id(action), action), want, "{entries:?} negated={negated} vs {action}");
        }
    }

    #[test]
    fn exact_known_names_are_not_residual() {
        let filter = ActionFilter::compile(&["oss:GetObject", "OSS:putobject", "oss:Get*", "imm:X", "imm:X"], false);
        assert_eq!(filter.residual, ["oss:Get*", "imm:X"]);
        assert!(filter.may_match_unknown());
        assert!(!ActionFilter::compile(&["oss:GetObject"], false).may_match_unknown());
        assert!(ActionFilter::compile(&["oss:GetObject"], true).may_match_unknown());
    }
}
