//! The gateway's state: the configuration, the buckets with their policy slots, the
//! policies of the files, the credentials and the store; and [`Snapshot`], the policies
//! one request is decided under.
//!
//! **Per-check authorizers.** A request's checks may be on several buckets (a CopyObject
//! from another bucket). [`Snapshot`] loads, once per request, the policy slot of every
//! bucket its checks name and the file policies, and implements
//! [`oss_policy_http::authorize::Authorizers`]: each check is decided by the
//! [`Authorizer`] of its own bucket — that bucket's owner and bucket policy, the caller's
//! RAM policies and, for checks through an access point, that access point's policy.
//!
//! **Service-level checks** (ListBuckets) have no bucket and so no bucket owner. They are
//! decided with the caller's own account as the owner: an account's root identity is
//! allowed as the owner of its own service, a RAM user or role by its RAM policies, and an
//! anonymous caller (no account) by nothing: refused.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arc_swap::{ArcSwap, ArcSwapOption};
use oss_policy_compiler::engine::CompiledPolicy;
use oss_policy_http::authorize::Authorizers;
use oss_policy_http::context::EXISTING_OBJECT_TAG;
use oss_policy_http::credentials::StaticCredentials;
use oss_policy_http::{AccessPointAlias, Checks, Directory, Endpoint, OssError, Verifier};
use oss_policy_runtime::Authorizer;

use crate::audit::Audit;
use crate::config::{Config, parse_principal};
use crate::policies::{BucketPolicy, FilePolicies};
use crate::store::Store;
use crate::timing::ServerTimes;

/// One configured bucket.
#[derive(Debug)]
pub struct Bucket {
    /// The owning account.
    pub owner: String,
    /// Its bucket policy, swapped whole.
    pub policy: ArcSwapOption<BucketPolicy>,
}

/// One configured access point.
#[derive(Clone, Debug)]
pub struct AccessPointEntry {
    /// Its name.
    pub name: String,
    /// The bucket it serves.
    pub bucket: String,
}

/// Everything the gateway serves from.
pub struct State {
    /// The configuration.
    pub config: Config,
    /// The endpoint (virtual-hosted suffix and region).
    pub endpoints: Vec<Endpoint>,
    /// The buckets by name.
    pub buckets: HashMap<String, Bucket>,
    /// The access points by alias.
    pub aliases: HashMap<String, AccessPointEntry>,
    /// The RAM and access point policies of the files.
    pub files: ArcSwap<FilePolicies>,
    /// Signature verification.
    pub verifier: Verifier<'static>,
    /// The objects.
    pub store: Store,
    /// The audit log.
    pub audit: Audit,
    /// Where the server's time goes.
    pub times: ServerTimes,
    /// Whether checks are authorized; only [`crate::Gateway::without_authorization`]
    /// (the load test's baseline) turns it off.
    pub(crate) authorize: bool,
    versions: AtomicU64,
}

impl State {
    /// The state for `config` with the compiled `files`, the store opened and the
    /// bucket policies of the files in their slots.
    ///
    /// # Errors
    /// A store that cannot be opened, an audit log that cannot be created, a principal
    /// that does not parse (checked by [`Config::load`] already).
    pub fn new(config: Config, files: FilePolicies) -> Result<State, Vec<String>> {
        let mut credentials = StaticCredentials::new();
        for credential in &config.credentials {
            let principal = parse_principal(&credential.principal).map_err(|e| vec![e])?;
            credentials.add(
                &credential.access_key_id,
                &credential.access_key_secret,
                credential.security_token.as_deref(),
                principal,
            );
        }
        // The credentials live as long as the process: the verifier (and its cache of
        // signing keys) borrows them.
        let credentials: &'static StaticCredentials = Box::leak(Box::new(credentials));
        let store = Store::open(&config.data_dir, config.buckets.iter().map(|b| b.name.as_str()))
            .map_err(|e| vec![format!("{}: {e}", config.data_dir.display())])?;
        let audit = Audit::open(config.audit_log.as_deref()).map_err(|e| vec![e])?;
        let state = State {
            endpoints: vec![Endpoint::new(&config.endpoint, &config.region)],
            buckets: config
                .buckets
                .iter()
                .map(|b| (b.name.clone(), Bucket { owner: b.owner.clone(), policy: ArcSwapOption::empty() }))
                .collect(),
            aliases: config
                .access_points
                .iter()
                .map(|ap| (ap.alias.clone(), AccessPointEntry { name: ap.name.clone(), bucket: ap.bucket.clone() }))
                .collect(),
            files: ArcSwap::from_pointee(FilePolicies::default()),
            verifier: Verifier::new(credentials),
            store,
            audit,
            times: ServerTimes::default(),
            authorize: true,
            versions: AtomicU64::new(0),
            config,
        };
        state.install(files);
        Ok(state)
    }

    /// Puts freshly loaded file policies in force: the bucket policies into their slots
    /// (a bucket the files give no policy has none), the rest as one value.
    pub fn install(&self, mut files: FilePolicies) {
        for (name, bucket) in &self.buckets {
            let policy = files.buckets.remove(name).map(|(compiled, text)| self.versioned(compiled, text));
            bucket.policy.store(policy.map(Arc::new));
        }
        self.files.store(Arc::new(files));
    }

