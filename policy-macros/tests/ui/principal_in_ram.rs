use oss_policy_macros::policy;

policy!(pub NotForRam, kind = ram, json = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "oss:GetObject",
      "Principal": ["20214760404935xxxx"],
      "Resource": "acs:oss:*:*:example-bucket/*"
    }
  ]
}"#);

fn main() {
    let _ = NotForRam;
}
