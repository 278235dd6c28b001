//! The linter: valid documents that are questionable (docs/SPEC.md section 7).
//!
//! A policy can be valid and still wrong in a way that hurts: a misspelt condition key in
//! a `Deny` (`acs:SourceIP4`) is never present, so the `Deny` never denies and the caller
//! it meant to stop is let through. [`lint`] reads a validated [`Policy`] together with
//! the text it was parsed from and reports each such finding as a [`Warning`]: a stable
//! [`WarningCode`], the JSON path and line:col of the value it is about, a message and,
//! where one exists, a suggestion. It never rejects; callers decide what a warning means
//! ([`LintSettings`]: deny them, or allow some codes).
//!
//! ```
//! use oss_policy_compiler::{lint, parse_policy, Limits};
//! use oss_policy_runtime::PolicyKind;
//!
//! let text = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:*","Principal":"*",
//!   "Resource":"acs:oss:*:*:b/*","Condition":{"IpAddress":{"acs:SourceIP4":["203.0.113.0/24"]}}}]}"#;
//! let policy = parse_policy(text, PolicyKind::Bucket, &Limits::default())?;
//! let warnings = lint::lint(&policy, text);
//! let first = &warnings[0];
//! assert_eq!(first.code().as_str(), "unknown-condition-key");
//! assert_eq!(first.path(), "Statement[0].Condition.IpAddress.acs:SourceIP4");
//! assert_eq!((first.line(), first.column()), (2, 58));
//! assert_eq!(first.help(), Some("did you mean `acs:SourceIp`"));
//! # Ok::<(), oss_policy_compiler::PolicyErrors>(())
//! ```
//!
//! The rules live one per module: [`keys`] (condition keys), `entries` (what `Action`
//! and `Resource` entries can match), `cover` (an `Allow` a `Deny` covers), `values`
//! (placeholders and `**` in any string), `statements` (public access, empty condition,
//! duplicates, `acs:SourceIp` without `acs:SourceVpc`, the kind). Each works in time about
//! linear in the document, except `cover`, which compares each `Allow` with the
//! unconditioned `Deny` statements only.

mod code;
mod cover;
mod entries;
mod glob;
pub mod keys;
mod locate;
mod statements;
mod values;

use core::fmt;

pub use code::WarningCode;

use crate::model::{Policy, Span};

/// One finding in a valid document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    code: WarningCode,
    message: String,
    help: Option<String>,
    path: String,
    span: Span,
    line: usize,
    column: usize,
}

impl Warning {
    /// The docs/SPEC.md section 7 code.
    pub fn code(&self) -> WarningCode {
        self.code
    }

    /// The message: one sentence, lower case.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A suggestion or a longer explanation.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The JSON path of the value it is about (`""` for the document).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The byte range of that value in the source text.
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

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: warning[{}]: {}", self.line, self.column, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// A warning as a rule finds it, before it is placed in the text.
#[derive(Debug)]
pub(crate) struct Finding {
    pub(crate) code: WarningCode,
    pub(crate) span: Span,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

impl Finding {
    pub(crate) fn new(code: WarningCode, span: Span, message: String) -> Finding {
        Finding { code, span, message, help: None }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

/// Every warning of `policy`, which must have been parsed from `source`, in text order
/// (warnings at one place in the order of [`WarningCode::ALL`]). Never panics; for a
/// `source` that is not the policy's text, the paths and places are meaningless.
pub fn lint(policy: &Policy, source: &str) -> Vec<Warning> {
    let Ok(tree) = crate::json::parse(source) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    statements::check(policy, &tree, &mut findings);
    let facts = entries::check(policy, &mut findings);
    cover::check(policy, &facts, &mut findings);
    values::check(policy.kind, &tree, &mut findings);
    findings.sort_by_key(|finding| (finding.span.start, finding.code));
    place(findings, &tree, source)
}

/// The findings with their paths, lines and columns: one pass over the text for all.
fn place(findings: Vec<Finding>, tree: &crate::json::Value<'_>, source: &str) -> Vec<Warning> {
    let mut lines = locate::Lines::new(source);
    findings
        .into_iter()
        .map(|Finding { code, span, message, help }| {
            let (line, column) = lines.at(span.start);
            Warning { code, message, help, path: locate::path_at(tree, span.start), span, line, column }
        })
        .collect()
}

/// What to do with warnings: which codes to drop, whether the rest fail the build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintSettings {
    /// Turn warnings into errors.
    pub deny_warnings: bool,
    /// Codes silenced where the policy stands.
    pub allow: Vec<WarningCode>,
}

impl LintSettings {
    /// The warnings that are not allowed.
    pub fn filter(&self, warnings: Vec<Warning>) -> Vec<Warning> {
        warnings.into_iter().filter(|warning| !self.allow.contains(&warning.code)).collect()
    }

    /// Whether these (already filtered) warnings fail: some are left and they are denied.
    pub fn fails(&self, warnings: &[Warning]) -> bool {
        self.deny_warnings && !warnings.is_empty()
    }
}

#[cfg(test)]
mod tests;
