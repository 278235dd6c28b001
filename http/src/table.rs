//! The OSS REST operations: for each, the row of `data/oss-operations.tsv` (method and
//! path with its sub-resource), where it is addressed (service, bucket, object), what
//! tells it apart from the operations that share its method and path, and the RAM action
//! it needs.
//!
//! The table is Rust data, not generated: each row also says things the TSV does not (the
//! selectors, the scope, the action), and a reader sees the whole routing rule of an
//! operation on one line. `tests/tables.rs` checks it against both data files: every TSV
//! row is here with its method and path, every sub-resource of the path is a selector of
//! the row, and the action is the one `data/oss-actions.txt` names for the operation.
//!
//! **Actions.** The base action is the one `oss-actions.txt` (column 3) lists the
//! operation under; the special cases (versions, copy sources, tagging headers,
//! multi-delete keys) are in [`crate::checks`](mod@crate::checks). Operations that file gives no action
//! are [`Rule::Unknown`]: classified, never authorized, answered `NotImplemented` (a
//! guess such as "PutBucketHash needs PutBucket" could grant what the service does not).
//! `DescribeRegions` and the CORS preflight `OptionObject` are [`Rule::Free`]: the
//! service answers them without authorizing.

use crate::routes::Selector::{self, Header as H, Is as V, OneOf, Param as P};
use crate::routes::{header_mask, param_mask};

/// Where an operation is addressed; a bit set (`SERVICE | BUCKET`).
pub type Scope = u8;
/// `GET /` on the service endpoint: no bucket.
pub const SERVICE: Scope = 1;
/// A bucket, no key.
pub const BUCKET: Scope = 2;
/// An object (or a live channel) of a bucket.
pub const OBJECT: Scope = 4;

/// How an operation is authorized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The RAM action it needs (before the special cases of [`crate::checks`](mod@crate::checks)).
    Action(&'static str),
    /// The service answers it without authorizing (no checks).
    Free,
    /// `oss-actions.txt` gives it no action: no checks, and a gateway must not serve it
    /// as if allowed (answer `NotImplemented`).
    Unknown,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The operation.
    pub operation: Operation,
    /// Its HTTP method.
    pub method: &'static str,
    /// Its path in `data/oss-operations.tsv` (`/?acl`, `/{key}?tagging`).
    pub tsv_path: &'static str,
    /// Where it is addressed.
    pub scope: Scope,
    /// What must be present for it (and nothing that selects another operation).
    pub selectors: &'static [Selector],
    /// The selector parameters it names, as bits of [`crate::routes::SELECTOR_PARAMS`].
    pub param_mask: u128,
    /// The selector headers it names, as bits of [`crate::routes::SELECTOR_HEADERS`].
    pub header_mask: u8,
    /// How it is authorized.
    pub rule: Rule,
}

const fn a(action: &'static str) -> Rule {
    Rule::Action(action)
}

const FREE: Rule = Rule::Free;
const UNKNOWN: Rule = Rule::Unknown;
const SB: Scope = SERVICE | BUCKET;
const BO: Scope = BUCKET | OBJECT;

macro_rules! operations {
    ($($name:ident $method:ident $path:literal $scope:ident [$($sel:expr),*] $rule:expr;)*) => {
        /// An OSS REST operation (the names of `data/oss-operations.tsv`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum Operation {
            $($name,)*
        }

        impl Operation {
            /// The operation's name, as the vendor spells it.
            pub const fn name(self) -> &'static str {
                match self { $(Operation::$name => stringify!($name),)* }
            }

            /// The operation's row.
            pub const fn row(self) -> &'static Row {
                match self {
                    $(Operation::$name => &const { Row {
                        operation: Operation::$name,
                        method: stringify!($method),
                        tsv_path: $path,
                        scope: $scope,
                        selectors: &[$($sel),*],
                        param_mask: param_mask(&[$($sel),*]),
                        header_mask: header_mask(&[$($sel),*]),
                        rule: $rule,
                    } },)*
                }
            }
        }

        /// Every operation's row, in `data/oss-operations.tsv` order.
        pub const ROWS: &[Row] = &[$(*Operation::$name.row(),)*];
    };
}

