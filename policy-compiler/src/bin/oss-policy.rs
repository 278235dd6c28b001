//! `oss-policy`: check OSS access policies and evaluate requests against them.
//!
//! * `oss-policy check [--kind ram|bucket|access-point] [--format text|json] FILE...`
//! * `oss-policy eval CASE.json [--engine reference] [--check] [--no-limits]`
//! * `oss-policy compile [--kind ram|bucket|access-point] [--name TypeName] [--no-limits] FILE`

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use oss_policy_compiler::cases::CaseFile;
use oss_policy_compiler::codegen::{Codegen, to_source};
use oss_policy_compiler::{EngineName, Limits, PolicyErrors, detect_kind, diagnostic, parse_policy};
use oss_policy_runtime::PolicyKind;

#[derive(Parser)]
#[command(name = "oss-policy", version, about = "Check OSS access policies and evaluate requests against them")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate policy files; print every error as a compiler would.
    #[command(
        after_help = "Example:\n  oss-policy check --kind bucket examples/policies/bucket-s02-readonly-folders.json\n\n\
        Exit status: 0 when every file is valid, 1 when any has errors, 2 when a file cannot be read."
    )]
    Check {
        /// The policy kind; without it, a document in which any statement carries
        /// `Principal` is a bucket policy, otherwise a RAM policy.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// How to print errors: `text` (with the source line) or `json` (one object per line).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Lift the size limits (document and string lengths).
        #[arg(long)]
        no_limits: bool,
        /// The policy files.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Evaluate every request of a decisions case file; print one JSON line per request.
    #[command(
        after_help = "Example:\n  oss-policy eval conformance/decisions/bucket-s02-readonly-folders.json --check\n\n\
        Output: {\"request\": INDEX, \"name\": NAME, \"decision\": \"Allow\"|\"Deny\"|\"Ignore\"} per line.\n\
        Exit status: 0; 1 when --check finds a difference or a request is refused; 2 when a policy \
        is invalid or the file cannot be read."
    )]
    Eval {
        /// The decisions case file (conformance format).
        case: String,
        /// The engine that decides.
        #[arg(long, default_value = "reference", value_parser = engine_name)]
        engine: EngineName,
        /// Compare each decision with the request's `expect`; print the differences.
        #[arg(long)]
        check: bool,
        /// Lift the size limits (large synthetic policies).
        #[arg(long)]
        no_limits: bool,
    },
    /// Print the Rust code a policy compiles to (what `policy!` and the build.rs API generate).
    #[command(
        after_help = "Example:\n  oss-policy compile --kind bucket --name BucketPolicy \\\n    examples/policies/bucket-s02-readonly-folders.json\n\n\
        The output is one Rust item (a unit struct implementing `oss_policy_runtime::PolicyEngine`), \
        formatted, after a `// @generated` line.\n\
        Exit status: 0; 1 when the policy has errors (printed as `check` prints them); 2 when the \
        file cannot be read or the name is not a Rust identifier."
    )]
    Compile {
        /// The policy kind; without it, detected as `check` does.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// The name of the generated type.
        #[arg(long, default_value = "Policy")]
        name: String,
        /// Lift the size limits (document and string lengths).
        #[arg(long)]
        no_limits: bool,
        /// The policy file.
        file: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Ram,
    Bucket,
    AccessPoint,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn engine_name(name: &str) -> Result<EngineName, String> {
    EngineName::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = EngineName::ALL.iter().map(|e| e.as_str()).collect();
        format!("unknown engine `{name}` (known: {})", known.join(", "))
    })
}

fn limits(no_limits: bool) -> Limits {
    if no_limits { Limits::none() } else { Limits::default() }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { kind, format, no_limits, files } => check(kind, format, &limits(no_limits), &files),
        Command::Eval { case, engine, check, no_limits } => eval(&case, engine, check, &limits(no_limits)),
        Command::Compile { kind, name, no_limits, file } => compile(kind, &name, &limits(no_limits), &file),
    }
}

fn policy_kind(kind: Option<KindArg>, source: &str) -> PolicyKind {
    match kind {
        Some(KindArg::Ram) => PolicyKind::Ram,
        Some(KindArg::Bucket) => PolicyKind::Bucket,
        Some(KindArg::AccessPoint) => PolicyKind::AccessPoint,
        None => detect_kind(source),
    }
}

fn compile(kind: Option<KindArg>, name: &str, limits: &Limits, file: &str) -> ExitCode {
    let codegen = match Codegen::new(name) {
        Ok(codegen) => codegen.source(file),
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(file) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{file}: cannot read: {error}");
            return ExitCode::from(2);
        }
    };
    match parse_policy(&source, policy_kind(kind, &source), limits) {
        Ok(policy) => {
            let _ = write!(std::io::stdout().lock(), "{}", to_source(&codegen.generate(&policy)));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            print_errors(file, &source, &errors, Format::Text);
            ExitCode::FAILURE
        }
    }
}

fn print_errors(file: &str, source: &str, errors: &PolicyErrors, format: Format) {
    let mut out = std::io::stdout().lock();
    for error in errors {
        let _ = match format {
            Format::Text => write!(out, "{}", diagnostic::render(file, source, error)),
            Format::Json => writeln!(out, "{}", diagnostic::to_json(file, error)),
        };
    }
}

fn check(kind: Option<KindArg>, format: Format, limits: &Limits, files: &[String]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for file in files {
        let source = match std::fs::read_to_string(file) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("{file}: cannot read: {error}");
                return ExitCode::from(2);
            }
        };
        let kind = policy_kind(kind, &source);
        if let Err(errors) = parse_policy(&source, kind, limits) {
            print_errors(file, &source, &errors, format);
            status = ExitCode::FAILURE;
        }
    }
    status
}

fn eval(path: &str, engine: EngineName, check: bool, limits: &Limits) -> ExitCode {
    let cases = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| CaseFile::from_json(&text).map_err(|e| e.to_string()))
    {
        Ok(cases) => cases,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    let engines = match cases.compile(engine, limits) {
        Ok(engines) => engines,
        Err(error) => {
            let file = format!("{path} ({})", error.member);
            print_errors(&file, &error.text, &error.errors, Format::Text);
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for (index, spec) in cases.requests.iter().enumerate() {
        let result = spec.with_request(cases.bucket_owner.as_deref(), |request| {
            engines.with_authorizer(|authorizer| authorizer.authorize(request))
        });
        let authorization = match result.map_err(|e| e.to_string()).and_then(|r| r.map_err(|e| e.to_string())) {
            Ok(authorization) => authorization,
            Err(error) => {
                let _ = writeln!(out, "{}", serde_json::json!({"request": index, "name": spec.name, "error": error}));
                failed = true;
                continue;
            }
        };
        let decision = authorization.decision.as_str();
        let _ = writeln!(out, "{}", serde_json::json!({"request": index, "name": spec.name, "decision": decision}));
        if check && let Some(expect) = spec.expect.filter(|expect| *expect != authorization.decision) {
            eprintln!(
                "request {index} `{}`: expected {expect}, got {decision} ({:?})",
                spec.name, authorization.reason
            );
            failed = true;
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
