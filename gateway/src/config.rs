//! The configuration file: one TOML document (`oss-policy-gateway --config FILE`).
//!
//! ```toml
//! listen = "127.0.0.1:0"          # port 0 picks a free port
//! data_dir = "gateway-data"       # relative paths are relative to the file's folder
//! region = "cn-hangzhou"
//! endpoint = "oss-cn-hangzhou.aliyuncs.com"   # virtual-hosted suffix; path-style always works
//! audit_log = "audit.jsonl"       # optional; standard error when absent
//! max_body_bytes = 67108864       # optional; the largest request body accepted
//!
//! [[bucket]]
//! name = "example-bucket"
//! owner = "1746495857602745"
//! policy = "policies/bucket.json"           # optional
//!
//! [[credential]]
//! access_key_id = "LTAI5tExampleReader"
//! access_key_secret = "..."
//! principal = "ram-user:202147604049351234@1746495857602745"   # or account:UID, role:ARN
//! ram_policies = ["policies/reader.json"]   # optional
//! security_token = "..."                    # only for STS credentials
//!
//! [[access_point]]
//! name = "ap-01"
//! bucket = "example-bucket"
//! alias = "ap-01-3b00d6f0-ossalias"
//! network_origin = "internet"
//! policy = "policies/ap-01.json"
//! ```
//!
//! [`Config::load`] reads and checks the file and reports every problem it finds, not
//! only the first: unknown fields, duplicate names, a principal that does not parse, a
//! bucket or access point that refers to nothing. Policies are compiled later
//! ([`crate::policies`]), with their own `file:line:col` errors.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use oss_policy_runtime::Principal;
use serde::Deserialize;

/// The whole file, its paths resolved against the file's folder.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The address to listen on (`127.0.0.1:0`: a free port).
    pub listen: SocketAddr,
    /// Where objects are stored.
    pub data_dir: PathBuf,
    /// The region of the endpoint (the `{region}` of resource ARNs).
    pub region: String,
    /// The endpoint suffix for virtual-hosted addressing.
    pub endpoint: String,
    /// Where the audit log goes (standard error when absent).
    #[serde(default)]
    pub audit_log: Option<PathBuf>,
    /// The largest request body accepted, in bytes.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// The buckets.
    #[serde(default, rename = "bucket")]
    pub buckets: Vec<BucketConfig>,
    /// The credentials.
    #[serde(default, rename = "credential")]
    pub credentials: Vec<CredentialConfig>,
    /// The access points.
    #[serde(default, rename = "access_point")]
    pub access_points: Vec<AccessPointConfig>,
}

/// The default [`Config::max_body_bytes`]: 64 MiB.
const fn default_max_body() -> usize {
    64 << 20
}

/// One `[[bucket]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketConfig {
    /// The bucket's name.
    pub name: String,
    /// The account that owns it.
    pub owner: String,
    /// Its bucket policy file.
    #[serde(default)]
    pub policy: Option<PathBuf>,
}

/// One `[[credential]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialConfig {
    /// The AccessKey id.
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: String,
    /// Who it is: `account:UID`, `ram-user:UID@ACCOUNT` or `role:arn:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    pub principal: String,
    /// The RAM policy files attached to the identity.
    #[serde(default)]
    pub ram_policies: Vec<PathBuf>,
    /// The security token of an STS credential.
    #[serde(default)]
    pub security_token: Option<String>,
}

/// One `[[access_point]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessPointConfig {
    /// The access point's name.
    pub name: String,
    /// The bucket it serves.
    pub bucket: String,
    /// Its alias, the bucket name requests use (`...-ossalias`).
    pub alias: String,
    /// `internet` or `vpc`.
    pub network_origin: String,
    /// Its access point policy file.
    #[serde(default)]
    pub policy: Option<PathBuf>,
}

impl Config {
    /// Reads, parses and checks `path`.
    ///
    /// # Errors
    /// Every problem found, one message each (`FILE:LINE:COL: ...` for TOML errors).
    pub fn load(path: &Path) -> Result<Config, Vec<String>> {
        let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
        Config::parse(&text, path)
    }