impl Operation {
    /// The operation named `name` (exact spelling).
    pub fn from_name(name: &str) -> Option<Operation> {
        ROWS.iter().find(|row| row.operation.name() == name).map(|row| row.operation)
    }
}

impl core::fmt::Display for Operation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

const AP_HEADER: &str = "x-oss-access-point-name";
const OP_HEADER: &str = "x-oss-access-point-for-object-process-name";
const TASK: &str = "x-oss-redundancy-transition-taskid";
const COPY: &str = "x-oss-copy-source";

operations! {
    ListBuckets GET "/" SERVICE [] a("oss:ListBuckets");
    DescribeRegions GET "/?regions" SERVICE [P("regions")] FREE;
    GetBucketStat GET "/?stat" BUCKET [P("stat")] a("oss:GetBucketStat");
    PutBucket PUT "/" BUCKET [] a("oss:PutBucket");
    DeleteBucket DELETE "/" BUCKET [] a("oss:DeleteBucket");
    ListObjects GET "/" BUCKET [] a("oss:ListObjects");
    ListObjectsV2 GET "/?list-type=2" BUCKET [V("list-type", "2")] a("oss:ListObjects");
    GetBucketInfo GET "/?bucketInfo" BUCKET [P("bucketInfo")] a("oss:GetBucketInfo");
    GetBucketLocation GET "/?location" BUCKET [P("location")] a("oss:GetBucketLocation");
    ListAccessPoints GET "/?accessPoint" SB [P("accessPoint")] a("oss:ListAccessPoints");
    GetAccessPoint GET "/?accessPoint" BUCKET [P("accessPoint"), H(AP_HEADER)] a("oss:GetAccessPoint");
    GetAccessPointPolicy GET "/?accessPointPolicy" BUCKET [P("accessPointPolicy"), H(AP_HEADER)] a("oss:GetAccessPointPolicy");
    DeleteAccessPointPolicy DELETE "/?accessPointPolicy" BUCKET [P("accessPointPolicy"), H(AP_HEADER)] a("oss:DeleteAccessPointPolicy");
    PutAccessPointPolicy PUT "/?accessPointPolicy" BUCKET [P("accessPointPolicy"), H(AP_HEADER)] a("oss:PutAccessPointPolicy");
    DeleteAccessPoint DELETE "/?accessPoint" BUCKET [P("accessPoint"), H(AP_HEADER)] a("oss:DeleteAccessPoint");
    CreateAccessPoint PUT "/?accessPoint" BUCKET [P("accessPoint")] a("oss:CreateAccessPoint");
    InitiateBucketWorm POST "/?worm" BUCKET [P("worm")] a("oss:InitiateBucketWorm");
    AbortBucketWorm DELETE "/?worm" BUCKET [P("worm")] a("oss:AbortBucketWorm");
    CompleteBucketWorm POST "/" BUCKET [P("wormId")] a("oss:CompleteBucketWorm");
    ExtendBucketWorm POST "/?wormExtend" BUCKET [P("wormExtend"), P("wormId")] a("oss:ExtendBucketWorm");
    GetBucketWorm GET "/?worm" BUCKET [P("worm")] a("oss:GetBucketWorm");
    PutBucketAcl PUT "/?acl" BUCKET [P("acl")] a("oss:PutBucketAcl");
    GetBucketAcl GET "/?acl" BUCKET [P("acl")] a("oss:GetBucketAcl");
    PutBucketLifecycle PUT "/?lifecycle" BUCKET [P("lifecycle")] a("oss:PutBucketLifecycle");
    GetBucketLifecycle GET "/?lifecycle" BUCKET [P("lifecycle")] a("oss:GetBucketLifecycle");
    DeleteBucketLifecycle DELETE "/?lifecycle" BUCKET [P("lifecycle")] a("oss:DeleteBucketLifecycle");
    PutBucketTransferAcceleration PUT "/?transferAcceleration" BUCKET [P("transferAcceleration")] a("oss:PutBucketTransferAcceleration");
    GetBucketTransferAcceleration GET "/?transferAcceleration" BUCKET [P("transferAcceleration")] a("oss:GetBucketTransferAcceleration");
    PutBucketVersioning PUT "/?versioning" BUCKET [P("versioning")] a("oss:PutBucketVersioning");
    GetBucketVersioning GET "/?versioning" BUCKET [P("versioning")] a("oss:GetBucketVersioning");
    ListObjectVersions GET "/?versions" BUCKET [P("versions")] a("oss:ListObjectVersions");
    PutBucketPolicy PUT "/?policy" BUCKET [P("policy")] a("oss:PutBucketPolicy");
    GetBucketPolicy GET "/?policy" BUCKET [P("policy")] a("oss:GetBucketPolicy");
    DeleteBucketPolicy DELETE "/?policy" BUCKET [P("policy")] a("oss:DeleteBucketPolicy");
    GetBucketPolicyStatus GET "/?policyStatus" BUCKET [P("policyStatus")] a("oss:GetBucketPolicyStatus");
    PutBucketRtc PUT "/?rtc" BUCKET [P("rtc")] a("oss:PutBucketRTC");
    PutBucketReplication POST "/?replication&comp=add" BUCKET [P("replication"), V("comp", "add")] a("oss:PutBucketReplication");
    GetBucketReplication GET "/?replication" BUCKET [P("replication")] a("oss:GetBucketReplication");
    GetBucketReplicationLocation GET "/?replicationLocation" BUCKET [P("replicationLocation")] a("oss:GetBucketReplicationLocation");
    GetBucketReplicationProgress GET "/?replicationProgress" BUCKET [P("replicationProgress")] a("oss:GetBucketReplicationProgress");
    DeleteBucketReplication POST "/?replication&comp=delete" BUCKET [P("replication"), V("comp", "delete")] a("oss:DeleteBucketReplication");
    PutBucketInventory PUT "/?inventory" BUCKET [P("inventory"), P("inventoryId")] a("oss:PutBucketInventory");
    GetBucketInventory GET "/?inventory" BUCKET [P("inventory"), P("inventoryId")] a("oss:GetBucketInventory");
    ListBucketInventory GET "/?inventory" BUCKET [P("inventory")] a("oss:GetBucketInventory");
    DeleteBucketInventory DELETE "/?inventory" BUCKET [P("inventory"), P("inventoryId")] a("oss:DeleteBucketInventory");
    PutBucketLogging PUT "/?logging" BUCKET [P("logging")] a("oss:PutBucketLogging");
    GetBucketLogging GET "/?logging" BUCKET [P("logging")] a("oss:GetBucketLogging");
    DeleteBucketLogging DELETE "/?logging" BUCKET [P("logging")] a("oss:DeleteBucketLogging");
    PutUserDefinedLogFieldsConfig PUT "/?userDefinedLogFieldsConfig" BUCKET [P("userDefinedLogFieldsConfig")] UNKNOWN;
    GetUserDefinedLogFieldsConfig GET "/?userDefinedLogFieldsConfig" BUCKET [P("userDefinedLogFieldsConfig")] UNKNOWN;
    DeleteUserDefinedLogFieldsConfig DELETE "/?userDefinedLogFieldsConfig" BUCKET [P("userDefinedLogFieldsConfig")] UNKNOWN;
    GetBucketWebsite GET "/?website" BUCKET [P("website")] a("oss:GetBucketWebsite");
    PutBucketWebsite PUT "/?website" BUCKET [P("website")] a("oss:PutBucketWebsite");
    DeleteBucketWebsite DELETE "/?website" BUCKET [P("website")] a("oss:DeleteBucketWebsite");
    PutBucketReferer PUT "/?referer" BUCKET [P("referer")] a("oss:PutBucketReferer");
    GetBucketReferer GET "/?referer" BUCKET [P("referer")] a("oss:GetBucketReferer");
    PutBucketTags PUT "/?tagging" BUCKET [P("tagging")] a("oss:PutBucketTagging");
    GetBucketTags GET "/?tagging" BUCKET [P("tagging")] a("oss:GetBucketTagging");
    DeleteBucketTags DELETE "/?tagging" BUCKET [P("tagging")] a("oss:DeleteBucketTagging");
    ListUserDataRedundancyTransition GET "/?redundancyTransition" SERVICE [P("redundancyTransition")] a("oss:ListUserDataRedundancyTransition");
    ListBucketDataRedundancyTransition GET "/?redundancyTransition" BUCKET [P("redundancyTransition")] a("oss:ListBucketDataRedundancyTransition");
    GetBucketDataRedundancyTransition GET "/?redundancyTransition" BUCKET [P("redundancyTransition"), P(TASK)] a("oss:GetBucketDataRedundancyTransition");
    CreateBucketDataRedundancyTransition POST "/?redundancyTransition" BUCKET [P("redundancyTransition")] a("oss:CreateBucketDataRedundancyTransition");
    DeleteBucketDataRedundancyTransition DELETE "/?redundancyTransition" BUCKET [P("redundancyTransition"), P(TASK)] a("oss:DeleteBucketDataRedundancyTransition");
    PutBucketEncryption PUT "/?encryption" BUCKET [P("encryption")] a("oss:PutBucketEncryption");
    GetBucketEncryption GET "/?encryption" BUCKET [P("encryption")] a("oss:GetBucketEncryption");
    DeleteBucketEncryption DELETE "/?encryption" BUCKET [P("encryption")] a("oss:DeleteBucketEncryption");
    PutBucketRequestPayment PUT "/?requestPayment" BUCKET [P("requestPayment")] a("oss:PutBucketRequestPayment");
    GetBucketRequestPayment GET "/?requestPayment" BUCKET [P("requestPayment")] a("oss:GetBucketRequestPayment");
    PutBucketCors PUT "/?cors" BUCKET [P("cors")] a("oss:PutBucketCors");
    GetBucketCors GET "/?cors" BUCKET [P("cors")] a("oss:GetBucketCors");
    DeleteBucketCors DELETE "/?cors" BUCKET [P("cors")] a("oss:DeleteBucketCors");
    OptionObject OPTIONS "/{key}" BO [] FREE;
    PutBucketAccessMonitor PUT "/?accessmonitor" BUCKET [P("accessmonitor")] a("oss:PutBucketAccessMonitor");
    GetBucketAccessMonitor GET "/?accessmonitor" BUCKET [P("accessmonitor")] a("oss:GetBucketAccessMonitor");
    GetMetaQueryStatus GET "/?metaQuery" BUCKET [P("metaQuery")] a("oss:GetMetaQueryStatus");
    CloseMetaQuery POST "/?metaQuery&comp=delete" BUCKET [P("metaQuery"), V("comp", "delete")] a("oss:CloseMetaQuery");
    DoMetaQuery POST "/?metaQuery&comp=query" BUCKET [P("metaQuery"), V("comp", "query")] a("oss:DoMetaQuery");
    OpenMetaQuery POST "/?metaQuery&comp=add" BUCKET [P("metaQuery"), V("comp", "add")] a("oss:OpenMetaQuery");
    UpdateUserAntiDDosInfo POST "/?antiDDos" SERVICE [P("antiDDos")] a("oss:UpdateUserAntiDDosInfo");
    UpdateBucketAntiDDosInfo POST "/?antiDDos" BUCKET [P("antiDDos")] a("oss:UpdateBucketAntiDDosInfo");
    ListBucketAntiDDosInfo GET "/?bucketAntiDDos" SERVICE [P("bucketAntiDDos")] a("oss:ListBucketAntiDDosInfo");
    InitUserAntiDDosInfo PUT "/?antiDDos" SERVICE [P("antiDDos")] a("oss:InitUserAntiDDosInfo");
    InitBucketAntiDDosInfo PUT "/?antiDDos" BUCKET [P("antiDDos")] a("oss:InitBucketAntiDDosInfo");
    GetUserAntiDDosInfo GET "/?antiDDos" SERVICE [P("antiDDos")] a("oss:GetUserAntiDDosInfo");
    GetBucketResourceGroup GET "/?resourceGroup" BUCKET [P("resourceGroup")] a("oss:GetBucketResourceGroup");
    PutBucketResourceGroup PUT "/?resourceGroup" BUCKET [P("resourceGroup")] a("oss:PutBucketResourceGroup");
    PutCname POST "/?cname&comp=add" BUCKET [P("cname"), V("comp", "add")] a("oss:PutCname");
    ListCname GET "/?cname" BUCKET [P("cname")] a("oss:ListCname");
    DeleteCname POST "/?cname&comp=delete" BUCKET [P("cname"), V("comp", "delete")] a("oss:DeleteCname");
    GetCnameToken GET "/?comp=token" BUCKET [P("cname"), V("comp", "token")] a("oss:GetCnameToken");
    CreateCnameToken POST "/?cname&comp=token" BUCKET [P("cname"), V("comp", "token")] a("oss:CreateCnameToken");
    PutStyle PUT "/?style" BUCKET [P("style"), P("styleName")] a("oss:PutStyle");
    ListStyle GET "/?style" BUCKET [P("style")] a("oss:ListStyle");
    GetStyle GET "/?style" BUCKET [P("style"), P("styleName")] a("oss:GetStyle");
    DeleteStyle DELETE "/?style" BUCKET [P("style"), P("styleName")] a("oss:DeleteStyle");
    GetBucketHttpsConfig GET "/?httpsConfig" BUCKET [P("httpsConfig")] a("oss:GetBucketHttpsConfig");
    PutBucketHttpsConfig PUT "/?httpsConfig" BUCKET [P("httpsConfig")] a("oss:PutBucketHttpsConfig");
    CreateAccessPointForObjectProcess PUT "/?accessPointForObjectProcess" BUCKET [P("accessPointForObjectProcess"), H(OP_HEADER)] a("oss:CreateAccessPointForObjectProcess");
    GetAccessPointForObjectProcess GET "/?accessPointForObjectProcess" BUCKET [P("accessPointForObjectProcess"), H(OP_HEADER)] a("oss:GetAccessPointForObjectProcess");
    ListAccessPointsForObjectProcess GET "/?accessPointForObjectProcess" SB [P("accessPointForObjectProcess")] a("oss:ListAccessPointsForObjectProcess");
    DeleteAccessPointForObjectProcess DELETE "/?accessPointForObjectProcess" BUCKET [P("accessPointForObjectProcess"), H(OP_HEADER)] a("oss:DeleteAccessPointForObjectProcess");
    GetAccessPointConfigForObjectProcess GET "/?accessPointConfigForObjectProcess" BUCKET [P("accessPointConfigForObjectProcess"), H(OP_HEADER)] a("oss:GetAccessPointConfigForObjectProcess");
    PutAccessPointConfigForObjectProcess PUT "/?accessPointConfigForObjectProcess" BUCKET [P("accessPointConfigForObjectProcess"), H(OP_HEADER)] a("oss:PutAccessPointConfigForObjectProcess");
    PutAccessPointPolicyForObjectProcess PUT "/?accessPointPolicyForObjectProcess" BUCKET [P("accessPointPolicyForObjectProcess"), H(OP_HEADER)] a("oss:PutAccessPointPolicyForObjectProcess");
    GetAccessPointPolicyForObjectProcess GET "/?accessPointPolicyForObjectProcess" BUCKET [P("accessPointPolicyForObjectProcess"), H(OP_HEADER)] a("oss:GetAccessPointPolicyForObjectProcess");
    DeleteAccessPointPolicyForObjectProcess DELETE "/?accessPointPolicyForObjectProcess" BUCKET [P("accessPointPolicyForObjectProcess"), H(OP_HEADER)] a("oss:DeleteAccessPointPolicyForObjectProcess");
    GetPublicAccessBlock GET "/?publicAccessBlock" SERVICE [P("publicAccessBlock")] a("oss:GetPublicAccessBlock");
    PutPublicAccessBlock PUT "/?publicAccessBlock" SERVICE [P("publicAccessBlock")] a("oss:PutPublicAccessBlock");
    DeletePublicAccessBlock DELETE "/?publicAccessBlock" SERVICE [P("publicAccessBlock")] a("oss:DeletePublicAccessBlock");
    GetBucketPublicAccessBlock GET "/?publicAccessBlock" BUCKET [P("publicAccessBlock")] a("oss:GetBucketPublicAccessBlock");
    PutBucketPublicAccessBlock PUT "/?publicAccessBlock" BUCKET [P("publicAccessBlock")] a("oss:PutBucketPublicAccessBlock");
    DeleteBucketPublicAccessBlock DELETE "/?publicAccessBlock" BUCKET [P("publicAccessBlock")] a("oss:DeleteBucketPublicAccessBlock");
    GetAccessPointPublicAccessBlock GET "/?publicAccessBlock" BUCKET [P("publicAccessBlock"), P(AP_HEADER)] a("oss:GetAccessPointPublicAccessBlock");
    PutAccessPointPublicAccessBlock PUT "/?publicAccessBlock" BUCKET [P("publicAccessBlock"), P(AP_HEADER)] a("oss:PutAccessPointPublicAccessBlock");
    DeleteAccessPointPublicAccessBlock DELETE "/?publicAccessBlock" BUCKET [P("publicAccessBlock"), P(AP_HEADER)] a("oss:DeleteAccessPointPublicAccessBlock");
    GetBucketArchiveDirectRead GET "/?bucketArchiveDirectRead" BUCKET [P("bucketArchiveDirectRead")] a("oss:GetBucketArchiveDirectRead");
    PutBucketArchiveDirectRead PUT "/?bucketArchiveDirectRead" BUCKET [P("bucketArchiveDirectRead")] a("oss:PutBucketArchiveDirectRead");
    PutObject PUT "/{key}" OBJECT [] a("oss:PutObject");
    CopyObject PUT "/{key}" OBJECT [H(COPY)] a("oss:PutObject");
    GetObject GET "/{key}" OBJECT [] a("oss:GetObject");
    AppendObject POST "/{key}?append" OBJECT [P("append"), P("position")] a("oss:PutObject");
    SealAppendObject POST "/{key}?seal" OBJECT [P("seal"), P("position")] UNKNOWN;
    DeleteObject DELETE "/{key}" OBJECT [] a("oss:DeleteObject");
    DeleteMultipleObjects POST "/?delete" BUCKET [P("delete")] a("oss:DeleteObject");
    HeadObject HEAD "/{key}" OBJECT [] a("oss:GetObject");
    GetObjectMeta HEAD "/{key}?objectMeta" OBJECT [P("objectMeta")] a("oss:GetObject");
    RestoreObject POST "/{key}?restore" OBJECT [P("restore")] a("oss:RestoreObject");
    CleanRestoredObject POST "/{key}?cleanRestoredObject" OBJECT [P("cleanRestoredObject")] UNKNOWN;
    SelectObject POST "/{key}" OBJECT [OneOf("x-oss-process", &["csv/select", "json/select"])] a("oss:GetObject");
    CreateSelectObjectMeta POST "/{key}" OBJECT [OneOf("x-oss-process", &["csv/meta", "json/meta"])] UNKNOWN;
    InitiateMultipartUpload POST "/{key}?uploads" OBJECT [P("uploads")] a("oss:PutObject");
    UploadPart PUT "/{key}" OBJECT [P("partNumber"), P("uploadId")] a("oss:PutObject");
    CompleteMultipartUpload POST "/{key}" OBJECT [P("uploadId")] a("oss:PutObject");
    UploadPartCopy PUT "/{key}" OBJECT [P("partNumber"), P("uploadId"), H(COPY)] a("oss:PutObject");
    AbortMultipartUpload DELETE "/{key}" OBJECT [P("uploadId")] a("oss:AbortMultipartUpload");
    ListMultipartUploads GET "/?uploads" BUCKET [P("uploads")] a("oss:ListMultipartUploads");
    ListParts GET "/{key}" OBJECT [P("uploadId")] a("oss:ListParts");
    PutObjectAcl PUT "/{key}?acl" OBJECT [P("acl")] a("oss:PutObjectAcl");
    GetObjectAcl GET "/{key}?acl" OBJECT [P("acl")] a("oss:GetObjectAcl");
    PutSymlink PUT "/{key}?symlink" OBJECT [P("symlink")] a("oss:PutObject");
    GetSymlink GET "/{key}?symlink" OBJECT [P("symlink")] a("oss:GetObject");
    PutObjectTagging PUT "/{key}?tagging" OBJECT [P("tagging")] a("oss:PutObjectTagging");
    GetObjectTagging GET "/{key}?tagging" OBJECT [P("tagging")] a("oss:GetObjectTagging");
    DeleteObjectTagging DELETE "/{key}?tagging" OBJECT [P("tagging")] a("oss:DeleteObjectTagging");
    PutLiveChannel PUT "/{channel}?live" OBJECT [P("live")] a("oss:PutLiveChannel");
    ListLiveChannel GET "/?live" BUCKET [P("live")] a("oss:ListLiveChannel");
    DeleteLiveChannel DELETE "/{channel}?live" OBJECT [P("live")] a("oss:DeleteLiveChannel");
    PutLiveChannelStatus PUT "/{channel}?live" OBJECT [P("live"), P("status")] a("oss:PutLiveChannelStatus");
    GetLiveChannelInfo GET "/{channel}?live" OBJECT [P("live")] a("oss:GetLiveChannel");
    GetLiveChannelHistory GET "/{channel}?live&comp=history" OBJECT [P("live"), V("comp", "history")] a("oss:GetLiveChannelHistory");
    GetLiveChannelStat GET "/{channel}?live&comp=stat" OBJECT [P("live"), V("comp", "stat")] a("oss:GetLiveChannelStat");
    GetVodPlaylist GET "/{channel}?vod" OBJECT [P("vod")] a("oss:GetVodPlaylist");
    PostVodPlaylist POST "/{channel}/{playlist}?vod" OBJECT [P("vod")] a("oss:PostVodPlaylist");
    PutChannel PUT "/?img" BUCKET [P("img")] UNKNOWN;
    PutBucketHash PUT "/?objectHash" BUCKET [P("objectHash")] UNKNOWN;
    PutBucketCommonHeader PUT "/?x-oss-common-header" BUCKET [P("x-oss-common-header")] UNKNOWN;
    DeleteBucketCommonHeader DELETE "/?x-oss-common-header" BUCKET [P("x-oss-common-header")] UNKNOWN;
    PutProcessConfiguration PUT "/?processConfiguration" BUCKET [P("processConfiguration")] UNKNOWN;
    GetBucketEventNotification GET "/?eventNotification" BUCKET [P("eventNotification")] UNKNOWN;
    PutDataLakeCachePrefetchJob PUT "/?x-oss-datalake-cache-prefetch-job" BUCKET [P("x-oss-datalake-cache-prefetch-job")] UNKNOWN;
    StartDataLakeCachePrefetchJob PUT "/?x-oss-datalake-cache-prefetch-job&x-oss-datalake-job-start" BUCKET [P("x-oss-datalake-cache-prefetch-job"), P("x-oss-datalake-job-start")] UNKNOWN;
    ListDataLakeStorageTransferJob GET "/?x-oss-datalake-storage-transfer-job" BUCKET [P("x-oss-datalake-storage-transfer-job")] UNKNOWN;
}
