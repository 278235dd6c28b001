//! Policy errors and warnings shown as a compiler shows them: the place, the code, the
//! message, the source line with a caret under the offending value, and the help.
//!
//! ```text
//! policy.json:5:17: error[unknown-action]: unknown action `oss:GetObjet`
//!   |
//! 5 |       "Action": ["oss:GetObjet"],
//!   |                  ^^^^^^^^^^^^^^
//!   = help: did you mean `oss:GetObject`
//! ```
//!
//! Rendering costs the length of what is printed, not of the source: [`Lines`] finds the
//! line starts once, and each error's line is then found by binary search and printed
//! shortened. Text output stops after [`MAX_PRINTED`] errors with an `… and N more
//! errors` line, as rustc does; JSON output ([`to_json`]) is one object per error,
//! uncapped, for tools that want them all.

use std::fmt::Write as _;

use crate::lint::Warning;
use crate::model::Span;
use crate::{PolicyError, PolicyErrors};

/// The most errors of one document that text output prints.
pub const MAX_PRINTED: usize = 100;

/// Renders `error`, found in `source` read from `file`, for a terminal. For many errors
/// of one source, [`render_all`] reads the source once.
pub fn render(file: &str, source: &str, error: &PolicyError) -> String {
    Lines::new(source).render(file, error)
}

/// Renders the first [`MAX_PRINTED`] of `errors`, found in `source` read from `file`,
/// then a line saying how many were left out.
pub fn render_all(file: &str, source: &str, errors: &PolicyErrors) -> String {
    let lines = Lines::new(source);
    let mut out: String = errors.iter().take(MAX_PRINTED).map(|error| lines.render(file, error)).collect();
    if let Some(more) = left_out(errors) {
        let _ = writeln!(out, "{more}");
    }
    out
}

/// The line that ends a capped list of errors, when some were left out:
/// `… and 3 more errors (100 shown)`.
pub fn left_out(errors: &PolicyErrors) -> Option<String> {
    let more = errors.len().checked_sub(MAX_PRINTED).filter(|&more| more > 0)?;
    let plural = if more == 1 { "" } else { "s" };
    Some(format!("… and {more} more error{plural} ({MAX_PRINTED} shown)"))
}

/// Renders `warning`, found in `source` read from `file`, for a terminal:
/// `FILE:LINE:COL: warning[CODE]: message`, the source line, a caret, the help.
pub fn render_warning(file: &str, source: &str, warning: &Warning) -> String {
    let heading =
        format!("{file}:{}:{}: warning[{}]: {}\n", warning.line(), warning.column(), warning.code(), warning.message());
    heading + &warning_snippet(source, warning)
}

/// The lines under a warning's heading: the source line with a caret, and the help.
pub fn warning_snippet(source: &str, warning: &Warning) -> String {
    Lines::new(source).show(&Place::of_warning(warning))
}

/// The lines under an error's heading: the source line with a caret under the offending
/// value, and the help.
pub fn snippet(source: &str, error: &PolicyError) -> String {
    Lines::new(source).snippet(error)
}

/// What the lines under a heading show: the offending value's place and the help.
struct Place<'h> {
    span: Span,
    line: usize,
    column: usize,
    help: Option<&'h str>,
}

impl<'h> Place<'h> {
    fn of_error(error: &'h PolicyError) -> Place<'h> {
        Place { span: error.span(), line: error.line(), column: error.column(), help: error.help() }
    }

    fn of_warning(warning: &'h Warning) -> Place<'h> {
        Place { span: warning.span(), line: warning.line(), column: warning.column(), help: warning.help() }
    }
}

/// The warning as one JSON object:
/// `{"file","severity":"warning","code","path","line","column","message","help"}`
/// (`help` is `null` when there is none).
pub fn warning_to_json(file: &str, warning: &Warning) -> serde_json::Value {
    serde_json::json!({
        "file": file,
        "severity": "warning",
        "code": warning.code().as_str(),
        "path": warning.path(),
        "line": warning.line(),
        "column": warning.column(),
        "message": warning.message(),
        "help": warning.help(),
    })
}

/// A source text with the offsets of its line starts, found once.
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    source: &'a str,
    // INVARIANT (line-starts): sorted, starts with 0; every other entry follows a `\n`.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Finds the line starts of `source`.
    pub fn new(source: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(at, _)| at + 1)).collect();
        Lines { source, starts }
    }

    /// The line that holds byte `offset`, without its line break: its start and end.
    fn line_around(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let index = self.starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let end = self.starts.get(index + 1).map_or(self.source.len(), |next| next - 1);
        (start, end)
    }

    /// [`render`], with the lines found already.
    pub fn render(&self, file: &str, error: &PolicyError) -> String {
        let heading =
            format!("{file}:{}:{}: error[{}]: {}\n", error.line(), error.column(), error.code(), error.message());
        heading + &self.snippet(error)
    }

    /// [`snippet`], with the lines found already.
    pub fn snippet(&self, error: &PolicyError) -> String {
        self.show(&Place::of_error(error))
    }

    /// The source line of `place` with a caret under its value, and the help.
    fn show(&self, place: &Place<'_>) -> String {
        let mut out = String::new();
        let span = place.span;
        let (line_start, line_end) = self.line_around(span.start);
        if let Some(line) = self.source.get(line_start..line_end) {
            let line = line.trim_end_matches('\r');
            let number = place.line.to_string();
            let gutter = " ".repeat(number.len());
            let column = place.column.saturating_sub(1);
            let on_line = span.end.min(line_end).saturating_sub(span.start);
            let width = self
                .source
                .get(span.start..span.start + on_line)
                .map_or(1, |text| text.chars().take(80).count())
                .max(1);
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {}", shorten(line));
            let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(column.min(200)), "^".repeat(width));
            if let Some(help) = place.help {
                let _ = writeln!(out, "{gutter} = help: {help}");
            }
        } else if let Some(help) = place.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// A line of at most a few hundred characters (a minified policy is one long line):
