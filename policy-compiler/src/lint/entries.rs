//! What `Action` and `Resource` entries can match (docs/SPEC.md section 7): `action-never-oss`,
//! `resource-never-oss`, `action-resource-level`, and the statements all of whose
//! entries of one list are flagged so (`unreachable-statement`).
//!
//! Actions are matched against the known OSS actions (their bitset, as the compiler
//! builds it). A resource entry is asked whether it can match some resource of a
//! language — every OSS resource; every access point resource; the resources of each
//! action level — segment by segment as docs/SPEC.md section 2 matches ARNs, each segment
//! by the exact pattern intersection of [`super::glob`]. The languages are supersets of
//! the real resources, so "can match none" is never said of an entry that can.

use oss_policy_runtime::PolicyKind;
use oss_policy_runtime::actions::{ActionLevel, KNOWN_ACTIONS};
use oss_policy_runtime::matchers::actions::ActionBits;
use oss_policy_runtime::matchers::arn::split_pattern;

use super::glob::{Class, Token, intersects, literal, tokens};
use super::{Finding, WarningCode};
use crate::model::{Effect, Policy, Statement};

/// What the entry rules found about one statement, for the rules after them.
pub(crate) struct Facts {
    /// The known actions each `Action`/`NotAction` entry matches, in order.
    pub(crate) action_bits: Vec<ActionBits>,
    /// Whether `unreachable-statement` was reported for the statement here.
    pub(crate) unreachable: bool,
}

/// Runs the entry rules over every statement.
pub(crate) fn check(policy: &Policy, findings: &mut Vec<Finding>) -> Vec<Facts> {
    let languages = Languages::new();
    policy.statements.iter().map(|statement| check_statement(policy.kind, statement, &languages, findings)).collect()
}

/// Whether an action entry names the `oss` service literally (in any case): it can match
/// nothing but OSS actions.
pub(crate) fn is_oss_pattern(entry: &str) -> bool {
    entry.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("oss:"))
}

fn check_statement(
    kind: PolicyKind,
    statement: &Statement,
    languages: &Languages,
    findings: &mut Vec<Finding>,
) -> Facts {
    let action_bits: Vec<ActionBits> =
        statement.action.patterns.iter().map(|entry| ActionBits::matching(entry.as_str())).collect();
    let mut actions_dead = !statement.action.negated;
    let mut resources_dead = !statement.resource.negated;

    // action-never-oss
    let never_oss: Vec<bool> = statement
        .action
        .patterns
        .iter()
        .zip(&action_bits)
        .map(|(entry, bits)| {
            let flagged = !statement.action.negated
                && *bits == ActionBits::EMPTY
                && (kind != PolicyKind::Ram || is_oss_pattern(entry.as_str()));
            if flagged {
                findings.push(never_oss_action(kind, entry.as_str(), entry.span));
            }
            flagged
        })
        .collect();

    // resource-never-oss
    let oss_only = !statement.action.negated && statement.action.patterns.iter().all(|e| is_oss_pattern(e.as_str()));
    let resource_rule = !statement.resource.negated && (kind != PolicyKind::Ram || oss_only);
    for entry in &statement.resource.patterns {
        let text = entry.as_str();
        let finding = if !resource_rule {
            None
        } else if !languages.any_oss(text) {
            Some(Finding::new(WarningCode::ResourceNeverOss, entry.span, format!("`{text}` can match no OSS resource")).with_help(
                "OSS resources are `acs:oss:{region}:{account}:{bucket}` and `acs:oss:{region}:{account}:{bucket}/{key}` (or `*`)",
            ))
        } else if kind == PolicyKind::AccessPoint && !languages.can_match_access_point(text) {
            let message = format!("`{text}` can match no access point resource");
            Some(Finding::new(WarningCode::ResourceNeverOss, entry.span, message).with_help(
                "an access point policy is checked against `acs:oss:{region}:{account}:accesspoint/{name}` and `.../accesspoint/{name}/object/{key}`",
            ))
        } else {
            None
        };
        resources_dead &= finding.is_some();
        findings.extend(finding);
    }

    // action-resource-level
    if !statement.action.negated && !statement.resource.negated {
        let fits = statement
            .resource
            .patterns
            .iter()
            .fold(Levels::default(), |levels, entry| levels.union(languages.levels(entry.as_str())));
        for ((entry, bits), never) in statement.action.patterns.iter().zip(&action_bits).zip(&never_oss) {
            let mismatch = if *never { None } else { level_mismatch(*bits, fits) };
            if let Some(needed) = mismatch {
                let text = entry.as_str();
                let message = format!(
                    "`{text}` matches only {} actions, and no `Resource` entry of the statement can match {}",
                    needed.words(),
                    needed.resources()
                );
                let help = format!("add a `Resource` entry such as {}", needed.example());
                findings.push(Finding::new(WarningCode::ActionResourceLevel, entry.span, message).with_help(help));
            }
            actions_dead &= *never || (mismatch.is_some() && is_oss_pattern(entry.as_str()));
        }
    } else {
        actions_dead &= never_oss.iter().all(|never| *never);
    }

    let unreachable = actions_dead || resources_dead;
    if unreachable {
        let list = if actions_dead { "Action" } else { "Resource" };
        let message = format!("the statement can never apply: every `{list}` entry is flagged above");
        let help = match statement.effect {
            Effect::Deny => {
                "a `Deny` that never applies denies nothing: the requests it was meant to stop are not stopped"
            }
            Effect::Allow => "an `Allow` that never applies grants nothing",
        };
        findings.push(Finding::new(WarningCode::UnreachableStatement, statement.span, message).with_help(help));
    }
    Facts { action_bits, unreachable }
}

