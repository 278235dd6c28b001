//! The `policy!` proc-macro (a placeholder until code generation lands): it will turn a
//! policy given inline or as a file into a Rust type whose check is generated code,
//! and turn policy errors into `compile_error!`s. All logic will live in
//! `oss-policy-compiler`, which this crate only wraps.
#![deny(missing_docs)]
