//! The routing index: the rows of [`ROWS`] sorted, at compile time, by what a request
//! shows first — its method, the selector parameters it carries and the selector headers
//! it carries — so that routing a request is one binary search and a look at the few
//! rows with exactly that shape (`GET` with no selector: ListBuckets, ListObjects,
//! GetObject, told apart by scope), instead of a scan of every row.
//!
//! The table stays the single source of truth: the index holds row positions only, it is
//! built from [`ROWS`] by the compiler, and `select` in [`crate::routes`] checks scope and
//! values on the rows it finds exactly as a scan would.

use crate::routes::{SELECTOR_HEADERS, SELECTOR_PARAMS, index_of};
use crate::table::{ROWS, Row};

/// The methods OSS operations use, in the order of their codes. A row with another
/// method fails the build.
pub const METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// The code of a method (its position in [`METHODS`]); `None` when no operation uses it.
pub fn method_code(method: &str) -> Option<u8> {
    let code = match method {
        "DELETE" => 0,
        "GET" => 1,
        "HEAD" => 2,
        "OPTIONS" => 3,
        "POST" => 4,
        "PUT" => 5,
        _ => return None,
    };
    Some(code)
}

/// What the index is sorted by: method code, selector header bits and selector parameter
/// bits, packed into one number (compared in one instruction or two).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shape(u128);

/// Where the header bits start in a [`Shape`] (after one bit per selector parameter).
const HEADERS_AT: usize = SELECTOR_PARAMS.len();
/// Where the method code starts (after one bit per selector header).
const METHOD_AT: usize = HEADERS_AT + SELECTOR_HEADERS.len();
const _: () = assert!(METHOD_AT + 3 <= 128 && METHODS.len() <= 8, "a Shape does not fit in 128 bits");

impl Shape {
    /// The shape of a request (or a row): a method code, the bits of
    /// [`SELECTOR_PARAMS`] and of [`SELECTOR_HEADERS`] it carries (bits beyond those
    /// lists are dropped, so that no field spills into another).
    pub const fn new(method: u8, params: u128, headers: u8) -> Shape {
        let params = params & ((1 << HEADERS_AT) - 1);
        let headers = (headers as u128) & ((1 << SELECTOR_HEADERS.len()) - 1);
        let method = (method as u128) & 0b111;
        Shape(params | headers << HEADERS_AT | method << METHOD_AT)
    }
}

/// The code of `method`, in constants (a method missing from [`METHODS`] fails the build).
#[allow(clippy::panic, clippy::cast_possible_truncation)]
const fn const_method_code(method: &str) -> u8 {
    match index_of(&METHODS, method) {
        // Fewer than 8 methods (asserted with `Shape`): the code fits.
        Some(code) => code as u8,
        None => panic!("a row's method is missing from METHODS"),
    }
}

/// One entry: a row's shape and its position in [`ROWS`].
#[derive(Clone, Copy, Debug)]
struct Entry {
    shape: Shape,
    row: usize,
}

/// The entries, sorted by shape (insertion sort at compile time; the loops bound every
/// index).
#[allow(clippy::indexing_slicing)]
const fn build() -> [Entry; ROWS.len()] {
    let mut entries = [Entry { shape: Shape::new(0, 0, 0), row: 0 }; ROWS.len()];
    let mut i = 0;
    while i < ROWS.len() {
        let row = &ROWS[i];
        let entry = Entry { shape: Shape::new(const_method_code(row.method), row.param_mask, row.header_mask), row: i };
        let mut at = i;
        while at > 0 && entry.shape.0 < entries[at - 1].shape.0 {
            entries[at] = entries[at - 1];
            at -= 1;
        }
        entries[at] = entry;
        i += 1;
    }
    entries
}

static INDEX: [Entry; ROWS.len()] = build();

/// The rows of exactly this shape, in table order within it (one binary search).
pub fn rows(shape: Shape) -> impl Iterator<Item = &'static Row> {
    let start = INDEX.partition_point(|entry| entry.shape < shape);
    INDEX
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(move |entry| entry.shape == shape)
        .filter_map(|entry| ROWS.get(entry.row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_indexed_once_in_order() {
        let mut seen = vec![0; ROWS.len()];
        for pair in INDEX.windows(2) {
            assert!(pair[0].shape <= pair[1].shape);
        }
        for entry in &INDEX {
            seen[entry.row] += 1;
        }
        assert!(seen.iter().all(|&n| n == 1));
    }

    #[test]
    fn the_index_finds_what_a_scan_finds() {
        for row in ROWS {
            let code = method_code(row.method).unwrap();
            assert_eq!(METHODS[usize::from(code)], row.method);
            let shape = Shape::new(code, row.param_mask, row.header_mask);
            let found: Vec<_> = rows(shape).map(|r| r.operation).collect();
            let scanned: Vec<_> = ROWS
                .iter()
                .filter(|r| {
                    r.method == row.method && r.param_mask == row.param_mask && r.header_mask == row.header_mask
                })
                .map(|r| r.operation)
                .collect();
            assert_eq!(found, scanned, "{}", row.operation);
        }
        // A shape no row has finds nothing.
        assert_eq!(rows(Shape::new(3, 1, 0)).count(), 0, "OPTIONS ?accessPoint");
        assert_eq!(method_code("PATCH"), None);
    }

    #[test]
    fn every_method_has_an_operation() {
        for method in METHODS {
            assert!(ROWS.iter().any(|row| row.method == method), "{method}");
        }
    }
}
