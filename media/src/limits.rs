//! Resource limits an original must respect before anything decodes it.

/// Upper bounds checked at upload (`inspect`) and again before decoding (`render`), so a hostile
/// or accidental huge file cannot exhaust memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted file, in bytes.
    pub max_bytes: u64,
    /// Largest accepted pixel count (width × height as stored).
    pub max_pixels: u64,
    /// Longest accepted side, in pixels.
    pub max_side: u32,
}

impl Default for Limits {
    /// 200 MB, 200 megapixels, 65 535 px a side (the largest a JPEG can be).
    fn default() -> Self {
        Self { max_bytes: 200_000_000, max_pixels: 200_000_000, max_side: 65_535 }
    }
}

impl Limits {
    /// Refuses stored dimensions over the pixel or side limit.
    pub(crate) fn check_dims(&self, width: u32, height: u32) -> Result<(), crate::MediaError> {
        if width.max(height) > self.max_side {
            return Err(crate::MediaError::SideTooLong { width, height, max_side: self.max_side });
        }
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(crate::MediaError::TooManyPixels { width, height, max_pixels: self.max_pixels });
        }
        Ok(())
    }
}
