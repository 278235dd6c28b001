//! Checks turned into runtime [`Request`]s and decided by an [`Authorizer`].
//!
//! The one place this crate calls the runtime's authorizer: a check becomes a request
//! with the caller, the action, the resource ARN (`acs:oss:{region}:{owner}:{bucket}[/{key}]`,
//! the owner from the [`Directory`]), the wire context and, for a request through an
//! access point, the access point (its ARN `acs:oss:{region}:{owner}:accesspoint/{name}`,
//! its network origin `vpc` when the host says the request came through a VPC endpoint).
//! A bucket whose owner the directory does not know is refused (`NoSuchBucket`), never
//! authorized with a guessed owner.
//!
//! **Which authorizer.** An [`Authorizer`] governs one bucket (its owner, its bucket
//! policy, the access point policy). [`authorize_each`] asks the host's [`Authorizers`]
//! for the authorizer of each check's own bucket, so that the source of a CopyObject in
//! another bucket is decided by that bucket's policies. [`authorize`] decides every check
//! with one authorizer, the one of the request's own bucket: a check on another owner's
//! bucket names that owner, which the runtime refuses as not the authorizer's, so such a
//! check is denied, never decided under the wrong bucket's policies.

use oss_policy_runtime::{AccessPoint, Authorization, Authorizer, Decision, NetworkOrigin, Request, Resource};

use crate::checks::{Check, Checks, Target};
use crate::context::{TagLookup, WireContext};
use crate::errors::{ErrorCode, OssError, err};
use crate::routes::{Classified, Directory};
use crate::table::Rule;
use crate::verify::Caller;

/// The decision on one check.
#[derive(Clone, Debug)]
pub struct Outcome<'c, 'a> {
    /// The check.
    pub check: &'c Check<'a>,
    /// The resource ARN the check was decided on (`"acs:oss:*:*:*"` for a service-level
    /// check), built once per check, so that a host records it without building it again.
    pub resource: String,
    /// The authorizer's answer; an `Err` (a request the runtime refuses) counts as denied.
    pub authorization: Result<Authorization, String>,
}

impl Outcome<'_, '_> {
    /// Whether the check is allowed.
    pub fn allowed(&self) -> bool {
        matches!(&self.authorization, Ok(a) if a.decision == Decision::Allow)
    }
}

/// What [`authorize`] needs besides the checks.
#[derive(Clone, Copy)]
pub struct Scene<'x, 'a> {
    /// The classified request.
    pub classified: &'x Classified<'a>,
    /// The caller.
    pub caller: &'x Caller<'x>,
    /// The wire context.
    pub context: &'x WireContext<'a>,
    /// Bucket owners and access points.
    pub directory: &'x dyn Directory,
    /// The stored tags, when a policy conditions on `oss:ExistingObjectTag` (`None`: the
    /// key is never set, and the host's lookup is not called). See [`TagLookup`] for how
    /// a host knows whether its policies read them.
    pub existing_tags: Option<&'x dyn TagLookup>,
}

/// The host's authorizers: for each check, the [`Authorizer`] of the check's own bucket.
pub trait Authorizers {
    /// The authorizer that decides checks on `bucket` (`None`: a service-level check,
    /// such as ListBuckets), with the policy of `access_point` when the check goes
    /// through that access point (only checks on the request's own bucket do).
    ///
    /// # Errors
    /// The OSS error to answer the request with (`NoSuchBucket`, say).
    fn authorizer_for(&self, bucket: Option<&str>, access_point: Option<&str>) -> Result<Authorizer<'_>, OssError>;
}

/// One authorizer for every check (see the module docs).
impl Authorizers for Authorizer<'_> {
    fn authorizer_for(&self, _: Option<&str>, _: Option<&str>) -> Result<Authorizer<'_>, OssError> {
        Ok(*self)
    }
}

/// Decides every check of `checks` with `authorizer`, in order.
///
/// # Errors
/// `NotImplemented` for an operation whose action is unknown; `NoSuchBucket` when a
/// bucket's owner is unknown.
pub fn authorize<'c, 'a>(
    authorizer: &Authorizer<'_>,
    scene: &Scene<'_, 'a>,
    checks: &'c Checks<'a>,
) -> Result<Vec<Outcome<'c, 'a>>, OssError> {
    authorize_each(authorizer, scene, checks)
}

/// Decides every check of `checks`, in order, each with the authorizer `authorizers`
/// gives for the check's bucket.
///
/// # Errors
/// `NotImplemented` for an operation whose action is unknown; `NoSuchBucket` when a
/// bucket's owner is unknown; an error of [`Authorizers::authorizer_for`].
pub fn authorize_each<'c, 'a>(
    authorizers: &dyn Authorizers,
    scene: &Scene<'_, 'a>,
    checks: &'c Checks<'a>,
) -> Result<Vec<Outcome<'c, 'a>>, OssError> {
    if checks.rule() == Rule::Unknown {
        return Err(err(ErrorCode::NotImplemented, format!("{} has no known RAM action", scene.classified.operation)));
    }
    let region = scene.classified.region;
    let owner_of = |bucket: &str| {
        scene
            .directory
            .bucket_owner(bucket)
            .ok_or_else(|| err(ErrorCode::NoSuchBucket, format!("the owner of bucket `{bucket}` is not known")))
    };
    let access_point = match (scene.classified.access_point, scene.classified.bucket) {
        (Some(ap), Some(bucket)) => {
            let owner = owner_of(bucket)?;
            Some((ap.name, format!("acs:oss:{region}:{owner}:accesspoint/{}", ap.name), owner))
        }
        _ => None,
    };
    let origin = if scene.context.through_vpc() { NetworkOrigin::Vpc } else { NetworkOrigin::Internet };
    let mut outcomes = Vec::with_capacity(checks.len());
    for check in checks.iter() {
        let owner = match check.target.bucket() {
            Some(bucket) => Some(owner_of(bucket)?),
            None => None,
        };
        let arn = check.target.arn(region, owner.unwrap_or("*"));
        let tags = match (&check.target, scene.existing_tags) {
            (Target::Object { bucket, key }, Some(lookup)) => lookup.object_tags(bucket, key).unwrap_or_default(),
            _ => Vec::new(),
        };
        // The access point applies to the request's own bucket, not to a copy source
        // in another bucket.
        let through = access_point.as_ref().filter(|_| check.target.bucket() == scene.classified.bucket);
        let authorizer = authorizers.authorizer_for(check.target.bucket(), through.map(|(name, _, _)| *name))?;
        let decided = scene.context.with_context(&tags, |context| {
            let mut request = Request {
                principal: scene.caller.principal,
                action: check.action,
                resource: Resource::new(&arn),
                context,
                bucket_owner: owner,
                access_point: None,
            };
            if let Some((name, ap_arn, account)) = through {
                request =
                    request.through_access_point(AccessPoint { name, arn: ap_arn, account, network_origin: origin });
            }
            authorizer.authorize(&request)
        });
        let authorization = match decided {
            Ok(Ok(authorization)) => Ok(authorization),
            Ok(Err(error)) | Err(error) => Err(error.to_string()),
        };
        outcomes.push(Outcome { check, resource: arn, authorization });
    }
    Ok(outcomes)
}

/// Whether every outcome is allowed (an empty list is allowed only for a free operation,
/// which [`authorize`] is not asked about).
pub fn all_allowed(outcomes: &[Outcome<'_, '_>]) -> bool {
    !outcomes.is_empty() && outcomes.iter().all(Outcome::allowed)
}
