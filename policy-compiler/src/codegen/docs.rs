//! Doc comments of generated code: what each item decides, in the policy's own words,
//! so that `oss-policy compile` reads as an explanation of the policy.

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::actions::KNOWN_ACTIONS;
use proc_macro2::TokenStream;
use quote::quote;

use super::Item;
use crate::model::{Effect, PatternList, Policy, Spanned, Statement};
use crate::plan::Class;

/// At most this many entries of a list are named in a doc line.
const LISTED: usize = 6;

fn lines(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

fn kind_words(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Ram => "A RAM policy",
        PolicyKind::Bucket => "A bucket policy",
        PolicyKind::AccessPoint => "An access point policy",
    }
}

/// The generated type's doc, when the user gave none.
pub(super) fn type_doc(item: &Item, policy: &Policy) -> TokenStream {
    let count = policy.statements.len();
    let statements = if count == 1 { "1 statement".to_owned() } else { format!("{count} statements") };
    let from = item.source.as_deref().map(|source| format!(" from `{source}`")).unwrap_or_default();
    lines(&[
        format!("{} of {statements}{from}, compiled to Rust by oss-policy-compiler.", kind_words(policy.kind)),
        String::new(),
        "It implements `oss_policy_runtime::PolicyEngine`: pass it to an `Authorizer`.".to_owned(),
    ])
}

/// `a`, `b`, `c` and 4 more.
fn listed<'a>(entries: impl ExactSizeIterator<Item = &'a str>) -> String {
    let count = entries.len();
    // An empty entry as `""`: a pair of backticks alone would read as an unclosed one.
    let named: Vec<String> = entries
        .take(LISTED)
        .map(|entry| if entry.is_empty() { "`\"\"`".to_owned() } else { format!("`{entry}`") })
        .collect();
    match count.saturating_sub(LISTED) {
        0 => named.join(", "),
        more => format!("{} and {more} more", named.join(", ")),
    }
}

fn texts(values: &[Spanned<String>]) -> impl ExactSizeIterator<Item = &str> {
    values.iter().map(Spanned::as_str)
}

fn pattern_line(member: &str, not_member: &str, list: &PatternList) -> String {
    let member = if list.negated { not_member } else { member };
    format!("* `{member}`: {}", listed(texts(&list.patterns)))
}

/// A statement function's doc: the statement in brief.
pub(super) fn statement_doc(index: u32, statement: &Statement) -> TokenStream {
    let sid = statement.sid.as_deref().map(|sid| format!(" (`{sid}`)")).unwrap_or_default();
    let effect = match statement.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    let mut out = vec![
        format!("Whether statement {index}{sid}, `{effect}`, applies; the dispatch has checked its action."),
        String::new(),
        pattern_line("Action", "NotAction", &statement.action),
        pattern_line("Resource", "NotResource", &statement.resource),
    ];
    if let Some(principal) = &statement.principal {
        out.push(format!("* `Principal`: {}", listed(texts(principal))));
    }
    for clause in &statement.condition {
        out.push(format!(
            "* `{}` `{}`: {}",
            clause.operator.name(),
            clause.key.as_str(),
            listed(texts(&clause.values))
        ));
    }
    lines(&out)
}

/// A class function's doc: its actions and its candidate statements.
pub(super) fn class_doc(class: &Class, wildcard: bool) -> TokenStream {
    let names = class.ids.iter().filter_map(|&id| KNOWN_ACTIONS.get(usize::from(id)).map(|known| known.name));
    let names: Vec<&str> = names.collect();
    let count = names.len();
    let actions = match (names.is_empty(), class.unknown, wildcard) {
        (true, _, _) => "Actions outside the known list".to_owned(),
        (false, false, true) => format!("The {count} known actions the other arms do not name"),
        (false, true, true) => {
            format!("The {count} known actions the other arms do not name, and actions outside the known list")
        }
        (false, false, false) => listed(names.iter().copied()),
        (false, true, false) => format!("{} and actions outside the known list", listed(names.iter().copied())),
    };
    let numbers: Vec<String> = class.statements.iter().take(LISTED).map(u32::to_string).collect();
    let more = match class.statements.len().saturating_sub(LISTED) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    let statements = match numbers.as_slice() {
        [one] => format!("statement {one} may apply"),
        many => format!("statements {}{more} may apply", many.join(", ")),
    };
    lines(&[format!("{actions}: {statements}.")])
}
