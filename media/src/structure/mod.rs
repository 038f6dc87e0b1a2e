//! Structural validation of an original without decoding pixels: each format's walker streams
//! through the container (segments, chunks or IFDs), proves that everything the header promises
//! lies inside the file, and returns the stored size and the camera metadata found on the way.

mod jpeg;
mod png;
mod stream;
mod tiff;
mod webp;

use std::io::{Read, Seek};

use crate::error::MediaError;
use crate::exif_info::ExifSummary;
use crate::format::SourceFormat;

pub(crate) use jpeg::Mode;
pub(crate) use stream::Stream;

/// What a structural walk learns about a well-formed original.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Stored width (before orientation).
    pub width: u32,
    /// Stored height (before orientation).
    pub height: u32,
    /// Orientation, capture time and camera, defaulted when absent.
    pub exif: ExifSummary,
    /// A progressive JPEG (its decoders hold every coefficient).
    pub progressive: bool,
    /// Samples per pixel as stored.
    pub channels: u8,
    /// Bits per sample as stored (8 or 16).
    pub bits: u8,
}

/// Walks the whole container of `format` from the start of `reader`, whose length is `byte_len`.
pub(crate) fn walk<R: Read + Seek>(reader: R, byte_len: u64, format: SourceFormat) -> Result<Header, MediaError> {
    walk_with(reader, byte_len, format, Mode::Inspect)
}

/// Like `walk`; with `Mode::Verify` a JPEG's entropy-coded data is decoded and checked too.
pub(crate) fn walk_with<R: Read + Seek>(
    reader: R,
    byte_len: u64,
    format: SourceFormat,
    mode: Mode,
) -> Result<Header, MediaError> {
    let mut stream = Stream::new(reader, byte_len, format)?;
    let header = match format {
        SourceFormat::Jpeg => jpeg::walk(&mut stream, mode)?,
        SourceFormat::Png => png::walk(&mut stream)?,
        SourceFormat::Tiff => tiff::walk(&mut stream)?,
        SourceFormat::WebP => webp::walk(&mut stream)?,
    };
    if header.width == 0 || header.height == 0 {
        return Err(stream.corrupt("the header says the picture is 0 pixels wide or high"));
    }
    Ok(header)
}
