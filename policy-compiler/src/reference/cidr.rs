//! IP addresses and CIDR blocks for `IpAddress` / `NotIpAddress` (docs/SPEC.md section 3).
//!
//! A policy value is an address (`192.168.0.1`, `2001:db8::1`) or a block
//! (`192.168.0.0/16`, `2001:db8::/32`); an address alone is a block of one. The host
//! bits of a block are ignored: `10.1.2.3/8` is `10.0.0.0/8`. A request value is an
//! address only. An IPv4 address is never inside an IPv6 block, nor the reverse, with
//! one exception: IPv4-mapped IPv6 is IPv4. A request's `::ffff:10.0.0.1` is the IPv4
//! address `10.0.0.1`, and a policy block inside `::ffff:0:0/96` whose prefix is 96 or
//! more (so that all of its first 96 bits are the mapping's) is the IPv4 block of its
//! last 32 bits, with 96 fewer prefix bits: `::ffff:10.0.0.0/104` is `10.0.0.0/8`.
//!
//! Address text is read by the standard library's parsers; the block arithmetic is ours.

use core::net::IpAddr;

/// An address block: the addresses that agree with `address` on its first `prefix_len`
/// bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Block {
    address: IpAddr,
    prefix_len: u32,
}

/// The block `text` names: `address` or `address/prefix-length`.
pub(super) fn parse_block(text: &str) -> Option<Block> {
    let (address, prefix_len) = match text.split_once('/') {
        Some((address, len)) => (address, Some(len)),
        None => (text, None),
    };
    let address: IpAddr = address.parse().ok()?;
    let bits = address_bits(address);
    let prefix_len = match prefix_len {
        None => bits,
        Some(len) if !len.is_empty() && len.len() <= 3 && len.chars().all(|c| c.is_ascii_digit()) => {
            len.parse().ok()?
        }
        Some(_) => return None,
    };
    if prefix_len > bits {
        return None;
    }
    // The mapped block: all 96 bits of `::ffff:0:0/96` inside the prefix.
    if let (IpAddr::V6(v6), Some(v4_prefix)) = (address, prefix_len.checked_sub(96))
        && let Some(v4) = v6.to_ipv4_mapped()
    {
        return Some(Block { address: IpAddr::V4(v4), prefix_len: v4_prefix });
    }
    Some(Block { address, prefix_len })
}

/// The address `text` names, IPv4 or IPv6; an IPv4-mapped IPv6 address is the IPv4
/// address it maps.
pub(super) fn parse_address(text: &str) -> Option<IpAddr> {
    match text.parse().ok()? {
        IpAddr::V6(v6) => Some(v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4)),
        v4 => Some(v4),
    }
}

/// Whether `address` lies inside `block`.
pub(super) fn contains(block: Block, address: IpAddr) -> bool {
    // The addresses agree on the first `len` of their `width` bits when, XOR-ed, nothing
    // is left once the other bits are shifted out.
    let agree = |a: u128, b: u128, width: u32| (a ^ b).checked_shr(width - block.prefix_len).unwrap_or(0) == 0;
    match (block.address, address) {
        (IpAddr::V4(network), IpAddr::V4(address)) => agree(u32::from(network).into(), u32::from(address).into(), 32),
        (IpAddr::V6(network), IpAddr::V6(address)) => agree(network.into(), address.into(), 128),
        // No other mapping between the families.
        (IpAddr::V4(_), IpAddr::V6(_)) | (IpAddr::V6(_), IpAddr::V4(_)) => false,
    }
}

/// How many bits an address of this family has.
fn address_bits(address: IpAddr) -> u32 {
    match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

#[cfg(test)]
mod tests {
    use super::{contains, parse_address, parse_block};

    #[test]
    fn contains_follows_the_spec() {
        let cases = [
            ("192.168.0.0/16", "192.168.3.4", true),
            ("192.168.0.0/16", "192.169.0.1", false),
            ("10.1.2.3/8", "10.200.0.1", true),
            ("10.1.2.3/8", "11.0.0.0", false),
            ("10.0.0.1", "10.0.0.1", true),
            ("10.0.0.1", "10.0.0.2", false),
            ("10.0.0.1/32", "10.0.0.1", true),
            ("10.0.0.0/31", "10.0.0.1", true),
            ("10.0.0.0/31", "10.0.0.2", false),
            ("0.0.0.0/0", "203.0.113.5", true),
            ("2001:db8::/32", "2001:db8:1::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("2001:db8::1", "2001:db8::1", true),
            ("2001:db8::1/128", "2001:db8::2", false),
            ("::/0", "2001:db8::1", true),
            ("2001:db8::ffff/127", "2001:db8::fffe", true),
            // No mapping between IPv4 and IPv6 ...
            ("0.0.0.0/0", "::1", false),
            ("::/0", "10.0.0.1", false),
            ("::/0", "::ffff:10.0.0.1", false),
            ("::ffff:0:0/95", "10.0.0.1", false),
            ("::/96", "10.0.0.1", false),
            ("10.0.0.0/8", "::10.0.0.1", false),
            // ... but IPv4-mapped IPv6 is IPv4 (docs/SPEC.md section 3), in the request and in
            // a block of prefix 96 or more.
            ("10.0.0.0/8", "::ffff:10.0.0.1", true),
            ("11.0.0.0/8", "::ffff:10.0.0.1", false),
            ("::ffff:10.0.0.0/104", "10.0.0.1", true),
            ("::ffff:10.0.0.0/104", "11.0.0.1", false),
            ("::ffff:10.0.0.0/104", "::ffff:10.0.0.1", true),
            ("::ffff:10.0.0.1", "10.0.0.1", true),
            ("::ffff:0:0/96", "203.0.113.5", true),
        ];
        for (block, address, want) in cases {
            let block_value = parse_block(block).unwrap();
            let address_value = parse_address(address).unwrap();
            assert_eq!(contains(block_value, address_value), want, "{address} in {block}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_address_or_block() {
        for text in [
            "",
            "10.0.0.0/",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/+8",
            "10.0.0.0/-1",
            "10.0.0.0/8/8",
            "10.0.0",
            "x",
            "/8",
        ] {
            assert_eq!(parse_block(text), None, "{text:?}");
        }
        for text in ["", "10.0.0.0/8", "10.0.0.256", "1.2.3", "fe80::1%eth0", " 10.0.0.1"] {
            assert_eq!(parse_address(text), None, "{text:?}");
        }
    }
}
