//! Boolean expressions as generated code writes them: constants fold away, `&&` and `||`
//! flatten, and parentheses appear only where precedence needs them — so the output
//! reads as a person would write it and gives clippy nothing to simplify.

use proc_macro2::TokenStream;
use quote::quote;

/// A boolean expression of generated code.
#[derive(Clone, Debug)]
pub(super) enum Bool {
    /// `true` or `false`.
    Const(bool),
    /// A primary expression: a call, a method call, a macro call.
    Call(TokenStream),
    /// A comparison (`a == b`): binds looser than `!`, tighter than `&&`.
    Compare(TokenStream),
    /// `!x`.
    Not(Box<Bool>),
    /// `a && b && ...` (at least two parts).
    All(Vec<Bool>),
    /// `a || b || ...` (at least two parts).
    Any(Vec<Bool>),
}

impl Bool {
    /// A primary expression.
    pub(super) fn call(tokens: TokenStream) -> Bool {
        Bool::Call(tokens)
    }

    /// A comparison.
    pub(super) fn compare(tokens: TokenStream) -> Bool {
        Bool::Compare(tokens)
    }

    /// Every part holds.
    pub(super) fn all(parts: impl IntoIterator<Item = Bool>) -> Bool {
        let mut kept = Vec::new();
        for part in parts {
            match part {
                Bool::Const(true) => {}
                Bool::Const(false) => return Bool::Const(false),
                Bool::All(inner) => kept.extend(inner),
                other => kept.push(other),
            }
        }
        match kept.len() {
            0 => Bool::Const(true),
            1 => kept.pop().unwrap_or(Bool::Const(true)),
            _ => Bool::All(kept),
        }
    }

    /// Some part holds.
    pub(super) fn any(parts: impl IntoIterator<Item = Bool>) -> Bool {
        let mut kept = Vec::new();
        for part in parts {
            match part {
                Bool::Const(false) => {}
                Bool::Const(true) => return Bool::Const(true),
                Bool::Any(inner) => kept.extend(inner),
                other => kept.push(other),
            }
        }
        match kept.len() {
            0 => Bool::Const(false),
            1 => kept.pop().unwrap_or(Bool::Const(false)),
            _ => factor(kept),
        }
    }

    /// The negation.
    pub(super) fn not(self) -> Bool {
        match self {
            Bool::Const(value) => Bool::Const(!value),
            Bool::Not(inner) => *inner,
            other => Bool::Not(Box::new(other)),
        }
    }

    /// The expression's tokens.
    pub(super) fn tokens(&self) -> TokenStream {
        match self {
            Bool::Const(true) => quote!(true),
            Bool::Const(false) => quote!(false),
            Bool::Call(tokens) | Bool::Compare(tokens) => tokens.clone(),
            Bool::Not(inner) => {
                let inner = inner.operand(Precedence::Unary);
                quote!(!#inner)
            }
            Bool::All(parts) => {
                let parts = parts.iter().map(|part| part.operand(Precedence::And));
                quote!(#(#parts)&&*)
            }
            Bool::Any(parts) => {
                // `a && b || c` is legal; `(a && b) || c` reads better.
                let parts = parts.iter().map(|part| part.operand(Precedence::Compare));
                quote!(#(#parts)||*)
            }
        }
    }

    fn precedence(&self) -> Precedence {
        match self {
            Bool::Const(_) | Bool::Call(_) => Precedence::Primary,
            Bool::Not(_) => Precedence::Unary,
            Bool::Compare(_) => Precedence::Compare,
            Bool::All(_) => Precedence::And,
            Bool::Any(_) => Precedence::Or,
        }
    }

    /// The tokens as an operand of an operator of precedence `context`.
    fn operand(&self, context: Precedence) -> TokenStream {
        let tokens = self.tokens();
        if self.precedence() < context { quote!((#tokens)) } else { tokens }
    }
}

/// `a && b && x || a && b && y` as `a && b && (x || y)`: the conjuncts every alternative
/// starts with, checked once. An alternative that is nothing but those conjuncts makes
/// the rest redundant (`a || a && x` is `a`).
fn factor(alternatives: Vec<Bool>) -> Bool {
    let conjuncts = |part: &Bool| match part {
        Bool::All(parts) => parts.clone(),
        other => vec![other.clone()],
    };
    let lists: Vec<Vec<Bool>> = alternatives.iter().map(conjuncts).collect();
    let Some((first, others)) = lists.split_first() else { return Bool::Const(false) };
    let keys = |list: &[Bool]| list.iter().map(|part| part.tokens().to_string()).collect::<Vec<_>>();
    let first_keys = keys(first);
    let shared = others.iter().fold(first_keys.len(), |shared, list| {
        let list_keys = keys(list);
        first_keys.iter().zip(&list_keys).take(shared).take_while(|(a, b)| a == b).count()
    });
    if shared == 0 {
        return Bool::Any(alternatives);
    }
    let common: Vec<Bool> = first.iter().take(shared).cloned().collect();
    if lists.iter().any(|list| list.len() == shared) {
        return Bool::all(common);
    }
    let rests = lists.iter().map(|list| Bool::all(list.iter().skip(shared).cloned()));
    Bool::all(common.into_iter().chain([Bool::any(rests)]))
}

/// Operator precedence, loosest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Precedence {
    Or,
    And,
    Compare,
    Unary,
    Primary,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: &Bool) -> String {
        b.tokens().to_string()
    }

    #[test]
    fn constants_fold_and_operators_flatten() {
        let a = || Bool::call(quote!(a()));
        let b = || Bool::call(quote!(b()));
        let eq = || Bool::compare(quote!(x == 1));
        let rows: Vec<(Bool, &str)> = vec![
            (Bool::all([a(), Bool::Const(true)]), "a ()"),
            (Bool::all([a(), Bool::Const(false)]), "false"),
            (Bool::all(Vec::new()), "true"),
            (Bool::any(Vec::new()), "false"),
            (Bool::any([a(), Bool::Const(true)]), "true"),
            (Bool::all([a(), Bool::all([b(), eq()])]), "a () && b () && x == 1"),
            (Bool::any([a(), b()]).not(), "! (a () || b ())"),
            (Bool::all([Bool::any([a(), b()]), eq()]), "(a () || b ()) && x == 1"),
            (Bool::any([Bool::all([a(), b()]), eq()]), "(a () && b ()) || x == 1"),
            (
                Bool::any([Bool::all([a(), b(), eq()]), Bool::all([a(), b(), eq().not()])]),
                "a () && b () && (x == 1 || ! (x == 1))",
            ),
            (Bool::any([Bool::all([a(), b()]), Bool::all([a(), eq()])]), "a () && (b () || x == 1)"),
            (Bool::any([Bool::all([a(), b()]), a()]), "a ()"),
            (eq().not(), "! (x == 1)"),
            (a().not().not(), "a ()"),
            (Bool::Const(false).not(), "true"),
        ];
        for (expression, want) in rows {
            assert_eq!(text(&expression), want);
        }
    }
}
