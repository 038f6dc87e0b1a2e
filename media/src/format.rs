//! The accepted source formats of an original.

use std::fmt;

/// The container format of an uploaded original. Only these four are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// JPEG (baseline, extended or progressive Huffman coding).
    Jpeg,
    /// PNG, any bit depth.
    Png,
    /// TIFF or BigTIFF, 8- or 16-bit.
    Tiff,
    /// WebP, lossy or lossless.
    WebP,
}

impl SourceFormat {
    /// The MIME type to store and serve the original with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Tiff => "image/tiff",
            Self::WebP => "image/webp",
        }
    }

    /// The name shown to people: "JPEG", "PNG", "TIFF", "WebP".
    pub fn label(self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Tiff => "TIFF",
            Self::WebP => "WebP",
        }
    }

    /// The matching `image` crate format, for the decoders that go through it.
    pub(crate) fn image_format(self) -> image::ImageFormat {
        match self {
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::Png => image::ImageFormat::Png,
            Self::Tiff => image::ImageFormat::Tiff,
            Self::WebP => image::ImageFormat::WebP,
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
