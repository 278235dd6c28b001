//! Where a warning stands: the JSON path of the value at a byte offset, and lines and
//! columns for many offsets in one pass over the text.
//!
//! The model keeps spans, not paths; a path is rendered only for a warning, by walking
//! down the JSON tree to the value (or member name) that starts at the offset. Arrays and
//! objects keep their entries in text order, so each level is a binary search.

use std::fmt::Write as _;

use crate::json::{Kind, Value};

/// The docs/SPEC.md section 6 path of the value, or object member, that starts at `offset`;
/// the deepest container holding it when nothing starts there exactly.
pub(crate) fn path_at(root: &Value<'_>, offset: usize) -> String {
    let mut path = String::new();
    let mut value = root;
    // Bounded by the JSON parser's depth limit.
    loop {
        if value.span.start == offset {
            return path;
        }
        match &value.kind {
            Kind::Array(items) => {
                let at = items.partition_point(|item| item.span.end <= offset);
                match items.get(at).filter(|item| item.span.start <= offset) {
                    Some(item) => {
                        let _ = write!(path, "[{at}]");
                        value = item;
                    }
                    None => return path,
                }
            }
            Kind::Object(members) => {
                let at = members.partition_point(|member| member.value.span.end <= offset);
                let Some(member) = members.get(at).filter(|member| member.name_span.start <= offset) else {
                    return path;
                };
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&member.name);
                if member.name_span.start == offset || member.value.span.start > offset {
                    return path;
                }
                value = &member.value;
            }
            _ => return path,
        }
    }
}

/// Lines and columns of increasing offsets, counted once over the text.
pub(crate) struct Lines<'s> {
    source: &'s str,
    /// The last offset asked for, its line, and the offset where that line starts.
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'s> Lines<'s> {
    pub(crate) fn new(source: &'s str) -> Lines<'s> {
        Lines { source, at: 0, line: 1, line_start: 0 }
    }

    /// The 1-based line and column (in characters) of `offset`. Offsets must not
    /// decrease between calls; one that does is counted from the start again.
    pub(crate) fn at(&mut self, offset: usize) -> (usize, usize) {
        if offset < self.at {
            *self = Lines::new(self.source);
        }
        let offset = offset.min(self.source.len());
        if let Some(between) = self.source.get(self.at..offset) {
            for (i, byte) in between.bytes().enumerate() {
                if byte == b'\n' {
                    self.line += 1;
                    self.line_start = self.at + i + 1;
                }
            }
            self.at = offset;
        } else {
            return crate::line_column(self.source, offset);
        }
        let column = self.source.get(self.line_start..offset).map_or(0, |text| text.chars().count()) + 1;
        (self.line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn paths_name_the_value_that_starts_at_the_offset() {
        let text =
            r#"{"Statement":[{"Action":"a","Resource":["r0","r1"],"Condition":{"Bool":{"k":true}},"Principal":[]}]}"#;
        let root = json::parse(text).unwrap();
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(path_at(&root, 0), "");
        assert_eq!(path_at(&root, at(r#"{"Action""#)), "Statement[0]");
        assert_eq!(path_at(&root, at(r#""a""#)), "Statement[0].Action");
        assert_eq!(path_at(&root, at(r#""r1""#)), "Statement[0].Resource[1]");
        assert_eq!(path_at(&root, at(r#""k""#)), "Statement[0].Condition.Bool.k");
        assert_eq!(path_at(&root, at(r#""Condition""#)), "Statement[0].Condition");
        assert_eq!(path_at(&root, at("[]")), "Statement[0].Principal");
    }

    #[test]
    fn lines_agree_with_line_column() {
        let text = "{\n  \"报告\": 1,\n  \"x\": [2,\n 3]}";
        let mut lines = Lines::new(text);
        for offset in [0, 1, 2, 5, 12, 14, 20, text.len(), text.len() + 5] {
            assert_eq!(lines.at(offset), crate::line_column(text, offset), "{offset}");
        }
        assert_eq!(lines.at(2), crate::line_column(text, 2));
    }
}
