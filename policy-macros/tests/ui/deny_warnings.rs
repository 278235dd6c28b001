use oss_policy_macros::policy;

// The Deny meant to stop 203.0.113.0/24 never applies: `acs:SourceIP4` is no key.
policy!(pub BucketPolicy, kind = bucket, deny_warnings, json = r#"{
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
}"#);

fn main() {
    let _ = BucketPolicy;
}
