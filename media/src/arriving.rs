//! A JPEG checked while its bytes are still arriving, in one read instead of two after the last
//! byte: [`admit_jpeg`] reads the segments before the first scan (so its size is checked against
//! the limits, and its memory known, from the first kilobytes), then [`ArrivingJpeg::verify`]
//! walks the whole file strictly, Huffman-decoding every scan as it comes. Together they accept
//! exactly what [`inspect`](crate::inspect) followed by [`verify`](crate::verify) accept, with
//! the same inspection. What they refuse, those refuse too, but a file with two faults (cut
//! short and over the limits, say) may be refused for the other one: a caller that owes the
//! usual sentence asks `inspect` and `verify` about a refused file.
//!
//! The reader's reads may block until more bytes arrive; nothing here reads the file's end
//! before it needs it.

use std::io::{Read, Seek};

use crate::error::MediaError;
use crate::format::SourceFormat;
use crate::inspect::{Inspection, sniff_within};
use crate::limits::Limits;
use crate::structure::{self, Mode};

/// A JPEG whose head was read and admitted.
#[derive(Debug)]
pub struct ArrivingJpeg<R> {
    reader: R,
    byte_len: u64,
    head: Inspection,
}

/// Reads the head of the `byte_len`-byte file in `reader`: `None` when it is not a JPEG (other
/// formats are checked once whole), an error when it is empty, oversize, or its frame header is
/// damaged or over the limits.
pub fn admit_jpeg<R: Read + Seek>(
    mut reader: R,
    byte_len: u64,
    limits: &Limits,
) -> Result<Option<ArrivingJpeg<R>>, MediaError> {
    if sniff_within(&mut reader, byte_len, limits)? != SourceFormat::Jpeg {
        return Ok(None);
    }
    let header = structure::walk_with(&mut reader, byte_len, SourceFormat::Jpeg, Mode::Head)?;
    limits.check_dims(header.width, header.height)?;
    let head = Inspection::of(SourceFormat::Jpeg, header);
    Ok(Some(ArrivingJpeg { reader, byte_len, head }))
}

impl<R: Read + Seek> ArrivingJpeg<R> {
    /// What the head says: the size and kind that decide the memory its checks and renders need.
    /// EXIF written after the first scan is only found by `verify`.
    pub fn head(&self) -> &Inspection {
        &self.head
    }

    /// Walks the whole file, decoding every scan: the inspection of the file, or why it is cut
    /// short or damaged.
    pub fn verify(self) -> Result<Inspection, MediaError> {
        // The size comes from the same first frame header the head read, already checked
        // against the limits.
        let header = structure::walk_with(self.reader, self.byte_len, SourceFormat::Jpeg, Mode::Verify)?;
        Ok(Inspection::of(SourceFormat::Jpeg, header))
    }
}
