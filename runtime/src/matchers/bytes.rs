//! Byte-level helpers of the matchers: comparing short slices, and finding bytes eight at
//! a time (an ARN's colons, a pattern's wildcards), without allocating.

/// Whether `a` and `b` are the same bytes: two overlapping words for eight to sixteen
/// bytes, and sixteen-byte blocks past that. The ids, ARNs and labels the matchers compare
/// are short; where one is a literal of generated code its length is a constant and the
/// blocks unroll, and where it is not, they save a call to `memcmp`.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), b.first_chunk::<8>(), a.last_chunk::<8>(), b.last_chunk::<8>()) {
        // Two overlapping words cover eight to sixteen bytes.
        (Some(a0), Some(b0), Some(a1), Some(b1)) if a.len() <= 16 => a0 == b0 && a1 == b1,
        (None, ..) => a.iter().zip(b).all(|(x, y)| x == y),
        // Sixteen-byte blocks: unrolled for a constant length, and no `memcmp` call for a
        // length known only at run time (the in-memory engine's patterns).
        _ => same_blocks(a, b),
    }
}

/// [`same`] for two slices of the same length, more than sixteen bytes: sixteen bytes at
/// a time, then the last sixteen (which cover any remainder).
#[inline]
fn same_blocks(a: &[u8], b: &[u8]) -> bool {
    let (mut rest_a, mut rest_b) = (a, b);
    while let (Some((x, tail_a)), Some((y, tail_b))) =
        (rest_a.split_first_chunk::<16>(), rest_b.split_first_chunk::<16>())
    {
        if x != y {
            return false;
        }
        (rest_a, rest_b) = (tail_a, tail_b);
    }
    a.last_chunk::<16>() == b.last_chunk::<16>()
}

/// Calls `found` with the offset of every byte of `bytes` that is `a` or `b`, in order,
/// until it returns `false`.
#[inline]
pub(crate) fn each_of(bytes: &[u8], a: u8, b: u8, mut found: impl FnMut(usize) -> bool) {
    let (a_word, b_word) = (splat(a), splat(b));
    let mut rest = bytes;
    let mut base = 0;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let word = u64::from_le_bytes(*word);
        let mut hits = zero_bytes(word ^ a_word) | zero_bytes(word ^ b_word);
        while hits != 0 {
            if !found(base + hits.trailing_zeros() as usize / 8) {
                return;
            }
            hits &= hits - 1;
        }
        rest = tail;
        base += 8;
    }
    for (at, &byte) in rest.iter().enumerate() {
        if (byte == a || byte == b) && !found(base + at) {
            return;
        }
    }
}

/// The offset of the first byte of `bytes` that is `a` or `b`.
#[inline]
pub(crate) fn first_of(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut first = None;
    each_of(bytes, a, b, |at| {
        first = Some(at);
        false
    });
    first
}

/// The high bit of each byte of `word` (eight bytes, little-endian) that is a colon.
#[inline]
pub(crate) const fn colon_bytes(word: u64) -> u64 {
    zero_bytes(word ^ splat(b':'))
}

/// `byte` in each of the eight bytes of a word.
const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each zero byte of `x`, and only of those: no carry crosses bytes, as
/// each byte's low seven bits plus 0x7f stay below 0x100.
const fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_compares_every_length() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:/0123456789";
        for len in 0..text.len() {
            let a = &text.as_bytes()[..len];
            assert!(same(a, a), "{len}");
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 1;
                assert!(!same(a, &b), "{len} {at}");
            }
            assert!(!same(a, &text.as_bytes()[..len + 1]), "{len}");
        }
    }

    #[test]
    fn bytes_are_found_at_every_offset() {
        // Every mix of targets and other bytes (0x80 and 0xff included, which a borrow
        // across bytes would confuse) over lengths that cover whole words and tails.
        let others = [b'x', 0x80, 0xff, 0x00, b'*' + 1];
        for len in 0..20 {
            for seed in 0..64u32 {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| match (seed.wrapping_mul(2654435761).rotate_left(i as u32) >> 29) % 4 {
                        0 => b'*',
                        1 => b'?',
                        n => others[(i + n as usize) % others.len()],
                    })
                    .collect();
                let want: Vec<usize> = (0..len).filter(|&i| bytes[i] == b'*' || bytes[i] == b'?').collect();
                let mut got = Vec::new();
                each_of(&bytes, b'*', b'?', |at| {
                    got.push(at);
                    true
                });
                assert_eq!(got, want, "{bytes:?}");
                assert_eq!(first_of(&bytes, b'*', b'?'), want.first().copied(), "{bytes:?}");
                let mut two = Vec::new();
                each_of(&bytes, b'*', b'?', |at| {
                    two.push(at);
                    two.len() < 2
                });
                assert_eq!(two, want.iter().copied().take(2).collect::<Vec<_>>(), "{bytes:?}");
            }
        }
    }
}
