//! Test helpers: build model values directly, without a parser.

use oss_policy_runtime::PolicyKind;

use super::ReferencePolicy;
use crate::model::{ConditionClause, Effect, Operator, PatternList, Policy, Span, Spanned, Statement};

/// `text` with an empty span.
pub(super) fn spanned(text: &str) -> Spanned<String> {
    Spanned { value: text.to_owned(), span: Span::default() }
}

fn spanned_list(texts: &[&str]) -> Vec<Spanned<String>> {
    texts.iter().map(|text| spanned(text)).collect()
}

/// One condition clause.
pub(super) fn clause(operator: Operator, key: &str, values: &[&str]) -> ConditionClause {
    ConditionClause { operator, key: spanned(key), values: spanned_list(values) }
}

/// Builds a statement; by default `Action: "*"`, `Resource: "*"`, no principal, no
/// condition.
pub(super) struct StatementBuilder(Statement);

impl StatementBuilder {
    fn new(effect: Effect) -> StatementBuilder {
        let everything = || PatternList { negated: false, patterns: spanned_list(&["*"]) };
        StatementBuilder(Statement {
            sid: None,
            effect,
            action: everything(),
            resource: everything(),
            principal: None,
            condition: Vec::new(),
            span: Span::default(),
        })
    }

    pub(super) fn allow() -> StatementBuilder {
        StatementBuilder::new(Effect::Allow)
    }

    pub(super) fn deny() -> StatementBuilder {
        StatementBuilder::new(Effect::Deny)
    }

    pub(super) fn action(mut self, patterns: &[&str]) -> StatementBuilder {
        self.0.action = PatternList { negated: false, patterns: spanned_list(patterns) };
        self
    }

    pub(super) fn not_action(mut self, patterns: &[&str]) -> StatementBuilder {
        self.0.action = PatternList { negated: true, patterns: spanned_list(patterns) };
        self
    }

    pub(super) fn resource(mut self, patterns: &[&str]) -> StatementBuilder {
        self.0.resource = PatternList { negated: false, patterns: spanned_list(patterns) };
        self
    }

    pub(super) fn not_resource(mut self, patterns: &[&str]) -> StatementBuilder {
        self.0.resource = PatternList { negated: true, patterns: spanned_list(patterns) };
        self
    }

    pub(super) fn principal(mut self, entries: &[&str]) -> StatementBuilder {
        self.0.principal = Some(spanned_list(entries));
        self
    }

    pub(super) fn condition(mut self, operator: Operator, key: &str, values: &[&str]) -> StatementBuilder {
        self.0.condition.push(clause(operator, key, values));
        self
    }

    pub(super) fn build(self) -> Statement {
        self.0
    }
}

/// A policy of `kind` with `statements`, for the reference evaluator.
pub(super) fn policy(kind: PolicyKind, statements: impl IntoIterator<Item = StatementBuilder>) -> ReferencePolicy {
    ReferencePolicy::new(Policy { kind, statements: statements.into_iter().map(StatementBuilder::build).collect() })
}
