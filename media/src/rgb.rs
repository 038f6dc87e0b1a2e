//! The in-memory picture every stage after decoding works on.

/// An 8-bit sRGB-or-source-space RGB image, rows packed without padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RgbImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes, R G B.
    pub data: Vec<u8>,
}

impl RgbImage {
    /// Number of bytes an image of this size needs.
    pub fn byte_len(width: u32, height: u32) -> usize {
        width as usize * height as usize * 3
    }
}
