//! Names in generated code: a constant per action id the dispatch names, a function per
//! action class.

use oss_policy_runtime::actions::KNOWN_ACTIONS;
use proc_macro2::Ident;
use quote::format_ident;

use crate::plan::Class;

/// `oss:GetObject` → `GET_OBJECT`, `oss:GetBucketQoSInfo` → `GET_BUCKET_QO_S_INFO`: the
/// name after the service, its words split where the case changes.
pub(super) fn action_const(action: &str) -> Ident {
    format_ident!("{}", screaming_words(action))
}

/// The function of a class, named after the actions it holds: `for_get_object` for one,
/// `for_get_object_and_2_more` for a class of three (the first by id named), with
/// `_and_unknown_actions` when actions outside the known list join it; the class the
/// dispatch reaches through `rt::Some(_)` is `for_other_known_actions` (or
/// `for_other_actions` when actions outside the known list join it), and the class of
/// actions outside the known list alone is `for_unknown_actions`.
pub(super) fn class_fn(class: &Class, wildcard: bool) -> Ident {
    let first = class.ids.first().and_then(|&id| KNOWN_ACTIONS.get(usize::from(id)));
    let first = match first {
        _ if wildcard && class.unknown => return format_ident!("for_other_actions"),
        _ if wildcard => return format_ident!("for_other_known_actions"),
        None => return format_ident!("for_unknown_actions"),
        Some(first) => screaming_words(first.name).to_ascii_lowercase(),
    };
    let more = match class.ids.len() {
        0 | 1 => String::new(),
        count => format!("_and_{}_more", count - 1),
    };
    let unknown = if class.unknown { "_and_unknown_actions" } else { "" };
    format_ident!("for_{first}{more}{unknown}")
}

fn screaming_words(action: &str) -> String {
    let name = action.rsplit(':').next().unwrap_or(action);
    let chars: Vec<char> = name.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut out = String::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && match previous {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
        if boundary {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "ACTION_");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use oss_policy_runtime::actions::ActionId;
    use std::collections::BTreeSet;

    #[test]
    fn action_names_split_into_words() {
        let rows = [
            ("oss:GetObject", "GET_OBJECT"),
            ("oss:GetBucketQoSInfo", "GET_BUCKET_QO_S_INFO"),
            ("oss:PutBucketCors", "PUT_BUCKET_CORS"),
            ("oss:GetBucketHttpsConfig", "GET_BUCKET_HTTPS_CONFIG"),
            ("oss:ListObjectsV2", "LIST_OBJECTS_V2"),
        ];
        for (action, want) in rows {
            assert_eq!(action_const(action).to_string(), want);
        }
    }

    #[test]
    fn class_functions_are_named_after_the_actions_they_hold() {
        let id = |name: &str| oss_policy_runtime::actions::action_id(name).unwrap();
        let class = |ids: Vec<ActionId>, unknown: bool| Class { ids, unknown, statements: vec![0], root: 0 };
        let get = id("oss:GetObject");
        let put = id("oss:PutObject");
        let rows = [
            (class(vec![get], false), false, "for_get_object"),
            (class(vec![get, put], false), false, "for_get_object_and_1_more"),
            (class(vec![get], true), false, "for_get_object_and_unknown_actions"),
            (class(vec![], true), false, "for_unknown_actions"),
            (class(vec![get, put], false), true, "for_other_known_actions"),
            (class(vec![get], true), true, "for_other_actions"),
        ];
        for (class, wildcard, want) in rows {
            assert_eq!(class_fn(&class, wildcard).to_string(), want);
        }
    }

    #[test]
    fn every_known_action_has_its_own_name() {
        let names: BTreeSet<String> = KNOWN_ACTIONS.iter().map(|known| action_const(known.name).to_string()).collect();
        assert_eq!(names.len(), KNOWN_ACTIONS.len());
    }
}
