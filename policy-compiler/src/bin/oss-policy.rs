//! `oss-policy`: check OSS access policies and evaluate requests against them.
//!
//! * `oss-policy check [--kind ram|bucket|access-point] [--format text|json|sarif] [--deny-warnings] [--allow CODE]... FILE|DIR|-...`
//! * `oss-policy lint` (the same options): the warnings of valid documents, as `check` prints errors
//! * `oss-policy eval CASE.json [--engine reference|compiled] [--check] [--explain] [--no-limits]`
//! * `oss-policy authorize [--bucket-policy F] [--ram F]... [--access-point-policy F] --bucket-owner ID --principal P --action A --resource ARN [--context KEY=VALUE]... [--access-point NAME,ARN,ACCOUNT,ORIGIN] [--explain] [--format text|json]`
//! * `oss-policy test FILE|DIR|-...`: decisions case files as policy tests
//! * `oss-policy bench CASE.json [--format text|json] [--no-limits]`
//! * `oss-policy http classify --method M --url URL [-H ...] [--format json|text]`
//! * `oss-policy compile [--kind ram|bucket|access-point] [--name TypeName] [--no-limits] FILE`

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use oss_policy_compiler::cases::{AccessPointSpec, CaseEngines, CaseFile, Outcome, PrincipalSpec};
use oss_policy_compiler::codegen::{Codegen, to_source};
use oss_policy_compiler::explain::PolicySet;
use oss_policy_compiler::lint::{self, LintSettings, Warning, WarningCode};
use oss_policy_compiler::model::Policy;
use oss_policy_compiler::suite::{self, SuiteError};
use oss_policy_compiler::{
    EngineName, Limits, PolicyBytes, PolicyErrors, authorize, detect_kind, diagnostic, inputs, parse_policy,
};
use oss_policy_runtime::PolicyKind;

