//! The operation table against the data files it is made from, and the copies of the
//! data files against the project's master copies of them, wherever those sit beside the
//! workspace (the project's own development checkout; a clone has none).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::collections::BTreeSet;

use oss_policy_http::routes::{ORDINARY_PARAMS, SELECTOR_HEADERS, SELECTOR_PARAMS, Selector};
use oss_policy_http::table::{BUCKET, OBJECT, ROWS, SERVICE};
use oss_policy_http::{Operation, Rule};

#[test]
fn copies_equal_the_shared_originals() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared");
    if !std::path::Path::new(shared).exists() {
        return;
    }
    for (copy, original) in [
        ("http/data/oss-operations.tsv", "oss-operations.tsv"),
        ("http/data/oss-signature-v4-vector.txt", "oss-signature-v4-vector.txt"),
        ("data/oss-actions.txt", "oss-actions.txt"),
    ] {
        let copied = std::fs::read(format!("{}/../{copy}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let shared = std::fs::read(format!("{shared}/{original}")).unwrap();
        assert!(copied == shared, "{original}: the repository's copy differs from ../shared");
    }
}

#[test]
fn every_tsv_row_is_in_the_table_in_order() {
    let tsv = support::operations();
    assert_eq!(tsv.len(), ROWS.len());
    for ((name, method, path), row) in tsv.iter().zip(ROWS) {
        assert_eq!((name.as_str(), method.as_str(), path.as_str()), (row.operation.name(), row.method, row.tsv_path));
        assert_eq!(Operation::from_name(name), Some(row.operation));
        assert_eq!(row.operation.row().operation, row.operation);
        let object = path.starts_with("/{");
        assert_eq!(row.scope & OBJECT != 0, object, "{name}: scope against the path");
        assert!(object || row.scope & (BUCKET | SERVICE) != 0, "{name}");
        // Every sub-resource of the path is one of the row's selectors.
        let names: Vec<&str> = row
            .selectors
            .iter()
            .filter_map(|s| match s {
                Selector::Param(n) | Selector::Is(n, _) => Some(*n),
                _ => None,
            })
            .collect();
        if let Some((_, query)) = path.split_once('?') {
            for param in query.split('&') {
                let (n, v) = param.split_once('=').unwrap_or((param, ""));
                assert!(names.contains(&n), "{name}: `{n}` is not a selector");
                if !v.is_empty() {
                    let has = row.selectors.iter().any(|s| matches!(s, Selector::Is(m, w) if *m == n && *w == v));
                    assert!(has, "{name}: {n}={v}");
                }
            }
        }
    }
}

#[test]
fn actions_are_those_of_oss_actions_txt() {
    for row in ROWS {
        let name = row.operation.name();
        let named = support::plain_actions(name);
        match row.rule {
            Rule::Action(action) => {
                // The base action is one the file lists the operation under (CopyObject
                // lists two; its source check is tested in routing.rs).
                assert!(named.iter().any(|a| a.eq_ignore_ascii_case(action)), "{name}: {action} not in {named:?}");
            }
            Rule::Free | Rule::Unknown => assert!(named.is_empty(), "{name} has actions {named:?} in the file"),
        }
    }
    assert_eq!(Operation::DescribeRegions.row().rule, Rule::Free);
    assert_eq!(Operation::OptionObject.row().rule, Rule::Free);
}

#[test]
fn selector_lists_are_sorted_complete_and_disjoint() {
    assert!(SELECTOR_PARAMS.windows(2).all(|w| w[0] < w[1]));
    assert!(ORDINARY_PARAMS.windows(2).all(|w| w[0] < w[1]));
    let used: BTreeSet<&str> = ROWS
        .iter()
        .flat_map(|r| r.selectors.iter())
        .filter_map(|s| match s {
            Selector::Param(n) | Selector::Is(n, _) => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(used, SELECTOR_PARAMS.iter().copied().collect());
    assert!(SELECTOR_PARAMS.iter().all(|p| !ORDINARY_PARAMS.contains(p)));
    let headers: BTreeSet<&str> = ROWS
        .iter()
        .flat_map(|r| r.selectors.iter())
        .filter_map(|s| if let Selector::Header(h) = s { Some(*h) } else { None })
        .collect();
    assert_eq!(headers, SELECTOR_HEADERS.iter().copied().collect());
}

#[test]
fn no_two_rows_can_match_one_request() {
    for (i, a) in ROWS.iter().enumerate() {
        for b in &ROWS[i + 1..] {
            let same_shape = a.method == b.method
                && a.scope & b.scope != 0
                && a.param_mask == b.param_mask
                && a.header_mask == b.header_mask;
            if !same_shape {
                continue;
            }
            // Only value selectors with different values may tell them apart.
            let values = |r: &oss_policy_http::table::Row| -> Vec<Selector> {
                r.selectors.iter().copied().filter(|s| matches!(s, Selector::Is(..) | Selector::OneOf(..))).collect()
            };
            let (va, vb) = (values(a), values(b));
            let disjoint = va.iter().any(|x| {
                vb.iter().any(|y| match (x, y) {
                    (Selector::Is(n, v), Selector::Is(m, w)) => n == m && v != w,
                    (Selector::OneOf(n, v), Selector::OneOf(m, w)) => n == m && v.iter().all(|x| !w.contains(x)),
                    _ => false,
                })
            });
            assert!(disjoint, "{} and {} can match the same request", a.operation, b.operation);
        }
    }
}
