//! A strict JSON parser (RFC 8259) that keeps byte spans.
//!
//! `serde_json::Value` forgets where each value stood and silently keeps the last of two
//! members with one name; policy errors need both (docs/DESIGN.md). This parser builds a small
//! tree in which every value, and every object member's name, carries its byte
//! [`Span`] in the source text, and objects keep **all** their members in document order,
//! duplicates included: the validator decides what a duplicate means.
//!
//! Strict means: no trailing commas, no comments, no single quotes, no control characters
//! inside strings, no byte order mark, no leading `+` or `0`, exactly one value in the
//! text. Strings are decoded (escapes, `\uXXXX` surrogate pairs; a lone surrogate is an
//! error); a string without escapes borrows from the source. Numbers keep their source
//! text (`10`, `1e3`): the policy grammar reads them as text, not as doubles.
//!
//! The parser keeps the arrays and objects still open on a heap stack rather than the
//! call stack, and nesting is limited to [`MAX_DEPTH`] levels, so a hostile document
//! can overflow neither the parser nor the recursive walks over its tree.
//! Parsing is linear in the length of the text.
//!
//! ```text
//! let value = json::parse(r#"{"Effect": "Allow"}"#)?;
//! let Kind::Object(members) = &value.kind else { unreachable!() };
//! assert_eq!(members[0].name, "Effect");
//! assert_eq!(members[0].name_span, Span { start: 1, end: 9 });
//! assert_eq!(members[0].value.span, Span { start: 11, end: 18 });
//! ```

use std::borrow::Cow;

use crate::model::Span;

/// How deeply arrays and objects may nest. Policies need six levels; anything near this
/// limit is hostile or broken.
pub(crate) const MAX_DEPTH: usize = 128;

/// A JSON value and the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Value<'a> {
    /// What the value is.
    pub(crate) kind: Kind<'a>,
    /// Its text, from the first byte to one past the last (quotes and brackets included).
    pub(crate) span: Span,
}

/// The JSON types.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its source text.
    Number(&'a str),
    /// A string, decoded.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object: every member in document order, duplicates included.
    Object(Vec<Member<'a>>),
}

/// One `"name": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member<'a> {
    /// The name, decoded.
    pub(crate) name: Cow<'a, str>,
    /// The span of the name (quotes included).
    pub(crate) name_span: Span,
    /// The value.
    pub(crate) value: Value<'a>,
}

impl Kind<'_> {
    /// The type in words, for messages (`a number`).
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "a list",
            Kind::Object(_) => "an object",
        }
    }
}

/// Text that is not JSON: where the parser stopped and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// The byte offset at which parsing failed (the text's length when it ended early).
    pub(crate) offset: usize,
    /// One sentence, lower case.
    pub(crate) message: String,
    /// A hint for common mistakes (trailing commas, single quotes, comments).
    pub(crate) help: Option<&'static str>,
}

