//! Requests signed by the vendor's SDKs (`alibabacloud-oss-v2` and `oss2`), captured by
//! `tests/fixtures/capture.py` on a loopback listener: each is classified and verified at
//! the time it was sent, with the credentials it was signed with, and must name the
//! operation, bucket and key the SDK was asked for and the caller who signed. Tampered
//! copies (a signed header added or changed, a query parameter added, the wrong secret,
//! an unknown key or token, the clock 16 minutes off, a presigned URL past its expiry) are
//! refused with the vendor's error code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use oss_policy_http::credentials::StaticCredentials;
use oss_policy_http::{Caller, Classifier, ErrorCode, OssError, Signature, Style, Verifier};
use oss_policy_runtime::Principal;
use serde_json::Value;

/// One captured request and what the SDK was asked to do.
struct Fixture {
    case: String,
    json: Value,
    method: Method,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    time: u64,
}

impl Fixture {
    fn text(&self, path: &[&str]) -> String {
        let mut value = &self.json;
        for step in path {
            value = &value[*step];
        }
        value.as_str().unwrap_or_else(|| panic!("{}: no {path:?}", self.case)).to_owned()
    }

    fn signature(&self) -> Signature {
        match self.text(&["signature"]).as_str() {
            "V4Header" => Signature::V4Header,
            "V4Presigned" => Signature::V4Presigned,
            "V1Header" => Signature::V1Header,
            "V1Presigned" => Signature::V1Presigned,
            other => panic!("{}: unknown signature {other}", self.case),
        }
    }

    fn presigned(&self) -> bool {
        matches!(self.signature(), Signature::V4Presigned | Signature::V1Presigned)
    }

    fn token(&self) -> Option<String> {
        self.json["credential"]["security_token"].as_str().map(str::to_owned)
    }

    fn principal(&self) -> Principal<'_> {
        let principal = &self.json["credential"]["principal"];
        let account = principal["account"].as_str().unwrap();
        if let Some(uid) = principal["ram_user"].as_str() {
            Principal::RamUser { uid, account }
        } else {
            Principal::AssumedRole { arn: principal["assumed_role"].as_str().unwrap(), account }
        }
    }

    /// The store that knows this fixture's credential, with `secret`.
    fn store(&self, secret: &str) -> StaticCredentials {
        let mut store = StaticCredentials::new();
        store.add(&self.text(&["credential", "access_key_id"]), secret, self.token().as_deref(), self.principal());
        store
    }

    fn right_store(&self) -> StaticCredentials {
        self.store(&self.text(&["credential", "secret"]))
    }

    /// A query parameter of the captured target, decoded.
    fn param(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (n, v) = pair.split_once('=').unwrap_or((pair, ""));
            (n == name).then(|| percent_encoding::percent_decode_str(v).decode_utf8().unwrap().into_owned())
        })
    }
}

fn fixtures() -> Vec<Fixture> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let request = &json["request"];
            let headers = request["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| (pair[0].as_str().unwrap().to_owned(), pair[1].as_str().unwrap().to_owned()))
                .collect();
            Fixture {
                case: json["case"].as_str().unwrap().to_owned(),
                method: request["method"].as_str().unwrap().parse().unwrap(),
                target: request["target"].as_str().unwrap().to_owned(),
                headers,
                body: base64::engine::general_purpose::STANDARD
                    .decode(request["body_base64"].as_str().unwrap())
                    .unwrap(),
                time: request["time"].as_u64().unwrap(),
                json,
            }
        })
        .collect()
}

