//! Policy errors shown as a compiler shows them: the place, the code, the message, the
//! source line with a caret under the offending value, and the help.
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

/// Renders `error`, found in `source` read from `file`, for a terminal.
pub fn render(file: &str, source: &str, error: &PolicyError) -> String {
    let heading = format!("{file}:{}:{}: error[{}]: {}\n", error.line(), error.column(), error.code(), error.message());
    heading + &snippet(source, error)
}

/// The lines under an error's heading: the source line with a caret under the offending
/// value, and the help.
pub fn snippet(source: &str, error: &PolicyError) -> String {
    let mut out = String::new();
    let span = error.span();
    let line_start =
        source.get(..span.start.min(source.len())).and_then(|before| before.rfind('\n')).map_or(0, |at| at + 1);
    let line_end = source.get(line_start..).and_then(|rest| rest.find('\n')).map_or(source.len(), |at| line_start + at);
    if let Some(line) = source.get(line_start..line_end) {
        let line = line.trim_end_matches('\r');
        let number = error.line().to_string();
        let gutter = " ".repeat(number.len());
        let column = error.column().saturating_sub(1);
        let on_line = span.end.min(line_end).saturating_sub(span.start);
        let width = source.get(span.start..span.start + on_line).map_or(1, |text| text.chars().count()).clamp(1, 80);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{number} | {}", shorten(line));
        let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(column.min(200)), "^".repeat(width));
        if let Some(help) = error.help() {
            let _ = writeln!(out, "{gutter} = help: {help}");
        }
    } else if let Some(help) = error.help() {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
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
