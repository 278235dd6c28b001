use oss_policy_macros::policy;

policy!(pub OfficeOnly, kind = bucket, json = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "oss:*",
      "Principal": "*",
      "Resource": "acs:oss:*:*:example-bucket/*",
      "Condition": {"NotIpAddress": {"acs:SourceIp": ["192.168.0.0/33"]}}
    }
  ]
}"#);

fn main() {
    let _ = OfficeOnly;
}
