//! Compiles, with the build.rs API (`oss_policy_compiler::build::Builder`):
//!
//! * every policy of the conformance decision cases (`../conformance/decisions/*.json`),
//!   one type per policy, named after its file and place (`BucketS02ReadonlyFoldersBucket`);
//! * a few hundred seeded random policies of `testgen::random` (the generator of the
//!   in-memory engine's differential test), half of them with the decision tree split at
//!   every opportunity so that small policies exercise the resource and principal splits;
//! * with the `scale` feature, policies of a thousand statements;
//!
//! and writes the tables the tests walk (`tables.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use oss_policy_compiler::Limits;
use oss_policy_compiler::build::{Builder, type_name};
use oss_policy_compiler::cases::CaseFile;
use oss_policy_compiler::lint::WarningCode;
use oss_policy_runtime::PolicyKind;
use testgen::random::{Rng, policy, to_json};

/// How many random policies, and from which seed.
const RANDOM_POLICIES: usize = 300;
const RANDOM_SEED: u64 = 0x0C0D_E6E4;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let mut tables = String::new();
    conformance(&out_dir, &mut tables)?;
    random(&out_dir, &mut tables)?;
    shaped(&out_dir, &mut tables)?;
    if std::env::var_os("CARGO_FEATURE_SCALE").is_some() {
        scale(&out_dir)?;
    }
    std::fs::write(out_dir.join("tables.rs"), tables)?;
    Ok(())
}

fn kind_path(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Ram => "oss_policy_runtime::PolicyKind::Ram",
        PolicyKind::Bucket => "oss_policy_runtime::PolicyKind::Bucket",
        PolicyKind::AccessPoint => "oss_policy_runtime::PolicyKind::AccessPoint",
    }
}

/// One type per policy of every decisions case file, and `CONFORMANCE`: per file, its
/// name and its policies.
fn conformance(out_dir: &Path, tables: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new("../conformance/decisions");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut builder = fixtures();
    builder.out_dir(out_dir).file_name("conformance.rs");
    let _ =
        writeln!(tables, "/// Per decisions case file: its name, RAM policies, bucket policy, access point policy.");
    let _ = writeln!(tables, "pub static CONFORMANCE: &[Policies] = &[");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let stem = file.file_stem().and_then(|s| s.to_str()).ok_or("a case file name is not UTF-8")?;
        let cases = CaseFile::from_json(&std::fs::read_to_string(file)?)?;
        let base = type_name(stem);
        let origin = |member: &str| format!("{} ({member})", file.display());
        let mut ram = Vec::new();
        for (i, policy) in cases.policies.ram.iter().enumerate() {
            let name = format!("{base}Ram{i}");
            builder.policy_text(&name, PolicyKind::Ram, policy.get(), &origin(&format!("policies.ram[{i}]")));
            ram.push(format!("&conformance::{name}"));
        }
        let mut single =
            |policy: &Option<Box<serde_json::value::RawValue>>, suffix: &str, kind: PolicyKind, member: &str| {
                policy.as_ref().map(|policy| {
                    let name = format!("{base}{suffix}");
                    builder.policy_text(&name, kind, policy.get(), &origin(member));
                    format!("Some(&conformance::{name})")
                })
            };
        let bucket = single(&cases.policies.bucket, "Bucket", PolicyKind::Bucket, "policies.bucket");
        let access_point =
            single(&cases.policies.access_point, "AccessPoint", PolicyKind::AccessPoint, "policies.access_point");
        let _ = writeln!(
            tables,
            "    Policies {{ file: {stem:?}, ram: &[{}], bucket: {}, access_point: {} }},",
            ram.join(", "),
            bucket.unwrap_or_else(|| "None".into()),
            access_point.unwrap_or_else(|| "None".into()),
        );
    }
    let _ = writeln!(tables, "];");
    builder.compile()?;
    Ok(())
}

