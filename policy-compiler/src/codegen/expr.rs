//! Boolean expressions as generated code writes them: constants fold away, `&&` and `||`
//! flatten, negations are pushed into what can take them (`a != b`,
//! `x.is_none_or(|v| ...)`) or gathered under one `!` (`!(a || b)` rather than
//! `!a && !b`), and parentheses appear only where precedence needs them — so the output
//! reads as a person would write it and gives clippy's `nonminimal_bool` nothing to
//! simplify.

use proc_macro2::TokenStream;
use quote::quote;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    /// The operator of the negated comparison. Exact for totally ordered operands, and
    /// for the `f64`s of generated code, which are never NaN.
    fn negated(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::Lt => Cmp::Ge,
            Cmp::Le => Cmp::Gt,
            Cmp::Gt => Cmp::Le,
            Cmp::Ge => Cmp::Lt,
        }
    }

    fn tokens(self) -> TokenStream {
        match self {
            Cmp::Eq => quote!(==),
            Cmp::Ne => quote!(!=),
            Cmp::Lt => quote!(<),
            Cmp::Le => quote!(<=),
            Cmp::Gt => quote!(>),
            Cmp::Ge => quote!(>=),
        }
    }
}

/// A boolean expression of generated code.
#[derive(Clone, Debug)]
pub(super) enum Bool {
    /// `true` or `false`.
    Const(bool),
    /// A primary expression whose negation is `!call`: a call, a method call, a macro.
    Call(TokenStream),
    /// `lhs op rhs`.
    Compare(TokenStream, Cmp, TokenStream),
    /// `value.is_some_and(|binding| test)` (`value.is_some()` when the test is `true`).
    Present { value: TokenStream, binding: TokenStream, test: Box<Bool> },
    /// `value.is_none_or(|binding| test)` (`value.is_none()` when the test is `false`).
    AbsentOr { value: TokenStream, binding: TokenStream, test: Box<Bool> },
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
    pub(super) fn compare(lhs: TokenStream, cmp: Cmp, rhs: TokenStream) -> Bool {
        Bool::Compare(lhs, cmp, rhs)
    }

