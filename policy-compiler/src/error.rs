//! Policy errors: a stable code (docs/SPEC.md section 6), a one-sentence message, an optional
//! help (a "did you mean"), and the place — JSON path, byte offset, line and column.
//!
//! Messages follow one style: one sentence, lower case, no final period, user input in
//! backticks, longer explanations in the help.

use core::fmt;

use crate::model::Span;

/// The error codes of docs/SPEC.md section 6. Stable: tools match on [`ErrorCode::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The text is not JSON.
    Syntax,
    /// A member that the grammar does not know (member names are case-sensitive).
    UnknownField,
    /// A member given twice in one object.
    DuplicateField,
    /// A value of the wrong JSON type.
    WrongType,
    /// `Version` is not the string `"1"`.
    BadVersion,
    /// A required member is absent.
    MissingField,
    /// An empty list (or empty condition block) where entries are required.
    EmptyList,
    /// `Effect` is not `"Allow"` or `"Deny"`.
    BadEffect,
    /// A statement has both `Action` and `NotAction`.
    ActionAndNotAction,
    /// A statement has both `Resource` and `NotResource`.
    ResourceAndNotResource,
    /// An `oss:` action without wildcards that is not a known OSS action.
    UnknownAction,
    /// `Principal` in a RAM policy.
    PrincipalNotAllowed,
    /// No `Principal` in a bucket or access point policy statement.
    PrincipalRequired,
    /// A condition operator that is not supported.
    UnknownOperator,
    /// A condition value that does not parse for its operator.
    BadConditionValue,
    /// The document is over the size limit.
    TooLarge,
    /// A string value is over the length limit.
    FieldTooLong,
}

impl ErrorCode {
    /// Every code.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Syntax,
        ErrorCode::UnknownField,
        ErrorCode::DuplicateField,
        ErrorCode::WrongType,
        ErrorCode::BadVersion,
        ErrorCode::MissingField,
        ErrorCode::EmptyList,
        ErrorCode::BadEffect,
        ErrorCode::ActionAndNotAction,
        ErrorCode::ResourceAndNotResource,
        ErrorCode::UnknownAction,
        ErrorCode::PrincipalNotAllowed,
        ErrorCode::PrincipalRequired,
        ErrorCode::UnknownOperator,
        ErrorCode::BadConditionValue,
        ErrorCode::TooLarge,
        ErrorCode::FieldTooLong,
    ];

    /// The code as docs/SPEC.md spells it (`unknown-action`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Syntax => "syntax",
            ErrorCode::UnknownField => "unknown-field",
            ErrorCode::DuplicateField => "duplicate-field",
            ErrorCode::WrongType => "wrong-type",
            ErrorCode::BadVersion => "bad-version",
            ErrorCode::MissingField => "missing-field",
            ErrorCode::EmptyList => "empty-list",
            ErrorCode::BadEffect => "bad-effect",
            ErrorCode::ActionAndNotAction => "action-and-not-action",
            ErrorCode::ResourceAndNotResource => "resource-and-not-resource",
            ErrorCode::UnknownAction => "unknown-action",
            ErrorCode::PrincipalNotAllowed => "principal-not-allowed",
            ErrorCode::PrincipalRequired => "principal-required",
            ErrorCode::UnknownOperator => "unknown-operator",
            ErrorCode::BadConditionValue => "bad-condition-value",
            ErrorCode::TooLarge => "too-large",
            ErrorCode::FieldTooLong => "field-too-long",
        }
    }

    /// The code of that spelling.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One error in a policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    code: ErrorCode,
    message: String,
    help: Option<String>,
    path: String,
    span: Span,
    line: usize,
    column: usize,
}

impl PolicyError {
    /// An error at `span` of `source`; line and column are computed from the span's start.
    pub(crate) fn new(
        code: ErrorCode,
        message: impl Into<String>,
        path: impl Into<String>,
        span: Span,
        source: &str,
    ) -> PolicyError {
        let (line, column) = line_column(source, span.start);
        PolicyError { code, message: message.into(), help: None, path: path.into(), span, line, column }
    }

    /// An error whose line and column are already known: a caller placing many errors
    /// computes them in one pass over the text rather than one pass per error.
    pub(crate) fn at_position(
        code: ErrorCode,
        message: String,
        path: String,
        span: Span,
        (line, column): (usize, usize),
    ) -> PolicyError {
        PolicyError { code, message, help: None, path, span, line, column }
    }

    /// The same error with a help text.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> PolicyError {
        self.help = Some(help.into());
        self
    }

    /// The docs/SPEC.md code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message: one sentence, lower case.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A longer explanation or a suggestion, such as "did you mean `oss:GetObject`".
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The JSON path of the offending value (`Statement[0].Action[1]`; `""` for the document).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The byte range of the offending value in the source text.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The line (from 1) of the span's start.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1, in characters) of the span's start.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: error[{}]: {}", self.line, self.column, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// Every error found in one document, ordered by their place in the text; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyErrors {
    errors: Vec<PolicyError>,
}

impl PolicyErrors {
    /// Wraps errors, sorting them by offset (stable, so that errors at one place keep
    /// the order in which they were found). `None` when there are none.
    pub(crate) fn from_vec(mut errors: Vec<PolicyError>) -> Option<PolicyErrors> {
        errors.sort_by_key(|error| error.span.start);
        (!errors.is_empty()).then_some(PolicyErrors { errors })
    }

    /// The first error (the one at the smallest offset).
    pub fn first(&self) -> &PolicyError {
        // INVARIANT (errors-non-empty): `from_vec` refuses an empty list.
        #[expect(clippy::indexing_slicing, reason = "INVARIANT (errors-non-empty)")]
        &self.errors[0]
    }

    /// All errors, in text order.
    pub fn iter(&self) -> impl Iterator<Item = &PolicyError> {
        self.errors.iter()
    }

    /// How many errors.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always `false`: a `PolicyErrors` holds at least one error.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

impl<'a> IntoIterator for &'a PolicyErrors {
    type Item = &'a PolicyError;
    type IntoIter = core::slice::Iter<'a, PolicyError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyErrors {}

/// The 1-based line and column (in characters) of byte `offset` of `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or_else(|| {
        // An offset inside a character: back off to its start.
        let start = (0..offset).rev().find(|&i| source.is_char_boundary(i)).unwrap_or(0);
        source.get(..start).unwrap_or("")
    });
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before.get(line_start..).map_or(0, |rest| rest.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let text = "{\n  \"报告\": 1,\n  \"x\": 2}";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        let x = text.find("\"x\"").unwrap();
        assert_eq!(line_column(text, x), (3, 3));
        let after_chinese = text.find(": 1").unwrap();
        assert_eq!(line_column(text, after_chinese), (2, 7));
        assert_eq!(line_column(text, 10_000), (3, 10));
    }

    #[test]
    fn codes_round_trip() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_name(code.as_str()), Some(*code));
        }
    }
}
