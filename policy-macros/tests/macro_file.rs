//! `policy!` with `file = ...`: the path is relative to the crate's directory, and the
//! generated type decides as the reference evaluator does on the same file.

use oss_policy_compiler::reference::ReferencePolicy;
use oss_policy_compiler::{Limits, parse_policy};
use oss_policy_macros::policy;
use oss_policy_runtime::{Context, Key, PolicyEngine, PolicyKind, Principal, Request};

// The vendor example masks its ids: a reviewed warning, allowed here.
policy!(
    ReadonlyFolders,
    kind = bucket,
    file = "../examples/policies/bucket-s02-readonly-folders.json",
    allow(placeholder - value)
);

#[test]
fn a_policy_file_compiles_and_decides_like_the_reference() {
    let text = include_str!("../../examples/policies/bucket-s02-readonly-folders.json");
    let reference = ReferencePolicy::new(parse_policy(text, PolicyKind::Bucket, &Limits::default()).unwrap());
    assert_eq!(ReadonlyFolders.kind(), PolicyKind::Bucket);
    let reader = Principal::RamUser { uid: "20214760404935xxxx", account: "174649585760xxxx" };
    let listing = Context::new().with(Key::Prefix, "hangzhou/2020/").unwrap();
    let requests = [
        Request::new(
            reader,
            "oss:GetObject",
            "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg",
        ),
        Request::new(
            reader,
            "oss:GetObject",
            "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2021/a.jpg",
        ),
        Request::new(reader, "oss:ListObjects", "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket")
            .with_context(listing),
        Request::new(reader, "oss:ListObjects", "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket"),
        Request::new(
            Principal::Anonymous,
            "oss:GetObject",
            "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg",
        ),
    ];
    let requests = requests.map(|request| request.with_bucket_owner("174649585760xxxx"));
    let decisions: Vec<_> = requests.iter().map(|request| ReadonlyFolders.evaluate(request).unwrap()).collect();
    let expected: Vec<_> = requests.iter().map(|request| reference.evaluate(request).unwrap()).collect();
    assert_eq!(decisions, expected);
    assert_eq!(decisions.iter().filter(|e| e.statement.is_some()).count(), 2, "{decisions:?}");
}
