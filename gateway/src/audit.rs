//! The audit log: one JSON line per request — the request id, time, caller, operation,
//! bucket and key, the answer's status and error code, and each check with its decision,
//! the deciding policy and statement (never the policy text).
//!
//! ```json
//! {"request_id":"…","time":"2026-01-01T00:00:00Z","caller":"ram-user:2021@1746","access_key_id":"LTAI…",
//!  "operation":"GetObject","bucket":"example-bucket","key":"a.txt","status":403,"error":"AccessDenied",
//!  "checks":[{"action":"oss:GetObject","resource":"acs:oss:…","decision":"Ignore","reason":"no statement applies"}]}
//! ```
//!
//! A line is serialized straight from the [`Record`] into its bytes (serde, no
//! `serde_json::Value` built first), and a check's reason is kept as the runtime's
//! [`Reason`] until then: the record the authorization step builds is cheap.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;

use oss_policy_runtime::{Principal, Reason};
use serde::{Serialize, Serializer};

/// Where audit lines go.
#[derive(Debug)]
pub struct Audit {
    file: Option<Mutex<File>>,
}

/// One check as the log shows it.
#[derive(Clone, Debug, Serialize)]
pub struct CheckRecord {
    /// The action.
    pub action: &'static str,
    /// The resource ARN.
    pub resource: String,
    /// `Allow`, `Deny`, `Ignore` or `Refused`.
    pub decision: &'static str,
    /// Why (the deciding policy and statement, or the refusal).
    pub reason: CheckReason,
}

/// Why a check was decided so: kept as the runtime's [`Reason`] and written as its text
/// only when the line is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckReason {
    /// The reason of the decision.
    Decided(Reason),
    /// The refusal's message.
    Refused(String),
}

impl std::fmt::Display for CheckReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckReason::Decided(reason) => reason.fmt(f),
            CheckReason::Refused(why) => f.write_str(why),
        }
    }
}

impl Serialize for CheckReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The fields of one line, in their order, borrowed from the [`Record`]: serialized
/// straight into the line's bytes (no JSON tree built first).
#[derive(Serialize)]
struct Line<'r> {
    request_id: &'r str,
    time: &'r str,
    caller: &'r str,
    access_key_id: Option<&'r str>,
    operation: &'r str,
    bucket: Option<&'r str>,
    key: Option<&'r str>,
    status: u16,
    error: Option<&'r str>,
    checks: &'r [CheckRecord],
    policy_version: Option<u64>,
}

/// One request as the log shows it.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// The request id.
    pub request_id: String,
    /// The caller.
    pub caller: String,
    /// The AccessKey id.
    pub access_key_id: Option<String>,
    /// The operation.
    pub operation: String,
    /// The bucket.
    pub bucket: Option<String>,
    /// The key.
    pub key: Option<String>,
    /// The checks.
    pub checks: Vec<CheckRecord>,
    /// The version of the bucket policy the request was decided under (0: none).
    pub policy_version: Option<u64>,
}

/// A principal as text: `account:UID`, `ram-user:UID@ACCOUNT`, `role:ARN`, `anonymous`.
pub fn principal_text(principal: &Principal<'_>) -> String {
    match principal {
        Principal::Account { uid } => format!("account:{uid}"),
        Principal::RamUser { uid, account } => format!("ram-user:{uid}@{account}"),
        Principal::AssumedRole { arn, .. } => format!("role:{arn}"),
        Principal::Anonymous => "anonymous".to_owned(),
    }
}

impl Audit {
    /// The log at `path` (appended to), or standard error.
    ///
    /// # Errors
    /// A file that cannot be opened.
    pub fn open(path: Option<&Path>) -> Result<Audit, String> {
        let file = path
            .map(|p| OpenOptions::new().create(true).append(true).open(p).map_err(|e| format!("{}: {e}", p.display())))
            .transpose()?;
        Ok(Audit { file: file.map(Mutex::new) })
    }

    /// Writes the line of `record`, answered with `status` and `error`.
    pub fn write(&self, record: &Record, status: u16, error: Option<&str>) {
        let time = oss_policy_http::time::rfc3339(std::time::SystemTime::now());
        let line = Line {
            request_id: &record.request_id,
            time: time.as_str(),
            caller: &record.caller,
            access_key_id: record.access_key_id.as_deref(),
            operation: &record.operation,
            bucket: record.bucket.as_deref(),
            key: record.key.as_deref(),
            status,
            error,
            checks: &record.checks,
            policy_version: record.policy_version,
        };
        let mut text = Vec::with_capacity(512);
        // Writing into a Vec fails only on a value JSON cannot hold, which a line has not.
        if serde_json::to_writer(&mut text, &line).is_err() {
            return;
        }
        text.push(b'\n');
        match &self.file {
            Some(file) => {
                if let Ok(mut file) = file.lock() {
                    let _ = file.write_all(&text);
                }
            }
            None => {
                let _ = std::io::stderr().write_all(&text);
            }
        }
    }
}
