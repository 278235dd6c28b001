//! The XML of OSS: answers written as the service writes them, and the few request
//! bodies the operations read (`Tagging`, `CompleteMultipartUpload`), parsed with
//! `quick-xml` into element texts.

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::Event;

use crate::error::GatewayError;

/// The XML declaration every answer starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// An XML answer under construction.
#[derive(Debug, Default)]
pub struct Xml {
    out: String,
}

impl Xml {
    /// A document with the declaration.
    pub fn new() -> Xml {
        Xml { out: DECLARATION.to_owned() }
    }

    /// `<name>`.
    pub fn open(&mut self, name: &str) -> &mut Xml {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Xml {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// `<name>text</name>`, the text escaped.
    pub fn element(&mut self, name: &str, text: &str) -> &mut Xml {
        self.open(name);
        self.out.push_str(&escape(text));
        self.close(name)
    }

    /// The document.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.out)
    }
}

/// The OSS error document.
pub fn error_body(error: &GatewayError, request_id: &str, host: &str) -> String {
    let mut xml = Xml::new();
    xml.open("Error")
        .element("Code", error.code)
        .element("Message", &error.message)
        .element("RequestId", request_id)
        .element("HostId", host)
        .element("EC", &error.ec())
        .close("Error");
    xml.finish()
}

/// The texts of the elements of `body` named in `fields`, grouped by each element named
/// `record`: `<record><a>1</a><b>2</b></record>` gives `[[Some("1"), Some("2")]]` for
/// fields `["a", "b"]`. Nesting deeper than 8 levels, or more than `max` records, is
/// refused.
///
/// # Errors
/// `MalformedXML`.
pub fn records(
    body: &[u8],
    record: &str,
    fields: &[&str],
    max: usize,
) -> Result<Vec<Vec<Option<String>>>, GatewayError> {
    let bad = || {
        GatewayError::malformed_xml(
            "The XML you provided was not well-formed or did not validate against our published schema.",
        )
    };
    let mut reader = Reader::from_reader(body);
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut found = Vec::new();
    let mut current: Option<Vec<Option<String>>> = None;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| bad())? {
            Event::Start(start) => {
                let name = start.name().as_ref().to_vec();
                if name == record.as_bytes() {
                    if current.is_some() || found.len() == max {
                        return Err(bad());
                    }
                    current = Some(vec![None; fields.len()]);
                }
                path.push(name);
                if path.len() > 8 {
                    return Err(bad());
                }
            }
            Event::End(_) => {
                let name = path.pop().ok_or_else(bad)?;
                if name == record.as_bytes() {
                    found.push(current.take().ok_or_else(bad)?);
                }
            }
            Event::Text(text) => {
                let (Some(fields_of), Some(name)) = (current.as_mut(), path.last()) else { continue };
                if let Some(slot) = fields.iter().position(|f| f.as_bytes() == name.as_slice()) {
                    let value = text.decode().map_err(|_| bad())?.into_owned();
                    if let Some(cell) = fields_of.get_mut(slot) {
                        cell.get_or_insert_with(String::new).push_str(&value);
                    }
                }
            }
            Event::GeneralRef(reference) => {
                // `&amp;` and `&#38;` arrive as their own events.
                let (Some(fields_of), Some(name)) = (current.as_mut(), path.last()) else { continue };
                let text = match reference.resolve_char_ref().map_err(|_| bad())? {
                    Some(c) => c.to_string(),
                    None => match reference.decode().map_err(|_| bad())?.as_ref() {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        _ => return Err(bad()),
                    },
                };
                if let Some(cell) =
                    fields.iter().position(|f| f.as_bytes() == name.as_slice()).and_then(|slot| fields_of.get_mut(slot))
                {
                    cell.get_or_insert_with(String::new).push_str(&text);
                }
            }
            Event::Empty(empty) => {
                // `<Value/>`: present and empty.
                if let (Some(fields_of), Some(slot)) =
                    (current.as_mut(), fields.iter().position(|f| f.as_bytes() == empty.name().as_ref()))
                    && let Some(cell) = fields_of.get_mut(slot)
                {
                    cell.get_or_insert_with(String::new);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if path.is_empty() && current.is_none() { Ok(found) } else { Err(bad()) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn records_are_read_and_bad_documents_refused() {
        let body = b"<Tagging><TagSet><Tag><Key>a&amp;b&#x21;</Key><Value>1</Value></Tag><Tag><Key>c</Key><Value/></Tag></TagSet></Tagging>";
        let tags = records(body, "Tag", &["Key", "Value"], 10).unwrap();
        assert_eq!(
            tags,
            vec![vec![Some("a&b!".into()), Some("1".into())], vec![Some("c".into()), Some(String::new())]]
        );
        assert!(records(b"<Tagging><Tag><Key>a</Key>", "Tag", &["Key"], 10).is_err());
        assert!(records(body, "Tag", &["Key", "Value"], 1).is_err());
        assert!(
            records(b"<a><b><c><d><e><f><g><h><i></i></h></g></f></e></d></c></b></a>", "Tag", &["Key"], 1).is_err()
        );
    }

    #[test]
    fn errors_are_the_oss_document() {
        let error = GatewayError::no_such_key();
        let body = error_body(&error, "RID", "b.example");
        assert!(body.contains("<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>RID</RequestId><HostId>b.example</HostId><EC>"));
    }
}
