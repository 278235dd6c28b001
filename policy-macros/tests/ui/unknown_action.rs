use oss_policy_macros::policy;

policy!(pub ReadMarketing, kind = ram, json = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["oss:ListObjects", "oss:GetObjet"],
      "Resource": "acs:oss:*:*:marketing/*"
    }
  ]
}"#);

fn main() {
    let _ = ReadMarketing;
}
