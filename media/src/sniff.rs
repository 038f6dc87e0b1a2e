//! Recognising the format from the first bytes, never from the file name.

use crate::format::SourceFormat;

/// How many leading bytes [`sniff`] looks at, at most.
pub const SNIFF_LEN: usize = 32;

/// The format whose magic bytes `head` starts with, or `None`. Looks at the first
/// [`SNIFF_LEN`] bytes at most; a file shorter than its format's magic is not recognised.
pub fn sniff(head: &[u8]) -> Option<SourceFormat> {
    let head = &head[..head.len().min(SNIFF_LEN)];
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(SourceFormat::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(SourceFormat::Png)
    } else if head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        // BigTIFF: same idea, version 43.
        || head.starts_with(b"II+\0")
        || head.starts_with(b"MM\0+")
    {
        Some(SourceFormat::Tiff)
    } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        Some(SourceFormat::WebP)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_magic() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(SourceFormat::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), Some(SourceFormat::Png));
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), Some(SourceFormat::Tiff));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08"), Some(SourceFormat::Tiff));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(SourceFormat::WebP));
    }

    #[test]
    fn refuses_text_and_short_input() {
        assert_eq!(sniff(b"hello, I am not a photo"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVE"), None);
    }
}
