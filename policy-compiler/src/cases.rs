//! Reading conformance case files and requests from text.
