//! Generated policies of any size, shaped like real use, for the scaling benchmarks of
//! `oss-policy-benches` (its criterion benchmarks and its build script, which compiles them
//! ahead of time: everything here is plain functions of the size).
//!
//! Statements come in blocks of ten, repeated with fresh users, departments and folders:
//!
//! * **[`Family::Bucket`]**, a bucket policy of per-user folders (the shape of
//!   bucket-policy.txt scenario 2 and ram-policy.txt scenario 5): per block, four users,
//!   each with an object grant on `examplebucket/users/{uid}/*` and an `oss:ListObjects`
//!   grant on the bucket with the condition `StringLike oss:Prefix users/{uid}/*`; then a
//!   deny of object access to `examplebucket/confidential-{k}/*` from outside the office
//!   network (`NotIpAddress acs:SourceIp`) and one to `examplebucket/vpc-only-{k}/*` from
//!   outside a VPC (`StringNotEquals acs:SourceVpc`).
//! * **[`Family::AccessPoint`]**, an access point policy of departments (the shape of
//!   access-points.txt): per block, four departments of three users, each with an object
//!   grant on `accesspoint/ap-shared/object/dept-{d}/*` and a prefix-limited
//!   `oss:ListObjects` grant on the access point; and the same two kinds of deny on the
//!   access point's folders. The bucket policy delegates to the account's access points.
//!
//! Each case ([`case_file`], named [`case_name`]) has two requests, both `oss:GetObject` on
//! the bucket every statement names: one that a statement near the end allows (the last
//! user's or department's object grant), and one that no statement matches (a caller and a
//! folder the policy never names) and so gets `Ignore`.
//!
//! ```
//! use testgen::scale::{Family, case_file, case_name, parse_case_name};
//! let file: serde_json::Value = serde_json::from_str(&case_file(Family::Bucket, 100)?)?;
//! assert_eq!(file["requests"].as_array().map(Vec::len), Some(2));
//! assert_eq!(case_name(Family::AccessPoint, 100), "scale-access-point-100");
//! assert_eq!(parse_case_name("scale-access-point-100"), Some((Family::AccessPoint, 100)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde_json::{Value, json};

/// The sizes the scaling benchmarks run, in statements.
pub const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// The account that owns the bucket, its users and its access points.
pub const ACCOUNT: &str = "1746495857602745";

/// The bucket.
pub const BUCKET: &str = "examplebucket";

/// The access point of [`Family::AccessPoint`].
pub const ACCESS_POINT: &str = "ap-shared";

/// The region of the requests and the access point.
pub const REGION: &str = "cn-hangzhou";

/// The statements of one block.
const BLOCK: usize = 10;

/// Users (or departments) per block.
const PER_BLOCK: usize = 4;

/// Users per department.
const DEPARTMENT_SIZE: usize = 3;

/// The object actions of the grants and denies.
const OBJECT_ACTIONS: [&str; 4] = ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:GetObjectAcl"];

/// What kind of policy is generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// A bucket policy of per-user folders.
    Bucket,
    /// An access point policy of departments, with a delegating bucket policy.
    AccessPoint,
}

impl Family {
    /// Both families.
    pub const ALL: [Family; 2] = [Family::Bucket, Family::AccessPoint];

    /// The family's name in benchmark ids.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Bucket => "bucket",
            Family::AccessPoint => "access-point",
        }
    }
}

/// The name of the case of `family` at `statements` statements: `scale-bucket-1000`,
/// `scale-access-point-10`.
pub fn case_name(family: Family, statements: usize) -> String {
    format!("scale-{}-{statements}", family.name())
}

/// The family and size a [`case_name`] names, if it is one.
pub fn parse_case_name(name: &str) -> Option<(Family, usize)> {
    let rest = name.strip_prefix("scale-")?;
    Family::ALL.into_iter().find_map(|family| {
        let digits = rest.strip_prefix(family.name())?.strip_prefix('-')?;
        // `usize::from_str` takes a leading `+`: only digits name a size.
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((family, digits.parse().ok()?))
    })
}

/// The RAM user id of user `n` (eighteen digits, like the vendor's).
pub fn uid(n: usize) -> String {
    format!("2{n:017}")
}

/// The generated policy of `family` with `statements` statements (rounded up to a whole
/// block of ten), as JSON text.
pub fn policy(family: Family, statements: usize) -> String {
    let statements: Vec<Value> = (0..statements.div_ceil(BLOCK) * BLOCK)
        .map(|n| match family {
            Family::Bucket => bucket_statement(n),
            Family::AccessPoint => access_point_statement(n),
        })
        .collect();
    json!({"Version": "1", "Statement": statements}).to_string()
}

