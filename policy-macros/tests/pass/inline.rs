use oss_policy_macros::policy;
use oss_policy_runtime::{Authorizer, Decision, Principal, Request};

policy!(
    /// Anyone may read `public-bucket`; nobody may delete from it.
    pub(crate) PublicRead,
    kind = bucket,
    json = r#"{"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "oss:GetObject", "Principal": "*", "Resource": "acs:oss:*:*:public-bucket/*"},
        {"Effect": "Deny", "Action": "oss:Delete*", "Principal": "*", "Resource": "acs:oss:*:*:public-bucket/*"}
    ]}"#,
    limits = none,
);

mod nested {
    oss_policy_macros::policy!(pub Ram, kind = ram, json = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
}

fn main() {
    let authorizer = Authorizer::new("1").with_bucket(&PublicRead).unwrap();
    let read = Request::new(Principal::Anonymous, "oss:GetObject", "acs:oss:cn-hangzhou:1:public-bucket/a.txt");
    assert_eq!(authorizer.authorize(&read).unwrap().decision, Decision::Allow);
    let delete = Request::new(Principal::Anonymous, "oss:DeleteObject", "acs:oss:cn-hangzhou:1:public-bucket/a.txt");
    assert_eq!(authorizer.authorize(&delete).unwrap().decision, Decision::Deny);
    let _ = nested::Ram;
}