    /// `compiled` with a new version number.
    pub fn versioned(&self, compiled: oss_policy_compiler::engine::CompiledPolicy, text: String) -> BucketPolicy {
        BucketPolicy { compiled, text, version: self.versions.fetch_add(1, Ordering::Relaxed) + 1 }
    }

    /// The configured bucket `name`.
    pub fn bucket(&self, name: &str) -> Option<&Bucket> {
        self.buckets.get(name)
    }
}

impl Directory for State {
    fn bucket_owner(&self, bucket: &str) -> Option<&str> {
        self.buckets.get(bucket).map(|b| b.owner.as_str())
    }

    fn access_point(&self, alias: &str) -> Option<AccessPointAlias<'_>> {
        let (alias, entry) = self.aliases.get_key_value(alias)?;
        Some(AccessPointAlias { alias, name: &entry.name, bucket: &entry.bucket })
    }
}

/// The policies one request is decided under, loaded once (see the module docs). It
/// borrows the file policies the request handler loaded (`State::files.load_full()`).
pub struct Snapshot<'r> {
    files: &'r FilePolicies,
    /// The caller's RAM policies, borrowed as loaded (none for an unknown caller).
    ram: &'r [CompiledPolicy],
    buckets: Vec<(&'r str, &'r Bucket, Option<Arc<BucketPolicy>>)>,
    caller_account: Option<&'r str>,
}

impl<'r> Snapshot<'r> {
    /// The snapshot for `checks` of a caller with `access_key_id` of `caller_account`.
    pub fn load(
        state: &'r State,
        files: &'r FilePolicies,
        checks: &Checks<'_>,
        access_key_id: Option<&str>,
        caller_account: Option<&'r str>,
    ) -> Snapshot<'r> {
        let mut buckets: Vec<(&'r str, &'r Bucket, Option<Arc<BucketPolicy>>)> = Vec::new();
        for check in checks.iter() {
            if let Some((name, bucket)) = check.target.bucket().and_then(|b| state.buckets.get_key_value(b))
                && !buckets.iter().any(|(n, _, _)| *n == name.as_str())
            {
                buckets.push((name.as_str(), bucket, bucket.policy.load_full()));
            }
        }
        let ram = access_key_id.and_then(|id| files.ram.get(id)).map_or(&[][..], Vec::as_slice);
        Snapshot { files, ram, buckets, caller_account }
    }

    /// Whether a policy this request can be decided under reads `oss:ExistingObjectTag/…`:
    /// the caller's RAM policies, the bucket policies of the checks' buckets, and the
    /// policy of `access_point` (the request's, if any). Only then is the stored object's
    /// metadata read for its tags; without them the keys are unset, which is what such a
    /// condition sees when no policy reads it.
    pub fn reads_existing_tags(&self, access_point: Option<&str>) -> bool {
        let reads = |policy: &CompiledPolicy| policy.reads_key_prefix(EXISTING_OBJECT_TAG);
        self.ram.iter().any(reads)
            || self.buckets.iter().filter_map(|(_, _, policy)| policy.as_deref()).any(|p| reads(&p.compiled))
            || access_point.and_then(|name| self.files.access_points.get(name)).is_some_and(reads)
    }

    /// The version of the bucket policy of `bucket` this request is decided under (0:
    /// none).
    pub fn policy_version(&self, bucket: &str) -> u64 {
        self.buckets
            .iter()
            .find(|(name, _, _)| *name == bucket)
            .and_then(|(_, _, policy)| policy.as_ref().map(|p| p.version))
            .unwrap_or(0)
    }
}

impl Authorizers for Snapshot<'_> {
    fn authorizer_for(&self, bucket: Option<&str>, access_point: Option<&str>) -> Result<Authorizer<'_>, OssError> {
        let refused = |e: oss_policy_runtime::RequestError| {
            OssError::new(oss_policy_http::ErrorCode::InvalidArgument, e.to_string())
        };
        let Some(bucket) = bucket else {
            // A service-level check: the caller's own account is the owner (module docs);
            // an anonymous caller has none, and an empty owner refuses every request.
            return Authorizer::new(self.caller_account.unwrap_or("")).with_ram(&self.ram).map_err(refused);
        };
        let (_, entry, policy) = self.buckets.iter().find(|(name, _, _)| *name == bucket).ok_or_else(|| {
            OssError::new(oss_policy_http::ErrorCode::NoSuchBucket, format!("the bucket `{bucket}` does not exist"))
        })?;
        let mut authorizer = Authorizer::new(&entry.owner).with_ram(&self.ram).map_err(refused)?;
        if let Some(policy) = policy {
            authorizer = authorizer.with_bucket(&policy.compiled).map_err(refused)?;
        }
        if let Some(policy) = access_point.and_then(|name| self.files.access_points.get(name)) {
            authorizer = authorizer.with_access_point(policy).map_err(refused)?;
        }
        Ok(authorizer)
    }
}
