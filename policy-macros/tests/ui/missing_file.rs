use oss_policy_macros::policy;

policy!(pub BucketPolicy, kind = bucket, file = "policies/no-such-policy.json");

fn main() {
    let _ = BucketPolicy;
}
