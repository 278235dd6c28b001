//! The known OSS actions (`data/oss-actions.txt`, from the vendor's authorization
//! reference) with their resource level, and their dense ids.
//!
//! Build time and run time must agree on action ids, so they live here, in one place:
//! an action's id is its position in [`KNOWN_ACTIONS`], sorted by the ASCII-lower-case
//! name. [`action_id`] finds a name case-insensitively through a hash table built at
//! compile time, without allocating.
//!
//! ```
//! use oss_policy_runtime::actions::{action_id, KNOWN_ACTIONS, ActionLevel};
//! let id = action_id("OSS:getobject").unwrap();
//! assert_eq!(KNOWN_ACTIONS[id as usize].name, "oss:GetObject");
//! assert_eq!(KNOWN_ACTIONS[id as usize].level, ActionLevel::Object);
//! assert_eq!(action_id("oss:GetObjet"), None);
//! ```

use core::cmp::Ordering;

/// Which resources an action works on (the second column of `oss-actions.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionLevel {
    /// The whole service (`acs:oss:*:*:*`).
    Service,
    /// A bucket ARN.
    Bucket,
    /// An object ARN (`bucket/key`).
    Object,
    /// A resource pool.
    ResourcePool,
    /// A vector bucket (`acs:ossvector`).
    Vector,
    /// Listed under both bucket and vector.
    BucketAndVector,
}

impl ActionLevel {
    /// The level as `oss-actions.txt` spells it (`bucket+vector` for both).
    pub const fn as_str(self) -> &'static str {
        match self {
            ActionLevel::Service => "service",
            ActionLevel::Bucket => "bucket",
            ActionLevel::Object => "object",
            ActionLevel::ResourcePool => "resource-pool",
            ActionLevel::Vector => "vector",
            ActionLevel::BucketAndVector => "bucket+vector",
        }
    }
}

/// A known OSS action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KnownAction {
    /// The canonical name, such as `oss:GetObject`.
    pub name: &'static str,
    /// Its resource level.
    pub level: ActionLevel,
}

/// An action's dense id: its index in [`KNOWN_ACTIONS`].
pub type ActionId = u16;