#[derive(Parser)]
#[command(name = "oss-policy", version, about = "Check OSS access policies and evaluate requests against them")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify an OSS REST request: `oss-policy http classify --method M --url URL ...`.
    #[cfg(feature = "http")]
    #[command(disable_help_flag = true)]
    Http {
        /// `classify` and its arguments (`oss-policy http classify` without them prints its usage).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Validate policy files; print every error as a compiler would, then the warnings
    /// of the valid ones.
    #[command(
        after_help = "Example:\n  oss-policy check --kind bucket examples/policies/bucket-s02-readonly-folders.json\n\n\
        A DIR argument checks every *.json under it; `-` reads standard input. Text output shows at \
        most 100 errors per file, then how many more; --format json shows them all. Bytes that are not \
        UTF-8 are a `syntax` error at the first invalid byte.\n\
        Exit status: 0 when every file is valid (warnings or not), 1 when any has errors (or warnings, \
        with --deny-warnings), 2 when a file cannot be read (the others are still checked)."
    )]
    Check(CheckArgs),
    /// Lint policy files: the warnings of docs/SPEC.md section 7 (valid but questionable
    /// documents), printed as `check` prints errors; errors are printed too.
    #[command(after_help = "Example:\n  oss-policy lint --kind bucket --allow placeholder-value examples/policies\n\n\
        Formats: text (FILE:LINE:COL: warning[CODE]: message, the source line, a caret, = help:), \
        json (one object per line: {\"file\",\"severity\",\"code\",\"path\",\"line\",\"column\",\"message\",\"help\"}), \
        sarif (one SARIF 2.1.0 log for code scanning).\n\
        Exit status: 0 with or without warnings, 1 when a file has errors or (with --deny-warnings) \
        warnings, 2 when a file cannot be read.")]
    Lint(CheckArgs),
    /// Evaluate every request of a decisions case file; print one JSON line per request.
    #[command(
        after_help = "Example:\n  oss-policy eval conformance/decisions/bucket-s02-readonly-folders.json --check\n\n\
        Output: {\"request\": INDEX, \"name\": NAME, \"decision\": \"Allow\"|\"Deny\"|\"Ignore\"} per line, \
        or {\"request\": INDEX, \"name\": NAME, \"error\": MESSAGE, \"refusal\": KIND} for a refused request; \
        with --explain, each line also has \"explanation\" (as `authorize --explain --format json` prints it).\n\
        Exit status: 0; 1 when a request is refused, or with --check only when an outcome differs from its \
        `expect`; 2 when a policy is invalid or the file cannot be read or is malformed."
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
        /// Add each request's explanation to its line (member `explanation`).
        #[arg(long)]
        explain: bool,
        /// Lift the size limits (large synthetic policies).
        #[arg(long)]
        no_limits: bool,
    },
    /// Decide one request against the policies given as files; print the decision and,
    /// with --explain, why.
    #[command(
        after_help = "Example:\n  oss-policy authorize --bucket-policy examples/policies/bucket-s02-readonly-folders.json \\\n    \
        --bucket-owner 174649585760xxxx --principal ram-user:20214760404935xxxx@174649585760xxxx \\\n    \
        --action oss:GetObject --resource acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg --explain\n\n\
        --principal: ram-user:UID@ACCOUNT, account:UID, role:ARN (the account is the one of arn:sts::{account}:...) \
        or anonymous. Without --bucket-policy the bucket has no bucket policy. --context KEY=VALUE may repeat: a key \
        that is not well known given several times has several values (tags, custom keys); a well-known key \
        (acs:SourceIp, ...) given twice is refused (duplicate-key). The keys the service sets (oss:DataAccessPoint*, \
        oss:AccessPointNetworkOrigin) come from --access-point, never from --context.\n\
        Exit status: 0 on Allow, 3 on Deny or Ignore, 2 on bad input (an unreadable or invalid policy, a malformed \
        argument) or a refused request (its kind is printed, such as `Refused (unknown-action: ...)`)."
    )]
    Authorize(Box<AuthorizeArgs>),
    /// Run decisions case files as policy tests through the in-memory engine; print each
    /// failing request with its explanation, then `N passed, M failed`.
    #[command(after_help = "Example:\n  oss-policy test conformance/decisions\n\n\
        A DIR argument runs every *.json under it; `-` reads standard input. A request passes when its outcome is \
        its `expect` (and `refusal` kind, when given); a request without `expect` fails. The last line is \
        `N passed, M failed`.\n\
        Exit status: 0 when every request passes, 1 when any fails, 2 when a file cannot be read, is not a \
        decisions case file, or has an invalid policy (the other files are still run).")]
    Test {
        /// The case files; a directory stands for every `*.json` under it, `-` for
        /// standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Lift the size limits (large synthetic policies).
        #[arg(long)]
        no_limits: bool,
    },
    /// Time every request of a decisions case file through the compiled engine and the
    /// reference evaluator; print the median time per check of each and their ratio.
    #[command(after_help = "Example:\n  oss-policy bench conformance/decisions/bucket-s02-readonly-folders.json\n\n\
        Each check is one combined authorization (RAM, bucket and access point policies of the file). \
        With --format json, one line per engine: {\"engine\": \"compiled\", \"median_ns\": 12.3, \"checks\": 1000000}.\n\
        Exit status: 0; 2 when a policy is invalid, a request cannot be built, or the file cannot be \
        read or is not a case file.")]
    Bench {
        /// The decisions case file (conformance format).
        case: String,
        /// How to print: `text` (a table and the ratio) or `json` (one object per engine).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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

/// The options of `check` and `lint`.
#[derive(clap::Args)]
struct CheckArgs {
    /// The policy kind; without it, a document in which any statement carries
    /// `Principal` is a bucket policy (an access point policy when every resource is an
    /// `accesspoint/` ARN), otherwise a RAM policy.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// How to print: `text` (with the source line), `json` (one object per line) or
    /// `sarif` (one SARIF 2.1.0 log).
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    format: LintFormat,
    /// Turn warnings into errors: exit 1 when any is left after --allow.
    #[arg(long)]
    deny_warnings: bool,
    /// Silence a warning code (repeatable), such as `--allow placeholder-value`.
    #[arg(long = "allow", value_name = "CODE", value_parser = warning_code)]
    allow: Vec<WarningCode>,
    /// Lift the size limits (document and string lengths).
    #[arg(long)]
    no_limits: bool,
    /// The policy files; a directory stands for every `*.json` under it, `-` for
    /// standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

/// The options of `authorize`.
#[derive(clap::Args)]
struct AuthorizeArgs {
    /// The bucket policy; without it, the bucket has none.
    #[arg(long, value_name = "FILE")]
    bucket_policy: Option<String>,
    /// A RAM policy of the caller (repeatable, in order).
    #[arg(long = "ram", value_name = "FILE")]
    ram: Vec<String>,
    /// The access point policy (for a request through --access-point).
    #[arg(long, value_name = "FILE")]
    access_point_policy: Option<String>,
    /// The account that owns the bucket.
    #[arg(long, value_name = "ID")]
    bucket_owner: String,
    /// The caller: `ram-user:UID@ACCOUNT`, `account:UID`, `role:ARN` or `anonymous`.
    #[arg(long, value_parser = authorize::principal)]
    principal: PrincipalSpec,
    /// The action, such as `oss:GetObject`.
    #[arg(long)]
    action: String,
    /// The resource ARN (the bucket's, for a request through an access point).
    #[arg(long, value_name = "ARN")]
    resource: String,
    /// A condition key and its value (repeatable).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// The access point the request comes through: `NAME,ARN,ACCOUNT,internet|vpc`.
    #[arg(long, value_name = "NAME,ARN,ACCOUNT,ORIGIN", value_parser = authorize::access_point)]
    access_point: Option<AccessPointSpec>,
    /// Print why: the step of docs/SPEC.md section 5 and every statement of every policy.
    #[arg(long)]
    explain: bool,
    /// How to print: `text` or `json` (one object).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The engine that decides (the explanation always comes from the reference evaluator).
    #[arg(long, default_value = "compiled", value_parser = engine_name)]
    engine: EngineName,
    /// Lift the size limits (document and string lengths).
    #[arg(long)]
    no_limits: bool,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LintFormat {
    Text,
    Json,
    Sarif,
}

fn warning_code(name: &str) -> Result<WarningCode, String> {
    WarningCode::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = WarningCode::ALL.iter().map(|code| code.as_str()).collect();
        format!("unknown warning code `{name}` (known: {})", known.join(", "))
    })
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
        #[cfg(feature = "http")]
        Command::Http { args } => print_exit(oss_policy_http::cli::run(&args)),
        Command::Check(args) | Command::Lint(args) => check(&args),
        Command::Eval { case, engine, check, explain, no_limits } => {
            eval(&case, engine, check, explain, &limits(no_limits))
        }
        Command::Authorize(args) => authorize_one(&args),
        Command::Test { files, no_limits } => test(&files, &limits(no_limits)),
        Command::Bench { case, format, no_limits } => bench(&case, format, &limits(no_limits)),
        Command::Compile { kind, name, no_limits, file } => compile(kind, &name, no_limits, &file),
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

/// The command line that writes this file again, for its `@generated` header.
fn compile_command(kind: Option<KindArg>, name: &str, no_limits: bool, file: &str) -> String {
    let mut words = vec!["oss-policy".to_owned(), "compile".to_owned()];
    if let Some(kind) = kind.and_then(|kind| kind.to_possible_value()) {
        words.extend(["--kind".to_owned(), kind.get_name().to_owned()]);
    }
    words.extend(["--name".to_owned(), name.to_owned()]);
    if no_limits {
        words.push("--no-limits".to_owned());
    }
    words.push(file.to_owned());
    format!("`{}`", words.join(" "))
}

fn compile(kind: Option<KindArg>, name: &str, no_limits: bool, file: &str) -> ExitCode {
    let codegen = match Codegen::new(name) {
        Ok(codegen) => codegen.source(file),
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let source = match read_policy(file, Format::Text) {
        Ok(source) => source,
        Err(status) => return status,
    };
    match parse_policy(&source, policy_kind(kind, &source), &limits(no_limits)) {
        Ok(policy) => {
            let writer = compile_command(kind, name, no_limits, file);
            let _ = write!(std::io::stdout().lock(), "{}", to_source(&codegen.generate(&policy), &writer));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            print_errors(file, &source, &errors, Format::Text);
            ExitCode::FAILURE
        }
    }
}

/// Reads a policy file: its text; or, for bytes that are not UTF-8, their `syntax` error
/// printed (exit status 1); or, when the file cannot be read, why (exit status 2).
fn read_policy(file: &str, format: Format) -> Result<String, ExitCode> {
    match PolicyBytes::read(file) {
        Ok(PolicyBytes::Text(source)) => Ok(source),
        Ok(PolicyBytes::NotUtf8 { shown, errors }) => {
            print_errors(file, &shown, &errors, format);
            Err(ExitCode::FAILURE)
        }
        Err(error) => {
            eprintln!("{file}: cannot read: {error}");
            Err(ExitCode::from(2))
        }
    }
}

fn print_errors(file: &str, source: &str, errors: &PolicyErrors, format: Format) {
    let mut out = std::io::stdout().lock();
    if format == Format::Text {
        let _ = write!(out, "{}", diagnostic::render_all(file, source, errors));
        return;
    }
    for error in errors {
        let _ = writeln!(out, "{}", diagnostic::to_json(file, error));
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let limits = limits(args.no_limits);
    let settings = LintSettings { deny_warnings: args.deny_warnings, allow: args.allow.clone() };
    let mut unreadable = false;
    let mut failed = false;
    let mut linted: Vec<(String, Vec<Warning>)> = Vec::new();
    let format = match args.format {
        LintFormat::Json => Format::Json,
        LintFormat::Text | LintFormat::Sarif => Format::Text,
    };
    for input in inputs::expand(&args.files) {
        let source = match input.text {
            Ok(PolicyBytes::Text(source)) => source,
            Ok(PolicyBytes::NotUtf8 { shown, errors }) => {
                print_errors(&input.name, &shown, &errors, format);
                failed = true;
                continue;
            }
            Err(error) => {
                eprintln!("{}: cannot read: {error}", input.name);
                unreadable = true;
                continue;
            }
        };
        let kind = policy_kind(args.kind, &source);
        match parse_policy(&source, kind, &limits) {
            Err(errors) if args.format == LintFormat::Sarif => {
                // Standard output holds the one SARIF log.
                for error in &errors {
                    eprint!("{}", diagnostic::render(&input.name, &source, error));
                }
                failed = true;
            }
            Err(errors) => {
                print_errors(&input.name, &source, &errors, format);
                failed = true;
            }
            Ok(policy) => {
                let warnings = settings.filter(lint::lint(&policy, &source));
                failed |= settings.fails(&warnings);
                if args.format == LintFormat::Sarif {
                    linted.push((input.name, warnings));
                } else {
                    print_warnings(&input.name, &source, &warnings, format);
                }
            }
        }
    }
    if args.format == LintFormat::Sarif {
        let log = diagnostic::sarif_log(linted.iter().map(|(file, warnings)| (file.as_str(), warnings.as_slice())));
        let _ = writeln!(std::io::stdout().lock(), "{log}");
    }
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_warnings(file: &str, source: &str, warnings: &[Warning], format: Format) {
    let mut out = std::io::stdout().lock();
    for warning in warnings {
        let _ = match format {
            Format::Text => write!(out, "{}", diagnostic::render_warning(file, source, warning)),
            Format::Json => writeln!(out, "{}", diagnostic::warning_to_json(file, warning)),
        };
    }
}

/// Reads a case file, or says why not (exit status 2).
fn read_cases(path: &str) -> Result<CaseFile, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string());
    text.and_then(|text| CaseFile::from_json(&text).map_err(|e| e.to_string())).map_err(|error| {
        eprintln!("{path}: {error}");
        ExitCode::from(2)
    })
}

/// Parses a case file's policies, or prints their errors (exit status 2).
fn case_policies(path: &str, cases: &CaseFile, limits: &Limits) -> Result<PolicySet, ExitCode> {
    cases.policy_set(limits).map_err(|error| {
        let file = format!("{path} ({})", error.member);
        print_errors(&file, &error.text, &error.errors, Format::Text);
        ExitCode::from(2)
    })
}

fn eval(path: &str, engine: EngineName, check: bool, explain: bool, limits: &Limits) -> ExitCode {
    let loaded = read_cases(path).and_then(|cases| Ok((case_policies(path, &cases, limits)?, cases)));
    let (policies, cases) = match loaded {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let engines = CaseEngines::build(&policies, engine);
    let owner = cases.bucket_owner.as_deref();
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for (index, spec) in cases.requests.iter().enumerate() {
        let explained = |outcome: Outcome| {
            let mut line = outcome.to_json(index, spec);
            if let (true, Some(members)) = (explain, line.as_object_mut()) {
                members.insert("explanation".to_owned(), spec.explain(owner, &policies)?.to_json());
            }
            Ok::<_, oss_policy_compiler::cases::CaseError>((outcome, line))
        };
        let (outcome, line) = match engines.outcome(owner, spec).and_then(explained) {
            Ok(explained) => explained,
            Err(error) => {
                eprintln!("{path}: request {index} `{}`: {error}", spec.name);
                return ExitCode::from(2);
            }
        };
        let _ = writeln!(out, "{line}");
        if check {
            if spec.expect.is_some() && !outcome.is_expected_by(spec) {
                let expected = spec.expect.map_or("nothing", |expect| expect.as_str());
                let kind = spec.refusal.map(|kind| format!(" ({kind})")).unwrap_or_default();
                eprintln!("request {index} `{}`: expected {expected}{kind}, got {outcome}", spec.name);
                failed = true;
            }
        } else if matches!(outcome, Outcome::Refused(_)) {
            failed = true;
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Reads and validates one policy file of `authorize`, or prints why not (exit status 2).
fn policy_file(file: &str, kind: PolicyKind, limits: &Limits) -> Result<Policy, ExitCode> {
    let source = std::fs::read_to_string(file).map_err(|error| {
        eprintln!("{file}: cannot read: {error}");
        ExitCode::from(2)
    })?;
    parse_policy(&source, kind, limits).map_err(|errors| {
        print_errors(file, &source, &errors, Format::Text);
        ExitCode::from(2)
    })
}

fn authorize_one(args: &AuthorizeArgs) -> ExitCode {
    let limits = limits(args.no_limits);
    let read = |file: &Option<String>, kind| file.as_deref().map(|file| policy_file(file, kind, &limits)).transpose();
    let policies = (|| {
        let ram = args.ram.iter().map(|file| policy_file(file, PolicyKind::Ram, &limits)).collect::<Result<_, _>>()?;
        let bucket = read(&args.bucket_policy, PolicyKind::Bucket)?;
        let access_point = read(&args.access_point_policy, PolicyKind::AccessPoint)?;
        Ok(PolicySet { ram, bucket, access_point })
    })();
    let policies = match policies {
        Ok(policies) => policies,
        Err(status) => return status,
    };
    let context = match authorize::context(&args.context) {
        Ok(context) => context,
        Err(error) => {
            eprintln!("--context: {error}");
            return ExitCode::from(2);
        }
    };
    let spec =
        authorize::request(args.principal.clone(), &args.action, &args.resource, context, args.access_point.clone());
    let answer = match authorize::authorize(&policies, args.engine, &args.bucket_owner, &spec) {
        Ok(answer) => answer,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = match args.format {
        Format::Text => write!(out, "{}", answer.to_text(args.explain)),
        Format::Json => writeln!(out, "{}", answer.to_json(args.explain)),
    };
    ExitCode::from(answer.exit_status())
}

fn test(files: &[String], limits: &Limits) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed, mut broken) = (0, 0, false);
    for input in inputs::expand(files) {
        let text = match input.text {
            Ok(PolicyBytes::Text(text)) => text,
            Ok(PolicyBytes::NotUtf8 { .. }) => {
                eprintln!("{}: not a case file: the text is not UTF-8", input.name);
                broken = true;
                continue;
            }
            Err(error) => {
                eprintln!("{}: cannot read: {error}", input.name);
                broken = true;
                continue;
            }
        };
        match suite::run(&text, limits) {
            Ok(result) => {
                passed += result.passed;
                failed += result.failures.len();
                for failure in &result.failures {
                    let _ = write!(out, "FAIL {}: {failure}", input.name);
                }
            }
            Err(SuiteError::Policy(error)) => {
                print_errors(&format!("{} ({})", input.name, error.member), &error.text, &error.errors, Format::Text);
                broken = true;
            }
            Err(error) => {
                eprintln!("{}: {error}", input.name);
                broken = true;
            }
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    if broken {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn bench(path: &str, format: Format, limits: &Limits) -> ExitCode {
    let cases = match read_cases(path) {
        Ok(cases) => cases,
        Err(status) => return status,
    };
    let mut results = Vec::new();
    for engine in [EngineName::Compiled, EngineName::Reference] {
        let engines = match case_policies(path, &cases, limits) {
            Ok(policies) => CaseEngines::build(&policies, engine),
            Err(status) => return status,
        };
        let timing = cases.with_requests(|requests| {
            engines.with_authorizer(cases.bucket_owner.as_deref(), |authorizer| {
                timing::median_ns_per_check(
                    || {
                        for request in requests {
                            std::hint::black_box(authorizer.authorize(std::hint::black_box(request)).ok());
                        }
                    },
                    requests.len(),
                )
            })
        });
        match timing.map_err(|error| error.to_string()).and_then(|timed| timed.map_err(|error| error.to_string())) {
            Ok(timing) => results.push((engine, timing)),
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::from(2);
            }
        }
    }
    let mut out = std::io::stdout().lock();
    for (engine, timing) in &results {
        let _ = match format {
            Format::Json => writeln!(
                out,
                "{}",
                serde_json::json!({"engine": engine.as_str(), "median_ns": timing.median_ns, "checks": timing.checks})
            ),
            Format::Text => writeln!(
                out,
                "{:<10} {:>12.1} ns per check  ({} checks)",
                engine.as_str(),
                timing.median_ns,
                timing.checks
            ),
        };
    }
    if let (Format::Text, [(fast, compiled), (slow, reference)]) = (format, results.as_slice()) {
        let _ = writeln!(out, "{slow} / {fast}: {:.1}x", reference.median_ns / compiled.median_ns);
    }
    ExitCode::SUCCESS
}

/// Timing without a benchmark harness: many samples, the median.
mod timing {
    use std::time::{Duration, Instant};

    /// The median time per check and how many checks were timed.
    pub struct Timing {
        pub median_ns: f64,
        pub checks: u64,
    }

    const SAMPLES: usize = 21;
    const SAMPLE_TIME: Duration = Duration::from_millis(40);

    /// Times `round` (which makes `checks_per_round` checks) in samples of about 40 ms
    /// each, after a warm-up that sizes them; about a second in all.
    pub fn median_ns_per_check(mut round: impl FnMut(), checks_per_round: usize) -> Timing {
        let start = Instant::now();
        round();
        let one = start.elapsed().max(Duration::from_nanos(1));
        let rounds = (SAMPLE_TIME.as_nanos() / one.as_nanos()).clamp(1, 10_000_000) as u64;
        let mut samples: Vec<f64> = (0..SAMPLES)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..rounds {
                    round();
                }
                start.elapsed().as_nanos() as f64 / (rounds as f64 * checks_per_round.max(1) as f64)
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        let median_ns = samples.get(SAMPLES / 2).copied().unwrap_or(f64::NAN);
        Timing { median_ns, checks: SAMPLES as u64 * rounds * checks_per_round as u64 }
    }
}

/// Prints a command's output and exits with its status.
#[cfg(feature = "http")]
fn print_exit((text, status): (String, u8)) -> ExitCode {
    print!("{text}");
    ExitCode::from(status)
}