fn header_map(headers: &[(String, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
    }
    map
}

/// Classifies and verifies `target` with `headers` against `store` at `now`.
fn replay<'s>(
    fixture: &Fixture,
    target: &str,
    headers: &[(String, String)],
    store: &'s StaticCredentials,
    now: SystemTime,
) -> Result<(String, Option<String>, Style, Caller<'s>), OssError> {
    let endpoints = support::endpoints();
    let classifier = Classifier::new(&endpoints, "cn-hangzhou", &support::TestDirectory);
    let uri: Uri = target.parse().unwrap();
    let headers = header_map(headers);
    let classified = classifier.classify(&fixture.method, &uri, &headers)?;
    let caller = Verifier::new(store).verify(&classified, now)?;
    let bucket = classified.bucket.unwrap_or_default().to_owned();
    Ok((format!("{}@{bucket}", classified.operation), classified.key.map(|k| k.into_owned()), classified.style, caller))
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn refused(fixture: &Fixture, what: &str, result: Result<impl std::fmt::Debug, OssError>, code: ErrorCode) {
    match result {
        Err(error) => assert_eq!(error.code(), code, "{}: {what}: {error}", fixture.case),
        Ok(accepted) => panic!("{}: {what}: accepted {accepted:?}", fixture.case),
    }
}

#[test]
fn every_sdk_and_signature_kind_is_captured() {
    let fixtures = fixtures();
    let mut kinds: Vec<(String, String)> = fixtures
        .iter()
        .map(|f| (f.text(&["sdk"]).split(' ').next().unwrap().to_owned(), f.text(&["signature"])))
        .collect();
    kinds.sort();
    kinds.dedup();
    for sdk in ["alibabacloud-oss-v2", "oss2"] {
        for kind in ["V4Header", "V4Presigned", "V1Header", "V1Presigned"] {
            assert!(kinds.contains(&(sdk.to_owned(), kind.to_owned())), "no {sdk} {kind} fixture");
        }
    }
    let styles: Vec<String> = fixtures.iter().map(|f| f.text(&["expect", "style"])).collect();
    assert!(styles.iter().any(|s| s == "path") && styles.iter().any(|s| s == "virtual"));
    assert!(fixtures.iter().any(|f| f.token().is_some()), "no STS fixture");
    assert!(fixtures.iter().any(|f| !f.body.is_empty()), "no fixture with a body");
    assert!(fixtures.iter().any(|f| f.param("x-oss-additional-headers").is_some()), "no additional headers");
}

#[test]
fn captured_requests_are_accepted_with_their_operation_and_caller() {
    for fixture in fixtures() {
        let store = fixture.right_store();
        let (operation, key, style, caller) =
            replay(&fixture, &fixture.target, &fixture.headers, &store, at(fixture.time))
                .unwrap_or_else(|e| panic!("{}: {e}", fixture.case));
        let expected = format!("{}@{}", fixture.text(&["expect", "operation"]), fixture.text(&["expect", "bucket"]));
        assert_eq!(operation, expected, "{}", fixture.case);
        assert_eq!(key.as_deref(), fixture.json["expect"]["key"].as_str(), "{}", fixture.case);
        let want_style =
            if fixture.text(&["expect", "style"]) == "path" { Style::PathStyle } else { Style::VirtualHosted };
        assert_eq!(style, want_style, "{}", fixture.case);
        assert_eq!(caller.principal, fixture.principal(), "{}", fixture.case);
        assert_eq!(caller.access_key_id, Some(&*fixture.text(&["credential", "access_key_id"])), "{}", fixture.case);
        assert_eq!(caller.signature, fixture.signature(), "{}", fixture.case);
        if fixture.method == Method::PUT {
            let length: usize = fixture.headers.iter().find(|(n, _)| n == "Content-Length").unwrap().1.parse().unwrap();
            assert_eq!(fixture.body.len(), length, "{}: the body is the one sent", fixture.case);
        }
    }
}

#[test]
fn a_signed_header_added_or_changed_is_refused() {
    for fixture in fixtures() {
        let store = fixture.right_store();
        let now = at(fixture.time);
        let mut added = fixture.headers.clone();
        added.push(("x-oss-meta-owner".to_owned(), "mallory".to_owned()));
        refused(
            &fixture,
            "x-oss-meta added",
            replay(&fixture, &fixture.target, &added, &store, now),
            ErrorCode::SignatureDoesNotMatch,
        );
        // The additional headers a presigned V4 URL names are signed too.
        for name in fixture.param("x-oss-additional-headers").unwrap_or_default().split(';').filter(|n| !n.is_empty()) {
            let mut changed = fixture.headers.clone();
            changed.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)).unwrap().1.push('0');
            let result = replay(&fixture, &fixture.target, &changed, &store, now);
            refused(&fixture, "additional header changed", result, ErrorCode::SignatureDoesNotMatch);
        }
        if fixture.presigned() {
            continue;
        }
        // The signed time, one second later: still within the skew, no longer signed.
        let date = if fixture.signature() == Signature::V4Header { "x-oss-date" } else { "date" };
        let mut changed = fixture.headers.clone();
        let value = &mut changed.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(date)).unwrap().1;
        *value = if date == "date" {
            httpdate::fmt_http_date(httpdate::parse_http_date(value).unwrap() + Duration::from_secs(1))
        } else {
            let last = value.pop().unwrap(); // `Z`
            let second = value.pop().unwrap();
            format!("{value}{}{last}", if second == '9' { '8' } else { char::from(second as u8 + 1) })
        };
        refused(
            &fixture,
            "signed time changed",
            replay(&fixture, &fixture.target, &changed, &store, now),
            ErrorCode::SignatureDoesNotMatch,
        );
    }
}

