//! JSON paths of docs/SPEC.md section 6, built lazily.
//!
//! A path joins member names with `.` and gives array indices in brackets
//! (`Statement[1].Condition.IpAddress.acs:SourceIp[0]`); the document is `""`. The
//! validator walks the tree with a [`Path`] that is a chain of borrowed links on the
//! stack, so following a member costs nothing; the text is rendered only for an error.
//!
//! ```text
//! let statement = Path::ROOT.member("Statement");
//! let first = statement.index(0);
//! assert_eq!(first.member("Action").to_string(), "Statement[0].Action");
//! ```

use core::fmt;

/// Where a value stands in the document: the document itself, a member of an object at
/// some path, or an entry of an array at some path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'p> {
    /// The document: `""`.
    Root,
    /// A member of the object at the parent path.
    Member(&'p Path<'p>, &'p str),
    /// An entry of the array at the parent path.
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// The document's path, `""`.
    pub(crate) const ROOT: Path<'static> = Path::Root;

    /// The path of member `name` of the object at this path.
    pub(crate) fn member<'q>(&'q self, name: &'q str) -> Path<'q> {
        Path::Member(self, name)
    }

    /// The path of entry `index` of the array at this path.
    pub(crate) fn index(&self, index: usize) -> Path<'_> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Recursion is bounded by the JSON parser's depth limit.
        match self {
            Path::Root => Ok(()),
            Path::Member(parent, name) => {
                parent.fmt(f)?;
                if !matches!(parent, Path::Root) {
                    f.write_str(".")?;
                }
                f.write_str(name)
            }
            Path::Index(parent, index) => {
                parent.fmt(f)?;
                write!(f, "[{index}]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_as_spec_section_6_writes_paths() {
        let root = Path::ROOT;
        assert_eq!(root.to_string(), "");
        assert_eq!(root.member("Version").to_string(), "Version");
        let statement = root.member("Statement");
        let second = statement.index(1);
        let condition = second.member("Condition");
        let operator = condition.member("IpAddress");
        let key = operator.member("acs:SourceIp");
        assert_eq!(key.index(0).to_string(), "Statement[1].Condition.IpAddress.acs:SourceIp[0]");
        assert_eq!(key.to_string(), "Statement[1].Condition.IpAddress.acs:SourceIp");
        assert_eq!(root.index(2).to_string(), "[2]");
        assert_eq!(root.index(2).index(0).to_string(), "[2][0]");
    }
}
