//! Tests of the lint rules, one group per code.
