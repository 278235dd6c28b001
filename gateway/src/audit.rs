//! The audit log: one JSON line per request — the request id, time, caller, operation,
//! bucket and key, the answer's status and error code, and each check with its decision,
//! the deciding policy and statement (never the policy text).
//!
//! ```json
//! {"request_id":"…","time":"2026-01-01T00:00:00Z","caller":"ram-user:2021@1746","access_key_id":"LTAI…",
//!  "operation":"GetObject","bucket":"example-bucket","key":"a.txt","status":403,"error":"AccessDenied",
//!  "checks":[{"action":"oss:GetObject","resource":"acs:oss:…","decision":"Ignore","reason":"no statement applies"}]}
//! ```

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;

use oss_policy_runtime::Principal;
use serde_json::{Value, json};

/// Where audit lines go.
#[derive(Debug)]
pub struct Audit {
    file: Option<Mutex<File>>,
}

/// One check as the log shows it.
#[derive(Clone, Debug)]
pub struct CheckRecord {
    /// The action.
    pub action: &'static str,
    /// The resource ARN.
    pub resource: String,
    /// `Allow`, `Deny`, `Ignore` or `Refused`.
    pub decision: &'static str,
    /// Why (the deciding policy and statement, or the refusal).
    pub reason: String,
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
        let checks: Vec<Value> = record
            .checks
            .iter()
            .map(|c| json!({"action": c.action, "resource": c.resource, "decision": c.decision, "reason": c.reason}))
            .collect();
        let line = json!({
            "request_id": record.request_id,
            "time": oss_policy_http::time::rfc3339(std::time::SystemTime::now()).as_str(),
            "caller": record.caller,
            "access_key_id": record.access_key_id,
            "operation": record.operation,
            "bucket": record.bucket,
            "key": record.key,
            "status": status,
            "error": error,
            "checks": checks,
            "policy_version": record.policy_version,
        });
        let mut text = line.to_string();
        text.push('\n');
        match &self.file {
            Some(file) => {
                if let Ok(mut file) = file.lock() {
                    let _ = file.write_all(text.as_bytes());
                }
            }
            None => {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
        }
    }
}
