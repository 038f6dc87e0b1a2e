//! A JPEG checked while its bytes are still arriving, in one read instead of two after the last
//! byte: [`admit_jpeg`] reads the segments before the first scan (so its size is checked against
//! the limits, and its memory known, from the first kilobytes), then [`ArrivingJpeg::verify`]
//! walks the whole file strictly, Huffman-decoding every scan as it comes. Together they refuse
//! and accept exactly what [`inspect`](crate::inspect) followed by [`verify`](crate::verify) do.
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
    limits: Limits,
    /// `None` when the head promises more pixels than the whole file could hold.
    head: Option<Inspection>,
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
    let head = match structure::walk_with(&mut reader, byte_len, SourceFormat::Jpeg, Mode::Head) {
        Ok(header) => {
            limits.check_dims(header.width, header.height)?;
            Some(Inspection::of(SourceFormat::Jpeg, header))
        }
        // Refused once whole, with the reason inspection gives: a file this small may also
        // end early, and that is said first.
        Err(MediaError::Implausible { .. }) => None,
        Err(other) => return Err(other),
    };
    Ok(Some(ArrivingJpeg { reader, byte_len, limits: *limits, head }))
}

impl<R: Read + Seek> ArrivingJpeg<R> {
    /// What the head says: the size and kind that decide the memory its checks and renders need;
    /// `None` for a file too small for the picture its head promises, which `verify` refuses
    /// without decoding anything. EXIF written after the first scan is only found by `verify`.
    pub fn head(&self) -> Option<&Inspection> {
        self.head.as_ref()
    }

    /// Walks the whole file, decoding every scan: the inspection of the file, or why it is cut
    /// short or damaged.
    pub fn verify(mut self) -> Result<Inspection, MediaError> {
        if self.head.is_none() {
            // Inspection's walk, which ends in its refusal (the walk cannot pass a file whose
            // head failed this way): nothing is decoded for a file that cannot hold its picture.
            let header = structure::walk_with(&mut self.reader, self.byte_len, SourceFormat::Jpeg, Mode::Inspect)?;
            self.limits.check_dims(header.width, header.height)?;
        }
        let header = structure::walk_with(self.reader, self.byte_len, SourceFormat::Jpeg, Mode::Verify)?;
        self.limits.check_dims(header.width, header.height)?;
        Ok(Inspection::of(SourceFormat::Jpeg, header))
    }
}