    /// `value` (an `Option`) is `Some` and `test` holds for what it holds, bound to
    /// `binding`.
    pub(super) fn present(value: TokenStream, binding: TokenStream, test: Bool) -> Bool {
        match test {
            Bool::Const(false) => Bool::Const(false),
            test => Bool::Present { value, binding, test: Box::new(test) },
        }
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
            _ => Bool::All(gather_negations(kept, true)),
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
            _ => factor(gather_negations(kept, false)),
        }
    }

    /// The negation, pushed into comparisons and `Option` tests.
    pub(super) fn not(self) -> Bool {
        match self {
            Bool::Const(value) => Bool::Const(!value),
            Bool::Compare(lhs, cmp, rhs) => Bool::Compare(lhs, cmp.negated(), rhs),
            Bool::Present { value, binding, test } => Bool::AbsentOr { value, binding, test: Box::new(test.not()) },
            Bool::AbsentOr { value, binding, test } => match test.not() {
                Bool::Const(false) => Bool::Const(false),
                test => Bool::Present { value, binding, test: Box::new(test) },
            },
            Bool::Not(inner) => *inner,
            other => Bool::Not(Box::new(other)),
        }
    }

    /// The expression's tokens.
    pub(super) fn tokens(&self) -> TokenStream {
        match self {
            Bool::Const(true) => quote!(true),
            Bool::Const(false) => quote!(false),
            Bool::Call(tokens) => tokens.clone(),
            Bool::Compare(lhs, cmp, rhs) => {
                let cmp = cmp.tokens();
                quote!(#lhs #cmp #rhs)
            }
            Bool::Present { value, binding, test } => match **test {
                Bool::Const(true) => quote!(#value.is_some()),
                ref test => {
                    let test = test.tokens();
                    quote!(#value.is_some_and(|#binding| #test))
                }
            },
            Bool::AbsentOr { value, binding, test } => match **test {
                Bool::Const(true) => quote!(true),
                Bool::Const(false) => quote!(#value.is_none()),
                ref test => {
                    let test = test.tokens();
                    quote!(#value.is_none_or(|#binding| #test))
                }
            },
            Bool::Not(inner) => {
                let inner = inner.operand(Precedence::Unary);
                quote!(!#inner)
            }
            Bool::All(parts) => {
                let parts: Vec<TokenStream> = parts.iter().map(|part| part.operand(Precedence::And)).collect();
                chain(&parts, &|parts| quote!(#(#parts)&&*))
            }
            Bool::Any(parts) => {
                // `a && b || c` is legal; `(a && b) || c` reads better.
                let parts: Vec<TokenStream> = parts.iter().map(|part| part.operand(Precedence::Compare)).collect();
                chain(&parts, &|parts| quote!(#(#parts)||*))
            }
        }
    }

    fn precedence(&self) -> Precedence {
        match self {
            Bool::Const(_) | Bool::Call(_) | Bool::Present { .. } | Bool::AbsentOr { .. } => Precedence::Primary,
            Bool::Not(_) => Precedence::Unary,
            Bool::Compare(..) => Precedence::Compare,
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

/// The most operands of one chain of `&&` or `||`. A parser sees a chain as a tree as deep
/// as it is long, and syn, prettyplease and rustc walk it by recursion: a longer chain is
/// cut into parenthesised groups of this many, groups of groups if need be, so that the
/// depth grows with the logarithm of the length. (Long lists of patterns and values
/// become tables before they get here; this bounds whatever else grows long.)
const MAX_CHAIN: usize = 32;

/// `parts` joined by `join`, in groups of at most [`MAX_CHAIN`].
fn chain(parts: &[TokenStream], join: &dyn Fn(&[TokenStream]) -> TokenStream) -> TokenStream {
    if parts.len() <= MAX_CHAIN {
        return join(parts);
    }
    let groups: Vec<TokenStream> = parts
        .chunks(MAX_CHAIN)
        .map(|group| {
            let joined = chain(group, join);
            quote!((#joined))
        })
        .collect();
    chain(&groups, join)
}

/// Two or more negated parts of a conjunction as one negated disjunction (`!a && !b` is
/// `!(a || b)`), and of a disjunction as one negated conjunction: fewer negations for the
/// same operators, the form `nonminimal_bool` asks for.
fn gather_negations(parts: Vec<Bool>, conjunction: bool) -> Vec<Bool> {
    let negated = parts.iter().filter(|part| matches!(part, Bool::Not(_))).count();
    if negated < 2 {
        return parts;
    }
    let mut kept = Vec::new();
    let mut inner = Vec::new();
    for part in parts {
        match part {
            Bool::Not(x) => inner.push(*x),
            other => kept.push(other),
        }
    }
    let gathered = if conjunction { Bool::any(inner) } else { Bool::all(inner) };
    kept.push(gathered.not());
    kept
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
        let eq = || Bool::compare(quote!(x), Cmp::Eq, quote!(1));
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
            (Bool::any([Bool::all([a(), b()]), Bool::all([a(), eq()])]), "a () && (b () || x == 1)"),
            (Bool::any([Bool::all([a(), b()]), a()]), "a ()"),
            (eq().not(), "x != 1"),
            (a().not().not(), "a ()"),
            (Bool::Const(false).not(), "true"),
        ];
        for (expression, want) in rows {
            assert_eq!(text(&expression), want);
        }
    }

    #[test]
    fn long_chains_are_cut_into_groups() {
        let calls = |n: usize| (0..n).map(|i| Bool::call(quote!(f(#i))));
        // Up to 32 parts, no group: one `(` per call.
        assert_eq!(text(&Bool::any(calls(MAX_CHAIN))).matches('(').count(), MAX_CHAIN);
        // 2,000 parts: groups of 32, then groups of those, nesting three deep.
        let long = Bool::any(calls(2_000)).tokens();
        let parsed: syn::Expr = syn::parse2(long.clone()).unwrap();
        let depth = |expr: &syn::Expr| {
            let mut depth = 0;
            let mut at = expr;
            while let syn::Expr::Binary(binary) = at {
                depth += 1;
                at = &binary.left;
                if let syn::Expr::Paren(paren) = at {
                    at = &paren.expr;
                }
            }
            depth
        };
        assert!(depth(&parsed) <= 3 * MAX_CHAIN, "{}", depth(&parsed));
        let text = long.to_string();
        assert!(text.contains("f (0usize) || f (1usize)") && text.contains("f (1999usize)"));
    }

    #[test]
    fn negations_are_pushed_in_or_gathered() {
        let a = || Bool::call(quote!(a()));
        let b = || Bool::call(quote!(b()));
        let c = || Bool::call(quote!(c()));
        let lt = || Bool::compare(quote!(n), Cmp::Lt, quote!(10.0));
        let some = |test: Bool| Bool::present(quote!(v), quote!(t), test);
        let rows: Vec<(Bool, &str)> = vec![
            (Bool::all([a().not(), Bool::any([b(), c()]).not()]), "! (a () || b () || c ())"),
            (Bool::all([b(), a().not(), c().not()]), "b () && ! (a () || c ())"),
            (Bool::any([a().not(), b().not()]), "! (a () && b ())"),
            (lt().not(), "n >= 10.0"),
            (some(lt()), "v . is_some_and (| t | n < 10.0)"),
            (some(lt()).not(), "v . is_none_or (| t | n >= 10.0)"),
            (some(a()).not(), "v . is_none_or (| t | ! a ())"),
            (some(Bool::Const(true)), "v . is_some ()"),
            (some(Bool::Const(true)).not(), "v . is_none ()"),
            (some(Bool::Const(false)), "false"),
            (some(lt()).not().not(), "v . is_some_and (| t | n < 10.0)"),
        ];
        for (expression, want) in rows {
            assert_eq!(text(&expression), want);
        }
    }
}
