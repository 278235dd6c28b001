use oss_policy_macros::policy;

policy!(
    pub ReadAll,
    kind = ram,
    jsn = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]}"#,
);

fn main() {
    let _ = ReadAll;
}