/// Parses `text` as exactly one JSON value.
///
/// # Errors
/// A [`SyntaxError`] at the first place where `text` stops being JSON. Never panics.
pub(crate) fn parse(text: &str) -> Result<Value<'_>, SyntaxError> {
    let mut parser = Parser { text, bytes: text.as_bytes(), pos: 0 };
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos < text.len() {
        return Err(parser.error("expected the end of the text"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

/// An array or object whose entries are still being read.
enum Open<'a> {
    /// `[` seen at `start`.
    Array { start: usize, items: Vec<Value<'a>> },
    /// `{` seen at `start`; `name` is the member whose value is being read.
    Object { start: usize, members: Vec<Member<'a>>, name: Cow<'a, str>, name_span: Span },
}

impl<'a> Open<'a> {
    /// Adds a complete entry: the next list entry, or the value of the pending member.
    fn push(&mut self, value: Value<'a>) {
        match self {
            Open::Array { items, .. } => items.push(value),
            Open::Object { members, name, name_span, .. } => {
                members.push(Member { name: core::mem::take(name), name_span: *name_span, value });
            }
        }
    }

    /// The finished value, its closing bracket ending just before `end`.
    fn close(self, end: usize) -> Value<'a> {
        match self {
            Open::Array { start, items } => Value { kind: Kind::Array(items), span: Span { start, end } },
            Open::Object { start, members, .. } => Value { kind: Kind::Object(members), span: Span { start, end } },
        }
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// An error at the current position: `expected ..., found ...`, with a hint when the
    /// character found is a common mistake.
    fn error(&self, expected: &str) -> SyntaxError {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let (found, help) = match rest.chars().next() {
            None => ("the end of the text".to_owned(), None),
            Some(c) => {
                let help = match c {
                    '\'' => Some("JSON strings are written in double quotes"),
                    '/' | '#' => Some("JSON has no comments"),
                    // A closing bracket is a trailing-comma mistake only right after a comma.
                    '}' | ']' if self.after_comma() => Some("JSON allows no comma before a closing bracket"),
                    '\u{feff}' => Some("remove the byte order mark"),
                    _ => None,
                };
                let found = if c.is_control() || c == '\u{feff}' {
                    format!("the character U+{:04X}", u32::from(c))
                } else {
                    format!("`{c}`")
                };
                (found, help)
            }
        };
        SyntaxError { offset: self.pos, message: format!("{expected}, found {found}"), help }
    }

    /// Whether the last non-blank byte before the current position is a comma.
    fn after_comma(&self) -> bool {
        let before = self.bytes.get(..self.pos).unwrap_or(&[]);
        before.iter().rev().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')) == Some(&b',')
    }

    fn span_from(&self, start: usize) -> Span {
        Span { start, end: self.pos }
    }

    /// One value with everything inside it; the position is at its first byte.
    ///
    /// Iterative rather than recursive: the arrays and objects still open are kept on
    /// a heap stack, so deep nesting costs no call stack, whatever the build's frame
    /// sizes; past [`MAX_DEPTH`] open levels the text is refused.
    fn value(&mut self) -> Result<Value<'a>, SyntaxError> {
        let mut open: Vec<Open<'a>> = Vec::new();
        loop {
            // A scalar or an empty container completes a value; any other container opens.
            let start = self.pos;
            let kind = match self.peek() {
                Some(open_byte @ (b'[' | b'{')) => {
                    if open.len() >= MAX_DEPTH {
                        return Err(SyntaxError {
                            offset: self.pos,
                            message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                            help: None,
                        });
                    }
                    self.pos += 1;
                    self.skip_whitespace();
                    match (open_byte, self.peek()) {
                        (b'[', Some(b']')) => {
                            self.pos += 1;
                            Kind::Array(Vec::new())
                        }
                        (b'[', _) => {
                            open.push(Open::Array { start, items: Vec::new() });
                            continue;
                        }
                        (_, Some(b'}')) => {
                            self.pos += 1;
                            Kind::Object(Vec::new())
                        }
                        _ => {
                            let (name, name_span) = self.member_name()?;
                            open.push(Open::Object { start, members: Vec::new(), name, name_span });
                            continue;
                        }
                    }
                }
                Some(b'"') => Kind::String(self.string()?),
                Some(b't') => self.literal("true", Kind::Bool(true))?,
                Some(b'f') => self.literal("false", Kind::Bool(false))?,
                Some(b'n') => self.literal("null", Kind::Null)?,
                Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
                _ => return Err(self.error("expected a value")),
            };
            let mut done = Value { kind, span: self.span_from(start) };
            // Put the value into the innermost open container, closing containers that end
            // here, until one continues with `,` (read its next entry) or none is left.
            loop {
                let Some(top) = open.last_mut() else {
                    return Ok(done);
                };
                top.push(done);
                self.skip_whitespace();
                match (top, self.peek()) {
                    (Open::Array { .. }, Some(b',')) => {
                        self.pos += 1;
                        self.skip_whitespace();
                        break;
                    }
                    (Open::Object { name, name_span, .. }, Some(b',')) => {
                        self.pos += 1;
                        (*name, *name_span) = self.member_name()?;
                        break;
                    }
                    (Open::Array { .. }, Some(b']')) | (Open::Object { .. }, Some(b'}')) => {
                        self.pos += 1;
                        // `top` was the last open container, so this pops it.
                        let Some(closed) = open.pop() else {
                            return Err(self.error("expected an open container"));
                        };
                        done = closed.close(self.pos);
                    }
                    (Open::Array { .. }, _) => return Err(self.error("expected `,` or `]` after a list entry")),
                    (Open::Object { .. }, _) => return Err(self.error("expected `,` or `}` after an object member")),
                }
            }
        }
    }

    /// `"name" :` and the white space after it; the position is before the name.
    fn member_name(&mut self) -> Result<(Cow<'a, str>, Span), SyntaxError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a member name in double quotes"));
        }
        let start = self.pos;
        let name = self.string()?;
        let span = self.span_from(start);
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:` after a member name"));
        }
        self.pos += 1;
        self.skip_whitespace();
        Ok((name, span))
    }

    fn literal(&mut self, word: &'static str, kind: Kind<'a>) -> Result<Kind<'a>, SyntaxError> {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let matched = word.bytes().zip(rest).take_while(|(a, b)| a == *b).count();
        self.pos += matched;
        if matched == word.len() { Ok(kind) } else { Err(self.error(&format!("expected `{word}`"))) }
    }

    /// A string; the position is at its opening quote. Borrows when there is no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.pos += 1;
        let start = self.pos;
        let mut decoded: Option<String> = None;
        let mut run_start = start;
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.error("expected `\"` to close the string"));
            };
            match byte {
                b'"' => {
                    let run = self.slice(run_start, self.pos)?;
                    self.pos += 1;
                    return Ok(match decoded {
                        Some(mut text) => {
                            text.push_str(run);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(run),
                    });
                }
                b'\\' => {
                    let run = self.slice(run_start, self.pos)?;
                    self.pos += 1;
                    let c = self.escape()?;
                    let text = decoded.get_or_insert_with(String::new);
                    text.push_str(run);
                    text.push(c);
                    run_start = self.pos;
                }
                0x00..=0x1f => return Err(self.error("expected a control character in a string to be escaped")),
                _ => self.pos += 1,
            }
        }
    }

    /// The source text `start..end`. Both ends sit next to ASCII bytes, so on character
    /// boundaries; a failure would be a parser bug, reported as a syntax error rather
    /// than a panic.
    fn slice(&self, start: usize, end: usize) -> Result<&'a str, SyntaxError> {
        self.text.get(start..end).ok_or_else(|| SyntaxError {
            offset: start,
            message: "expected a string on character boundaries".to_owned(),
            help: None,
        })
    }

    /// The character of an escape; the position is just after the `\`.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            _ => {
                return Err(
                    self.error("expected an escape (`\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t`, `\\u`)")
                );
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// `uXXXX`, or a surrogate pair `uD83D\uDE00`; the position is at the `u`.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let escape_start = self.pos.saturating_sub(1);
        self.pos += 1;
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    if self.peek() != Some(expected) {
                        return Err(self.error("expected `\\u` and a low surrogate after a high surrogate"));
                    }
                    self.pos += 1;
                }
                let second_start = self.pos;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    self.pos = second_start;
                    return Err(self.error("expected a low surrogate (`DC00` to `DFFF`)"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                self.pos = escape_start;
                return Err(self.error("expected a high surrogate before a low surrogate"));
            }
            _ => first,
        };
        // Surrogates are excluded above and four hex digits stay below U+10FFFF, so this
        // always succeeds; a failure still reports an error rather than panicking.
        char::from_u32(code).ok_or_else(|| {
            self.pos = escape_start;
            self.error("expected a Unicode scalar value")
        })
    }

    /// Four hexadecimal digits.
    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                return Err(self.error("expected four hexadecimal digits after `\\u`"));
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; the position is at its first byte.
    fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        self.slice(start, self.pos)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), SyntaxError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    fn members<'v, 'a>(value: &'v Value<'a>) -> &'v [Member<'a>] {
        match &value.kind {
            Kind::Object(members) => members,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn scalars_parse_to_their_kinds() {
        let cases: &[(&str, Kind<'_>)] = &[
            ("null", Kind::Null),
            ("true", Kind::Bool(true)),
            ("false", Kind::Bool(false)),
            ("0", Kind::Number("0")),
            ("-12.50", Kind::Number("-12.50")),
            ("1e3", Kind::Number("1e3")),
            ("2E-7", Kind::Number("2E-7")),
            ("-0.5e+10", Kind::Number("-0.5e+10")),
            (r#""plain""#, Kind::String(Cow::Borrowed("plain"))),
            (r#""""#, Kind::String(Cow::Borrowed(""))),
            (r#""报告/a b""#, Kind::String(Cow::Borrowed("报告/a b"))),
            (r#""a\"b\\c\/d\be\ff\ng\rh\ti""#, Kind::String(Cow::Owned("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti".into()))),
            (r#""\u0041\u00e9\u4F60""#, Kind::String(Cow::Owned("Aé你".into()))),
            (r#""\uD83D\uDE00!""#, Kind::String(Cow::Owned("😀!".into()))),
        ];
        for (text, kind) in cases {
            let value = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(&value.kind, kind, "{text}");
            assert_eq!(value.span, span(0, text.len()), "{text}");
        }
    }

    #[test]
    fn strings_without_escapes_borrow() {
        let value = parse(r#""acs:oss:*:*:b/*""#).unwrap();
        assert!(matches!(value.kind, Kind::String(Cow::Borrowed(_))));
        let value = parse(r#""a\nb""#).unwrap();
        assert!(matches!(value.kind, Kind::String(Cow::Owned(_))));
    }

    #[test]
    fn every_value_and_member_name_has_its_span() {
        let text = r#" { "Effect" : "Allow", "Action": [ "oss:GetObject", 10 ], "x": {"y": null} } "#;
        let root = parse(text).unwrap();
        assert_eq!(root.span, span(1, text.len() - 1));
        let m = members(&root);
        let names: Vec<_> = m.iter().map(|m| m.name.as_ref()).collect();
        assert_eq!(names, ["Effect", "Action", "x"]);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            span(start, start + needle.len())
        };
        assert_eq!(m[0].name_span, at(r#""Effect""#));
        assert_eq!(m[0].value.span, at(r#""Allow""#));
        assert_eq!(m[1].name_span, at(r#""Action""#));
        assert_eq!(m[1].value.span, at(r#"[ "oss:GetObject", 10 ]"#));
        let Kind::Array(items) = &m[1].value.kind else { panic!() };
        assert_eq!(items[0].span, at(r#""oss:GetObject""#));
        assert_eq!(items[1].span, at("10"));
        assert_eq!(m[2].value.span, at(r#"{"y": null}"#));
        assert_eq!(members(&m[2].value)[0].value.span, at("null"));
    }

    #[test]
    fn duplicate_members_are_all_kept_in_order() {
        let root = parse(r#"{"Effect":"Allow","Effect":"Deny","a":1}"#).unwrap();
        let m = members(&root);
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].value.kind, Kind::String("Allow".into()));
        assert_eq!(m[1].value.kind, Kind::String("Deny".into()));
        assert!(m[0].name_span.start < m[1].name_span.start);
    }

    #[test]
    fn whitespace_is_only_the_four_json_characters() {
        assert!(parse(" \t\r\n[ 1 ,\n2 ]\n").is_ok());
        assert!(parse("\u{a0}[]").is_err());
        assert!(parse("[]\u{c}").is_err());
    }

    #[test]
    fn invalid_text_fails_at_the_offending_offset() {
        // (text, offset of the failure, a word the message must contain)
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "end of the text"),
            ("   ", 3, "end of the text"),
            ("[1,]", 3, "`]`"),
            ("{\"a\":1,}", 7, "member name"),
            ("{'a':1}", 1, "`'`"),
            ("['a']", 1, "`'`"),
            ("[1 2]", 3, "`,` or `]`"),
            ("{\"a\" 1}", 5, "`:`"),
            ("{\"a\":1 \"b\":2}", 7, "`,` or `}`"),
            ("{\"a\":1", 6, "end of the text"),
            ("[\"abc", 5, "close the string"),
            ("[1] [2]", 4, "end of the text"),
            ("tru", 3, "`true`"),
            ("trux", 3, "`true`"),
            ("nul", 3, "`null`"),
            ("True", 0, "a value"),
            ("01", 1, "end of the text"),
            ("-", 1, "digit"),
            ("-x", 1, "digit"),
            ("+1", 0, "a value"),
            (".5", 0, "a value"),
            ("1.", 2, "digit"),
            ("1.e3", 2, "digit"),
            ("1e", 2, "digit"),
            ("1e+", 3, "digit"),
            ("NaN", 0, "a value"),
            ("\"a\tb\"", 2, "escaped"),
            ("\"a\nb\"", 2, "escaped"),
            ("\"\\x\"", 2, "escape"),
            ("\"\\u12\"", 5, "hexadecimal"),
            ("\"\\uZZZZ\"", 3, "hexadecimal"),
            ("\"\\uD800\"", 7, "low surrogate"),
            ("\"\\uD800\\", 8, "low surrogate"),
            ("\"\\uD800\\n", 8, "low surrogate"),
            ("\"\\uD800\\u0041\"", 9, "low surrogate"),
            ("\"\\uDC00\"", 1, "high surrogate"),
            ("// c\n{}", 0, "comments"),
            ("[1] // c", 4, "end of the text"),
            ("\u{feff}{}", 0, "U+FEFF"),
            ("{\"报告\":1,}", 12, "member name"),
        ];
        for &(text, offset, word) in cases {
            let error = parse(text).expect_err(text);
            assert_eq!(error.offset, offset, "{text:?}: {error:?}");
            let full = format!("{} {}", error.message, error.help.unwrap_or(""));
            assert!(full.contains(word), "{text:?}: {full:?} lacks {word:?}");
        }
    }

    #[test]
    fn hints_name_common_mistakes() {
        assert_eq!(parse("[1,]").unwrap_err().help, Some("JSON allows no comma before a closing bracket"));
        assert_eq!(parse("[1 ]]").unwrap_err().help, None);
        assert_eq!(parse("{'a':1}").unwrap_err().help, Some("JSON strings are written in double quotes"));
        assert_eq!(parse("# c").unwrap_err().help, Some("JSON has no comments"));
    }

    #[test]
    fn depth_is_limited() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let error = parse(&deep).unwrap_err();
        assert_eq!(error.offset, MAX_DEPTH);
        assert!(error.message.contains("deeper"), "{error:?}");
        let objects = "{\"a\":".repeat(MAX_DEPTH + 1);
        assert!(parse(&objects).unwrap_err().message.contains("deeper"));
    }

    #[test]
    fn deep_nesting_fails_without_overflowing_a_small_stack() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let result = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse(&text).map(|_| ()).map_err(|e| e.offset))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result, Err(MAX_DEPTH));
    }

    #[test]
    fn describes_kinds_in_words() {
        assert_eq!(parse("[]").unwrap().kind.describe(), "a list");
        assert_eq!(parse("{}").unwrap().kind.describe(), "an object");
        assert_eq!(parse("1").unwrap().kind.describe(), "a number");
    }
}
