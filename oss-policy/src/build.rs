//! The build.rs API: policy files compiled into a Rust module in `OUT_DIR` when your
//! crate builds (`oss_policy_compiler::build`, with generated code naming this crate).
//!
//! ```toml
//! [dependencies]
//! oss-policy = "0.1"
//!
//! [build-dependencies]
//! oss-policy = { version = "0.1", features = ["build"] }
//! ```
//!
//! ```no_run
//! // build.rs
//! use oss_policy::PolicyKind;
//! use oss_policy::build::Builder;
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     println!("cargo:rerun-if-changed=build.rs");
//!     Builder::new()
//!         .policy("BucketPolicy", "policies/bucket.json", PolicyKind::Bucket)
//!         .folder("policies/ram", PolicyKind::Ram)
//!         .compile()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! oss_policy::include_policies!();
//! let authorizer = oss_policy::Authorizer::new("174649585760xxxx").with_bucket(&BucketPolicy)?;
//! ```

use core::ops::{Deref, DerefMut};

pub use oss_policy_compiler::build::{BuildError, Source, type_name};

/// The path generated code names this crate by.
const THIS_CRATE: &str = "::oss_policy";

/// `oss_policy_compiler::build::Builder`, writing code that names this crate
/// (`::oss_policy`) instead of the runtime crate: every method of that builder applies
/// (through `Deref`), and `runtime_path` still overrides the path, for a crate that
/// renames its dependency (`policy = { package = "oss-policy" }` needs
/// `.runtime_path("::policy")`).
#[derive(Clone, Debug)]
pub struct Builder(oss_policy_compiler::build::Builder);

impl Builder {
    /// A builder with no policies, the cloud service's limits, writing `policies.rs`
    /// into `OUT_DIR`, naming this crate in the code it writes.
    pub fn new() -> Builder {
        let mut builder = oss_policy_compiler::build::Builder::new();
        builder.runtime_path(THIS_CRATE);
        Builder(builder)
    }
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new()
    }
}

impl Deref for Builder {
    type Target = oss_policy_compiler::build::Builder;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Builder {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oss_policy_runtime::PolicyKind;

    #[test]
    fn generated_code_names_this_crate() {
        let text = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}"#;
        let sources = [Source { name: "read", kind: PolicyKind::Ram, text, origin: "read.json" }];
        let source = Builder::new().generate(&sources).unwrap();
        assert!(source.contains("use ::oss_policy::__private_v0_1 as rt;"), "{source}");
        assert!(!source.contains("::oss_policy_runtime::"), "{source}");
    }
}