/// Every known OSS action, sorted by ASCII-lower-case name.
// INVARIANT (actions-sorted): sorted by `cmp_ignore_ascii_case` of the names, no two equal
// (tested); ids are positions, so the order is part of the wire format of generated code.
pub static KNOWN_ACTIONS: &[KnownAction] = &[
    KnownAction { name: "oss:AbortBucketWorm", level: ActionLevel::Bucket },
    KnownAction { name: "oss:AbortMultipartUpload", level: ActionLevel::Object },
    KnownAction { name: "oss:ActivateProduct", level: ActionLevel::Service },
    KnownAction { name: "oss:CloseMetaQuery", level: ActionLevel::Bucket },
    KnownAction { name: "oss:CompleteBucketWorm", level: ActionLevel::Bucket },
    KnownAction { name: "oss:CreateAccessPoint", level: ActionLevel::Bucket },
    KnownAction { name: "oss:CreateAccessPointForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:CreateBucketDataRedundancyTransition", level: ActionLevel::Bucket },
    KnownAction { name: "oss:CreateCnameToken", level: ActionLevel::Bucket },
    KnownAction { name: "oss:CreateOrder", level: ActionLevel::Service },
    KnownAction { name: "oss:DeleteAccessPoint", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteAccessPointForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteAccessPointPolicy", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteAccessPointPolicyForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteAccessPointPublicAccessBlock", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucket", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketCors", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketDataRedundancyTransition", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketEncryption", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketInventory", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketLifecycle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketLogging", level: ActionLevel::BucketAndVector },
    KnownAction { name: "oss:DeleteBucketOverwriteConfig", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketPolicy", level: ActionLevel::BucketAndVector },
    KnownAction { name: "oss:DeleteBucketPublicAccessBlock", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:DeleteBucketReplication", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:DeleteBucketTagging", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteBucketWebsite", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteCname", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteLiveChannel", level: ActionLevel::Object },
    KnownAction { name: "oss:DeleteObject", level: ActionLevel::Object },
    KnownAction { name: "oss:DeleteObjectTagging", level: ActionLevel::Object },
    KnownAction { name: "oss:DeleteObjectVersion", level: ActionLevel::Object },
    KnownAction { name: "oss:DeleteObjectVersionTagging", level: ActionLevel::Object },
    KnownAction { name: "oss:DeletePublicAccessBlock", level: ActionLevel::Service },
    KnownAction { name: "oss:DeleteResourcePoolRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:DeleteStyle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:DeleteVectorBucket", level: ActionLevel::Vector },
    KnownAction { name: "oss:DeleteVectorIndex", level: ActionLevel::Vector },
    KnownAction { name: "oss:DeleteVectors", level: ActionLevel::Vector },
    KnownAction { name: "oss:DoMetaQuery", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ExtendBucketWorm", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetAccessPoint", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetAccessPointConfigForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetAccessPointForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetAccessPointPolicy", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetAccessPointPolicyForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetAccessPointPublicAccessBlock", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketAccessMonitor", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketAcl", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketArchiveDirectRead", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketCors", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketDataRedundancyTransition", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketEncryption", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketHttpsConfig", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketInventory", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketLifecycle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketLocation", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketLogging", level: ActionLevel::BucketAndVector },
    KnownAction { name: "oss:GetBucketOverwriteConfig", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketPolicy", level: ActionLevel::BucketAndVector },
    KnownAction { name: "oss:GetBucketPolicyStatus", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketPublicAccessBlock", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:GetBucketReferer", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketReplication", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketReplicationLocation", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketReplicationProgress", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:GetBucketRequestPayment", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketResourceGroup", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketStat", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketTagging", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketTransferAcceleration", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketVersioning", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketWebsite", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetBucketWorm", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetCnameToken", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetLiveChannel", level: ActionLevel::Object },
    KnownAction { name: "oss:GetLiveChannelHistory", level: ActionLevel::Object },
    KnownAction { name: "oss:GetLiveChannelStat", level: ActionLevel::Object },
    KnownAction { name: "oss:GetMetaQueryStatus", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetObject", level: ActionLevel::Object },
    KnownAction { name: "oss:GetObjectAcl", level: ActionLevel::Object },
    KnownAction { name: "oss:GetObjectTagging", level: ActionLevel::Object },
    KnownAction { name: "oss:GetObjectVersion", level: ActionLevel::Object },
    KnownAction { name: "oss:GetObjectVersionAcl", level: ActionLevel::Object },
    KnownAction { name: "oss:GetObjectVersionTagging", level: ActionLevel::Object },
    KnownAction { name: "oss:GetPublicAccessBlock", level: ActionLevel::Service },
    KnownAction { name: "oss:GetResourcePoolInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:GetResourcePoolRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:GetStyle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetUserAntiDDosInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:GetVectorBucket", level: ActionLevel::Vector },
    KnownAction { name: "oss:GetVectorIndex", level: ActionLevel::Vector },
    KnownAction { name: "oss:GetVectors", level: ActionLevel::Vector },
    KnownAction { name: "oss:GetVodPlaylist", level: ActionLevel::Object },
    KnownAction { name: "oss:InitBucketAntiDDosInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:InitiateBucketWorm", level: ActionLevel::Bucket },
    KnownAction { name: "oss:InitUserAntiDDosInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListAccessPoints", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListAccessPointsForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListBucketAntiDDosInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListBucketDataRedundancyTransition", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListBucketRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:ListBuckets", level: ActionLevel::Service },
    KnownAction { name: "oss:ListCname", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListLiveChannel", level: ActionLevel::Object },
    KnownAction { name: "oss:ListMultipartUploads", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListObjects", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListObjectVersions", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListParts", level: ActionLevel::Object },
    KnownAction { name: "oss:ListResourcePoolBuckets", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:ListResourcePoolRequesterQoSInfos", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:ListResourcePools", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:ListStyle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ListUserDataRedundancyTransition", level: ActionLevel::Service },
    KnownAction { name: "oss:ListVectorBuckets", level: ActionLevel::Vector },
    KnownAction { name: "oss:ListVectorIndexes", level: ActionLevel::Vector },
    KnownAction { name: "oss:ListVectors", level: ActionLevel::Vector },
    KnownAction { name: "oss:OpenMetaQuery", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PostProcessTask", level: ActionLevel::Object },
    KnownAction { name: "oss:PostVodPlaylist", level: ActionLevel::Object },
    KnownAction { name: "oss:ProcessImm", level: ActionLevel::Object },
    KnownAction { name: "oss:PublishRtmpStream", level: ActionLevel::Object },
    KnownAction { name: "oss:PutAccessPointConfigForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutAccessPointPolicy", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutAccessPointPolicyForObjectProcess", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutAccessPointPublicAccessBlock", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucket", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketAccessMonitor", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketAcl", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketArchiveDirectRead", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketCors", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketEncryption", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketHttpsConfig", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketInventory", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketLifecycle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketLogging", level: ActionLevel::BucketAndVector },
    KnownAction { name: "oss:PutBucketOverwriteConfig", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketPolicy", level: ActionLevel::BucketAndVector },
    KnownAction { name: "oss:PutBucketPublicAccessBlock", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:PutBucketReferer", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketReplication", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:PutBucketRequestPayment", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketResourceGroup", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketRTC", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketTagging", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketTransferAcceleration", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketVersioning", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutBucketWebsite", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutCname", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutLiveChannel", level: ActionLevel::Object },
    KnownAction { name: "oss:PutLiveChannelStatus", level: ActionLevel::Object },
    KnownAction { name: "oss:PutObject", level: ActionLevel::Object },
    KnownAction { name: "oss:PutObjectAcl", level: ActionLevel::Object },
    KnownAction { name: "oss:PutObjectTagging", level: ActionLevel::Object },
    KnownAction { name: "oss:PutObjectVersionAcl", level: ActionLevel::Object },
    KnownAction { name: "oss:PutObjectVersionTagging", level: ActionLevel::Object },
    KnownAction { name: "oss:PutPublicAccessBlock", level: ActionLevel::Service },
    KnownAction { name: "oss:PutResourcePoolRequesterQoSInfo", level: ActionLevel::ResourcePool },
    KnownAction { name: "oss:PutStyle", level: ActionLevel::Bucket },
    KnownAction { name: "oss:PutVectorBucket", level: ActionLevel::Vector },
    KnownAction { name: "oss:PutVectorIndex", level: ActionLevel::Vector },
    KnownAction { name: "oss:PutVectors", level: ActionLevel::Vector },
    KnownAction { name: "oss:QueryVectors", level: ActionLevel::Vector },
    KnownAction { name: "oss:ReplicateDelete", level: ActionLevel::Object },
    KnownAction { name: "oss:ReplicateGet", level: ActionLevel::Object },
    KnownAction { name: "oss:ReplicateList", level: ActionLevel::Bucket },
    KnownAction { name: "oss:ReplicatePut", level: ActionLevel::Object },
    KnownAction { name: "oss:RestoreObject", level: ActionLevel::Object },
    KnownAction { name: "oss:RestoreObjectVersion", level: ActionLevel::Object },
    KnownAction { name: "oss:UpdateBucketAntiDDosInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:UpdateUserAntiDDosInfo", level: ActionLevel::Bucket },
    KnownAction { name: "oss:WriteGetObjectResponse", level: ActionLevel::Bucket },
];

/// Compares two names ASCII case-insensitively, byte by byte, without allocating.
pub fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The id of a known action, matched ASCII case-insensitively; `None` for any other
/// string. Never allocates: one hash of the name (its length and its first and last
/// eight bytes, folded to lower case), and usually one probe, which compares those two
/// words and the length with the ones the slot keeps (and, for a name longer than
/// sixteen bytes, its middle with the table's spelling); only a name spelled otherwise
/// (another case, or unknown) takes a second, case-insensitive probe. Always inlined
/// (some thirty instructions): a call would cost a sixth of a generated check.
#[inline(always)]
pub fn action_id(name: &str) -> Option<ActionId> {
    let bytes = name.as_bytes();
    // INVARIANT (names-are-long): every known name has at least eight bytes (checked at
    // compile time, by `build_action_table`), so a shorter string is none of them, in any case.
    let (Some(head), Some(tail)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) else { return None };
    let (head, tail) = (u64::from_le_bytes(*head), u64::from_le_bytes(*tail));
    let start = folded_hash(head, tail, bytes.len());
    // Requests almost always spell the action as the table does. This loop makes no
    // call, so the usual lookup is a hash, a slot and three compares.
    for slot in probe(start) {
        if slot.head == head && slot.tail == tail && slot.len == bytes.len() && slot.middle_is(bytes) {
            return Some(slot.id);
        }
    }
    action_id_ignoring_case(name, start)
}

/// [`action_id`] for a name not spelled as the table spells it: the same probe, each
/// candidate compared ASCII case-insensitively.
#[cold]
#[inline(never)]
fn action_id_ignoring_case(name: &str, start: usize) -> Option<ActionId> {
    probe(start).find(|slot| slot.name().eq_ignore_ascii_case(name)).map(|slot| slot.id)
}

/// The table's full slots from `start` on, up to the first empty one.
#[inline]
fn probe(start: usize) -> impl Iterator<Item = &'static Slot> {
    // INVARIANT (table-has-holes): fewer actions than slots, so a probe meets an empty
    // slot; the bound only makes termination evident.
    (0..TABLE_SLOTS)
        .map_while(move |probe| ACTION_TABLE.get(start.wrapping_add(probe) & TABLE_MASK))
        .take_while(|slot| slot.id != EMPTY_SLOT)
}

/// A slot of the action hash table: a known action's id, with what a lookup compares
/// first kept beside it, so that the usual probe reads one slot and no name.
#[derive(Clone, Copy)]
struct Slot {
    /// The name's first eight bytes, little-endian.
    head: u64,
    /// Its last eight bytes, little-endian (they overlap `head` below sixteen bytes).
    tail: u64,
    /// Its length in bytes.
    len: usize,
    /// The action's id; `EMPTY_SLOT` in an empty slot.
    id: ActionId,
}

impl Slot {
    const EMPTY: Slot = Slot { head: 0, tail: 0, len: 0, id: EMPTY_SLOT };

    /// The action's name (`""` for an empty slot).
    fn name(&self) -> &'static str {
        KNOWN_ACTIONS.get(usize::from(self.id)).map_or("", |known| known.name)
    }

    /// Whether `bytes`, as long as the name and with its first and last eight bytes,
    /// has its middle too: always, up to sixteen bytes; else compared eight bytes at a
    /// time, without a call (`memcmp` would cost more than these short names).
    #[inline]
    fn middle_is(&self, bytes: &[u8]) -> bool {
        if bytes.len() <= 16 {
            return true;
        }
        let (mut name, mut rest) = (self.name().as_bytes(), bytes);
        while let (Some((x, name_tail)), Some((y, rest_tail))) =
            (name.split_first_chunk::<8>(), rest.split_first_chunk::<8>())
        {
            if x != y {
                return false;
            }
            (name, rest) = (name_tail, rest_tail);
        }
        // The last one to seven bytes lie in the tail word, already compared.
        true
    }
}

/// Slots of the action hash table: a power of two, more than twice the known actions.
const TABLE_SLOTS: usize = (KNOWN_ACTIONS.len() * 2).next_power_of_two();
const TABLE_MASK: usize = TABLE_SLOTS - 1;
/// What an empty slot holds: no action's id (checked at compile time).
const EMPTY_SLOT: ActionId = ActionId::MAX;
const _: () = assert!(KNOWN_ACTIONS.len() <= EMPTY_SLOT as usize, "an action id would be taken for an empty slot");

/// Open addressing with linear probing, built at compile time: each known action at the
/// first free slot from the hash of its name.
static ACTION_TABLE: [Slot; TABLE_SLOTS] = build_action_table();

#[expect(clippy::indexing_slicing, reason = "evaluated at compile time: a bad index fails the build")]
#[expect(clippy::panic, reason = "evaluated at compile time: a name too short to hash fails the build")]
const fn build_action_table() -> [Slot; TABLE_SLOTS] {
    let mut table = [Slot::EMPTY; TABLE_SLOTS];
    let mut id = 0;
    while id < KNOWN_ACTIONS.len() {
        let name = KNOWN_ACTIONS[id].name.as_bytes();
        // INVARIANT (names-are-long): a name shorter than eight bytes fails the build here.
        let (Some(head), Some(tail)) = (name.first_chunk::<8>(), name.last_chunk::<8>()) else {
            panic!("a known action name is shorter than eight bytes")
        };
        let (head, tail) = (u64::from_le_bytes(*head), u64::from_le_bytes(*tail));
        let mut slot = folded_hash(head, tail, name.len()) & TABLE_MASK;
        while table[slot].id != EMPTY_SLOT {
            slot = (slot + 1) & TABLE_MASK;
        }
        table[slot] = Slot { head, tail, len: name.len(), id: id as ActionId };
        id += 1;
    }
    table
}

/// A hash that ignores ASCII case, of a name's length and its first and last eight bytes
/// (`head` and `tail`, little-endian; they overlap for names shorter than sixteen bytes),
/// each byte with bit `0x20` set: that maps `A`-`Z` onto `a`-`z`; other bytes may
/// collide, which probing absorbs.
#[inline]
const fn folded_hash(head: u64, tail: u64, len: usize) -> usize {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
    let hash = (((head | FOLD) ^ len as u64).wrapping_mul(MIX) ^ (tail | FOLD)).wrapping_mul(MIX);
    // A multiplicative hash: its high bits are the well-mixed ones.
    (hash >> (u64::BITS - TABLE_SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_duplicates() {
        for pair in KNOWN_ACTIONS.windows(2) {
            if let [a, b] = pair {
                assert_eq!(cmp_ignore_ascii_case(a.name, b.name), Ordering::Less, "{} / {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn probes_are_short() {
        // The hash spreads the known names: each is found within a few slots of its
        // start (a degenerate hash would send them all down one long run).
        let mut longest = 0;
        for known in KNOWN_ACTIONS {
            let name = known.name.as_bytes();
            let (head, tail) = (name.first_chunk::<8>().unwrap(), name.last_chunk::<8>().unwrap());
            let start = folded_hash(u64::from_le_bytes(*head), u64::from_le_bytes(*tail), name.len());
            let probes = probe(start).position(|slot| slot.name() == known.name).unwrap() + 1;
            longest = longest.max(probes);
        }
        assert!(longest <= 8, "{longest} probes");
    }

    #[test]
    fn every_action_finds_its_own_id() {
        for (i, known) in KNOWN_ACTIONS.iter().enumerate() {
            assert_eq!(action_id(known.name).map(usize::from), Some(i));
            assert_eq!(action_id(&known.name.to_ascii_uppercase()).map(usize::from), Some(i));
        }
        assert_eq!(action_id(""), None);
        assert_eq!(action_id("oss:*"), None);
        // Near misses: in the middle of a long name (its first and last eight bytes and
        // its length agree), in a word, short strings, and a byte that folds to `:`.
        let near_misses = [
            "oss:GetObjec",
            "oss:GetObjectt",
            "oss:GetObject ",
            "xoss:GetObject",
            "oss:GétObject",
            "oss:DeleteAccessPointPolicyXorObjectProcess",
            "oss:GetObjectAcm",
            "oss:Get",
            "oss",
            "oss\x1aGetObject",
        ];
        for near_miss in near_misses {
            assert_eq!(action_id(near_miss), None, "{near_miss}");
        }
        let used = ACTION_TABLE.iter().filter(|slot| slot.id != EMPTY_SLOT).count();
        assert_eq!(used, KNOWN_ACTIONS.len());
    }
}
