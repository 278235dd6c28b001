//! From HTTP to authorization: OSS REST requests (over the [`http`] crate's types, what
//! hyper, axum and tower use) classified into the operation they are, turned into the
//! checks that must all be allowed, with the context the wire carries, and their V4 or V1
//! signatures verified.
//!
//! * [`routes`]: addressing (virtual-hosted, path-style, custom domains, access point
//!   aliases) and the [`Operation`] of a request; [`table`]: the operations;
//!   [`index`]: the table indexed by method and selectors, at compile time.
//! * [`decode`]: percent-decoding, once.
//! * [`checks`](mod@checks): the checks of an operation (copy sources, multi-delete keys, versions,
//!   tags); [`multidelete`]: the keys of a multi-delete body.
//! * [`context`]: the condition keys of the wire.
//! * [`verify`], [`sigv4`], [`sigv1`], [`credentials`]: who signed.
//! * [`authorize`]: the checks decided by the runtime's `Authorizer`.
//! * [`cli`]: `oss-policy http classify`.
//! * [`errors`]: the OSS error codes.
#![deny(missing_docs)]

pub mod authorize;
pub mod checks;
pub mod cli;
pub mod context;
pub mod credentials;
pub mod decode;
pub mod errors;
pub mod index;
pub mod multidelete;
pub mod routes;
pub mod sigv1;
pub mod sigv4;
pub mod table;
pub mod verify;

pub use checks::{Check, Checks, Role, Target, checks};
pub use errors::{ErrorCode, OssError};
pub use routes::{AccessPointAlias, Classified, Classifier, Directory, Endpoint, NoDirectory, Style};
pub use table::{Operation, Rule};
pub use verify::{Caller, Signature, Verifier};
