//! Collecting every error of a document.
//!
//! The validator does not stop at the first error (docs/SPEC.md section 6: all that can be
//! found are reported). Each check pushes its errors into a [`Report`] and returns
//! `Result<T, Reported>`: the [`Reported`] token can only be made by pushing an error,
//! so a part that yields no value has always said why. A caller validates every part
//! before combining their results, so one bad part does not hide the errors of the next.

use crate::json::Kind;
use crate::model::Span;
use crate::parse::path::Path;
use crate::{ErrorCode, PolicyError, PolicyErrors, line_column};

/// Proof that an error was reported for a part that yields no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reported(());

/// The errors found so far in one document.
#[derive(Debug)]
pub(crate) struct Report<'s> {
    source: &'s str,
    found: Vec<Found>,
}

/// An error before it is placed at a line and column.
#[derive(Debug)]
struct Found {
    code: ErrorCode,
    message: String,
    help: Option<String>,
    path: String,
    span: Span,
}

impl<'s> Report<'s> {
    /// An empty report on the document `source`.
    pub(crate) fn new(source: &'s str) -> Report<'s> {
        Report { source, found: Vec::new() }
    }

    /// Records an error at `path` and `span`.
    pub(crate) fn error(&mut self, code: ErrorCode, path: &Path<'_>, span: Span, message: String) -> Reported {
        self.error_with_help(code, path, span, message, None)
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
        self.found.push(Found { code, message, help, path: path.to_string(), span });
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
        match (result, PolicyErrors::from_vec(place(source, self.found))) {
            (Ok(value), None) => Ok(value),
            (_, Some(errors)) => Err(errors),
            // INVARIANT (reported): a `Reported` is only made together with an error, so
            // this arm is not reached; were it reached, the policy would still be refused.
            (Err(Reported(())), None) => Err(unexplained(source)),
        }
    }
}

/// The errors in text order, each with its line and column. One pass over the text for
/// all of them: a document with many errors costs no more than one with a few.
fn place(source: &str, mut found: Vec<Found>) -> Vec<PolicyError> {
    found.sort_by_key(|found| found.span.start);
    let mut cursor = Cursor { offset: 0, line: 1, column: 1 };
    found
        .into_iter()
        .map(|Found { code, message, help, path, span }| {
            let error = PolicyError::at_position(code, message, path, span, cursor.advance(source, span.start));
            match help {
                Some(help) => error.with_help(help),
                None => error,
            }
        })
        .collect()
}

/// A place in the text, moving forward: its byte offset, line and column (from 1, the
/// column in characters, as [`line_column`] counts them).
struct Cursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl Cursor {
    /// The line and column of `offset`, at or after the cursor's.
    fn advance(&mut self, source: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        let Some(segment) = source.get(self.offset..offset) else {
            // Not a character boundary (or behind the cursor): count from the start.
            return line_column(source, offset);
        };
        let (lines, column) = line_column(segment, segment.len());
        if lines > 1 {
            self.line += lines - 1;
            self.column = column;
        } else {
            self.column += column - 1;
        }
        self.offset = offset;
        (self.line, self.column)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_placed_as_line_column_places_them() {
        let texts = ["", "one line", "a\nb\n\nc", "{\n  \"报告\": 1,\n\t\"x\": [\"é\", 2]}\n", "\n\n"];
        for text in texts {
            let boundaries: Vec<_> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            // Every boundary, pushed out of order and some twice, plus offsets past the end.
            let mut offsets: Vec<_> = boundaries.iter().rev().chain(&boundaries).copied().collect();
            offsets.extend([text.len() + 1, text.len() + 7]);
            let mut report = Report::new(text);
            for &start in &offsets {
                report.error(ErrorCode::Syntax, &Path::ROOT, Span { start, end: start }, String::new());
            }
            let errors = report.finish(Ok(())).unwrap_err();
            assert_eq!(errors.len(), offsets.len());
            for error in &errors {
                assert_eq!((error.line(), error.column()), line_column(text, error.span().start), "{text:?} {error:?}");
            }
        }
    }

    #[test]
    fn helps_are_kept() {
        let mut report = Report::new("{}");
        let help = Some("did you mean `Effect`".to_owned());
        report.error_with_help(ErrorCode::UnknownField, &Path::ROOT, Span { start: 1, end: 1 }, "m".into(), help);
        let errors = report.finish(Ok(())).unwrap_err();
        assert_eq!(errors.first().help(), Some("did you mean `Effect`"));
        assert_eq!(errors.first().message(), "m");
    }

    #[test]
    fn quotes_shorten_long_input() {
        assert_eq!(quote("oss:GetObjet"), "`oss:GetObjet`");
        let long = quote(&"报".repeat(100));
        assert_eq!(long, format!("`{}…`", "报".repeat(60)));
    }
}
