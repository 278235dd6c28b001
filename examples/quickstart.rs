//! Quickstart: compile two seed policies, authorize a handful of requests through the
//! combined authorizer with every engine — the reference evaluator, the in-memory
//! compiled engine, and the code `policy!` generated for the same two files when this
//! example was built — and print the decisions side by side with a rough time per check.
//!
//! The two policies are scenarios of the vendor's pages, named (`bucket-policy.txt`,
//! `ram-policy.txt`) as the sources table of docs/SPEC.md names them.
//!
//! ```text
//! cargo run --release --example quickstart
//! ```

use std::time::Instant;

use oss_policy_compiler::{EngineName, Limits, parse_policy};
use oss_policy_macros::policy;
use oss_policy_runtime::{Authorization, Authorizer, Context, Key, PolicyEngine, PolicyKind, Principal, Request};

/// bucket-policy.txt scenario 2: one RAM user may read and list two folders.
const BUCKET_POLICY: &str = include_str!("policies/bucket-s02-readonly-folders.json");
/// ram-policy.txt scenario 8: read `mybucket`, but deny everything from outside 192.168.0.0/16.
const RAM_POLICY: &str = include_str!("policies/ram-s08b-deny-outside-ip.json");

// The same two policies compiled to Rust at build time (paths relative to this crate).
// The vendor example masks its ids (`20214760404935xxxx`): a reviewed warning, allowed here.
policy!(ReadonlyFolders, kind = bucket, file = "policies/bucket-s02-readonly-folders.json", allow(placeholder - value));
policy!(DenyOutsideOffice, kind = ram, file = "policies/ram-s08b-deny-outside-ip.json");

const OWNER: &str = "174649585760xxxx";
const READER: Principal<'static> = Principal::RamUser { uid: "20214760404935xxxx", account: OWNER };

struct Example {
    what: &'static str,
    request: Request<'static>,
}

fn examples() -> Result<Vec<Example>, Box<dyn std::error::Error>> {
    let office = Context::new().with(Key::SourceIp, "192.168.1.20")?;
    let cafe = Context::new().with(Key::SourceIp, "203.0.113.5")?;
    let listing = Context::new().with(Key::SourceIp, "192.168.1.20")?.with(Key::Prefix, "hangzhou/2020/")?;
    let hangzhou = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg";
    let examples = vec![
        Example {
            what: "reader gets hangzhou/2020/a.jpg from the office",
            request: Request::new(READER, "oss:GetObject", hangzhou).with_context(office),
        },
        Example {
            what: "reader gets it from a cafe (RAM policy denies outside 192.168.0.0/16)",
            request: Request::new(READER, "oss:GetObject", hangzhou).with_context(cafe),
        },
        Example {
            what: "reader gets hangzhou/2021/a.jpg (no statement covers it)",
            request: Request::new(
                READER,
                "oss:GetObject",
                "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2021/a.jpg",
            )
            .with_context(office),
        },
        Example {
            what: "reader lists prefix hangzhou/2020/",
            request: Request::new(READER, "oss:ListObjects", "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket")
                .with_context(listing),
        },
        Example {
            what: "reader uploads (read-only grant)",
            request: Request::new(READER, "oss:PutObject", hangzhou).with_context(office),
        },
        Example {
            what: "the bucket owner's account deletes (allowed by default)",
            request: Request::new(Principal::Account { uid: OWNER }, "oss:DeleteObject", hangzhou),
        },
        Example {
            what: "an anonymous caller reads",
            request: Request::new(Principal::Anonymous, "oss:GetObject", hangzhou),
        },
    ];
    Ok(examples)
}

fn describe(authorization: &Authorization) -> String {
    format!("{:<6} {}", authorization.decision, authorization.reason)
}

/// Median nanoseconds per authorization over `rounds` rounds of every request.
fn time_per_check(authorizer: &Authorizer<'_>, requests: &[Request<'_>]) -> f64 {
    const ROUNDS: usize = 31;
    const REPEAT: usize = 2_000;
    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..REPEAT {
                for request in requests {
                    std::hint::black_box(authorizer.authorize(std::hint::black_box(request)).ok());
                }
            }
            start.elapsed().as_nanos() as f64 / (REPEAT * requests.len()) as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples.get(ROUNDS / 2).copied().unwrap_or(f64::NAN)
}

/// One engine's column: each request's decision, and the time per authorization.
fn column(
    authorizer: &Authorizer<'_>,
    requests: &[Request<'_>],
) -> Result<(Vec<String>, f64), oss_policy_runtime::RequestError> {
    let decisions =
        requests.iter().map(|request| authorizer.authorize(request).map(|a| describe(&a))).collect::<Result<_, _>>()?;
    Ok((decisions, time_per_check(authorizer, requests)))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let examples = examples()?;
    let requests: Vec<Request<'_>> = examples.iter().map(|e| e.request).collect();
    println!(
        "Policies: bucket-policy.txt scenario 2 (bucket policy), ram-policy.txt scenario 8 (the reader's RAM policy);\n\
         these names are vendor pages, listed with their addresses in docs/SPEC.md (sources)\n"
    );
    let mut columns: Vec<(&str, Vec<String>, f64)> = Vec::new();
    for engine in EngineName::ALL.iter().copied() {
        let bucket: Box<dyn PolicyEngine> =
            engine.build(parse_policy(BUCKET_POLICY, PolicyKind::Bucket, &Limits::default())?);
        let ram: Box<dyn PolicyEngine> = engine.build(parse_policy(RAM_POLICY, PolicyKind::Ram, &Limits::default())?);
        let ram_policies = [ram.as_ref()];
        let authorizer = Authorizer::new(OWNER).with_bucket(bucket.as_ref())?.with_ram(&ram_policies)?;
        let (decisions, nanos) = column(&authorizer, &requests)?;
        columns.push((engine.as_str(), decisions, nanos));
    }
    let ram_policies: [&dyn PolicyEngine; 1] = [&DenyOutsideOffice];
    let authorizer = Authorizer::new(OWNER).with_bucket(&ReadonlyFolders)?.with_ram(&ram_policies)?;
    let (decisions, nanos) = column(&authorizer, &requests)?;
    columns.push(("generated", decisions, nanos));
    let Some((first_engine, reference, _)) = columns.first() else { return Ok(()) };
    for (i, example) in examples.iter().enumerate() {
        let decision = reference.get(i).map_or("", String::as_str);
        println!("{:<72} {decision}", example.what);
    }
    println!();
    let mut agree = true;
    for (engine, decisions, nanos) in &columns {
        let same = decisions == reference;
        agree &= same;
        let verdict = if same { format!("same decisions as {first_engine}") } else { "DIFFERENT DECISIONS".into() };
        println!("engine {engine:<10} {nanos:>9.1} ns per authorization   {verdict}");
    }
    if agree { Ok(()) } else { Err("engines disagree".into()) }
}