/// `RANDOM_POLICIES` random policies in two files (default leaves; leaves of one, so
/// that the tree splits wherever it can), and `RANDOM`: each policy's kind, text and type.
fn random(out_dir: &Path, tables: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Rng(RANDOM_SEED);
    let mut default_leaves = fixtures();
    default_leaves.out_dir(out_dir).file_name("random.rs").limits(Limits::none());
    let mut split = fixtures();
    split.out_dir(out_dir).file_name("random_split.rs").limits(Limits::none()).leaf_size(1);
    let _ = writeln!(tables, "/// Random policies: kind, JSON text, generated type.");
    let _ = writeln!(tables, "pub static RANDOM: &[RandomPolicy] = &[");
    for i in 0..RANDOM_POLICIES {
        let policy = policy(&mut rng);
        let text = to_json(&policy);
        let name = format!("Random{i}");
        let (builder, module) = if i % 2 == 0 { (&mut default_leaves, "random") } else { (&mut split, "random_split") };
        builder.policy_text(&name, policy.kind, &text, &format!("random policy {i}"));
        let _ = writeln!(
            tables,
            "    RandomPolicy {{ kind: {}, json: {text:?}, engine: &{module}::{name} }},",
            kind_path(policy.kind)
        );
    }
    let _ = writeln!(tables, "];");
    default_leaves.compile()?;
    split.compile()?;
    Ok(())
}

