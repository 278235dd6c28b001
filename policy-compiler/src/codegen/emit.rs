//! Printing the decision tree ([`crate::plan`]): the type, the dispatch on the action id,
//! one function per action class holding its tree, one function per statement.

use std::collections::BTreeSet;

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::actions::{ActionId, KNOWN_ACTIONS};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::checks::statement_fn_parts;
use super::expr::Bool;
use super::names::{action_const, class_fn};
use super::{Item, docs};
use crate::ir::{PolicyIr, StatementIr};
use crate::model::{Effect, Policy};
use crate::plan::{ActionCheck, Candidate, Class, Leaf, Node, NodeId, Plan, TrieNode};

/// A branch on the caller's id with more arms than this is a binary search over a sorted
/// `static` table rather than a `match` on string literals (which compares in turn).
const MAX_STRING_ARMS: usize = 16;

/// The runtime's module for generated code, named after its version, under the path the
/// runtime crate is reached by (`::oss_policy_runtime`, or a crate re-exporting it).
fn runtime_module(runtime: &TokenStream) -> TokenStream {
    let module = format_ident!("__private_v{}_{}", env!("CARGO_PKG_VERSION_MAJOR"), env!("CARGO_PKG_VERSION_MINOR"));
    quote!(#runtime::#module)
}

/// The derives every generated type has.
fn derives() -> TokenStream {
    quote! {
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::fmt::Debug,
            ::core::default::Default,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash
        )]
    }
}

fn kind_variant(kind: PolicyKind) -> Ident {
    match kind {
        PolicyKind::Ram => format_ident!("Ram"),
        PolicyKind::Bucket => format_ident!("Bucket"),
        PolicyKind::AccessPoint => format_ident!("AccessPoint"),
    }
}

/// The type and its `PolicyEngine` implementation.
pub(super) fn policy(item: &Item, policy: &Policy, ir: &PolicyIr, plan: &Plan) -> TokenStream {
    let Item { attributes, visibility, name, runtime, .. } = item;
    let runtime = runtime_module(runtime);
    let doc = if attributes.is_empty() { docs::type_doc(item, policy) } else { TokenStream::new() };
    let derives = derives();
    let kind = kind_variant(policy.kind);
    let dispatch = Dispatch::new(plan);
    let consts = dispatch.used_ids().into_iter().filter_map(|id| {
        let known = KNOWN_ACTIONS.get(usize::from(id))?;
        let name = action_const(known.name);
        let text = Literal::string(known.name);
        Some(quote!(const #name: rt::ActionId = rt::action_id(#text);))
    });
    let used: BTreeSet<u32> = plan.classes.iter().flat_map(|class| class.statements.iter().copied()).collect();
    let statements = used.into_iter().filter_map(|index| {
        let statement = ir.statements.get(index as usize)?;
        let name = statement_fn(index);
        let doc = docs::statement_doc(index, policy.statements.get(index as usize)?);
        let (input, body) = statement_fn_parts(statement);
        Some(quote! {
            #doc
            fn #name(#input: rt::Input<'_>) -> bool {
                #body
            }
        })
    });
    let classes = plan.classes.iter().map(|class| {
        let name = dispatch.name(class);
        let doc = docs::class_doc(class, dispatch.is_wildcard(class));
        let body = Printer { plan, ir }.node(class.root);
        quote! {
            #doc
            fn #name(input: rt::Input<'_>) -> rt::Evaluation {
                #body
            }
        }
    });
    let body = dispatch.tokens();
    quote! {
        #doc
        #(#attributes)*
        #derives
        #visibility struct #name;

        // Numeric conditions compare exactly (docs/SPEC.md section 3); a class function is a
        // policy's decision tree written out, as long as the tree.
        #[allow(clippy::float_cmp, clippy::too_many_lines)]
        const _: () = {
            use #runtime as rt;

            #(#consts)*

            #(#statements)*

            #(#classes)*

            /// The policy's decision: the dispatch on the action id. Inlined into its
            /// entry point: it is only the dispatch, and it saves a call per check.
            #[inline]
            fn decide(input: rt::Input<'_>) -> rt::Evaluation {
                #body
            }

            #[automatically_derived]
            impl rt::PolicyEngine for #name {
                #[inline]
                fn kind(&self) -> rt::PolicyKind {
                    rt::PolicyKind::#kind
                }

                #[inline]
                fn evaluate_prepared(&self, prepared: &rt::Prepared<'_, '_>) -> rt::Evaluation {
                    decide(rt::Input::new(prepared))
                }
            }
        };
    }
}