    /// Parses and checks `text`, the content of `path`.
    ///
    /// # Errors
    /// See [`Config::load`].
    pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<String>> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |span| {
                let (line, column) = oss_policy_compiler::line_column(text, span.start);
                format!(":{line}:{column}")
            });
            vec![format!("{}{at}: {}", path.display(), e.message())]
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.resolve(base);
        let errors = config.problems();
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors.into_iter().map(|e| format!("{}: {e}", path.display())).collect())
        }
    }

    /// Makes every relative path relative to `base`.
    fn resolve(&mut self, base: &Path) {
        let at = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        at(&mut self.data_dir);
        if let Some(audit) = &mut self.audit_log {
            at(audit);
        }
        for bucket in &mut self.buckets {
            bucket.policy.iter_mut().for_each(at);
        }
        for credential in &mut self.credentials {
            credential.ram_policies.iter_mut().for_each(at);
        }
        for access_point in &mut self.access_points {
            access_point.policy.iter_mut().for_each(at);
        }
    }

    /// Every inconsistency of the parsed file.
    fn problems(&self) -> Vec<String> {
        let mut errors = Vec::new();
        if self.region.is_empty() || self.endpoint.is_empty() {
            errors.push("`region` and `endpoint` must not be empty".to_owned());
        }
        let mut names = HashSet::new();
        for bucket in &self.buckets {
            if !valid_bucket_name(&bucket.name) {
                errors.push(format!("bucket `{}`: not a valid OSS bucket name", bucket.name));
            }
            if !names.insert(bucket.name.as_str()) {
                errors.push(format!("bucket `{}` is configured twice", bucket.name));
            }
            if bucket.owner.is_empty() || !bucket.owner.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(format!("bucket `{}`: owner `{}` is not an account id", bucket.name, bucket.owner));
            }
        }
        let mut ids = HashSet::new();
        for credential in &self.credentials {
            if !ids.insert(credential.access_key_id.as_str()) {
                errors.push(format!("credential `{}` is configured twice", credential.access_key_id));
            }
            if let Err(why) = parse_principal(&credential.principal) {
                errors.push(format!("credential `{}`: {why}", credential.access_key_id));
            }
        }
        let mut aliases = HashSet::new();
        let mut ap_names = HashSet::new();
        for ap in &self.access_points {
            if !names.contains(ap.bucket.as_str()) {
                errors.push(format!("access point `{}`: bucket `{}` is not configured", ap.name, ap.bucket));
            }
            if !ap.alias.ends_with("-ossalias") || !valid_bucket_name(&ap.alias) {
                errors.push(format!(
                    "access point `{}`: alias `{}` must be a bucket name ending in -ossalias",
                    ap.name, ap.alias
                ));
            }
            if !aliases.insert(ap.alias.as_str()) || !ap_names.insert(ap.name.as_str()) {
                errors.push(format!("access point `{}`: its name or alias is configured twice", ap.name));
            }
            if !matches!(ap.network_origin.as_str(), "internet" | "vpc") {
                errors.push(format!("access point `{}`: network_origin must be `internet` or `vpc`", ap.name));
            }
        }
        errors
    }
}

/// Whether `name` is an OSS bucket name: 3 to 63 of `a-z`, `0-9`, `-`, not starting or
/// ending with `-`.
fn valid_bucket_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// A principal of the configuration: `account:UID`, `ram-user:UID@ACCOUNT` or
/// `role:arn:sts::ACCOUNT:assumed-role/ROLE/SESSION` (the account read from the ARN).
///
/// # Errors
/// Why it does not parse.
pub fn parse_principal(text: &str) -> Result<Principal<'_>, String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let bad = || {
        format!(
            "principal `{text}` is not account:UID, ram-user:UID@ACCOUNT or role:arn:sts::ACCOUNT:assumed-role/ROLE/SESSION"
        )
    };
    if let Some(uid) = text.strip_prefix("account:") {
        return digits(uid).then_some(Principal::Account { uid }).ok_or_else(bad);
    }
    if let Some(rest) = text.strip_prefix("ram-user:") {
        let (uid, account) = rest.split_once('@').ok_or_else(bad)?;
        return (digits(uid) && digits(account)).then_some(Principal::RamUser { uid, account }).ok_or_else(bad);
    }
    if let Some(arn) = text.strip_prefix("role:") {
        let rest = arn.strip_prefix("arn:sts::").ok_or_else(bad)?;
        let (account, role) = rest.split_once(':').ok_or_else(bad)?;
        let ok = digits(account) && role.strip_prefix("assumed-role/").is_some_and(|r| r.split('/').count() == 2);
        return ok.then_some(Principal::AssumedRole { arn, account }).ok_or_else(bad);
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn principals_parse_in_the_three_forms() {
        assert_eq!(parse_principal("account:1746").unwrap(), Principal::Account { uid: "1746" });
        assert_eq!(parse_principal("ram-user:2021@1746").unwrap(), Principal::RamUser { uid: "2021", account: "1746" });
        assert_eq!(
            parse_principal("role:arn:sts::1746:assumed-role/reader/s1").unwrap(),
            Principal::AssumedRole { arn: "arn:sts::1746:assumed-role/reader/s1", account: "1746" }
        );
        for bad in ["1746", "account:", "account:17x", "ram-user:2021", "role:arn:sts::17:role/x", "role:x"] {
            assert!(parse_principal(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let path = Path::new("/cfg/gw.toml");
        let errors = Config::parse("listen = \"127.0.0.1:0\"\nbogus = 1\n", path).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("/cfg/gw.toml:2:1: "), "{errors:?}");
        let text = r#"
listen = "127.0.0.1:0"
data_dir = "d"
region = "cn-hangzhou"
endpoint = "oss-cn-hangzhou.aliyuncs.com"
[[bucket]]
name = "Bad_Name"
owner = "17"
[[bucket]]
name = "Bad_Name"
owner = "x"
[[credential]]
access_key_id = "a"
access_key_secret = "s"
principal = "nobody"
[[access_point]]
name = "ap"
bucket = "missing"
alias = "ap-x"
network_origin = "moon"
"#;
        let errors = Config::parse(text, path).unwrap_err();
        assert_eq!(errors.len(), 8, "{errors:#?}");
        let config =
            Config::parse("listen = \"127.0.0.1:0\"\ndata_dir = \"d\"\nregion = \"r\"\nendpoint = \"e\"\n", path)
                .unwrap();
        assert_eq!(config.data_dir, Path::new("/cfg/d"));
    }
}
