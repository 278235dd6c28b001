//! CIDR sets: is an address inside any of a list of blocks?
//!
//! Blocks are parsed once, when the policy is compiled ([`IpBlock::parse`]); host bits are
//! already cleared, so a test is a mask and a compare per block. IPv4 addresses never
//! fall in IPv6 blocks nor the reverse (docs/SPEC.md section 3).
//!
//! ```
//! use oss_policy_runtime::matchers::ip::contains_any;
//! use oss_policy_runtime::value::IpBlock;
//! let blocks = [IpBlock::parse("10.0.0.0/8").unwrap(), IpBlock::parse("2001:db8::/32").unwrap()];
//! assert!(contains_any(&blocks, "10.1.2.3".parse().unwrap()));
//! assert!(contains_any(&blocks, "2001:db8::1".parse().unwrap()));
//! assert!(!contains_any(&blocks, "11.0.0.1".parse().unwrap()));
//! ```

use core::net::IpAddr;

use crate::value::IpBlock;

/// Whether `addr` lies inside any of `blocks`. Never allocates.
#[inline]
pub fn contains_any(blocks: &[IpBlock], addr: IpAddr) -> bool {
    blocks.iter().any(|block| block.contains(addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_table() {
        let blocks: Vec<IpBlock> = ["192.168.0.0/16", "10.1.2.3/8", "203.0.113.5", "fd00::/8"]
            .iter()
            .map(|b| IpBlock::parse(b).unwrap())
            .collect();
        let rows = [
            ("192.168.255.1", true),
            ("192.169.0.1", false),
            ("10.200.3.4", true),
            ("203.0.113.5", true),
            ("203.0.113.6", false),
            ("fd12::1", true),
            ("fe80::1", false),
            ("::ffff:192.168.0.1", false),
        ];
        for (addr, want) in rows {
            assert_eq!(contains_any(&blocks, addr.parse().unwrap()), want, "{addr}");
        }
        assert!(!contains_any(&[], "1.2.3.4".parse().unwrap()));
    }
}