/// reads no more of it than it prints.
fn shorten(line: &str) -> String {
    const MAX: usize = 240;
    match line.char_indices().nth(MAX) {
        None => line.to_owned(),
        Some((cut, _)) => line.get(..cut).unwrap_or(line).chars().chain("…".chars()).collect(),
    }
}

/// The error as one JSON object: `{"file","code","path","line","column","message"}`,
/// plus `"help"` when there is one.
pub fn to_json(file: &str, error: &PolicyError) -> serde_json::Value {
    let mut object = serde_json::json!({
        "file": file,
        "code": error.code().as_str(),
        "path": error.path(),
        "line": error.line(),
        "column": error.column(),
        "message": error.message(),
    });
    if let (Some(help), Some(map)) = (error.help(), object.as_object_mut()) {
        map.insert("help".into(), help.into());
    }
    object
}

/// One SARIF 2.1.0 log (the format code scanning in CI reads) of the warnings of some
/// files: one run of the tool `oss-policy`, its rules the warning codes of docs/SPEC.md
/// section 7, one result per warning with the file as artifact and its line and column.
pub fn sarif_log<'w>(files: impl IntoIterator<Item = (&'w str, &'w [Warning])>) -> serde_json::Value {
    use crate::lint::WarningCode;
    let rules: Vec<serde_json::Value> = WarningCode::ALL
        .iter()
        .map(|code| {
            serde_json::json!({
                "id": code.as_str(),
                "shortDescription": {"text": code.description()},
                "defaultConfiguration": {"level": "warning"},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = files
        .into_iter()
        .flat_map(|(file, warnings)| warnings.iter().map(move |warning| (file, warning)))
        .map(|(file, warning)| {
            let rule_index = WarningCode::ALL.iter().position(|code| *code == warning.code());
            let text = match warning.help() {
                Some(help) => format!("{} ({help})", warning.message()),
                None => warning.message().to_owned(),
            };
            serde_json::json!({
                "ruleId": warning.code().as_str(),
                "ruleIndex": rule_index,
                "level": "warning",
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {"startLine": warning.line(), "startColumn": warning.column()},
                    },
                    "logicalLocations": [{"fullyQualifiedName": warning.path()}],
                }],
            })
        })
        .collect();
    serde_json::json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "oss-policy", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use oss_policy_runtime::PolicyKind;

    use super::*;
    use crate::{Limits, parse_policy};

    fn errors_of(source: &str) -> PolicyErrors {
        parse_policy(source, PolicyKind::Ram, &Limits::none()).unwrap_err()
    }

    #[test]
    fn an_error_is_shown_under_its_line() {
        let source = "{\"Version\":\"1\",\n \"Statement\":[{\"Effect\":\"Allow\",\n  \"Action\":[\"oss:GetObjet\"],\"Resource\":\"*\"}]}";
        let errors = errors_of(source);
        // Column 13: the string, quotes included, starts after `  "Action":[`.
        let want = "p.json:3:13: error[unknown-action]: unknown action `oss:GetObjet`\n  \
                    |\n3 |   \"Action\":[\"oss:GetObjet\"],\"Resource\":\"*\"}]}\n  \
                    |             ^^^^^^^^^^^^^^\n  = help: did you mean `oss:GetObject`\n";
        assert_eq!(render_all("p.json", source, &errors), want);
        assert_eq!(render("p.json", source, errors.first()), want);
    }

    #[test]
    fn many_errors_on_one_line_print_a_hundred_then_a_count() {
        // 10,000 unknown actions on one line: rendering them all re-read the line for
        // each error (quadratic) and printed every one.
        let n = 10_000;
        let actions: Vec<String> = (0..n).map(|i| format!("\"oss:GetObjekt{i}\"")).collect();
        let source = format!(
            "{{\"Version\":\"1\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":[{}],\"Resource\":\"*\"}}]}}",
            actions.join(",")
        );
        let errors = errors_of(&source);
        assert_eq!(errors.len(), n);
        let text = render_all("p.json", &source, &errors);
        assert_eq!(text.matches(": error[unknown-action]: ").count(), MAX_PRINTED);
        assert!(text.ends_with("… and 9900 more errors (100 shown)\n"), "{}", &text[text.len() - 200..]);
        assert!(text.lines().all(|line| line.chars().count() <= 250));
        for (count, want) in [(100, None), (101, Some("… and 1 more error (100 shown)"))] {
            let actions = actions.get(..count).unwrap().join(",");
            let source = format!(
                "{{\"Version\":\"1\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":[{actions}],\"Resource\":\"*\"}}]}}"
            );
            assert_eq!(left_out(&errors_of(&source)).as_deref(), want);
        }
    }
}
