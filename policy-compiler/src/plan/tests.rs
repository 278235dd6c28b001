//! The planner on small policies: classes by action, leaves deny first, the trie over
//! literal prefixes, the principal split, and the module's worked example.

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::actions::{ActionId, action_id};

use super::actions::unknown_check;
use super::*;
use crate::ir::lower;
use crate::{Limits, parse_policy};

fn ir(kind: PolicyKind, statements: &[String]) -> PolicyIr {
    let text = format!(r#"{{"Version":"1","Statement":[{}]}}"#, statements.join(","));
    lower(&parse_policy(&text, kind, &Limits::none()).unwrap())
}

fn allow(action: &str, resource: &str) -> String {
    format!(r#"{{"Effect":"Allow","Action":{action},"Resource":{resource}}}"#)
}

fn deny(action: &str, resource: &str) -> String {
    format!(r#"{{"Effect":"Deny","Action":{action},"Resource":{resource}}}"#)
}

fn class_of(plan: &Plan, id: ActionId) -> &Class {
    plan.classes.iter().find(|class| class.ids.contains(&id)).unwrap()
}

/// A tree drawn one node a line, indented by depth: `leaf deny 2 allow 0`, `merge`,
/// `trie "label"` (children under it, then its own tree as `own`), `principal "id"`.
fn draw(plan: &Plan, id: NodeId) -> Vec<String> {
    let mut lines = Vec::new();
    draw_into(plan, id, 0, &mut lines);
    lines
}

fn draw_into(plan: &Plan, id: NodeId, depth: usize, lines: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    match plan.node(id).unwrap() {
        Node::Leaf(leaf) => {
            let deny: Vec<String> = leaf.deny.iter().map(|c| format!(" deny {}", c.statement)).collect();
            let allow: Vec<String> = leaf.allow.iter().map(|c| format!(" allow {}", c.statement)).collect();
            lines.push(format!("{pad}leaf{}{}", deny.concat(), allow.concat()));
        }
        Node::Merge(parts) => {
            lines.push(format!("{pad}merge"));
            parts.iter().for_each(|&part| draw_into(plan, part, depth + 1, lines));
        }
        Node::Trie(node) => {
            lines.push(format!("{pad}trie {:?}", String::from_utf8_lossy(&node.label)));
            if let Some(own) = node.own {
                lines.push(format!("{pad}  own"));
                draw_into(plan, own, depth + 2, lines);
            }
            for &(byte, child) in &node.children {
                let Some(Node::Trie(trie)) = plan.node(child) else { panic!("a child that is no trie node") };
                assert_eq!(trie.label.first(), Some(&byte), "children are keyed by their first byte");
                draw_into(plan, child, depth + 1, lines);
            }
        }
        Node::Principal(arms) => {
            for (uid, arm) in arms {
                lines.push(format!("{pad}principal {uid:?}"));
                draw_into(plan, *arm, depth + 1, lines);
            }
        }
    }
}

#[test]
fn the_worked_example_of_the_module_docs() {
    let ir = ir(
        PolicyKind::Ram,
        &[
            allow(r#""oss:GetObject""#, r#""acs:oss:*:1:bucket/user-1/*""#),
            allow(r#""oss:GetObject""#, r#""acs:oss:*:1:bucket/user-2/*""#),
            deny(r#""oss:GetObject""#, r#""acs:oss:*:1:bucket/*.log""#),
            allow(r#""oss:*""#, r#""acs:oss:*:*:*""#),
            allow(r#""oss:ListObjects""#, r#""acs:oss:*:1:bucket""#),
        ],
    );
    let plan = Plan::new(&ir, 1);
    let get = class_of(&plan, action_id("oss:GetObject").unwrap());
    assert_eq!(get.statements, [0, 1, 2, 3]);
    assert_eq!(
        draw(&plan, get.root),
        [
            "merge",
            r#"  trie "bucket/""#,
            "    own",
            "      leaf deny 2",
            r#"    trie "user-""#,
            r#"      trie "1/""#,
            "        own",
            "          leaf allow 0",
            r#"      trie "2/""#,
            "        own",
            "          leaf allow 1",
            "  leaf allow 3",
        ]
    );
    let list = class_of(&plan, action_id("oss:ListObjects").unwrap());
    assert_eq!(draw(&plan, list.root), ["leaf allow 3 allow 4"]);
    let other = class_of(&plan, action_id("oss:PutObject").unwrap());
    assert_eq!((other.statements.as_slice(), other.unknown), ([3].as_slice(), false));
    let unknown = plan.classes.last().unwrap();
    assert!(unknown.unknown && unknown.ids.is_empty());
    let Some(Node::Leaf(leaf)) = plan.node(unknown.root) else { panic!() };
    assert_eq!(leaf.allow, [Candidate { statement: 3, action: ActionCheck::Residual, resource: ResourceCheck::Whole }]);
    assert_eq!(plan.root(None), Some(unknown.root));
    assert_eq!(plan.root(action_id("oss:GetObject")), Some(get.root));
}

#[test]
fn actions_reaching_the_same_statements_share_a_class() {
    let ir = ir(
        PolicyKind::Ram,
        &[
            allow(r#"["oss:GetObject","oss:PutObject"]"#, r#""*""#),
            deny(r#""oss:PutObject""#, r#""*""#),
            allow(r#""imm:*""#, r#""*""#),
            deny(r#""oss:Get*""#, r#""*""#),
        ],
    );
    let plan = Plan::new(&ir, DEFAULT_LEAF_SIZE);
    assert_eq!(class_of(&plan, action_id("oss:GetObject").unwrap()).statements, [0, 3]);
    assert_eq!(class_of(&plan, action_id("oss:PutObject").unwrap()).statements, [0, 1]);
    let acl = class_of(&plan, action_id("oss:GetBucketAcl").unwrap());
    assert_eq!(acl.statements, [3]);
    assert!(acl.ids.contains(&action_id("oss:GetBucketPolicy").unwrap()), "every other oss:Get* action");
    // Actions outside the known list: imm:* and oss:Get* are matched at run time; last.
    let unknown = plan.classes.last().unwrap();
    assert!(unknown.unknown && unknown.ids.is_empty());
    assert_eq!(unknown.statements, [2, 3]);
    // A known action no statement names has no tree.
    assert_eq!(plan.root(action_id("oss:DeleteBucket")), None);
    assert!(plan.classes.iter().all(|class| !class.statements.is_empty()));
}

#[test]
fn unknown_action_checks_follow_the_residual() {
    let rows: &[(&str, bool, Option<ActionCheck>)] = &[
        (r#""*""#, false, Some(ActionCheck::Dispatched)),
        (r#""oss:*""#, false, Some(ActionCheck::Residual)),
        (r#""oss:GetObject""#, false, None),
        (r#""oss:GetObject""#, true, Some(ActionCheck::Dispatched)),
        (r#""oss:*""#, true, Some(ActionCheck::Residual)),
        (r#"["oss:GetObject","*"]"#, true, None),
    ];
    for &(action, negated, want) in rows {
        let member = if negated { "NotAction" } else { "Action" };
        let ir = ir(PolicyKind::Ram, &[format!(r#"{{"Effect":"Allow","{member}":{action},"Resource":"*"}}"#)]);
        assert_eq!(unknown_check(&ir.statements[0].actions), want, "{member} {action}");
    }
}

#[test]
fn leaves_check_denies_first() {
    let any = r#""*""#;
    let ir = ir(PolicyKind::Ram, &[allow(any, any), deny(any, any), allow(any, any), deny(any, any)]);
    let plan = Plan::new(&ir, DEFAULT_LEAF_SIZE);
    let Some(Node::Leaf(leaf)) = plan.node(plan.classes[0].root) else { panic!() };
    let order: Vec<u32> = leaf.in_order().map(|c| c.statement).collect();
    assert_eq!(order, [1, 3, 0, 2]);
}

#[test]
fn large_sets_split_by_resource_prefix_and_keep_the_rest_apart() {
    let get = r#""oss:GetObject""#;
    let mut texts: Vec<String> = (0..6).map(|n| allow(get, &format!(r#""acs:oss:*:*:b/user-{n}/*""#))).collect();
    texts.push(deny(get, r#""acs:oss:*:*:*/secret/*""#));
    texts.push(allow(get, r#"["acs:oss:*:*:b/user-1/*","acs:oss:*:*:c/*","acs:oss:*:*:b/user-1/*.x"]"#));
    let ir = ir(PolicyKind::Ram, &texts);
    let plan = Plan::new(&ir, 2);
    let lines = draw(&plan, plan.classes[0].root);
    let want = [
        "merge",
        r#"  trie """#,
        r#"    trie "b/user-""#,
        r#"      trie "0/""#,
        "        own",
        "          leaf allow 0",
        r#"      trie "1/""#,
        "        own",
        "          leaf allow 1 allow 7",
    ];
    assert_eq!(lines[..want.len()], want);
    assert_eq!(lines.last().unwrap(), "  leaf deny 6");
    assert!(lines.contains(&r#"    trie "c/""#.to_owned()));
    // Statement 7 under `b/user-1/` is found by two of its patterns: it checks all of them.
    let found = plan.nodes.iter().filter_map(|node| match node {
        Node::Leaf(leaf) => leaf.allow.iter().find(|c| c.statement == 7).copied(),
        _ => None,
    });
    let checks: Vec<ResourceCheck> = found.map(|c| c.resource).collect();
    assert_eq!(checks, [ResourceCheck::Whole, ResourceCheck::Pattern(1)]);
}

#[test]
fn large_sets_on_one_resource_split_by_principal() {
    let texts: Vec<String> = (0..5)
        .map(|n| format!(r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":"u{n}","Resource":"*"}}"#))
        .chain([r#"{"Effect":"Deny","Action":"*","Principal":"*","Resource":"*"}"#.to_owned()])
        .collect();
    let ir = ir(PolicyKind::Bucket, &texts);
    let plan = Plan::new(&ir, 2);
    let class = class_of(&plan, action_id("oss:GetObject").unwrap());
    let lines = draw(&plan, class.root);
    assert_eq!(lines[..3], ["merge", r#"  principal "u0""#, "    leaf allow 0"]);
    assert_eq!(lines.iter().filter(|line| line.contains("principal")).count(), 5);
    assert_eq!(lines.last().unwrap(), "  leaf deny 5");
}

#[test]
fn deep_prefix_nests_end_in_one_leaf() {
    let texts: Vec<String> =
        (1..=40).map(|n| allow(r#""oss:GetObject""#, &format!(r#""acs:oss:*:*:{}*""#, "a/".repeat(n)))).collect();
    let ir = ir(PolicyKind::Ram, &texts);
    let plan = Plan::new(&ir, 1);
    let lines = draw(&plan, plan.classes[0].root);
    let tries = lines.iter().filter(|line| line.trim_start().starts_with("trie")).count();
    assert_eq!(tries, super::build::MAX_TRIE_DEPTH + 1, "{lines:#?}");
    // The last trie node holds the statements of every deeper prefix in one leaf.
    let last = lines.last().unwrap().trim_start();
    let deeper: Vec<String> = (super::build::MAX_TRIE_DEPTH..40).map(|n| format!("allow {n}")).collect();
    assert_eq!(last, format!("leaf {}", deeper.join(" ")));
}

#[test]
fn labels_split_inside_characters_by_byte() {
    // 报 is E6 8A A5, 抱 is E6 8A B1: the trie branches on their third byte.
    let get = r#""oss:GetObject""#;
    let texts: Vec<String> =
        ["报告/", "抱歉/", "报表/"].iter().map(|p| allow(get, &format!(r#""acs:oss:*:*:{p}*""#))).collect();
    let ir = ir(PolicyKind::Ram, &texts);
    let plan = Plan::new(&ir, 1);
    let Some(Node::Trie(root)) = plan.node(plan.classes[0].root) else { panic!() };
    assert_eq!(root.label, [0xE6, 0x8A]);
    let firsts: Vec<u8> = root.children.iter().map(|&(byte, _)| byte).collect();
    assert_eq!(firsts, [0xA5, 0xB1]);
}