fn never_oss_action(kind: PolicyKind, entry: &str, span: crate::model::Span) -> Finding {
    let message = format!("`{entry}` matches no OSS action");
    let foreign =
        entry.split_once(':').is_some_and(|(service, _)| ["s3", "aws"].iter().any(|f| service.eq_ignore_ascii_case(f)));
    let help = match kind {
        PolicyKind::Ram => "no known OSS action (data/oss-actions.txt) has a name of this pattern".to_owned(),
        _ if foreign => {
            "this is another cloud's action; OSS actions are `oss:{Name}`, such as `oss:GetObject`".to_owned()
        }
        _ => format!("{} only sees OSS requests; OSS actions are `oss:{{Name}}`", kind_word(kind)),
    };
    Finding::new(WarningCode::ActionNeverOss, span, message).with_help(help)
}

fn kind_word(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Ram => "a RAM policy",
        PolicyKind::Bucket => "a bucket policy",
        PolicyKind::AccessPoint => "an access point policy",
    }
}

/// The levels needed when none of the actions of `bits` fits `fits`; `None` when some
/// fits, when no known action matches, or when one of them is of a level never flagged.
fn level_mismatch(bits: ActionBits, fits: Levels) -> Option<Levels> {
    let mut needed = Levels::default();
    let mut any = false;
    for (id, known) in (0..).zip(KNOWN_ACTIONS) {
        if !bits.contains(id) {
            continue;
        }
        any = true;
        match known.level {
            ActionLevel::Service => needed.service = true,
            ActionLevel::Bucket => needed.bucket = true,
            ActionLevel::Object => needed.object = true,
            ActionLevel::ResourcePool | ActionLevel::Vector | ActionLevel::BucketAndVector => return None,
        }
    }
    let fits_some =
        (needed.service && fits.service) || (needed.bucket && fits.bucket) || (needed.object && fits.object);
    (any && !fits_some).then_some(needed)
}

/// A set of the three flagged action levels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Levels {
    service: bool,
    bucket: bool,
    object: bool,
}

impl Levels {
    fn union(self, other: Levels) -> Levels {
        Levels {
            service: self.service || other.service,
            bucket: self.bucket || other.bucket,
            object: self.object || other.object,
        }
    }

    fn names(self) -> Vec<&'static str> {
        [(self.service, "service"), (self.bucket, "bucket"), (self.object, "object")]
            .into_iter()
            .filter_map(|(has, name)| has.then_some(name))
            .collect()
    }

    /// `bucket-level`, `bucket- or object-level`.
    fn words(self) -> String {
        let names = self.names();
        match names.split_last() {
            Some((last, [])) => format!("{last}-level"),
            Some((last, rest)) => format!("{}- or {last}-level", rest.join("-, ")),
            None => String::new(),
        }
    }

    fn resources(self) -> String {
        let names: Vec<&str> = self
            .names()
            .into_iter()
            .map(|name| match name {
                "service" => "the service (`acs:oss:*:*:*`)",
                "bucket" => "a bucket",
                _ => "an object",
            })
            .collect();
        names.join(" or ")
    }

    fn example(self) -> &'static str {
        if self.bucket {
            "`acs:oss:*:*:{bucket}` (the bucket itself; vendor docs: \"The ListObjects operation must use the entire bucket as the Resource\")"
        } else if self.object {
            "`acs:oss:*:*:{bucket}/*` (its objects)"
        } else {
            "`acs:oss:*:*:*`"
        }
    }
}

/// The resource languages, segment by segment (`acs`, service, region, account, relative id).
pub(crate) struct Languages {
    oss: [Vec<Token>; 5],
    vector: [Vec<Token>; 5],
    access_point: [Vec<Token>; 5],
    service: [Vec<Token>; 5],
    bucket: [[Vec<Token>; 5]; 2],
    object: [[Vec<Token>; 5]; 2],
}