/// A type whose policy did not compile: it decides nothing, so that the one
/// `compile_error!` beside it is the only error (no cascade of unknown names).
pub(super) fn stub(item: &Item, kind: PolicyKind) -> TokenStream {
    let Item { attributes, visibility, name, runtime, .. } = item;
    let runtime = runtime_module(runtime);
    let derives = derives();
    let kind = kind_variant(kind);
    quote! {
        #(#attributes)*
        #derives
        #visibility struct #name;

        const _: () = {
            use #runtime as rt;

            #[automatically_derived]
            impl rt::PolicyEngine for #name {
                fn kind(&self) -> rt::PolicyKind {
                    rt::PolicyKind::#kind
                }

                fn evaluate_prepared(&self, _: &rt::Prepared<'_, '_>) -> rt::Evaluation {
                    rt::Evaluation::IGNORE
                }
            }
        };
    }
}

fn statement_fn(index: u32) -> Ident {
    format_ident!("statement_{}", index)
}

/// The `match` on the action id: one arm per class, the class with the most actions (or
/// the actions that reach no statement) as `rt::Some(_)`, actions outside the known list
/// as `rt::None`.
struct Dispatch<'p> {
    arms: Vec<(Vec<ActionId>, bool, Option<&'p Class>)>,
    wildcard: Option<&'p Class>,
    unknown: Option<&'p Class>,
}

impl<'p> Dispatch<'p> {
    fn new(plan: &'p Plan) -> Dispatch<'p> {
        let reached: BTreeSet<ActionId> = plan.classes.iter().flat_map(|class| class.ids.iter().copied()).collect();
        let unreached: Vec<ActionId> = (0..).take(KNOWN_ACTIONS.len()).filter(|id| !reached.contains(id)).collect();
        let mut groups: Vec<(Vec<ActionId>, Option<&Class>)> = plan
            .classes
            .iter()
            .filter(|class| !class.ids.is_empty())
            .map(|class| (class.ids.clone(), Some(class)))
            .collect();
        if !unreached.is_empty() {
            groups.push((unreached, None));
        }
        // The largest group becomes `rt::Some(_)` (the first of equals, for determinism).
        let largest = groups.iter().enumerate().max_by(|(i, a), (j, b)| a.0.len().cmp(&b.0.len()).then(j.cmp(i)));
        let wildcard_at = largest.map(|(i, _)| i);
        let wildcard = wildcard_at.and_then(|i| groups.get(i)).and_then(|(_, class)| *class);
        let unknown = plan.classes.iter().find(|class| class.unknown);
        let mut arms: Vec<(Vec<ActionId>, bool, Option<&Class>)> = groups
            .into_iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != wildcard_at)
            .map(|(_, (ids, class))| {
                let with_unknown = class.is_some_and(|class| class.unknown);
                (ids, with_unknown, class)
            })
            .collect();
        arms.sort_by_key(|(ids, _, _)| ids.first().copied());
        Dispatch { arms, wildcard, unknown }
    }

    /// Whether `class` is reached through `rt::Some(_)`.
    fn is_wildcard(&self, class: &Class) -> bool {
        self.wildcard.is_some_and(|wildcard| core::ptr::eq(wildcard, class))
    }

    /// The name of `class`'s function.
    fn name(&self, class: &Class) -> Ident {
        class_fn(class, self.is_wildcard(class))
    }

    /// The action ids the patterns name.
    fn used_ids(&self) -> BTreeSet<ActionId> {
        self.arms.iter().flat_map(|(ids, _, _)| runs(ids).into_iter().flat_map(|(a, b)| [a, b])).collect()
    }

