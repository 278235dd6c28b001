//! Compile-fail UI tests of `policy!`, one per kind of diagnostic, each with the
//! `.stderr` a user sees (review a changed one by reading it; `TRYBUILD=overwrite`
//! accepts anything), and compile-pass tests.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
