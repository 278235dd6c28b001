//! Policy tests (`oss-policy test`), as `opa test` runs them: every request of a
//! decisions case file (the conformance format, `conformance/README.md`) through the
//! combined authorizer over the in-memory engine, each outcome held to its `expect`.
//!
//! A request passes when its outcome is what it expects ([`Outcome::is_expected_by`]: the
//! decision, or `Refused` with the `refusal` kind when given). A request **without**
//! `expect` fails: a test that asserts nothing is no test. Each failure carries the
//! request's [explanation](crate::explain), so the report says which statement did not
//! apply and why.
//!
//! ```
//! use oss_policy_compiler::{Limits, suite};
//! let file = r#"{"description": "a public bucket", "bucket_owner": "1746",
//!   "policies": {"bucket": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
//!     "Principal": "*", "Resource": "acs:oss:*:*:public/*"}]}},
//!   "requests": [
//!     {"name": "anyone reads", "principal": {"type": "anonymous"}, "action": "oss:GetObject",
//!      "resource": "acs:oss:cn-hangzhou:1746:public/a.txt", "expect": "Allow"},
//!     {"name": "anyone writes", "principal": {"type": "anonymous"}, "action": "oss:PutObject",
//!      "resource": "acs:oss:cn-hangzhou:1746:public/a.txt", "expect": "Allow"}]}"#;
//! let result = suite::run(file, &Limits::default())?;
//! assert_eq!((result.passed, result.failures.len()), (1, 1));
//! assert!(result.failures[0].to_string().starts_with("request 1 `anyone writes`: expected Allow, got Ignore"));
//! # Ok::<(), suite::SuiteError>(())
//! ```

use std::fmt;

use crate::cases::{CaseEngines, CaseError, CaseFile, CasePolicyError, Outcome};
use crate::explain::Explanation;
use crate::{EngineName, Limits};

/// The result of one case file.
#[derive(Debug)]
pub struct FileResult {
    /// How many requests passed.
    pub passed: usize,
    /// The requests that failed, in order.
    pub failures: Vec<Failure>,
}

/// A request that did not get what it expects.
#[derive(Debug)]
pub struct Failure {
    /// The request's position in the file, from 0.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// What it expects, as the file spells it (`Allow`, `Refused (bad-caller)`), or
    /// `None` when it expects nothing.
    pub expected: Option<String>,
    /// What it got.
    pub outcome: Outcome,
    /// Why.
    pub explanation: Explanation,
}

impl fmt::Display for Failure {
    /// `request N `NAME`: expected X, got Y`, then the explanation, indented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "request {} `{}`: ", self.index, self.name)?;
        match &self.expected {
            Some(expected) => writeln!(f, "expected {expected}, got {}", self.outcome)?,
            None => writeln!(f, "no `expect` (a test must expect an outcome), got {}", self.outcome)?,
        }
        for line in self.explanation.to_string().lines() {
            writeln!(f, "    {line}")?;
        }
        Ok(())
    }
}

/// Why a case file could not be run.
#[derive(Debug)]
pub enum SuiteError {
    /// The text is not a decisions case file, or a request is malformed.
    Malformed(CaseError),
    /// A policy of the file is invalid.
    Policy(CasePolicyError),
}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuiteError::Malformed(error) => write!(f, "not a decisions case file: {error}"),
            SuiteError::Policy(error) => write!(f, "invalid policy {error}"),
        }
    }
}

impl std::error::Error for SuiteError {}

/// Runs every request of the case file `text` through the in-memory engine.
///
/// # Errors
/// When the text is no case file, a request is malformed, or a policy is invalid.
pub fn run(text: &str, limits: &Limits) -> Result<FileResult, SuiteError> {
    let cases = CaseFile::from_json(text).map_err(SuiteError::Malformed)?;
    let policies = cases.policy_set(limits).map_err(SuiteError::Policy)?;
    let engines = CaseEngines::build(&policies, EngineName::Compiled);
    let owner = cases.bucket_owner.as_deref();
    let mut result = FileResult { passed: 0, failures: Vec::new() };
    for (index, spec) in cases.requests.iter().enumerate() {
        let outcome = engines.outcome(owner, spec).map_err(SuiteError::Malformed)?;
        if outcome.is_expected_by(spec) {
            result.passed += 1;
            continue;
        }
        let expected = spec.expect.map(|expect| match spec.refusal {
            Some(kind) => format!("{expect} ({kind})"),
            None => expect.to_string(),
        });
        let explanation = spec.explain(owner, &policies).map_err(SuiteError::Malformed)?;
        result.failures.push(Failure { index, name: spec.name.clone(), expected, outcome, explanation });
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{"description": "d", "bucket_owner": "1746",
      "policies": {"ram": [{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:Get*", "Resource": "*"}]}]},
      "requests": [
        {"name": "reads", "principal": {"type": "ram-user", "uid": "2021", "account": "1746"},
         "action": "oss:GetObject", "resource": "acs:oss:r:1746:b/k", "expect": "Allow"},
        {"name": "no expect", "principal": {"type": "ram-user", "uid": "2021", "account": "1746"},
         "action": "oss:GetObject", "resource": "acs:oss:r:1746:b/k"},
        {"name": "misspelt", "principal": {"type": "ram-user", "uid": "2021", "account": "1746"},
         "action": "oss:GetObjet", "resource": "acs:oss:r:1746:b/k", "expect": "Refused", "refusal": "bad-caller"},
        {"name": "refused as expected", "principal": {"type": "ram-user", "uid": "2021", "account": "1746"},
         "action": "oss:GetObjet", "resource": "acs:oss:r:1746:b/k", "expect": "Refused"}
      ]}"#;

    #[test]
    fn a_request_without_expect_fails_and_failures_are_explained() {
        let result = run(FILE, &Limits::default()).unwrap();
        assert_eq!(result.passed, 2);
        let lines: Vec<String> =
            result.failures.iter().map(|failure| failure.to_string().lines().next().unwrap_or("").to_owned()).collect();
        assert_eq!(
            lines,
            [
                "request 1 `no expect`: no `expect` (a test must expect an outcome), got Allow (RAM policy 0, statement 0)",
                "request 2 `misspelt`: expected Refused (bad-caller), got Refused (unknown-action: `oss:GetObjet` is not a known OSS action)",
            ]
        );
        assert!(
            result.failures[0].to_string().contains("\n    RAM policy 0: Allow by statement 0\n"),
            "{}",
            result.failures[0]
        );
        assert!(result.failures[1].to_string().contains("\n    Refused (unknown-action)"), "{}", result.failures[1]);
    }

    #[test]
    fn invalid_policies_and_malformed_files_are_errors() {
        let invalid = FILE.replacen("oss:Get*", "oss:GetObjet", 1);
        assert!(matches!(run(&invalid, &Limits::default()), Err(SuiteError::Policy(_))));
        assert!(matches!(run("{}", &Limits::default()), Err(SuiteError::Malformed(_))));
    }
}
