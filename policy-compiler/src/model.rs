//! The policy model: the document as the parser found it, close to the JSON, with byte
//! spans into the source text so that every later error can point at its place.
//!
//! A [`Policy`] exists only once it is valid: the parser and validator
//! ([`crate::parse_policy`]) produce it or a list of errors, never both. Its values are
//! still text (action and resource patterns, principal entries, condition values); each
//! engine interprets them with its own code — the reference evaluator with its own
//! simple matchers, the compiler by lowering them into indexes.
//!
//! Normalisations made by the parser, so that no engine has to know them: a single
//! string where a list is allowed is a one-element list; `"Principal": []` is `["*"]`;
//! JSON numbers and booleans among condition values are their text; `"Condition": {}` is
//! no condition; the condition object is flattened into one [`ConditionClause`] per
//! (operator, key) pair, in document order.

use oss_policy_runtime::PolicyKind;

/// A byte range `start..end` of the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A value with the span of its JSON text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the source text.
    pub span: Span,
}

impl Spanned<String> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A valid policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// The kind it was validated as.
    pub kind: PolicyKind,
    /// The statements, in document order; a statement's index is its position here.
    pub statements: Vec<Statement>,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// A list of patterns that matches when any entry matches (`Action`, `Resource`) or
/// when none does (`NotAction`, `NotResource`: `negated`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternList {
    /// `true` for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The entries, never empty.
    pub patterns: Vec<Spanned<String>>,
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The optional `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub action: PatternList,
    /// `Resource` or `NotResource`.
    pub resource: PatternList,
    /// `Principal`: `None` in RAM policies; in the others, never empty (`[]` became `["*"]`).
    pub principal: Option<Vec<Spanned<String>>>,
    /// The condition, flattened; empty when there is none.
    pub condition: Vec<ConditionClause>,
    /// The statement object's span.
    pub span: Span,
}

/// One key of one operator block: `"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionClause {
    /// The operator.
    pub operator: Operator,
    /// The key's name as written.
    pub key: Spanned<String>,
    /// The policy values (an OR), never empty, each as text.
    pub values: Vec<Spanned<String>>,
}

/// How a numeric or date operator compares (the negated `...NotEquals` operators are
/// [`Comparison::Equals`] with [`Operator::is_negated`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Equal.
    Equals,
    /// Less than.
    LessThan,
    /// Less than or equal.
    LessThanEquals,
    /// Greater than.
    GreaterThan,
    /// Greater than or equal.
    GreaterThanEquals,
}

/// The family of an operator: what it compares and how it reads policy values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    /// `StringEquals`, `StringNotEquals`.
    String,
    /// `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`.
    StringIgnoreCase,
    /// `StringLike`, `StringNotLike`: wildcard patterns.
    StringLike,
    /// `Numeric*`: decimal numbers.
    Numeric(Comparison),
    /// `Date*`: RFC 3339 times.
    Date(Comparison),
    /// `Bool`: `true` / `false`.
    Bool,
    /// `IpAddress`, `NotIpAddress`: addresses and CIDR blocks.
    Ip,
}

macro_rules! operators {
    ($($variant:ident => $family:expr, $negated:literal;)*) => {
        /// A condition operator of the docs/SPEC.md section 3 table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Operator {
            $(#[doc = concat!("`", stringify!($variant), "`.")] $variant,)*
        }

        impl Operator {
            /// Every operator.
            pub const ALL: &'static [Operator] = &[$(Operator::$variant,)*];

            /// The operator's name (case-sensitive in policies).
            pub const fn name(self) -> &'static str {
                match self { $(Operator::$variant => stringify!($variant),)* }
            }

            /// What it compares.
            pub const fn family(self) -> OperatorFamily {
                match self { $(Operator::$variant => $family,)* }
            }

            /// Whether it is the negation of a positive twin, and so holds when the key
            /// is missing (docs/SPEC.md section 3): every `...NotEquals...` operator,
            /// `StringNotLike` and `NotIpAddress`. A negated operator's
            /// [`family`](Operator::family) is its twin's.
            pub const fn is_negated(self) -> bool {
                match self { $(Operator::$variant => $negated,)* }
            }
        }
    };
}

use Comparison::*;
operators! {
    StringEquals => OperatorFamily::String, false;
    StringNotEquals => OperatorFamily::String, true;
    StringEqualsIgnoreCase => OperatorFamily::StringIgnoreCase, false;
    StringNotEqualsIgnoreCase => OperatorFamily::StringIgnoreCase, true;
    StringLike => OperatorFamily::StringLike, false;
    StringNotLike => OperatorFamily::StringLike, true;
    NumericEquals => OperatorFamily::Numeric(Equals), false;
    NumericNotEquals => OperatorFamily::Numeric(Equals), true;
    NumericLessThan => OperatorFamily::Numeric(LessThan), false;
    NumericLessThanEquals => OperatorFamily::Numeric(LessThanEquals), false;
    NumericGreaterThan => OperatorFamily::Numeric(GreaterThan), false;
    NumericGreaterThanEquals => OperatorFamily::Numeric(GreaterThanEquals), false;
    DateEquals => OperatorFamily::Date(Equals), false;
    DateNotEquals => OperatorFamily::Date(Equals), true;
    DateLessThan => OperatorFamily::Date(LessThan), false;
    DateLessThanEquals => OperatorFamily::Date(LessThanEquals), false;
    DateGreaterThan => OperatorFamily::Date(GreaterThan), false;
    DateGreaterThanEquals => OperatorFamily::Date(GreaterThanEquals), false;
    Bool => OperatorFamily::Bool, false;
    IpAddress => OperatorFamily::Ip, false;
    NotIpAddress => OperatorFamily::Ip, true;
}

impl Operator {
    /// The operator of that name, compared case-sensitively.
    pub fn from_name(name: &str) -> Option<Operator> {
        Operator::ALL.iter().copied().find(|op| op.name() == name)
    }
}
