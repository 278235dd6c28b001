//! Collecting every error of a document.
//!
//! The validator does not stop at the first error (SPEC.md section 6: all that can be
//! found are reported). Each check pushes its errors into a [`Report`] and returns
//! `Result<T, Reported>`: the [`Reported`] token can only be made by pushing an error,
//! so a part that yields no value has always said why. A caller validates every part
//! before combining their results, so one bad part does not hide the errors of the next.

use crate::json::Kind;
use crate::model::Span;
use crate::parse::path::Path;
use crate::{ErrorCode, PolicyError, PolicyErrors};

/// Proof that an error was reported for a part that yields no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reported(());

/// The errors found so far in one document.
#[derive(Debug)]
pub(crate) struct Report<'s> {
    source: &'s str,
    errors: Vec<PolicyError>,
}

impl<'s> Report<'s> {
    /// An empty report on the document `source`.
    pub(crate) fn new(source: &'s str) -> Report<'s> {
        Report { source, errors: Vec::new() }
    }

    /// Records an error at `path` and `span`.
    pub(crate) fn error(&mut self, code: ErrorCode, path: &Path<'_>, span: Span, message: String) -> Reported {
        self.errors.push(PolicyError::new(code, message, path.to_string(), span, self.source));
        Reported(())
    }

    /// Records an error with a help text (a suggestion), when there is one.
    pub(crate) fn error_with_help(
        &mut self,
        code: ErrorCode,
        path: &Path<'_>,
        span: Span,
        message: String,
        help: Option<String>,
    ) -> Reported {
        let mut error = PolicyError::new(code, message, path.to_string(), span, self.source);
        if let Some(help) = help {
            error = error.with_help(help);
        }
        self.errors.push(error);
        Reported(())
    }

    /// Records a `wrong-type` error: the value at `path` is not of the `expected` type.
    pub(crate) fn wrong_type(&mut self, path: &Path<'_>, found: &Kind<'_>, span: Span, expected: &str) -> Reported {
        let what = match path {
            Path::Root => "the policy".to_owned(),
            _ => format!("`{path}`"),
        };
        let message = format!("{what} must be {expected}, not {}", found.describe());
        self.error(ErrorCode::WrongType, path, span, message)
    }

    /// The validated value when no error was reported, else every error in text order.
    pub(crate) fn finish<T>(self, result: Result<T, Reported>) -> Result<T, PolicyErrors> {
        let source = self.source;
        match (result, PolicyErrors::from_vec(self.errors)) {
            (Ok(value), None) => Ok(value),
            (_, Some(errors)) => Err(errors),
            // INVARIANT (reported): a `Reported` is only made together with an error, so
            // this arm is not reached; were it reached, the policy would still be refused.
            (Err(Reported(())), None) => Err(unexplained(source)),
        }
    }
}

/// The error for a refusal that nothing explained (see INVARIANT (reported)).
fn unexplained(source: &str) -> PolicyErrors {
    let whole = Span { start: 0, end: source.len() };
    let error = PolicyError::new(ErrorCode::Syntax, "the policy could not be validated", "", whole, source);
    #[expect(clippy::expect_used, reason = "`from_vec` returns `Some` for a non-empty list")]
    PolicyErrors::from_vec(vec![error]).expect("one error")
}

/// The values of every part when all are good, else an error; every part is validated
/// (the iterator is consumed to its end), so one bad part hides nothing after it.
pub(crate) fn collect<T>(parts: impl IntoIterator<Item = Result<T, Reported>>) -> Result<Vec<T>, Reported> {
    // Not `try_fold`: that would stop at the first bad part.
    let mut all = Ok(Vec::new());
    for part in parts {
        match (&mut all, part) {
            (Ok(values), Ok(value)) => values.push(value),
            (_, Err(reported)) => all = Err(reported),
            (Err(_), Ok(_)) => {}
        }
    }
    all
}

/// Shows user text in a message: in backticks, shortened when long.
pub(crate) fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("`{}…`", text.get(..cut).unwrap_or_default()),
        None => format!("`{text}`"),
    }
}
