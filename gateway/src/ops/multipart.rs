//! Multipart upload: initiate, upload part, complete (the body's parts, or every part
//! with `x-oss-complete-all: yes`), abort, list parts.

use http::StatusCode;

use super::{Answer, Call, answer, iso_time, maybe_encode, xml};
use crate::error::GatewayError;
use crate::xml::{Xml, records};

/// The most parts of one upload.
const MAX_PARTS: usize = 10_000;

fn upload_id(call: &Call<'_>) -> Result<String, GatewayError> {
    call.param("uploadId")?.ok_or_else(GatewayError::no_such_upload)
}

/// InitiateMultipartUpload.
pub fn initiate(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let (bucket, key) = (call.bucket()?, call.key()?);
    let id = call.state.store.initiate(bucket, key, call.attributes()?)?;
    let encode = call.url_encoded()?;
    let mut out = Xml::new();
    out.open("InitiateMultipartUploadResult");
    if encode {
        out.element("EncodingType", "url");
    }
    out.element("Bucket", bucket).element("Key", &maybe_encode(key, encode)).element("UploadId", &id);
    out.close("InitiateMultipartUploadResult");
    Ok(xml(out.finish()))
}

/// UploadPart.
pub fn upload_part(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let number = call
        .param("partNumber")?
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or_else(|| GatewayError::invalid_argument("partNumber must be an integer between 1 and 10000"))?;
    let part = call.state.store.put_part(call.bucket()?, call.key()?, &upload_id(call)?, number, call.body)?;
    let mut response = answer(StatusCode::OK, "");
    response.headers_mut().insert("etag", super::header_value(&part.etag));
    response.headers_mut().insert("x-oss-hash-crc64ecma", super::header_value(&part.crc64.to_string()));
    Ok(response)
}

/// CompleteMultipartUpload.
pub fn complete(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let (bucket, key, id) = (call.bucket()?, call.key()?, upload_id(call)?);
    let all = call.header("x-oss-complete-all")?.is_some_and(|v| v.eq_ignore_ascii_case("yes"));
    let chosen: Vec<(u32, String)> = if all {
        call.state.store.list_parts(bucket, key, &id)?.into_iter().map(|p| (p.number, p.etag)).collect()
    } else {
        let mut chosen = Vec::new();
        for fields in records(call.body, "Part", &["PartNumber", "ETag"], MAX_PARTS)? {
            let number = fields.first().cloned().flatten().and_then(|n| n.trim().parse::<u32>().ok());
            let etag = fields.get(1).cloned().flatten();
            match (number, etag) {
                (Some(number), Some(etag)) => chosen.push((number, etag)),
                _ => return Err(GatewayError::malformed_xml("a Part lacks its PartNumber or ETag")),
            }
        }
        chosen
    };
    let meta = call.state.store.complete(bucket, key, &id, &chosen)?;
    let encode = call.url_encoded()?;
    let host = call.classified.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("");
    let mut out = Xml::new();
    out.open("CompleteMultipartUploadResult");
    if encode {
        out.element("EncodingType", "url");
    }
    out.element("Location", &format!("http://{host}/{bucket}/{key}"))
        .element("Bucket", bucket)
        .element("Key", &maybe_encode(key, encode))
        .element("ETag", &meta.etag)
        .close("CompleteMultipartUploadResult");
    let mut response = xml(out.finish());
    super::objects::written_headers(response.headers_mut(), &meta);
    Ok(response)
}

/// AbortMultipartUpload.
pub fn abort(call: &Call<'_>) -> Result<Answer, GatewayError> {
    call.state.store.abort(call.bucket()?, call.key()?, &upload_id(call)?)?;
    Ok(answer(StatusCode::NO_CONTENT, ""))
}

/// ListParts (`max-parts`, 1,000 by default; `part-number-marker`).
pub fn list_parts(call: &Call<'_>) -> Result<Answer, GatewayError> {
    let (bucket, key, id) = (call.bucket()?, call.key()?, upload_id(call)?);
    let number = |name: &str, default: usize| -> Result<usize, GatewayError> {
        call.param(name)?.map_or(Ok(default), |n| {
            n.parse::<usize>().map_err(|_| GatewayError::invalid_argument(format!("{name} must be a number")))
        })
    };
    let (max, marker) = (number("max-parts", 1000)?.clamp(1, 1000), number("part-number-marker", 0)?);
    let parts = call.state.store.list_parts(bucket, key, &id)?;
    let after: Vec<_> = parts.iter().filter(|p| p.number as usize > marker).collect();
    let shown = after.get(..max.min(after.len())).unwrap_or(&[]);
    let truncated = after.len() > shown.len();
    let encode = call.url_encoded()?;
    let mut out = Xml::new();
    out.open("ListPartsResult");
    if encode {
        out.element("EncodingType", "url");
    }
    out.element("Bucket", bucket)
        .element("Key", &maybe_encode(key, encode))
        .element("UploadId", &id)
        .element("PartNumberMarker", &marker.to_string())
        .element("NextPartNumberMarker", &shown.last().map_or(0, |p| p.number).to_string())
        .element("MaxParts", &max.to_string())
        .element("IsTruncated", if truncated { "true" } else { "false" });
    for part in shown {
        out.open("Part")
            .element("PartNumber", &part.number.to_string())
            .element("LastModified", &iso_time(part.last_modified))
            .element("ETag", &part.etag)
            .element("HashCrc64ecma", &part.crc64.to_string())
            .element("Size", &part.size.to_string())
            .close("Part");
    }
    out.close("ListPartsResult");
    Ok(xml(out.finish()))
}