/// The bucket policy that delegates to every access point of the account (access-points.txt,
/// "Delegate to all access points").
pub fn delegating_bucket_policy() -> String {
    json!({"Version": "1", "Statement": [{
        "Effect": "Allow",
        "Action": ["oss:*"],
        "Principal": ["*"],
        "Resource": [format!("acs:oss:*:{ACCOUNT}:{BUCKET}"), format!("acs:oss:*:{ACCOUNT}:{BUCKET}/*")],
        "Condition": {"StringEquals": {"oss:DataAccessPointAccount": [ACCOUNT]}}
    }]})
    .to_string()
}

/// Statement `n` of [`Family::Bucket`].
fn bucket_statement(n: usize) -> Value {
    let (block, slot) = (n / BLOCK, n % BLOCK);
    let bucket = format!("acs:oss:*:{ACCOUNT}:{BUCKET}");
    if slot < 2 * PER_BLOCK {
        let user = uid(block * PER_BLOCK + slot / 2);
        let folder = format!("users/{user}/");
        return grant(slot, &[user], format!("{bucket}/{folder}*"), bucket, &folder);
    }
    deny(slot == 2 * PER_BLOCK, block, &format!("{bucket}/"))
}

/// Statement `n` of [`Family::AccessPoint`].
fn access_point_statement(n: usize) -> Value {
    let (block, slot) = (n / BLOCK, n % BLOCK);
    let point = format!("acs:oss:{REGION}:{ACCOUNT}:accesspoint/{ACCESS_POINT}");
    if slot < 2 * PER_BLOCK {
        let department = block * PER_BLOCK + slot / 2;
        let members: Vec<String> = (0..DEPARTMENT_SIZE).map(|m| uid(department * DEPARTMENT_SIZE + m)).collect();
        let folder = format!("dept-{department:05}/");
        return grant(slot, &members, format!("{point}/object/{folder}*"), point, &folder);
    }
    deny(slot == 2 * PER_BLOCK, block, &format!("{point}/object/"))
}

/// An object grant on `objects` (even `slot`) or a prefix-limited listing of `container`
/// (odd `slot`), to `principals`.
fn grant(slot: usize, principals: &[String], objects: String, container: String, folder: &str) -> Value {
    if slot.is_multiple_of(2) {
        json!({"Effect": "Allow", "Action": OBJECT_ACTIONS, "Principal": principals, "Resource": [objects]})
    } else {
        json!({
            "Effect": "Allow",
            "Action": ["oss:ListObjects"],
            "Principal": principals,
            "Resource": [container],
            "Condition": {"StringLike": {"oss:Prefix": [format!("{folder}*")]}}
        })
    }
}

/// A deny of object access below `objects_root` from outside the office network (`by_ip`)
/// or from outside VPC `vpc-{block}`.
fn deny(by_ip: bool, block: usize, objects_root: &str) -> Value {
    let (folder, condition) = if by_ip {
        let office = format!("10.{}.{}.0/24", block / 256 % 256, block % 256);
        ("confidential", json!({"NotIpAddress": {"acs:SourceIp": [office, "192.168.0.0/16"]}}))
    } else {
        ("vpc-only", json!({"StringNotEquals": {"acs:SourceVpc": [format!("vpc-{block:05}")]}}))
    };
    json!({
        "Effect": "Deny",
        "Action": OBJECT_ACTIONS,
        "Principal": ["*"],
        "Resource": [format!("{objects_root}{folder}-{block:05}/*")],
        "Condition": condition
    })
}

