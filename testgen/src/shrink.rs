//! Shrinking a failing policy to a minimal one.

use oss_policy_compiler::model::Policy;

/// Every policy one step smaller than `policy`: a statement, a list entry, a clause or a
/// value removed.
pub fn smaller(policy: &Policy) -> Vec<Policy> {
    let mut out = Vec::new();
    let mut push = |edit: &dyn Fn(&mut Policy)| {
        let mut copy = policy.clone();
        edit(&mut copy);
        out.push(copy);
    };
    for s in 0..policy.statements.len() {
        if policy.statements.len() > 1 {
            push(&|p: &mut Policy| drop(p.statements.remove(s)));
        }
        let statement = &policy.statements[s];
        for i in 0..statement.action.patterns.len() {
            if statement.action.patterns.len() > 1 {
                push(&|p: &mut Policy| drop(p.statements[s].action.patterns.remove(i)));
            }
        }
        for i in 0..statement.resource.patterns.len() {
            if statement.resource.patterns.len() > 1 {
                push(&|p: &mut Policy| drop(p.statements[s].resource.patterns.remove(i)));
            }
        }
        let principals = statement.principal.as_ref().map_or(0, Vec::len);
        for i in 0..principals {
            if principals > 1 {
                push(&|p: &mut Policy| drop(p.statements[s].principal.as_mut().unwrap().remove(i)));
            }
        }
        for c in 0..statement.condition.len() {
            push(&|p: &mut Policy| drop(p.statements[s].condition.remove(c)));
            for v in 0..statement.condition[c].values.len() {
                if statement.condition[c].values.len() > 1 {
                    push(&|p: &mut Policy| drop(p.statements[s].condition[c].values.remove(v)));
                }
            }
        }
    }
    out
}

/// The smallest policy reached from `policy` by [`smaller`] steps that still fails.
pub fn shrink(mut policy: Policy, fails: impl Fn(&Policy) -> bool) -> Policy {
    while let Some(next) = smaller(&policy).into_iter().find(|candidate| fails(candidate)) {
        policy = next;
    }
    policy
}
