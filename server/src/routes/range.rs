//! HTTP `Range: bytes=…` for one range (what browsers and download managers send to resume).

use std::ops::Range;

/// The outcome of reading a Range header against an object of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No (usable) Range header: send everything.
    Full,
    /// Send these bytes with 206.
    Partial(Range<u64>),
    /// The range lies outside the object: 416.
    Unsatisfiable,
}

/// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n`. Multi-range requests are answered in full
/// (allowed by RFC 9110), so they never cost a multipart body.
pub fn parse(header: Option<&str>, len: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return RangeRequest::Full };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((start, end)) = spec.split_once('-') else { return RangeRequest::Full };
    let (start, end) = (start.trim(), end.trim());
    let range = if start.is_empty() {
        let Ok(suffix) = end.parse::<u64>() else { return RangeRequest::Full };
        if suffix == 0 {
            return RangeRequest::Unsatisfiable;
        }
        len.saturating_sub(suffix)..len
    } else {
        let Ok(first) = start.parse::<u64>() else { return RangeRequest::Full };
        let last = if end.is_empty() {
            len.saturating_sub(1)
        } else {
            match end.parse::<u64>() {
                Ok(last) if last >= first => last.min(len.saturating_sub(1)),
                _ => return RangeRequest::Full,
            }
        };
        if first >= len {
            return RangeRequest::Unsatisfiable;
        }
        first..last + 1
    };
    if range.is_empty() { RangeRequest::Unsatisfiable } else { RangeRequest::Partial(range) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse(None, 100), RangeRequest::Full);
        assert_eq!(parse(Some("bytes=0-9"), 100), RangeRequest::Partial(0..10));
        assert_eq!(parse(Some("bytes=90-"), 100), RangeRequest::Partial(90..100));
        assert_eq!(parse(Some("bytes=-10"), 100), RangeRequest::Partial(90..100));
        assert_eq!(parse(Some("bytes=95-200"), 100), RangeRequest::Partial(95..100));
        assert_eq!(parse(Some("bytes=100-"), 100), RangeRequest::Unsatisfiable);
        assert_eq!(parse(Some("bytes=0-1,5-6"), 100), RangeRequest::Full);
        assert_eq!(parse(Some("items=0-1"), 100), RangeRequest::Full);
        assert_eq!(parse(Some("bytes=9-2"), 100), RangeRequest::Full);
    }
}