/// The case file (conformance format) of `family` at `statements` statements: its
/// policies and its two requests, named `near-end` and `no-match`.
///
/// # Errors
/// When a generated policy is not JSON (a bug here).
pub fn case_file(family: Family, statements: usize) -> Result<String, String> {
    let blocks = statements.div_ceil(BLOCK).max(1);
    // The last grant of the last block: statement `blocks * 10 - 4`.
    let last = blocks * PER_BLOCK - 1;
    let nobody = uid(99_999_999);
    let near_end_statement = (blocks - 1) * BLOCK + 2 * (PER_BLOCK - 1);
    let (policies, near_end, no_match) = match family {
        Family::Bucket => (
            json!({"bucket": raw(&policy(family, statements))?}),
            request(&uid(last), &format!("users/{}/reports/2026/q1.pdf", uid(last)), false),
            request(&nobody, &format!("users/{nobody}/reports/2026/q1.pdf"), false),
        ),
        Family::AccessPoint => (
            json!({"bucket": raw(&delegating_bucket_policy())?, "access_point": raw(&policy(family, statements))?}),
            request(&uid(last * DEPARTMENT_SIZE), &format!("dept-{last:05}/plans/2026.xlsx"), true),
            request(&nobody, &format!("dept-{:05}/plans/2026.xlsx", last + 1), true),
        ),
    };
    let with = |mut request: Value, name: &str, expect: &str, why: String| {
        if let Some(fields) = request.as_object_mut() {
            fields.insert("name".into(), name.into());
            fields.insert("expect".into(), expect.into());
            fields.insert("why".into(), why.into());
        }
        request
    };
    let file = json!({
        "description": format!("generated: {} policy of {} statements (oss_policy_benches::scale)", family.name(), blocks * BLOCK),
        "bucket_owner": ACCOUNT,
        "policies": policies,
        "requests": [
            with(near_end, "near-end", "Allow", format!("statement {near_end_statement} grants the last user or department")),
            with(no_match, "no-match", "Ignore", "no statement names the caller or the folder".to_owned()),
        ]
    });
    Ok(file.to_string())
}

/// A policy text as a JSON value of the case file.
fn raw(policy: &str) -> Result<Value, String> {
    serde_json::from_str(policy).map_err(|error| error.to_string())
}

/// `oss:GetObject` of `key` by RAM user `user` of the bucket owner's account, from the office
/// network and a VPC, directly or through the access point.
fn request(user: &str, key: &str, through_access_point: bool) -> Value {
    let mut request = json!({
        "principal": {"type": "ram-user", "uid": user, "account": ACCOUNT},
        "action": "oss:GetObject",
        "resource": format!("acs:oss:{REGION}:{ACCOUNT}:{BUCKET}/{key}"),
        "context": {"acs:SourceIp": "10.0.0.7", "acs:SourceVpc": "vpc-00000"}
    });
    if through_access_point && let Some(fields) = request.as_object_mut() {
        fields.insert(
            "access_point".into(),
            json!({
                "name": ACCESS_POINT,
                "arn": format!("acs:oss:{REGION}:{ACCOUNT}:accesspoint/{ACCESS_POINT}"),
                "account": ACCOUNT,
                "network_origin": "vpc"
            }),
        );
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_documented_shape() {
        let policy: Value = serde_json::from_str(&policy(Family::Bucket, 20)).unwrap();
        let statements = policy["Statement"].as_array().unwrap();
        assert_eq!(statements.len(), 20);
        let effects: Vec<&str> = statements.iter().map(|s| s["Effect"].as_str().unwrap()).collect();
        assert_eq!(effects.iter().filter(|e| **e == "Deny").count(), 4);
        assert_eq!(statements[12]["Resource"][0], format!("acs:oss:*:{ACCOUNT}:{BUCKET}/users/{}/*", uid(5)));
        assert_eq!(statements[13]["Condition"]["StringLike"]["oss:Prefix"][0], format!("users/{}/*", uid(5)));
        assert_eq!(statements[18]["Condition"]["NotIpAddress"]["acs:SourceIp"][0], "10.0.1.0/24");
        assert_eq!(statements[19]["Condition"]["StringNotEquals"]["acs:SourceVpc"][0], "vpc-00001");
        assert_eq!(super::policy(Family::AccessPoint, 11).matches("\"Effect\"").count(), 20);
    }

    #[test]
    fn case_names_round_trip_and_nothing_else_parses() {
        for family in Family::ALL {
            for statements in SIZES {
                assert_eq!(parse_case_name(&case_name(family, statements)), Some((family, statements)));
            }
        }
        for name in ["scale-bucket", "scale-bucket-", "scale-bucket-+10", "scale-bucket-1x", "scale-ap-10", "bucket-10"]
        {
            assert_eq!(parse_case_name(name), None, "{name}");
        }
    }

    #[test]
    fn case_files_hold_the_policies_and_the_two_requests() {
        let file: Value = serde_json::from_str(&case_file(Family::AccessPoint, 10).unwrap()).unwrap();
        assert_eq!(file["policies"]["bucket"], serde_json::from_str::<Value>(&delegating_bucket_policy()).unwrap());
        assert_eq!(file["policies"]["access_point"]["Statement"].as_array().unwrap().len(), 10);
        let expects: Vec<&str> =
            file["requests"].as_array().unwrap().iter().map(|r| r["expect"].as_str().unwrap()).collect();
        assert_eq!(expects, ["Allow", "Ignore"]);
    }
}
