//! `oss-policy http classify`: which permissions does this request need?
//!
//! ```text
//! oss-policy http classify --method M --url URL [-H 'Name: value']... [--body FILE]
//!     [--endpoint SUFFIX] [--bucket-owner ID] [--alias ALIAS=AP_NAME:BUCKET] [--format json|text]
//! ```
//!
//! Prints `{"operation": ..., "checks": [{"action", "resource", "context"}...]}` (exit 0)
//! or `{"error": {"code", "message"}}` (exit 2); `--format text` prints a table. Without
//! `--endpoint`, a URL host `{bucket}.oss-{region}.aliyuncs.com` names its own endpoint;
//! without `--bucket-owner`, resources show the owner as `{bucket-owner}`.

use std::net::{IpAddr, Ipv4Addr};
use std::time::UNIX_EPOCH;

use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use serde_json::{Map, Value, json};

use crate::context::{Connection, WireContext};
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::{AccessPointAlias, Classifier, Directory, Endpoint};
use crate::table::Rule;

/// The usage line.
pub const USAGE: &str = "usage: oss-policy http classify --method M --url URL [-H 'Name: value']... [--body FILE] \
    [--endpoint SUFFIX] [--bucket-owner ID] [--alias ALIAS=AP_NAME:BUCKET] [--format json|text]";

/// The directory the command line describes.
struct Given {
    owner: String,
    aliases: Vec<(String, String, String)>,
}

impl Directory for Given {
    fn bucket_owner(&self, _bucket: &str) -> Option<&str> {
        Some(&self.owner)
    }

    fn access_point(&self, alias: &str) -> Option<AccessPointAlias<'_>> {
        self.aliases.iter().find(|(a, _, _)| a == alias).map(|(alias, name, bucket)| AccessPointAlias {
            alias,
            name,
            bucket,
        })
    }
}

/// Runs `http ARGS...`; returns the text to print and the exit status (0, or 2 for an
/// error, 1 for bad arguments).
pub fn run(args: &[String]) -> (String, u8) {
    match args.split_first() {
        Some((command, rest)) if command == "classify" => match parse(rest) {
            Ok(parsed) => classify(&parsed),
            Err(message) => (format!("{message}\n{USAGE}\n"), 1),
        },
        _ => (format!("{USAGE}\n"), 1),
    }
}

#[derive(Default)]
struct Args {
    method: String,
    url: String,
    headers: Vec<String>,
    body: Option<String>,
    endpoint: Option<String>,
    owner: Option<String>,
    aliases: Vec<String>,
    text: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--method" => parsed.method = value()?,
            "--url" => parsed.url = value()?,
            "-H" | "--header" => parsed.headers.push(value()?),
            "--body" => parsed.body = Some(value()?),
            "--endpoint" => parsed.endpoint = Some(value()?),
            "--bucket-owner" => parsed.owner = Some(value()?),
            "--alias" => parsed.aliases.push(value()?),
            "--format" => match value()?.as_str() {
                "json" => parsed.text = false,
                "text" => parsed.text = true,
                other => return Err(format!("unknown format `{other}`")),
            },
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.method.is_empty() || parsed.url.is_empty() {
        return Err("--method and --url are required".to_owned());
    }
    Ok(parsed)
}

fn classify(args: &Args) -> (String, u8) {
    match checks_of(args) {
        Ok((operation, checks)) if args.text => {
            let mut out = format!("operation: {operation}\n");
            if checks.is_empty() {
                out.push_str("(no checks)\n");
            }
            for check in &checks {
                out.push_str(&format!(
                    "{:<28} {}",
                    check["action"].as_str().unwrap_or(""),
                    check["resource"].as_str().unwrap_or("")
                ));
                if let Some(context) = check["context"].as_object().filter(|c| !c.is_empty()) {
                    let pairs: Vec<String> = context.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    out.push_str(&format!("  [{}]", pairs.join(", ")));
                }
                out.push('\n');
            }
            (out, 0)
        }
        Ok((operation, checks)) => (format!("{}\n", json!({"operation": operation, "checks": checks})), 0),
        Err(error) if args.text => (format!("error: {} {}\n", error.code().as_str(), error.message()), 2),
        Err(error) => {
            (format!("{}\n", json!({"error": {"code": error.code().as_str(), "message": error.message()}})), 2)
        }
    }
}

fn checks_of(args: &Args) -> Result<(String, Vec<Value>), OssError> {
    let bad = |what: String| err(ErrorCode::InvalidArgument, what);
    let method =
        Method::from_bytes(args.method.to_ascii_uppercase().as_bytes()).map_err(|_| bad("bad method".into()))?;
    let uri: Uri = args.url.parse().map_err(|_| bad(format!("`{}` is not a URL", args.url)))?;
    let mut headers = HeaderMap::new();
    if let Some(host) = uri.authority() {
        headers.insert(http::header::HOST, HeaderValue::from_str(host.as_str()).map_err(|_| bad("bad host".into()))?);
    }
    for header in &args.headers {
        let (name, value) = header.split_once(':').ok_or_else(|| bad(format!("`{header}` is not `Name: value`")))?;
        let name =
            HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| bad(format!("bad header name `{name}`")))?;
        headers
            .insert(name, HeaderValue::from_str(value.trim()).map_err(|_| bad(format!("bad header value `{value}`")))?);
    }
    let body = match &args.body {
        Some(file) => Some(std::fs::read(file).map_err(|e| bad(format!("{file}: {e}")))?),
        None => None,
    };
    let host = uri.host().unwrap_or("");
    let suffix = args.endpoint.clone().unwrap_or_else(|| match host.split_once('.') {
        Some((_, rest)) if rest.starts_with("oss-") => rest.to_owned(),
        _ => host.to_owned(),
    });
    let endpoint = Endpoint::vendor(&suffix).unwrap_or_else(|| Endpoint::new(&suffix, "cn-hangzhou"));
    let mut aliases = Vec::new();
    for alias in &args.aliases {
        let parsed = alias.split_once('=').and_then(|(a, rest)| rest.split_once(':').map(|(n, b)| (a, n, b)));
        let (a, n, b) = parsed.ok_or_else(|| bad(format!("`{alias}` is not ALIAS=AP_NAME:BUCKET")))?;
        aliases.push((a.to_owned(), n.to_owned(), b.to_owned()));
    }
    let directory = Given { owner: args.owner.clone().unwrap_or_else(|| "{bucket-owner}".to_owned()), aliases };
    let endpoints = [endpoint];
    let classifier = Classifier::new(&endpoints, endpoints[0].region(), &directory);
    let classified = classifier.classify(&method, &uri, &headers)?;
    let checks = crate::checks::checks(&classified, &directory, body.as_deref())?;
    let connection = Connection {
        peer: IpAddr::V4(Ipv4Addr::LOCALHOST),
        secure: false,
        vpc: None,
        now: UNIX_EPOCH,
        trusted_proxies: &[],
    };
    let context = WireContext::read(&classified, &connection, None)?;
    let keys: Map<String, Value> = context.request_keys().into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    let operation = match checks.rule() {
        Rule::Action(_) => classified.operation.name().to_owned(),
        Rule::Free => format!("{} (answered without authorization)", classified.operation),
        Rule::Unknown => format!("{} (no known action: refuse with NotImplemented)", classified.operation),
    };
    let listed = checks
        .iter()
        .map(|check| {
            let owner = check.target.bucket().and_then(|b| directory.bucket_owner(b)).unwrap_or("*");
            json!({"action": check.action, "resource": check.target.arn(classified.region, owner), "context": keys})
        })
        .collect();
    Ok((operation, listed))
}
