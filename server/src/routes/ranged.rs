//! The conditional and Range part of every byte response (renditions, downloads, ZIPs): strong
//! ETag, `If-None-Match` → 304, `Range` with `If-Range` → 206 or 416, `Content-Length` always.

use super::range::{self, RangeRequest};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::ops::Range;

/// What to send: the status, the byte range (`None`: everything) and the headers so far.
pub struct Plan {
    pub status: StatusCode,
    pub range: Option<Range<u64>>,
    pub headers: HeaderMap,
}

impl Plan {
    /// True when the response starts at the first byte (a new download rather than a resume).
    pub fn from_start(&self) -> bool {
        self.range.as_ref().is_none_or(|r| r.start == 0)
    }
}

/// Plans the answer for an object of `len` bytes tagged `etag` (quoted), or returns the finished
/// answer (304, 416) when no body is due.
pub fn plan(request: &HeaderMap, len: u64, etag: &str, mut headers: HeaderMap) -> Result<Plan, Box<Response>> {
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    let if_none_match = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    // Weak comparison, as RFC 9110 asks of If-None-Match (a proxy may have weakened the tag);
    // If-Range below stays strict.
    let matches = |tag: &str| tag == "*" || tag.trim_start_matches("W/") == etag;
    if if_none_match.is_some_and(|v| v.split(',').any(|tag| matches(tag.trim()))) {
        return Err(Box::new((StatusCode::NOT_MODIFIED, headers).into_response()));
    }
    let range_header = request.get(header::RANGE).and_then(|v| v.to_str().ok());
    // If-Range with a stale validator means "send it all".
    let if_range_ok = request.get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v == etag);
    let wanted = if if_range_ok { range::parse(range_header, len) } else { RangeRequest::Full };
    let (status, byte_range) = match wanted {
        RangeRequest::Full => (StatusCode::OK, None),
        RangeRequest::Partial(r) => (StatusCode::PARTIAL_CONTENT, Some(r)),
        RangeRequest::Unsatisfiable => {
            let value =
                HeaderValue::from_str(&format!("bytes */{len}")).unwrap_or(HeaderValue::from_static("bytes */0"));
            headers.insert(header::CONTENT_RANGE, value);
            return Err(Box::new((StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response()));
        }
    };
    let length = byte_range.as_ref().map_or(len, |r| r.end - r.start);
    if let Some(r) = &byte_range
        && let Ok(value) = HeaderValue::from_str(&format!("bytes {}-{}/{}", r.start, r.end - 1, len))
    {
        headers.insert(header::CONTENT_RANGE, value);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    Ok(Plan { status, range: byte_range, headers })
}

/// The headers of a download saved as `name`: its type, the attachment name, never stored by a
/// cache (a download is the visitor's alone, checked and logged each time), and a sandbox, so a
/// file opened in the browser instead of saved can run nothing.
pub fn attachment_headers(content_type: &'static str, name: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, attachment(name));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    headers
}

/// `Content-Disposition: attachment` with an ASCII fallback name and the exact UTF-8 name
/// (RFC 6266 / 8187), so every browser saves the file under a safe, recognisable name.
fn attachment(name: &str) -> HeaderValue {
    let fallback: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%' || c == ' ' { c } else { '_' })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    HeaderValue::from_str(&format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_are_safe_and_exact() {
        let value = attachment("Hochzeit \"Anna\" & Tom – 1.jpg");
        let text = value.to_str().expect("ascii header");
        assert!(text.starts_with("attachment; filename=\"Hochzeit _Anna_ & Tom _ 1.jpg\"; filename*=UTF-8''"));
        assert!(text.contains("%E2%80%93"), "{text}");
    }

    fn asked(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (name.clone(), HeaderValue::from_str(value).expect("value"))).collect()
    }

    #[test]
    fn if_none_match_compares_weakly_and_if_range_strictly() {
        let status = |request: HeaderMap| match plan(&request, 100, "\"v1\"", HeaderMap::new()) {
            Ok(plan) => plan.status,
            Err(done) => done.status(),
        };
        assert_eq!(status(asked(&[(header::IF_NONE_MATCH, "\"v1\"")])), StatusCode::NOT_MODIFIED);
        assert_eq!(status(asked(&[(header::IF_NONE_MATCH, "\"v0\", W/\"v1\"")])), StatusCode::NOT_MODIFIED);
        assert_eq!(status(asked(&[(header::IF_NONE_MATCH, "W/\"v0\"")])), StatusCode::OK);
        let range = (header::RANGE, "bytes=10-");
        assert_eq!(status(asked(&[range.clone(), (header::IF_RANGE, "\"v1\"")])), StatusCode::PARTIAL_CONTENT);
        assert_eq!(
            status(asked(&[range, (header::IF_RANGE, "W/\"v1\"")])),
            StatusCode::OK,
            "a weak If-Range sends all"
        );
    }
}
