//! Policies compiled by a build script (see `build.rs`): the generated types are plain
//! unit structs implementing `PolicyEngine`, combined here by the `Authorizer`.
//!
//! ```text
//! cargo run -p oss-policy-example-build-rs
//! ```

use oss_policy_runtime::{Authorizer, Context, Key, PolicyEngine, Principal, Request};

oss_policy_runtime::include_policies!();

fn main() -> Result<(), oss_policy_runtime::RequestError> {
    let ram: [&dyn PolicyEngine; 1] = [&ReaderRam];
    let authorizer = Authorizer::new("174649585760xxxx").with_bucket(&BucketPolicy)?.with_ram(&ram)?;
    let reader = Principal::RamUser { uid: "20214760404935xxxx", account: "174649585760xxxx" };
    let object = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg";
    for (what, ip) in [("from the office", "192.168.1.20"), ("from a cafe", "203.0.113.5")] {
        let request =
            Request::new(reader, "oss:GetObject", object).with_context(Context::new().with(Key::SourceIp, ip)?);
        let authorization = authorizer.authorize(&request)?;
        println!("reader gets hangzhou/2020/a.jpg {what:<16} {} ({})", authorization.decision, authorization.reason);
    }
    println!("another generated policy: {:?} of kind {}", DelegateToAccessPoints, DelegateToAccessPoints.kind());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oss_policy_runtime::Decision;

    #[test]
    fn the_generated_policies_decide() {
        let reader = Principal::RamUser { uid: "20214760404935xxxx", account: "174649585760xxxx" };
        let object = "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/hangzhou/2020/a.jpg";
        let office = Context::new().with(Key::SourceIp, "192.168.1.20").unwrap();
        let request =
            Request::new(reader, "oss:GetObject", object).with_context(office).with_bucket_owner("174649585760xxxx");
        assert_eq!(BucketPolicy.evaluate(&request).unwrap().decision, Decision::Allow);
        // The RAM policy grants `mybucket` only; it denies everything from outside the office.
        assert_eq!(ReaderRam.evaluate(&request).unwrap().decision, Decision::Ignore);
        let cafe = Context::new().with(Key::SourceIp, "203.0.113.5").unwrap();
        assert_eq!(ReaderRam.evaluate(&request.with_context(cafe)), Ok(oss_policy_runtime::Evaluation::deny(2)));
    }
}
