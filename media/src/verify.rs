//! Upload-time verification that an inspected original is whole: every byte of its picture data
//! is read and must decode, strictly. A JPEG's scans are Huffman-decoded without building pixels
//! (`structure::jpeg`), so data cut short behind an appended end marker, corrupt codes and missing
//! scans are refused; PNG, TIFF and WebP are decoded in full, so a cut or damaged deflate, LZW or
//! VP8 stream is refused. Each failure is a sentence saying the file is cut short or damaged.

use std::io::{Read, Seek, SeekFrom};

use crate::decode;
use crate::error::MediaError;
use crate::format::SourceFormat;
use crate::inspect::Inspection;
use crate::limits::Limits;
use crate::structure::{self, Mode};

/// Verifies the original of `byte_len` bytes in `reader` that `inspect` accepted as `inspection`.
/// Memory: a JPEG needs about one byte per 8×8 block (progressive files), other formats a full
/// decode (`Inspection::verify_memory` says how much).
pub fn verify<R: Read + Seek>(mut reader: R, byte_len: u64, inspection: &Inspection) -> Result<(), MediaError> {
    if inspection.format == SourceFormat::Jpeg {
        return structure::walk_with(reader, byte_len, SourceFormat::Jpeg, Mode::Verify).map(|_| ());
    }
    reader.seek(SeekFrom::Start(0)).map_err(MediaError::Io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(byte_len).unwrap_or(0));
    reader.take(byte_len).read_to_end(&mut bytes).map_err(MediaError::Io)?;
    let limits = Limits { max_bytes: byte_len, ..Limits::default() };
    match decode::decode(&bytes, &limits) {
        Ok(_) => Ok(()),
        Err(MediaError::Decode { format, detail }) => Err(cut_or_damaged(format, detail)),
        Err(other) => Err(other),
    }
}

/// A decoder's complaint as the photographer's sentence: data that ends early is a file cut
/// short; anything else is damage.
fn cut_or_damaged(format: SourceFormat, detail: String) -> MediaError {
    let lower = detail.to_lowercase();
    if ["eof", "end of file", "unexpected end", "not enough data", "truncated", "incomplete"]
        .iter()
        .any(|w| lower.contains(w))
    {
        MediaError::Truncated { format }
    } else {
        MediaError::Corrupt { format, detail: format!("its picture data does not decode: {detail}") }
    }
}