    fn tokens(&self) -> TokenStream {
        let call = |class: Option<&Class>| match class {
            Some(class) => {
                let name = self.name(class);
                quote!(#name(input))
            }
            None => quote!(rt::Evaluation::IGNORE),
        };
        let unknown_in_wildcard = self.wildcard.is_some_and(|class| class.unknown);
        let unknown_in_arm = self.arms.iter().any(|(_, with_unknown, _)| *with_unknown);
        let mut arms: Vec<TokenStream> = self
            .arms
            .iter()
            .map(|(ids, with_unknown, class)| {
                let pattern = id_pattern(ids);
                let none = with_unknown.then(|| quote!(| rt::None));
                let call = call(*class);
                quote!(rt::Some(#pattern) #none => #call,)
            })
            .collect();
        let wildcard = call(self.wildcard);
        if arms.is_empty() && self.wildcard.is_none() && self.unknown.is_none() {
            // No statement can apply to any action.
            return quote! {
                let _ = input;
                rt::Evaluation::IGNORE
            };
        }
        if arms.is_empty() && unknown_in_wildcard {
            // One outcome for every action.
            return quote!(#wildcard);
        }
        if unknown_in_wildcard {
            arms.push(quote!(rt::Some(_) | rt::None => #wildcard,));
        } else if self.wildcard.is_none() && self.unknown.is_none() {
            arms.push(quote!(_ => rt::Evaluation::IGNORE,));
        } else {
            arms.push(quote!(rt::Some(_) => #wildcard,));
            if !unknown_in_arm {
                let unknown = call(self.unknown);
                arms.push(quote!(rt::None => #unknown,));
            }
        }
        quote! {
            match input.action() {
                #(#arms)*
            }
        }
    }
}

/// Consecutive ids as `(first, last)` runs.
fn runs(ids: &[ActionId]) -> Vec<(ActionId, ActionId)> {
    let mut runs: Vec<(ActionId, ActionId)> = Vec::new();
    for &id in ids {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(id) => *last = id,
            _ => runs.push((id, id)),
        }
    }
    runs
}

/// `GET_OBJECT | DELETE_BUCKET..=DELETE_BUCKET_WEBSITE`: runs of three or more as ranges.
fn id_pattern(ids: &[ActionId]) -> TokenStream {
    let name = |id: ActionId| KNOWN_ACTIONS.get(usize::from(id)).map(|known| action_const(known.name));
    let alternatives = runs(ids).into_iter().flat_map(|(first, last)| {
        let (Some(a), Some(b)) = (name(first), name(last)) else { return Vec::new() };
        match last - first {
            0 => vec![quote!(#a)],
            1 => vec![quote!(#a), quote!(#b)],
            _ => vec![quote!(#a..=#b)],
        }
    });
    quote!(#(#alternatives)|*)
}

/// Prints the nodes of a plan as expressions of type `rt::Evaluation`.
#[derive(Clone, Copy)]
struct Printer<'p> {
    plan: &'p Plan,
    ir: &'p PolicyIr,
}

impl Printer<'_> {
    fn node(self, id: NodeId) -> TokenStream {
        match self.plan.node(id) {
            Some(Node::Leaf(leaf)) => self.leaf(leaf),
            Some(Node::Merge(parts)) => {
                let mut parts = parts.iter().rev().map(|&part| self.node(part));
                let last = parts.next().unwrap_or_else(|| quote!(rt::Evaluation::IGNORE));
                parts.fold(last, |merged, part| quote!(rt::merge(#part, #merged)))
            }
            Some(Node::Trie(root)) => {
                let walk = self.trie_node(root, 0);
                quote! {
                    match input.relative() {
                        rt::Some(relative) => #walk,
                        rt::None => rt::Evaluation::IGNORE,
                    }
                }
            }
            Some(Node::Principal(arms)) if arms.len() <= MAX_STRING_ARMS => {
                let arms = same_arms_joined(arms.iter().map(|(id, subtree)| {
                    let id = Literal::string(id);
                    (quote!(#id), self.node(*subtree))
                }));
                quote! {
                    match input.uid() {
                        #(#arms)*
                        _ => rt::Evaluation::IGNORE,
                    }
                }
            }
            Some(Node::Principal(arms)) => {
                let count = Literal::usize_unsuffixed(arms.len());
                let ids = arms.iter().map(|(id, _)| Literal::string(id));
                let arms = same_arms_joined(arms.iter().enumerate().map(|(i, (_, subtree))| {
                    let i = Literal::usize_unsuffixed(i);
                    (quote!(#i), self.node(*subtree))
                }));
                quote! {{
                    static IDS: [&str; #count] = [#(#ids),*];
                    match rt::find(&IDS, input.uid()) {
                        #(#arms)*
                        _ => rt::Evaluation::IGNORE,
                    }
                }}
            }
            None => quote!(rt::Evaluation::IGNORE),
        }
    }

    /// The candidates checked in turn, deny first; the first that applies decides. A
    /// candidate checks its statement's whole function: the statement applies the same
    /// whichever of its patterns found it.
    fn leaf(self, leaf: &Leaf) -> TokenStream {
        let checks: Vec<(TokenStream, TokenStream)> =
            leaf.in_order().filter_map(|candidate| self.check(candidate)).collect();
        let mut chain = quote!(rt::Evaluation::IGNORE);
        for (i, (condition, outcome)) in checks.iter().enumerate().rev() {
            chain = if i + 1 == checks.len() {
                quote!(if #condition { #outcome } else { #chain })
            } else {
                quote!(if #condition { #outcome } else #chain)
            };
        }
        chain
    }

    /// Whether a candidate applies, and its evaluation when it does.
    fn check(self, candidate: &Candidate) -> Option<(TokenStream, TokenStream)> {
        let statement = self.ir.statements.get(candidate.statement as usize)?;
        let action = match candidate.action {
            ActionCheck::Dispatched => Bool::Const(true),
            ActionCheck::Residual => residual_action(statement),
        };
        let name = statement_fn(candidate.statement);
        let condition = Bool::all([action, Bool::call(quote!(#name(input)))]).tokens();
        let index = Literal::u32_unsuffixed(candidate.statement);
        let outcome = match statement.effect {
            Effect::Deny => quote!(rt::Evaluation::deny(#index)),
            Effect::Allow => quote!(rt::Evaluation::allow(#index)),
        };
        Some((condition, outcome))
    }

    /// One trie node: its label checked at byte `at` of `relative`, then its own
    /// candidates merged with the walk down its children.
    fn trie_node(self, node: &TrieNode, at: usize) -> TokenStream {
        let inner = self.trie_inner(node, at + node.label.len());
        if node.label.is_empty() {
            return inner;
        }
        let offset = Literal::usize_unsuffixed(at);
        let label = Literal::byte_string(&node.label);
        quote! {
            if relative.has_at(#offset, #label) {
                #inner
            } else {
                rt::Evaluation::IGNORE
            }
        }
    }

    /// A node's own candidates merged with its children, whose walk starts at byte `at`:
    /// a `match` on the byte there when there are several.
    fn trie_inner(self, node: &TrieNode, at: usize) -> TokenStream {
        let own = node.own.map(|own| self.node(own));
        let child = |id: NodeId| match self.plan.node(id) {
            Some(Node::Trie(child)) => Some(child),
            _ => None,
        };
        let children = match node.children.as_slice() {
            [] => None,
            [(_, only)] => child(*only).map(|only| self.trie_node(only, at)),
            children => {
                let offset = Literal::usize_unsuffixed(at);
                let arms = children.iter().filter_map(|&(byte, id)| {
                    let child = child(id)?;
                    let rest = child.label.get(1..).unwrap_or(&[]);
                    let byte = Literal::byte_character(byte);
                    let guard = (!rest.is_empty()).then(|| {
                        let next = Literal::usize_unsuffixed(at + 1);
                        let rest = Literal::byte_string(rest);
                        quote!(if relative.has_at(#next, #rest))
                    });
                    let inner = self.trie_inner(child, at + child.label.len());
                    Some(quote!(rt::Some(#byte) #guard => #inner,))
                });
                Some(quote! {
                    match relative.byte_at(#offset) {
                        #(#arms)*
                        _ => rt::Evaluation::IGNORE,
                    }
                })
            }
        };
        match (own, children) {
            (Some(own), Some(children)) => quote!(rt::merge(#own, #children)),
            (Some(only), None) | (None, Some(only)) => only,
            (None, None) => quote!(rt::Evaluation::IGNORE),
        }
    }
}

/// `match` arms `rt::Some(value) => body` from (value, body) pairs, the values of equal
/// bodies joined with `|` in the first one's place (a statement naming several ids
/// decides the same under each).
fn same_arms_joined(arms: impl Iterator<Item = (TokenStream, TokenStream)>) -> Vec<TokenStream> {
    let mut joined: Vec<(Vec<TokenStream>, TokenStream, String)> = Vec::new();
    for (pattern, body) in arms {
        let text = body.to_string();
        match joined.iter_mut().find(|(_, _, other)| *other == text) {
            Some((patterns, _, _)) => patterns.push(pattern),
            None => joined.push((vec![pattern], body, text)),
        }
    }
    joined.into_iter().map(|(values, body, _)| quote!(rt::Some(#(#values)|*) => #body,)).collect()
}

/// For an action outside the known list: the statement's residual entries, matched at
/// run time (negated for `NotAction`).
fn residual_action(statement: &StatementIr) -> Bool {
    let filter = &statement.actions;
    let any = Bool::any(filter.residual.iter().map(|pattern| {
        let pattern = Literal::string(pattern);
        Bool::call(quote!(input.action_like(#pattern)))
    }));
    if filter.negated { any.not() } else { any }
}
