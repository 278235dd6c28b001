use oss_policy_macros::policy;

policy!(pub Broken, kind = ram, json = r#"{
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*",}
  ]
}"#);

fn main() {
    // The type exists despite the error: no second error here.
    let _ = Broken;
}
