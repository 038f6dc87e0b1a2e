//! The one error type of the pipeline. Its `Display` is shown to the photographer next to the
//! file that failed, so every message is a plain sentence saying what happened and what to do.

use crate::format::SourceFormat;

/// Why an upload was refused or its renditions could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MediaError {
    /// The file has no bytes at all.
    #[error("The file is empty. Choose the photo again and re-upload it.")]
    Empty,

    /// The first bytes match none of the accepted formats (for example a text file named `.jpg`).
    #[error(
        "This file is not a JPEG, PNG, TIFF or WebP image. Export the photo in one of those \
         formats and upload it again."
    )]
    NotAnImage,

    /// The file is larger than the configured byte limit.
    #[error(
        "The file is {} but files may be at most {}. Export a smaller file (for example a \
         high-quality JPEG) and upload that instead.",
        megabytes(*size),
        megabytes(*max)
    )]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },

    /// The header declares more pixels than the configured limit.
    #[error(
        "The image is {width} × {height} pixels ({}), more than the {} allowed. Export it at a \
         smaller size and upload it again.",
        megapixels(u64::from(*width) * u64::from(*height)),
        megapixels(*max_pixels)
    )]
    TooManyPixels {
        /// Stored width.
        width: u32,
        /// Stored height.
        height: u32,
        /// The limit in pixels.
        max_pixels: u64,
    },

    /// One side of the image is longer than the configured limit.
    #[error(
        "The image is {width} × {height} pixels, but a side may be at most {max_side} pixels. \
         Export it at a smaller size and upload it again."
    )]
    SideTooLong {
        /// Stored width.
        width: u32,
        /// Stored height.
        height: u32,
        /// The limit in pixels.
        max_side: u32,
    },

    /// The file stops before its image data does: cut off while copying or uploading.
    #[error(
        "The {format} file is incomplete: it ends before the picture does, so it was probably \
         cut off while being copied or uploaded. Upload the original file again."
    )]
    Truncated {
        /// The format the file claims to be.
        format: SourceFormat,
    },

    /// The container is well formed but holds no picture (e.g. a JPEG start and end marker only).
    #[error(
        "The {format} file contains no picture, only an empty wrapper. Export the photo again \
         and upload the new file."
    )]
    NoImageData {
        /// The format the file claims to be.
        format: SourceFormat,
    },

    /// The header promises far more pixels than the file's bytes could hold (a "decompression
    /// bomb", or a damaged header).
    #[error(
        "The {format} file says it is {width} × {height} pixels, but at {} it is far too small to hold \
         that many: its header is wrong or the file is damaged. Export the photo again and upload the new file.",
        kilobytes(*size)
    )]
    Implausible {
        /// The format of the file.
        format: SourceFormat,
        /// Stored width, as the header claims.
        width: u32,
        /// Stored height, as the header claims.
        height: u32,
        /// The file's size in bytes.
        size: u64,
    },

    /// The file's structure contradicts itself.
    #[error(
        "The {format} file is damaged ({detail}). Export the photo again from your editing \
         software and upload the new file."
    )]
    Corrupt {
        /// The format the file claims to be.
        format: SourceFormat,
        /// What exactly is wrong, in a few words.
        detail: String,
    },

    /// A valid file using a variant of its format that the pipeline cannot decode.
    #[error(
        "The {format} file uses {feature}, which we cannot process. Export it as a standard \
         JPEG, PNG, 8- or 16-bit TIFF or WebP and upload it again."
    )]
    Unsupported {
        /// The format of the file.
        format: SourceFormat,
        /// The feature, e.g. "lossless JPEG coding".
        feature: String,
    },

    /// Reading the uploaded file failed for a reason other than its content.
    #[error("The file could not be read ({0}). Try uploading it again.")]
    Io(std::io::Error),

    /// The pixel data could not be decoded although the structure looked right.
    #[error(
        "The {format} picture could not be decoded ({detail}). Export the photo again and \
         upload the new file."
    )]
    Decode {
        /// The format of the file.
        format: SourceFormat,
        /// The decoder's own explanation.
        detail: String,
    },

    /// A step after decoding (resize, colour conversion, encoding) failed: our fault, not the
    /// photographer's.
    #[error(
        "Making the web copies of this photo failed ({0}). This is a problem on our side; \
         please try again later."
    )]
    Internal(String),
}

/// "12.3 MB" (decimal megabytes, as operating systems show file sizes).
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// "80 kB".
fn kilobytes(bytes: u64) -> String {
    format!("{} kB", bytes.div_ceil(1000))
}

/// "45.4 megapixels".
fn megapixels(pixels: u64) -> String {
    format!("{:.1} megapixels", pixels as f64 / 1e6)
}
