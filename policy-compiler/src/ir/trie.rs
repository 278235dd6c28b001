//! The prefix trie of the resource index: built from (literal prefix, postings) pairs,
//! walked down a request's relative id.
//!
//! Labels are compressed (a chain of single-child nodes is one node) and children are
//! laid out consecutively, sorted by the first byte of their labels, so a walk is a label
//! comparison and a binary search per node. Building is iterative: a policy of long,
//! nested prefixes cannot exhaust the stack.

use oss_policy_runtime::matchers::Text;

use super::{Postings, TrieNode, to_u32};

/// Builds the trie over `keys`: sorted by key, keys distinct. Returns no node when there
/// are no keys.
pub(super) fn build(keys: Vec<(Vec<u8>, Postings)>) -> Vec<TrieNode> {
    if keys.is_empty() {
        return Vec::new();
    }
    let mut postings: Vec<Option<Postings>> = Vec::with_capacity(keys.len());
    let mut bytes: Vec<Vec<u8>> = Vec::with_capacity(keys.len());
    for (key, entries) in keys {
        bytes.push(key);
        postings.push(Some(entries));
    }
    let mut nodes = vec![TrieNode::default()];
    // Work: (node, keys lo..hi sharing their first `depth` bytes).
    let mut work = vec![(0usize, 0usize, bytes.len(), 0usize)];
    while let Some((node, lo, hi, depth)) = work.pop() {
        let (Some(first), Some(last)) = (bytes.get(lo), bytes.get(hi.saturating_sub(1))) else { continue };
        let shared = depth + common_prefix(first.get(depth..).unwrap_or(&[]), last.get(depth..).unwrap_or(&[]));
        let label = first.get(depth..shared).unwrap_or(&[]).to_vec();
        let mut start = lo;
        let mut own = Postings::default();
        if first.len() == shared {
            // INVARIANT (keys-sorted): the key that ends here sorts first among its range.
            own = postings.get_mut(lo).and_then(Option::take).unwrap_or_default();
            start += 1;
        }
        let first_child = nodes.len();
        let mut child_count = 0;
        let mut i = start;
        while i < hi {
            let byte = bytes.get(i).and_then(|key| key.get(shared)).copied();
            let mut j = i + 1;
            while j < hi && bytes.get(j).and_then(|key| key.get(shared)).copied() == byte {
                j += 1;
            }
            work.push((nodes.len(), i, j, shared));
            nodes.push(TrieNode::default());
            child_count += 1;
            i = j;
        }
        if let Some(slot) = nodes.get_mut(node) {
            slot.label = label;
            slot.postings = own;
            slot.first_child = to_u32(first_child);
            slot.child_count = child_count;
        }
    }
    link(&mut nodes);
    nodes
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Sets `up` and `candidates`. A child always has a larger index than its parent, so one
/// pass in index order sees every parent first.
fn link(nodes: &mut [TrieNode]) {
    if let Some(root) = nodes.first_mut() {
        root.candidates = to_u32(root.postings.len());
    }
    for parent in 0..nodes.len() {
        let Some(node) = nodes.get(parent) else { continue };
        let up = if node.postings.is_empty() { node.up } else { Some(to_u32(parent)) };
        let (inherited, first, count) = (node.candidates, node.first_child as usize, node.child_count as usize);
        for child in nodes.iter_mut().skip(first).take(count) {
            child.up = up;
            child.candidates = inherited.saturating_add(to_u32(child.postings.len()));
        }
    }
}

/// The deepest node with entries whose path is a prefix of `text`.
pub(crate) fn deepest(nodes: &[TrieNode], text: Text<'_>) -> Option<u32> {
    let mut node = 0usize;
    let mut at = 0;
    let mut found = None;
    loop {
        let current = nodes.get(node)?;
        if !text.has_at(at, &current.label) {
            return found;
        }
        at += current.label.len();
        if !current.postings.is_empty() {
            found = Some(to_u32(node));
        }
        let Some(next) = text.byte(at) else { return found };
        let first = current.first_child as usize;
        let children = nodes.get(first..first + current.child_count as usize).unwrap_or(&[]);
        match children.binary_search_by_key(&Some(next), |child| child.label.first().copied()) {
            Ok(i) => node = first + i,
            Err(_) => return found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Entry, Via};

    fn postings(statement: u32) -> Postings {
        Postings { deny: vec![], allow: vec![Entry { statement, via: Via::Rest(0) }] }
    }

    fn trie(keys: &[&str]) -> Vec<TrieNode> {
        let mut keys: Vec<(Vec<u8>, Postings)> =
            (0..).zip(keys).map(|(i, key)| (key.as_bytes().to_vec(), postings(i))).collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        build(keys)
    }

    /// The statements found along the chain from the deepest node.
    fn found(nodes: &[TrieNode], text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut node = deepest(nodes, Text::new(text));
        if let Some(n) = node {
            assert_eq!(nodes[n as usize].candidates as usize, {
                let mut count = 0;
                let mut m = Some(n);
                while let Some(k) = m {
                    count += nodes[k as usize].postings.len();
                    m = nodes[k as usize].up;
                }
                count
            });
        }
        while let Some(n) = node {
            out.extend(nodes[n as usize].postings.allow.iter().map(|e| e.statement));
            node = nodes[n as usize].up;
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn walks_find_every_key_that_prefixes_the_text() {
        let keys = ["bucket/user-1/", "bucket/user-2/", "bucket/", "bucket/user-10/", "b", "other/", "报告/", "报表/"];
        let nodes = trie(&keys);
        let rows: &[(&str, &[u32])] = &[
            ("bucket/user-1/a", &[0, 2, 4]),
            ("bucket/user-10/a", &[2, 3, 4]),
            ("bucket/user-2/", &[1, 2, 4]),
            ("bucket/user-3/a", &[2, 4]),
            ("bucket", &[4]),
            ("bucke", &[4]),
            ("", &[]),
            ("c", &[]),
            ("other/x", &[5]),
            ("报告/x", &[6]),
            ("报表/x", &[7]),
            ("报", &[]),
        ];
        for &(text, want) in rows {
            assert_eq!(found(&nodes, text), want, "{text}");
        }
    }

    #[test]
    fn labels_are_compressed_and_children_sorted() {
        let nodes = trie(&["abcd", "abcx", "abc"]);
        // root "abc" [2] with children "d" [0] and "x" [1].
        assert_eq!(nodes.len(), 3);
        assert_eq!(nodes[0].label, b"abc");
        assert_eq!((nodes[0].first_child, nodes[0].child_count), (1, 2));
        let labels: Vec<&[u8]> = nodes[1..].iter().map(|n| n.label.as_slice()).collect();
        assert_eq!(labels, [b"d", b"x"]);
        assert!(nodes[1..].iter().all(|n| n.up == Some(0) && n.candidates == 2));
        assert!(trie(&[]).is_empty());
        assert_eq!(deepest(&[], Text::new("x")), None);
    }

    #[test]
    fn deep_nesting_builds_without_recursion() {
        let keys: Vec<String> = (1..=3000).map(|n| "a".repeat(n)).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let nodes = trie(&refs);
        assert_eq!(nodes.len(), 3000);
        assert_eq!(found(&nodes, &"a".repeat(5000)).len(), 3000);
        assert_eq!(nodes[deepest(&nodes, Text::new(&"a".repeat(10))).unwrap() as usize].candidates, 10);
    }
}
