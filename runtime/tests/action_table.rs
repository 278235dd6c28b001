//! The crate's action table is `data/oss-actions.txt` turned into code: same names, same
//! levels, nothing more, nothing less.

use std::collections::BTreeMap;

use oss_policy_runtime::actions::{KNOWN_ACTIONS, action_id};

#[test]
fn action_table_matches_oss_actions_txt() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/oss-actions.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut from_file = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{path}:{}: expected name, level, operations", number + 1);
        assert!(from_file.insert(fields[0], fields[1]).is_none(), "{path}:{}: {} listed twice", number + 1, fields[0]);
    }
    let in_code: BTreeMap<&str, &str> = KNOWN_ACTIONS.iter().map(|a| (a.name, a.level.as_str())).collect();
    assert_eq!(in_code.len(), KNOWN_ACTIONS.len(), "the table names an action twice");
    assert_eq!(in_code, from_file);
    assert!(from_file.len() >= 150, "only {} actions read", from_file.len());
    for name in from_file.keys() {
        assert!(action_id(name).is_some(), "{name} has no id");
    }
}