/// Policies of the shapes random policies do not reach: forty principals (a binary search
/// over a `static` table), forty folders with nested prefixes (a deep resource walk), one
/// class for every action, no class at all; and `SHAPED`: each one's kind, text and type.
fn shaped(out_dir: &Path, tables: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let document = |statements: Vec<String>| format!("{{\"Version\":\"1\",\"Statement\":[{}]}}", statements.join(","));
    let mut principals: Vec<String> = (0..40)
        .map(|n| {
            format!(
                r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":"u{n}","Resource":"acs:oss:*:*:bucket/*"}}"#
            )
        })
        .collect();
    principals
        .push(r#"{"Effect":"Deny","Action":"oss:Delete*","Principal":"*","Resource":"acs:oss:*:*:bucket/*"}"#.into());
    principals.push(
        r#"{"Effect":"Allow","Action":["oss:GetObject","oss:PutObject"],"Principal":["u3","u7","arn:sts::1:assumed-role/r/*"],"Resource":"acs:oss:*:*:bucket/up/*"}"#.into(),
    );
    principals.push(r#"{"Effect":"Deny","Action":"oss:GetObject","Principal":["u5","u30"],"Resource":"acs:oss:*:*:bucket/secret/*"}"#.into());
    let mut folders: Vec<String> = (0..40)
        .map(|n| format!(r#"{{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:bucket/user-{n}/*"}}"#))
        .collect();
    folders
        .push(r#"{"Effect":"Deny","Action":"oss:GetObject","Resource":"acs:oss:*:*:bucket/user-1*/secret/*"}"#.into());
    folders.push(r#"{"Effect":"Allow","Action":"oss:*","Resource":["acs:oss:*:*:bucket/user-1/shared/*","acs:oss:*:*:bucket/user-12/shared/*"]}"#.into());
    folders.push(r#"{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:bucket/user-2"}"#.into());
    // The dispatch's edge cases: one outcome for every action, and no statement that can
    // ever apply.
    let every_action = vec![r#"{"Effect":"Allow","Action":"*","Resource":"acs:oss:*:*:bucket/user-1*"}"#.into()];
    let no_action = vec![r#"{"Effect":"Deny","NotAction":["*"],"Resource":"*"}"#.into()];
    // Lists longer than the generator writes out as `||` (tables and loops): ids, STS
    // patterns, resources, and condition values of each kind that has a table.
    let strings = |count: usize, value: &dyn Fn(usize) -> String| -> String {
        let values: Vec<String> = (0..count).map(|n| format!("\"{}\"", value(n))).collect();
        format!("[{}]", values.join(","))
    };
    let long_lists = vec![
        format!(
            r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":{},"Resource":{}}}"#,
            strings(30, &|n| if n < 20 { format!("u{n}") } else { format!("arn:sts::1:assumed-role/r{n}/*") }),
            strings(40, &|n| if n == 0 {
                "acs:oss:*:*:bucket/a.*".into()
            } else {
                format!("acs:oss:*:*:bucket/user-{n}/*")
            }),
        ),
        format!(
            r#"{{"Effect":"Allow","Action":"oss:PutObject","Principal":{},"Resource":"*"}}"#,
            strings(20, &|n| if n == 19 {
                "arn:sts::1:assumed-role/r/*".into()
            } else {
                format!("arn:sts::1:assumed-role/r{n}/*")
            }),
        ),
        format!(
            r#"{{"Effect":"Deny","Action":"oss:GetObject","Principal":"*","Resource":{},"Condition":{{"StringNotLike":{{"acs:UserAgent":{}}},"StringNotEqualsIgnoreCase":{{"acs:SourceVpc":{}}},"NumericNotEquals":{{"custom:n":{}}},"DateNotEquals":{{"acs:CurrentTime":{}}}}}}}"#,
            strings(20, &|n| format!("acs:oss:*:*:bucket/user-{n}/secret/*")),
            strings(20, &|n| format!("agent-{n}/*")),
            strings(20, &|n| format!("VPC-{n}")),
            strings(20, &|n| format!("{n}")),
            strings(20, &|n| format!("2026-01-{:02}T00:00:00Z", n + 1)),
        ),
    ];
    let shaped = [
        ("ManyPrincipals", PolicyKind::Bucket, document(principals)),
        ("LongLists", PolicyKind::Bucket, document(long_lists)),
        ("ManyFolders", PolicyKind::Ram, document(folders)),
        ("EveryAction", PolicyKind::Ram, document(every_action)),
        ("NoAction", PolicyKind::Ram, document(no_action)),
    ];
    let mut builder = fixtures();
    builder.out_dir(out_dir).file_name("shaped.rs").limits(Limits::none());
    let _ = writeln!(tables, "/// Mid-sized policies of the shapes the decision tree splits on.");
    let _ = writeln!(tables, "pub static SHAPED: &[RandomPolicy] = &[");
    for (name, kind, text) in &shaped {
        builder.policy_text(name, *kind, text, name);
        let _ = writeln!(
            tables,
            "    RandomPolicy {{ kind: {}, json: {text:?}, engine: &shaped::{name} }},",
            kind_path(*kind)
        );
    }
    let _ = writeln!(tables, "];");
    builder.compile()?;
    Ok(())
}

/// Policies of a thousand statements, in the shapes of the in-memory engine's scale
/// test: per-user folders (the resource trie narrows) and per-user principals on one
/// resource (the principal branch narrows).
fn scale(out_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    const STATEMENTS: usize = 1000;
    const ACCOUNT: &str = "174649585760xxxx";
    let statements =
        |statement: &dyn Fn(usize) -> String| (0..STATEMENTS).map(statement).collect::<Vec<_>>().join(",\n");
    let folders = statements(&|n| {
        format!(r#"{{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:{ACCOUNT}:bucket/user-{n}/*"}}"#)
    });
    let principals = statements(&|n| {
        format!(
            r#"{{"Effect":"Allow","Action":"oss:GetObject","Principal":"2000{n}","Resource":"acs:oss:*:{ACCOUNT}:bucket/*"}}"#
        )
    });
    let document = |statements: String| format!("{{\"Version\":\"1\",\"Statement\":[\n{statements}\n]}}");
    let started = std::time::Instant::now();
    fixtures()
        .out_dir(out_dir)
        .file_name("scale.rs")
        .limits(Limits::none())
        .policy_text("PerUserFolders", PolicyKind::Ram, &document(folders), "per-user folders")
        .policy_text("PerUserPrincipals", PolicyKind::Bucket, &document(principals), "per-user principals")
        .compile()?;
    let size = std::fs::metadata(out_dir.join("scale.rs"))?.len();
    println!(
        "cargo:warning=scale: 2 policies of {STATEMENTS} statements generated in {:?}, {size} bytes",
        started.elapsed()
    );
    Ok(())
}

/// A builder for test fixtures: the vendor's examples (masked ids, object-only listing
/// grants) and random or shaped policies warn by design, and the engines must compile
/// them as they are; every warning code is allowed, so the build prints none.
fn fixtures() -> Builder {
    let mut builder = Builder::new();
    builder.allow_warnings(WarningCode::ALL.iter().copied());
    builder
}
