//! Policy errors and warnings shown as a compiler shows them: the place, the code, the
//! message, the source line with a caret under the offending value, and the help.
//!
//! ```text
//! policy.json:5:17: error[unknown-action]: `oss:GetObjet` is not a known OSS action
//!   |
//! 5 |       "Action": ["oss:GetObjet"],
//!   |                  ^^^^^^^^^^^^^^
//!   = help: did you mean `oss:GetObject`
//! ```

use std::fmt::Write as _;

use crate::PolicyError;
use crate::lint::Warning;
use crate::model::Span;

/// Renders `error`, found in `source` read from `file`, for a terminal.
pub fn render(file: &str, source: &str, error: &PolicyError) -> String {
    let heading = format!("{file}:{}:{}: error[{}]: {}\n", error.line(), error.column(), error.code(), error.message());
    heading + &snippet(source, error)
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
    Place { span: warning.span(), line: warning.line(), column: warning.column(), help: warning.help() }.snippet(source)
}

/// The lines under an error's heading: the source line with a caret under the offending
/// value, and the help.
pub fn snippet(source: &str, error: &PolicyError) -> String {
    Place { span: error.span(), line: error.line(), column: error.column(), help: error.help() }.snippet(source)
}

/// What the lines under a heading show.
struct Place<'h> {
    span: Span,
    line: usize,
    column: usize,
    help: Option<&'h str>,
}

impl Place<'_> {
    fn snippet(&self, source: &str) -> String {
        let mut out = String::new();
        let span = self.span;
        let line_start =
            source.get(..span.start.min(source.len())).and_then(|before| before.rfind('\n')).map_or(0, |at| at + 1);
        let line_end =
            source.get(line_start..).and_then(|rest| rest.find('\n')).map_or(source.len(), |at| line_start + at);
        if let Some(line) = source.get(line_start..line_end) {
            let line = line.trim_end_matches('\r');
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let column = self.column.saturating_sub(1);
            let on_line = span.end.min(line_end).saturating_sub(span.start);
            let width =
                source.get(span.start..span.start + on_line).map_or(1, |text| text.chars().count()).clamp(1, 80);
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {}", shorten(line));
            let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(column.min(200)), "^".repeat(width));
            if let Some(help) = self.help {
                let _ = writeln!(out, "{gutter} = help: {help}");
            }
        } else if let Some(help) = self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
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

/// A line of at most a few hundred characters (a minified policy is one long line).
fn shorten(line: &str) -> String {
    const MAX: usize = 240;
    if line.chars().count() <= MAX { line.to_owned() } else { line.chars().take(MAX).chain("…".chars()).collect() }
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
/// files: one run of the tool `oss-policy`, its rules the warning codes of SPEC.md
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