#[test]
fn a_query_parameter_added_is_refused() {
    for fixture in fixtures() {
        let separator = if fixture.target.contains('?') { '&' } else { '?' };
        let target = format!("{}{separator}response-cache-control=no-cache", fixture.target);
        let store = fixture.right_store();
        let result = replay(&fixture, &target, &fixture.headers, &store, at(fixture.time));
        refused(&fixture, "parameter added", result, ErrorCode::SignatureDoesNotMatch);
    }
}

#[test]
fn the_wrong_secret_an_unknown_key_or_token_is_refused() {
    for fixture in fixtures() {
        let now = at(fixture.time);
        let wrong = fixture.store("not-the-secret");
        refused(
            &fixture,
            "wrong secret",
            replay(&fixture, &fixture.target, &fixture.headers, &wrong, now),
            ErrorCode::SignatureDoesNotMatch,
        );
        let mut other = StaticCredentials::new();
        other.add("LTAI5tSomeoneElse", "secret", None, Principal::Account { uid: support::OWNER });
        refused(
            &fixture,
            "unknown key",
            replay(&fixture, &fixture.target, &fixture.headers, &other, now),
            ErrorCode::InvalidAccessKeyId,
        );
        if fixture.token().is_some() {
            let mut untokened = StaticCredentials::new();
            let id = fixture.text(&["credential", "access_key_id"]);
            untokened.add(&id, &fixture.text(&["credential", "secret"]), Some("another token"), fixture.principal());
            let result = replay(&fixture, &fixture.target, &fixture.headers, &untokened, now);
            refused(&fixture, "another token", result, ErrorCode::InvalidAccessKeyId);
        }
    }
}

#[test]
fn a_clock_sixteen_minutes_off_or_past_the_expiry_is_refused() {
    const SIXTEEN_MINUTES: u64 = 16 * 60;
    for fixture in fixtures() {
        let (store, target, headers) = (fixture.right_store(), &fixture.target, &fixture.headers);
        match fixture.signature() {
            Signature::V4Header | Signature::V1Header => {
                for now in [fixture.time + SIXTEEN_MINUTES, fixture.time - SIXTEEN_MINUTES] {
                    let result = replay(&fixture, target, headers, &store, at(now));
                    refused(&fixture, "clock off", result, ErrorCode::RequestTimeTooSkewed);
                }
                // Fourteen minutes is within the skew the service allows.
                assert!(
                    replay(&fixture, target, headers, &store, at(fixture.time + 14 * 60)).is_ok(),
                    "{}",
                    fixture.case
                );
            }
            Signature::V4Presigned => {
                let start = fixture.time;
                let expires: u64 = fixture.param("x-oss-expires").unwrap().parse().unwrap();
                assert!(replay(&fixture, target, headers, &store, at(start + expires - 1)).is_ok(), "{}", fixture.case);
                let late = replay(&fixture, target, headers, &store, at(start + expires + 2));
                refused(&fixture, "past the expiry", late, ErrorCode::AccessDenied);
                let early = replay(&fixture, target, headers, &store, at(start - SIXTEEN_MINUTES));
                refused(&fixture, "clock 16 minutes early", early, ErrorCode::RequestTimeTooSkewed);
            }
            Signature::V1Presigned => {
                let expires: u64 = fixture.param("Expires").unwrap().parse().unwrap();
                assert!(replay(&fixture, target, headers, &store, at(expires)).is_ok(), "{}", fixture.case);
                let late = replay(&fixture, target, headers, &store, at(expires + 1));
                refused(&fixture, "past the expiry", late, ErrorCode::AccessDenied);
                let sixteen = replay(&fixture, target, headers, &store, at(fixture.time + SIXTEEN_MINUTES));
                refused(&fixture, "clock 16 minutes late", sixteen, ErrorCode::AccessDenied);
            }
            Signature::Anonymous => panic!("{}: not signed", fixture.case),
        }
    }
}
