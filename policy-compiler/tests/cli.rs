//! The `oss-policy` command line, run as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

#[expect(clippy::expect_used, reason = "test helper: failing to run the binary fails the test")]
fn oss_policy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oss-policy"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[expect(clippy::expect_used, reason = "test helper: failing to write fails the test")]
fn write_temp(name: &str, text: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("temp file written");
    path.to_string_lossy().into_owned()
}

const TYPO: &str = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["oss:GetObjet"],
      "Resource": ["acs:oss:*:*:mybucket/*"]
    }
  ]
}
"#;

#[test]
fn check_prints_errors_as_a_compiler_does() {
    let file = write_temp("typo.json", TYPO);
    let output = oss_policy(&["check", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("{file}:6:18: error[unknown-action]: ")), "{text}");
    assert!(text.contains("6 |       \"Action\": [\"oss:GetObjet\"],"), "{text}");
    assert!(text.contains("  |                  ^^^^^^^^^^^^^^\n"), "{text}");
    assert!(text.contains("did you mean `oss:GetObject`"), "{text}");
}

#[test]
fn check_prints_json_errors() {
    let file = write_temp("typo-json.json", TYPO);
    let output = oss_policy(&["check", "--format", "json", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let error: serde_json::Value = serde_json::from_str(lines[0]).expect("one JSON object");
    assert_eq!(error["file"], file.as_str());
    assert_eq!(error["code"], "unknown-action");
    assert_eq!(error["path"], "Statement[0].Action[0]");
    assert_eq!(error["line"], 6);
    assert_eq!(error["column"], 18);
    assert!(error["message"].as_str().is_some_and(|m| m.contains("oss:GetObjet")), "{error}");
}

#[test]
fn check_accepts_valid_policies_and_detects_the_kind() {
    let output = oss_policy(&[
        "check",
        "examples/policies/bucket-s02-readonly-folders.json",
        "examples/policies/ram-s08b-deny-outside-ip.json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // No error; the warnings of the vendor's masked ids follow, as `lint` prints them.
    assert!(!stdout(&output).contains("error["), "{}", stdout(&output));
    assert!(stdout(&output).contains("warning[placeholder-value]: `20214760404935xxxx`"), "{}", stdout(&output));
    let output = oss_policy(&["check", "--kind", "ram", "examples/policies/bucket-s02-readonly-folders.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("error[principal-not-allowed]"), "{}", stdout(&output));
}

#[test]
fn check_reports_unreadable_files() {
    let output = oss_policy(&["check", "no/such/file.json"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn eval_prints_one_decision_per_request_and_checks_expectations() {
    let case = "conformance/decisions/bucket-s02-readonly-folders.json";
    let output = oss_policy(&["eval", case, "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or("")).expect("JSON line");
    assert_eq!(first, serde_json::json!({"request": 0, "name": "reads a file in hangzhou/2020", "decision": "Allow"}));
    assert_eq!(text.lines().count(), 10);

    let wrong = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../conformance/decisions/bucket-s02-readonly-folders.json"
    ))
    .expect("case file")
    .replacen("\"expect\": \"Allow\"", "\"expect\": \"Deny\"", 1);
    let file = write_temp("wrong-expect.json", &wrong);
    let output = oss_policy(&["eval", &file, "--check"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("request 0 `reads a file in hangzhou/2020`: expected Deny, got Allow"), "{errors}");
}

#[test]
fn eval_refuses_a_case_file_with_an_invalid_policy() {
    let case = r#"{"description": "d", "policies": {"ram": [{"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": "oss:GetObjet", "Resource": "*"}]}]}, "requests": [{"name": "r", "principal": {"type": "anonymous"},
        "action": "oss:GetObject", "resource": "acs:oss:*:*:b/k", "expect": "Ignore"}]}"#;
    let file = write_temp("invalid-policy-case.json", case);
    let output = oss_policy(&["eval", &file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("error[unknown-action]"), "{}", stdout(&output));
}

#[test]
fn compile_prints_the_generated_code() {
    let policy = "examples/policies/bucket-s02-readonly-folders.json";
    let output = oss_policy(&["compile", "--kind", "bucket", "--name", "ReadonlyFolders", policy]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.starts_with("// @generated by oss-policy-compiler "), "{text}");
    let header = text.lines().next().unwrap();
    let command = format!("`oss-policy compile --kind bucket --name ReadonlyFolders {policy}`");
    assert!(header.ends_with(&format!(" with {command}; do not edit")), "{header}");
    assert!(text.contains("pub struct ReadonlyFolders;"), "{text}");
    assert!(text.contains("impl rt::PolicyEngine for ReadonlyFolders {"), "{text}");
    assert!(text.contains("rt::PolicyKind::Bucket"), "{text}");
    // Without --kind, a policy with `Principal` is a bucket policy; the default name is `Policy`.
    let detected = stdout(&oss_policy(&["compile", policy]));
    assert!(detected.contains("pub struct Policy;") && detected.contains("rt::PolicyKind::Bucket"), "{detected}");
}

#[test]
fn compile_reports_policy_errors_and_bad_names() {
    let file = write_temp("typo-compile.json", TYPO);
    let output = oss_policy(&["compile", &file]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains(&format!("{file}:6:18: error[unknown-action]: ")), "{}", stdout(&output));
    let output = oss_policy(&["compile", "--name", "not a name", "examples/policies/ram-s01-full-control.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`not a name` is not a Rust identifier"));
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["check", "eval", "bench", "compile"] {
        let output = oss_policy(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains("Example:"), "{command}: {}", stdout(&output));
    }
}

/// The issue's fail-open Deny: a misspelt key, so the blacklisted range is let through.
const MISSPELT_DENY: &str = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "oss:*",
      "Principal": "*",
      "Resource": "acs:oss:*:*:example-bucket/*",
      "Condition": {
        "IpAddress": { "acs:SourceIP4": ["203.0.113.0/24"] },
        "StringNotLike": { "acs:SourceVpc": ["vpc-*"] }
      }
    }
  ]
}
"#;

#[test]
fn lint_and_check_print_the_misspelt_key_warning() {
    let file = write_temp("misspelt-deny.json", MISSPELT_DENY);
    for command in ["lint", "check"] {
        let output = oss_policy(&[command, &file]);
        assert_eq!(output.status.code(), Some(0), "{command}: warnings alone do not fail");
        let text = stdout(&output);
        assert!(text.starts_with(&format!("{file}:10:24: warning[unknown-condition-key]: ")), "{text}");
        assert!(text.contains("10 |         \"IpAddress\": { \"acs:SourceIP4\": [\"203.0.113.0/24\"] },"), "{text}");
        assert!(text.contains("   |                        ^^^^^^^^^^^^^^^\n"), "{text}");
        assert!(text.contains("   = help: did you mean `acs:SourceIp`"), "{text}");
        // Denied, the warning fails; allowed, it is gone.
        assert_eq!(oss_policy(&[command, "--deny-warnings", &file]).status.code(), Some(1), "{command}");
        let allowed = oss_policy(&[command, "--deny-warnings", "--allow", "unknown-condition-key", &file]);
        assert_eq!(allowed.status.code(), Some(0), "{command}");
        assert_eq!(stdout(&allowed), "");
    }
    let unknown = oss_policy(&["lint", "--allow", "unknown-key", &file]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn lint_json_is_one_object_per_warning() {
    let file = write_temp("misspelt-deny-json.json", MISSPELT_DENY);
    let output = oss_policy(&["lint", "--format", "json", &file]);
    let lines: Vec<serde_json::Value> =
        stdout(&output).lines().map(|line| serde_json::from_str(line).unwrap_or_default()).collect();
    assert_eq!(
        lines,
        [serde_json::json!({
            "file": file, "severity": "warning", "code": "unknown-condition-key",
            "path": "Statement[0].Condition.IpAddress.acs:SourceIP4", "line": 10, "column": 24,
            "message": "`acs:SourceIP4` is not a known condition key", "help": "did you mean `acs:SourceIp`"
        })]
    );
}

/// What SARIF 2.1.0 requires of a log and its results (the schema's `required` members
/// and the types of those a code-scanning consumer reads).
#[test]
fn lint_sarif_has_what_the_2_1_0_schema_requires() {
    let file = write_temp("misspelt-deny-sarif.json", MISSPELT_DENY);
    let output = oss_policy(&["lint", "--format", "sarif", &file, "examples/policies/bucket-s05-public-list.json"]);
    assert_eq!(output.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap_or_default();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|uri| uri.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "oss-policy");
    let rules = driver["rules"].as_array().cloned().unwrap_or_default();
    assert_eq!(rules.len(), 12);
    assert!(rules.iter().all(|rule| rule["id"].is_string() && rule["shortDescription"]["text"].is_string()));
    let results = runs[0]["results"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = results.iter().filter_map(|r| r["ruleId"].as_str()).collect();
    assert!(ids.contains(&"unknown-condition-key") && ids.contains(&"public-access"), "{ids:?}");
    for result in &results {
        assert!(["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap_or("")));
        assert!(result["message"]["text"].is_string());
        let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index).map(|rule| &rule["id"]), Some(&result["ruleId"]));
        let location = &result["locations"][0]["physicalLocation"];
        assert!(location["artifactLocation"]["uri"].is_string());
        assert!(location["region"]["startLine"].as_u64().is_some_and(|line| line >= 1));
        assert!(location["region"]["startColumn"].as_u64().is_some_and(|column| column >= 1));
    }
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(first["artifactLocation"]["uri"], file.as_str());
    assert_eq!((first["region"]["startLine"].as_u64(), first["region"]["startColumn"].as_u64()), (Some(10), Some(24)));
}

#[test]
fn check_reads_directories_and_standard_input_and_goes_on_past_an_unreadable_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("policies-dir");
    let _ = std::fs::create_dir_all(dir.join("nested"));
    let _ = std::fs::write(dir.join("nested/typo.json"), TYPO);
    let _ = std::fs::write(dir.join("notes.txt"), "not a policy");
    let dir = dir.to_string_lossy().into_owned();
    let output = oss_policy(&["check", "/no/such/file.json", &dir]);
    assert_eq!(output.status.code(), Some(2), "an unreadable file is exit 2");
    let text = stdout(&output);
    assert!(text.contains("nested/typo.json:6:18: error[unknown-action]"), "the directory was still checked: {text}");
    assert!(!text.contains("notes.txt"), "{text}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/file.json: cannot read"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_oss-policy"))
        .args(["lint", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(MISSPELT_DENY.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(stdout(&output).starts_with("<stdin>:10:24: warning[unknown-condition-key]"), "{}", stdout(&output));
}

#[test]
fn the_kind_is_spelt_access_point_and_detected() {
    let ap = "examples/policies/ap-s01-readonly.json";
    // Detected as an access point policy: no kind-mismatch, the access point checks run.
    let detected = stdout(&oss_policy(&["lint", "--format", "json", ap]));
    let explicit = stdout(&oss_policy(&["lint", "--format", "json", "--kind", "access-point", ap]));
    assert_eq!(detected, explicit);
    // One spelling: the underscore is refused, with the hyphen suggested.
    let underscore = oss_policy(&["lint", "--format", "json", "--kind", "access_point", ap]);
    assert_eq!(underscore.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&underscore.stderr).contains("access-point"), "{underscore:?}");
    let as_bucket = stdout(&oss_policy(&["lint", "--format", "json", "--kind", "bucket", ap]));
    assert!(as_bucket.contains("\"kind-mismatch\""), "{as_bucket}");
}

/// `TYPO` with a byte that is not UTF-8 (0xff) in its resource, and where it is: line 7,
/// after `my` in `mybucket`.
#[expect(clippy::unwrap_used, reason = "test helper: a failure fails the test")]
fn not_utf8() -> (String, String) {
    let bytes = TYPO.replace("mybucket", "my\u{1}bucket").into_bytes();
    let bytes: Vec<u8> = bytes.into_iter().map(|b| if b == 1 { 0xff } else { b }).collect();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-utf8.json");
    std::fs::write(&path, bytes).unwrap();
    let column = TYPO.lines().nth(6).unwrap().find("mybucket").unwrap() + 3;
    (path.to_string_lossy().into_owned(), format!("7:{column}"))
}

#[test]
fn bytes_that_are_not_utf8_are_a_syntax_error_not_an_unreadable_file() {
    let (file, place) = not_utf8();
    for args in [vec!["check", file.as_str()], vec!["compile", file.as_str()]] {
        let output = oss_policy(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let text = stdout(&output);
        assert!(text.starts_with(&format!("{file}:{place}: error[syntax]: the text is not UTF-8")), "{text}");
        assert!(text.contains("byte `0xff`"), "{text}");
    }
    let output = oss_policy(&["check", "--format", "json", &file]);
    assert_eq!(output.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!((error["code"].as_str(), error["line"].as_u64()), (Some("syntax"), Some(7)));
}

#[test]
fn exit_codes_match_each_commands_help() {
    let valid = "examples/policies/bucket-s02-readonly-folders.json";
    let typo = write_temp("typo-codes.json", TYPO);
    let (not_utf8, _) = not_utf8();
    let missing = "no/such/file.json";
    let case = "conformance/decisions/bucket-s02-readonly-folders.json";
    let not_a_case = write_temp("not-a-case.json", r#"{"policies": 1}"#);
    // A typed value that does not parse: the case file is refused as a whole for now.
    let request = r#"{"name": "r", "principal": {"type": "anonymous"}, "action": "oss:GetObject",
        "resource": "acs:oss:*:*:b/k", "context": {"acs:SourceIp": "not an address"}, "expect": "Ignore"}"#;
    let policy = |action: &str| {
        format!(r#"{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}]}}"#)
    };
    let with = |action: &str| {
        format!(r#"{{"description": "d", "policies": {{"ram": [{}]}}, "requests": [{request}]}}"#, policy(action))
    };
    let invalid_policy = write_temp("codes-invalid-policy.json", &with("oss:GetObjet"));
    let bad_value = write_temp("codes-bad-value.json", &with("oss:GetObject"));
    // (arguments, exit status); every status but 0 must be one the command's help lists.
    let rows: &[(&[&str], i32)] = &[
        (&["check", valid], 0),
        (&["check", &typo], 1),
        (&["check", valid, &not_utf8], 1),
        (&["check", missing], 2),
        (&["check", valid, missing], 2),
        (&["eval", case, "--check"], 0),
        (&["eval", &invalid_policy], 2),
        (&["eval", missing], 2),
        (&["eval", &not_a_case], 2),
        (&["bench", case], 0),
        (&["bench", &invalid_policy], 2),
        // A request docs/SPEC.md refuses is that request's outcome, not a malformed file.
        (&["eval", &bad_value], 1),
        (&["bench", &bad_value], 2),
        (&["bench", missing], 2),
        (&["bench", &not_a_case], 2),
        (&["compile", valid], 0),
        (&["compile", &typo], 1),
        (&["compile", &not_utf8], 1),
        (&["compile", missing], 2),
        (&["compile", "--name", "not a name", valid], 2),
    ];
    for (args, want) in rows {
        let output = oss_policy(args);
        assert_eq!(output.status.code(), Some(*want), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        let help = stdout(&oss_policy(&[args[0], "--help"]));
        let listed = if *want == 0 { "Exit status: 0".to_owned() } else { format!("{want} when") };
        assert!(help.contains(&listed), "{} --help lacks `{listed}`: {help}", args[0]);
    }
    // Usage errors: clap's status 2.
    for args in [&["check"][..], &["frobnicate"], &["eval", case, "--engine", "nope"]] {
        assert_eq!(oss_policy(args).status.code(), Some(2), "{args:?}");
    }
}

/// `authorize` of `oss:GetObject` on `resource` by `principal`, for a bucket owned by
/// `owner`, with the policy options `policies` and the other options `extra`.
fn authorize(policies: &[&str], owner: &str, principal: &str, resource: &str, extra: &[&str]) -> Output {
    let mut args = vec!["authorize"];
    args.extend_from_slice(policies);
    args.extend_from_slice(&["--bucket-owner", owner, "--principal", principal, "--action", "oss:GetObject"]);
    args.extend_from_slice(&["--resource", resource]);
    args.extend_from_slice(extra);
    oss_policy(&args)
}

/// `authorize` over ram-policy.txt scenario 8b (a RAM policy that allows reads of
/// `mybucket` and denies everything outside 192.168.0.0/16), for a RAM user of the owner.
fn authorize_8b(extra: &[&str]) -> Output {
    let ram = ["--ram", "examples/policies/ram-s08b-deny-outside-ip.json"];
    authorize(&ram, "1746", "ram-user:2021@1746", "acs:oss:cn-hangzhou:1746:mybucket/a.txt", extra)
}

#[test]
fn authorize_exits_0_on_allow_and_3_on_deny_or_ignore() {
    let allowed = authorize_8b(&["--context", "acs:SourceIp=192.168.1.1"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", String::from_utf8_lossy(&allowed.stderr));
    assert_eq!(stdout(&allowed), "Allow (RAM policy 0, statement 1)\n");
    let denied = authorize_8b(&["--context", "acs:SourceIp=10.0.0.1"]);
    assert_eq!(denied.status.code(), Some(3));
    assert_eq!(stdout(&denied), "Deny (RAM policy 0, statement 2)\n");
    // No bucket policy and no RAM policy: a RAM user of the owner is not allowed.
    let ignored = authorize(&[], "1746", "ram-user:2021@1746", "acs:oss:cn-hangzhou:1746:mybucket/a.txt", &[]);
    assert_eq!((ignored.status.code(), stdout(&ignored)), (Some(3), "Ignore (no statement applies)\n".to_owned()));
    // A role's account comes from its ARN: a session of the owner's account, granted by
    // bucket-policy.txt scenario 4.
    let role = authorize(
        &["--bucket-policy", "examples/policies/bucket-s04-ram-role-read.json"],
        "10323xxxxx72056",
        "role:arn:sts::10323xxxxx72056:assumed-role/role2-name/alice",
        "acs:oss:cn-hangzhou:10323xxxxx72056:example-bucket/a.txt",
        &[],
    );
    assert_eq!((role.status.code(), stdout(&role)), (Some(0), "Allow (bucket policy, statement 0)\n".to_owned()));
}

#[test]
fn authorize_explains_in_text_and_json() {
    let text = stdout(&authorize_8b(&["--context", "acs:SourceIp=10.0.0.1", "--explain"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Deny: a RAM user or role of the bucket owner's account"), "{text}");
    assert!(lines[0].ends_with("decided by RAM policy 0, statement 2"), "{text}");
    assert!(
        text.contains("statement 0 (Allow): does not apply: action `oss:GetObject` matches no `Action` entry"),
        "{text}"
    );
    assert!(text.contains("statement 1 (Allow): applies"), "{text}");
    assert!(text.contains("statement 2 (Deny): applies"), "{text}");

    let inside = authorize_8b(&["--context", "acs:SourceIp=192.168.1.1", "--explain", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&inside)).expect("one JSON object");
    assert_eq!(json["decision"], "Allow");
    assert_eq!(json["explanation"]["step"]["rule"], "member");
    assert_eq!(json["explanation"]["deciding"], serde_json::json!({"policy": "ram[0]", "statement": 1, "sid": null}));
    let failure = &json["explanation"]["policies"][0]["statements"][2]["failure"];
    assert_eq!(failure["part"], "condition");
    assert_eq!(failure["operator"], "NotIpAddress");
    assert_eq!(failure["request_values"], serde_json::json!(["192.168.1.1"]));
    assert_eq!(failure["policy_values"], serde_json::json!(["192.168.0.0/16"]));

    let plain = authorize_8b(&["--context", "acs:SourceIp=192.168.1.1", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&plain)).expect("one JSON object");
    assert_eq!(json, serde_json::json!({"decision": "Allow", "reason": "RAM policy 0, statement 1"}));
}

#[test]
fn authorize_exits_2_on_a_refusal_or_bad_input() {
    // Refused: the kind is printed.
    let refused = authorize_8b(&["--context", "acs:SourceIp=10.0.0.300"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stdout(&refused).starts_with("Refused (bad-context-value: "), "{}", stdout(&refused));
    let twice =
        authorize_8b(&["--context", "acs:SourceIp=10.0.0.1", "--context", "acs:sourceip=10.0.0.2", "--explain"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stdout(&twice).starts_with("Refused (duplicate-key): "), "{}", stdout(&twice));
    let json = authorize_8b(&[
        "--access-point",
        "ap/x,acs:oss:cn-hangzhou:1746:accesspoint/ap/x,1746,vpc",
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("one JSON object");
    assert_eq!(json["refusal"], "bad-access-point");
    // Bad input: a malformed principal, context or access point, an unreadable or invalid policy.
    for extra in [
        &["--principal", "user:2021"][..],
        &["--context", "acs:SourceIp"],
        &["--access-point", "ap-01,acs:oss:r:1746:accesspoint/ap-01,1746,lan"],
        &["--bucket-policy", "no/such/file.json"],
    ] {
        let output = authorize_8b(extra);
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert_eq!(stdout(&output), "", "{extra:?}");
    }
    let invalid = write_temp("typo-authorize.json", TYPO);
    let output = authorize_8b(&["--ram", &invalid]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("error[unknown-action]"), "{}", stdout(&output));
}

#[test]
fn authorize_explains_access_points_and_other_context_values() {
    // access-points.txt: access points do not support anonymous access.
    let ap = ["--access-point", "ap-01,acs:oss:cn-hangzhou:1746:accesspoint/ap-01,1746,internet", "--explain"];
    let anonymous = authorize(&[], "1746", "anonymous", "acs:oss:cn-hangzhou:1746:b/k", &ap);
    assert_eq!(anonymous.status.code(), Some(3));
    assert!(stdout(&anonymous).starts_with("Ignore: access points do not support anonymous access\n"));
    // A repeated key that is not well known has several values: a tag Deny sees them all.
    let deny_tag = write_temp(
        "deny-tag.json",
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "oss:GetObject", "Resource": "*",
             "Condition": {"StringEquals": {"custom:label": "secret"}}}]}"#,
    );
    let run = |labels: &[&str]| {
        let context: Vec<&str> = labels.iter().flat_map(|label| ["--context", label]).collect();
        let resource = "acs:oss:cn-hangzhou:1746:b/k";
        authorize(&["--ram", &deny_tag], "1746", "ram-user:2021@1746", resource, &context).status.code()
    };
    assert_eq!(run(&["custom:label=public"]), Some(0));
    assert_eq!(run(&["custom:label=public", "custom:label=secret"]), Some(3));
    assert_eq!(run(&["custom:label=public", "CUSTOM:Label=secret"]), Some(3));
}

#[test]
fn eval_explain_adds_the_explanation_to_each_line() {
    let case = "conformance/decisions/bucket-s02-readonly-folders.json";
    let output = oss_policy(&["eval", case, "--explain"]);
    assert_eq!(output.status.code(), Some(0));
    let lines: Vec<serde_json::Value> =
        stdout(&output).lines().map(|line| serde_json::from_str(line).expect("JSON line")).collect();
    assert_eq!(lines.len(), 10);
    for line in &lines {
        let explanation = &line["explanation"];
        assert_eq!(explanation["decision"], line["decision"], "{line}");
        assert!(explanation["policies"].as_array().is_some_and(|policies| policies.len() == 1), "{line}");
    }
    assert_eq!(lines[2]["explanation"]["policies"][0]["statements"][0]["failure"]["part"], "resource");
    let refused = stdout(&oss_policy(&["eval", "conformance/decisions/spec-refusals.json", "--explain"]));
    let lines: Vec<serde_json::Value> =
        refused.lines().map(|line| serde_json::from_str(line).expect("JSON line")).collect();
    let refusals: Vec<&serde_json::Value> = lines.iter().filter(|line| line["refusal"].is_string()).collect();
    assert!(refusals.len() > 5, "{refused}");
    for line in refusals {
        assert_eq!(line["explanation"]["refused"]["kind"], line["refusal"], "{line}");
        assert_eq!(line["explanation"]["refused"]["message"], line["error"], "{line}");
    }
}

#[test]
fn test_runs_case_files_and_ends_with_the_counts() {
    let output = oss_policy(&["test", "conformance/decisions"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let last = text.lines().last().unwrap_or("");
    assert!(last.ends_with(" passed, 0 failed"), "{text}");
    assert!(last.split(' ').next().and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n > 400), "{last}");
    assert_eq!(text.lines().count(), 1, "nothing but the counts when all pass: {text}");

    // A wrong expectation and a request without `expect` fail, each with its explanation.
    let wrong = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../conformance/decisions/bucket-s02-readonly-folders.json"
    ))
    .expect("case file")
    .replacen("\"expect\": \"Allow\"", "\"expect\": \"Deny\"", 1)
    .replacen("      \"expect\": \"Ignore\",\n", "", 1);
    let file = write_temp("wrong-test.json", &wrong);
    let output = oss_policy(&["test", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("FAIL {file}: request 0 `reads a file in hangzhou/2020`: expected Deny, got Allow")),
        "{text}"
    );
    assert!(text.contains("no `expect` (a test must expect an outcome), got Ignore"), "{text}");
    assert!(text.contains("\n    Allow: a RAM user or role of the bucket owner's account"), "{text}");
    assert_eq!(text.lines().last(), Some("8 passed, 2 failed"), "{text}");

    // Exit 2: an unreadable file, a file that is no case file, an invalid policy (the others still run).
    let invalid = write_temp(
        "invalid-policy-test.json",
        r#"{"description": "d", "policies": {"ram": [{"Version": "1", "Statement": [{"Effect": "Allow",
        "Action": "oss:GetObjet", "Resource": "*"}]}]}, "requests": []}"#,
    );
    for broken in ["no/such/file.json", "examples/policies/ram-s01-full-control.json", invalid.as_str()] {
        let output = oss_policy(&["test", broken, "conformance/decisions/bucket-s02-readonly-folders.json"]);
        assert_eq!(output.status.code(), Some(2), "{broken}");
        assert_eq!(stdout(&output).lines().last(), Some("10 passed, 0 failed"), "{broken}");
    }
    assert!(stdout(&oss_policy(&["test", &invalid])).contains("error[unknown-action]"));
}

#[test]
fn help_states_the_exit_status_of_the_new_commands() {
    for command in ["authorize", "test", "eval"] {
        let help = stdout(&oss_policy(&[command, "--help"]));
        assert!(help.contains("Example:") && help.contains("Exit status:"), "{command}: {help}");
    }
    let authorize = stdout(&oss_policy(&["authorize", "--help"]));
    for status in ["0 on Allow", "3 on Deny or Ignore", "2 on bad input"] {
        assert!(authorize.contains(status), "{authorize}");
    }
    let test = stdout(&oss_policy(&["test", "--help"]));
    for status in ["0 when every request passes", "1 when any fails", "2 when a file cannot be read"] {
        assert!(test.contains(status), "{test}");
    }
}
