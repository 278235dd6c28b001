//! The warning codes of docs/SPEC.md section 7. Stable: tools match on [`WarningCode::as_str`].

use core::fmt;

macro_rules! codes {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// A warning code (docs/SPEC.md section 7).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum WarningCode {
            $(#[doc = $doc] $variant,)*
        }

        impl WarningCode {
            /// Every code, in docs/SPEC.md's order.
            pub const ALL: &'static [WarningCode] = &[$(WarningCode::$variant,)*];

            /// The code as docs/SPEC.md spells it (`unknown-condition-key`).
            pub const fn as_str(self) -> &'static str {
                match self { $(WarningCode::$variant => $name,)* }
            }

            /// What the code means, in one line (for SARIF rules and `--help`).
            pub const fn description(self) -> &'static str {
                match self { $(WarningCode::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    UnknownConditionKey => "unknown-condition-key", "A condition key no request carries: misspelt, of another cloud, or malformed.";
    ActionNeverOss => "action-never-oss", "An `Action` entry that matches no OSS action.";
    ResourceNeverOss => "resource-never-oss", "A `Resource` entry that can match no OSS resource (or no access point resource).";
    ActionResourceLevel => "action-resource-level", "An `Action` entry whose actions fit no `Resource` entry of the statement.";
    UnreachableStatement => "unreachable-statement", "A statement that can never apply, or an `Allow` wholly covered by a `Deny`.";
    PlaceholderValue => "placeholder-value", "A value left from documentation: `{region-id}`, `<BucketName>`, `${...}`, a masked id.";
    KindMismatch => "kind-mismatch", "A document whose resources all belong to another kind of policy.";
    PublicAccess => "public-access", "An `Allow` for everyone (`Principal` `*`) without a condition.";
    EmptyCondition => "empty-condition", "`\"Condition\": {}`, which counts as no condition.";
    DuplicateStatement => "duplicate-statement", "A statement equal to an earlier one.";
    ConsecutiveWildcards => "consecutive-wildcards", "`**` in a value of a bucket or access point policy.";
    SourceIpWithoutVpc => "source-ip-without-vpc", "A bucket policy statement on `acs:SourceIp` without `acs:SourceVpc`.";
}

impl WarningCode {
    /// The code of that spelling.
    pub fn from_name(name: &str) -> Option<WarningCode> {
        WarningCode::ALL.iter().copied().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