impl Languages {
    pub(crate) fn new() -> Languages {
        use Token::{Literal, Many, One};
        let name = || vec![One(Class::NoSlash), Many(Class::NoSlash)];
        let access_point = |tail: &[Token]| {
            let mut relative: Vec<Token> = literal("accesspoint/").collect();
            relative.extend(name());
            relative.extend_from_slice(tail);
            relative
        };
        let any = [Many(Class::Any)];
        let object_tail: Vec<Token> = literal("/object/").chain([Many(Class::Any)]).collect();
        let bucket_object: Vec<Token> = name().into_iter().chain([Literal('/'), Many(Class::Any)]).collect();
        Languages {
            oss: arn("oss", any.to_vec()),
            vector: arn("ossvector", any.to_vec()),
            access_point: arn("oss", literal("accesspoint/").chain(any).collect()),
            service: arn("oss", vec![Literal('*')]),
            bucket: [arn("oss", name()), arn("oss", access_point(&[]))],
            object: [arn("oss", bucket_object), arn("oss", access_point(&object_tail))],
        }
    }

    /// Whether `entry` can match some access point resource.
    pub(crate) fn can_match_access_point(&self, entry: &str) -> bool {
        self.can_match(entry, &self.access_point)
    }

    fn any_oss(&self, entry: &str) -> bool {
        self.can_match(entry, &self.oss) || self.can_match(entry, &self.vector)
    }

    /// Whether `entry` can match some ARN of the language, matched as docs/SPEC.md section 2
    /// matches: each pattern segment but the last against the segment at its position,
    /// the last against the rest of the ARN.
    fn can_match(&self, entry: &str, language: &[Vec<Token>; 5]) -> bool {
        let segments = split_pattern(entry);
        let last = segments.len().saturating_sub(1);
        segments.iter().enumerate().all(|(i, segment)| {
            let wanted: Vec<Token> = if i == last {
                let mut rest = Vec::new();
                for (j, part) in language.iter().enumerate().skip(i) {
                    if j > i {
                        rest.push(Token::Literal(':'));
                    }
                    rest.extend_from_slice(part);
                }
                rest
            } else {
                language.get(i).cloned().unwrap_or_default()
            };
            intersects(&tokens(segment), &wanted)
        })
    }

    /// The flagged levels whose resources `entry` can match.
    fn levels(&self, entry: &str) -> Levels {
        Levels {
            service: self.can_match(entry, &self.service),
            bucket: self.bucket.iter().any(|language| self.can_match(entry, language)),
            object: self.object.iter().any(|language| self.can_match(entry, language)),
        }
    }
}

/// The segment languages of `acs:{service}:{region}:{account}:{relative}`.
fn arn(service: &str, relative: Vec<Token>) -> [Vec<Token>; 5] {
    let free = vec![Token::Many(Class::NoColon)];
    [literal("acs").collect(), literal(service).collect(), free.clone(), free, relative]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_entries_match_oss_resources_as_spec_section_7_says() {
        let languages = Languages::new();
        let cases: &[(&str, bool, bool)] = &[
            // (entry, can match an OSS resource, can match an access point resource)
            ("*", true, true),
            ("acs:oss:*:*:b/*", true, false),
            ("acs:oss:*:*:*", true, true),
            ("acs:oss:*", true, true),
            ("acs:*", true, true),
            ("acs:oss*", true, true),
            ("acs:ossvector:*:*:vb/*", true, false),
            ("acs:oss:*:*:accesspoint/ap-01/object/*", true, true),
            ("acs:oss:*:1:accesspoint/*", true, true),
            ("arn:aws:s3:::b/*", false, false),
            ("acs:ecs:*:*:*", false, false),
            ("acs:imm:*:*:*", false, false),
            ("mybucket/*", false, false),
            ("b", false, false),
        ];
        for &(entry, oss, access_point) in cases {
            assert_eq!(languages.any_oss(entry), oss, "{entry}");
            assert_eq!(languages.can_match(entry, &languages.access_point), access_point, "{entry}");
        }
    }

    #[test]
    fn resource_entries_have_the_levels_of_spec_section_7() {
        let languages = Languages::new();
        let level = |service, bucket, object| Levels { service, bucket, object };
        let cases: &[(&str, Levels)] = &[
            ("*", level(true, true, true)),
            ("acs:oss:*:*:*", level(true, true, true)),
            ("acs:oss:*", level(true, true, true)),
            ("acs:oss:*:*:b", level(false, true, false)),
            ("acs:oss:*:*:b*", level(false, true, true)),
            ("acs:oss:*:*:b/*", level(false, false, true)),
            ("acs:oss:*:*:b/dir/", level(false, false, true)),
            ("acs:oss:*:1:accesspoint/ap", level(false, true, true)),
            ("acs:oss:*:1:accesspoint/ap/object/*", level(false, false, true)),
            ("arn:aws:s3:::b", level(false, false, false)),
        ];
        for &(entry, expected) in cases {
            assert_eq!(languages.levels(entry), expected, "{entry}");
        }
    }
}
