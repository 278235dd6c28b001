//! Finding a star-free chunk of a wildcard pattern in a text: the leftmost place, at or
//! after an offset, where the chunk matches and ends at or before a limit. [`glob`]
//! cuts a pattern at its `*`s and looks for each middle chunk here.
//!
//! Three ways, by the chunk's shape, each linear in the text whatever the chunk:
//!
//! * **Short chunks** (at most [`SHORT`] bytes): tried at each character start in turn,
//!   a few byte compares each — at most `SHORT` steps per text byte, and the fastest way
//!   for the short chunks of real policies (`*/logs/*`, `*.jpg`).
//! * **Literal chunks** (no `?`, case-sensitive, a text in one slice): a substring
//!   search, [`memchr::memmem`] (Two-Way, vectorised), O(n + m) in the worst case.
//! * **Every other chunk** (with `?`, compared ASCII case-insensitively, or a text in
//!   parts): a bit-parallel automaton (*shift-and*) with one bit per chunk byte, read
//!   over the text once, byte by byte: O(n·⌈c/64⌉) for a chunk of c bytes. `?` is one
//!   character: its bit is set by a character's first byte and held over the
//!   continuation bytes that follow, and a match ends only where a character does.
//!
//! The automaton's state is ⌈c/64⌉ words, on the stack for chunks of up to 4,096 bytes
//! (every pattern within the default string limit of 4,095 bytes); only a longer chunk,
//! beyond the default limits, allocates them, once per search.
//!
//! [`glob`]: super::glob

use memchr::memmem;

use super::glob::{Case, Meter, is_continuation};
use super::text::Haystack;

/// The longest chunk tried position by position.
pub(crate) const SHORT: usize = 8;

/// The automaton words kept on the stack: chunks of up to 4,096 bytes.
const STACK_WORDS: usize = 64;

/// What [`leftmost`] looks for: the star-free, non-empty `chunk`, starting at or after
/// `from` and ending at or before `limit` (both character boundaries of the text).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Search<'p> {
    pub(crate) chunk: &'p [u8],
    pub(crate) from: usize,
    pub(crate) limit: usize,
    pub(crate) case: Case,
}

/// The end of the leftmost match of `search` in `text`.
pub(crate) fn leftmost<H: Haystack, M: Meter>(search: Search<'_>, text: H, meter: &mut M) -> Option<usize> {
    if search.chunk.len() <= SHORT {
        return each_position(search, text, meter);
    }
    match text.as_slice() {
        Some(bytes) if search.case == Case::Sensitive && !search.chunk.contains(&b'?') => {
            substring(search, bytes, meter)
        }
        _ => shift_and(search, text, meter),
    }
}

/// Tries the chunk at each character start from `from` on.
fn each_position<H: Haystack, M: Meter>(search: Search<'_>, text: H, meter: &mut M) -> Option<usize> {
    let Search { chunk, from, limit, case } = search;
    let mut start = from;
    while start < limit {
        meter.step();
        let b = text.byte(start)?;
        // A chunk starts on a character boundary, never inside a character.
        if !is_continuation(b)
            && let Some(end) = super::glob::forward(chunk, text, start, case, meter)
        {
            return (end <= limit).then_some(end);
        }
        start += 1;
    }
    None
}

/// A literal chunk by substring search. Every occurrence starts on a character boundary:
/// the chunk is whole characters, and its first byte is no continuation byte.
fn substring<M: Meter>(search: Search<'_>, bytes: &[u8], meter: &mut M) -> Option<usize> {
    let Search { chunk, from, limit, .. } = search;
    let haystack = bytes.get(from..limit)?;
    // Two-Way's bound: a small multiple of haystack plus needle (memchr's documented
    // worst case), counted as that many steps.
    meter.steps(haystack.len() + chunk.len());
    memmem::find(haystack, chunk).map(|at| from + at + chunk.len())
}

/// Any chunk, by shift-and: bit `i` of the state (word `i / 64`, bit `i % 64`) says that
/// the chunk's bytes `0..=i` match the text bytes ending at the one just read. Reading
/// byte `x`, every bit moves up one place (a fresh start enters at bit 0) and stays where
/// chunk byte `i` accepts `x`; a `?` bit also stays set over a continuation byte.
fn shift_and<H: Haystack, M: Meter>(search: Search<'_>, text: H, meter: &mut M) -> Option<usize> {
    let Search { chunk, from, limit, case } = search;
    let words = chunk.len().div_ceil(64);
    // The state, and the `?` bits of each word, which do not depend on the text: worked
    // out once rather than at every byte.
    let (mut state_on_stack, mut wild_on_stack) = ([0u64; STACK_WORDS], [0u64; STACK_WORDS]);
    let (mut state_on_heap, mut wild_on_heap) = (Vec::new(), Vec::new());
    let state = words_of(&mut state_on_stack, &mut state_on_heap, words);
    let wild = words_of(&mut wild_on_stack, &mut wild_on_heap, words);
    for (bits, block) in wild.iter_mut().zip(chunk.chunks(64)) {
        *bits = accepts(block, b'?', Case::Sensitive);
    }
    let last = chunk.len() - 1;
    let (last_word, last_bit) = (last / 64, last % 64);
    let mut at = from;
    while at < limit {
        let x = text.byte(at)?;
        let continuation = is_continuation(x);
        // A match may start at any byte: bit 0 accepts only a character's first byte.
        let mut carry = 1;
        for ((word, &wild), block) in state.iter_mut().zip(wild.iter()).zip(chunk.chunks(64)) {
            meter.step();
            let mut accept = accepts(block, x, case);
            if !continuation {
                accept |= wild;
            }
            let old = *word;
            *word = ((old << 1) | carry) & accept;
            if continuation {
                *word |= old & wild;
            }
            carry = old >> 63;
        }
        at += 1;
        let done = state.get(last_word).is_some_and(|word| word >> last_bit & 1 == 1);
        // The chunk's last character is complete once no continuation byte follows.
        if done && !text.byte(at).is_some_and(is_continuation) {
            return Some(at);
        }
    }
    None
}

/// `words` zeroed words: the first of `on_stack`, or `on_heap` grown to that many when
/// they do not fit (a chunk beyond the default limits).
fn words_of<'w>(on_stack: &'w mut [u64; STACK_WORDS], on_heap: &'w mut Vec<u64>, words: usize) -> &'w mut [u64] {
    if words <= STACK_WORDS {
        return on_stack.get_mut(..words).unwrap_or_default();
    }
    on_heap.resize(words, 0);
    on_heap
}

/// The bits of the bytes of `block` (at most 64) equal to `x`, ASCII letters of either
/// case under [`Case::AsciiInsensitive`]: sixteen bytes per vector compare.
#[inline]
fn accepts(block: &[u8], x: u8, case: Case) -> u64 {
    let mut mask = equal_bits(block, x);
    if case == Case::AsciiInsensitive && x.is_ascii_alphabetic() {
        mask |= equal_bits(block, x ^ 0x20);
    }
    mask
}

/// The bits of the bytes of `block` (at most 64) equal to `x`.
#[inline]
fn equal_bits(block: &[u8], x: u8) -> u64 {
    let wanted = wide::u8x16::splat(x);
    let mut mask = 0;
    for (i, group) in block.chunks(16).enumerate() {
        let bits = match group.first_chunk::<16>() {
            Some(group) => u64::from(wide::u8x16::new(*group).simd_eq(wanted).to_bitmask()),
            None => group.iter().enumerate().filter(|&(_, &b)| b == x).fold(0, |bits, (j, _)| bits | 1 << j),
        };
        mask |= bits << (16 * i);
    }
    mask
}
