//! PNG: walk the chunks by their length fields from IHDR to IEND. Chunk data is skipped with a
//! seek, so even a 100 MB PNG is checked by reading a few hundred bytes.

use std::io::{Read, Seek};

use super::{Header, Stream};
use crate::error::MediaError;
use crate::exif_info;

/// An `eXIf` chunk larger than this is ignored rather than read (real ones are a few kB).
const MAX_EXIF: u64 = 1 << 20;

pub(super) fn walk<R: Read + Seek>(s: &mut Stream<R>) -> Result<Header, MediaError> {
    s.skip(8)?; // signature, already sniffed
    let mut dims: Option<(u32, u32)> = None;
    let mut has_idat = false;
    let mut exif: Option<Vec<u8>> = None;

    loop {
        let length = u64::from(s.read_u32_be()?);
        let kind = s.read_array::<4>()?;
        if length > 0x7FFF_FFFF {
            return Err(s.corrupt("a chunk length is impossible"));
        }
        // The data and its CRC must both be inside the file.
        if length + 4 > s.remaining() {
            return Err(s.truncated());
        }
        if dims.is_none() && &kind != b"IHDR" {
            return Err(s.corrupt("the first chunk is not the image header"));
        }
        match &kind {
            b"IHDR" => {
                if length != 13 {
                    return Err(s.corrupt("the image header has the wrong size"));
                }
                let width = s.read_u32_be()?;
                let height = s.read_u32_be()?;
                s.skip(5)?;
                dims = Some((width, height));
            }
            b"IDAT" => {
                has_idat = true;
                s.skip(length)?;
            }
            b"eXIf" if exif.is_none() && length <= MAX_EXIF => exif = Some(s.read_vec(length)?),
            b"IEND" => break,
            _ => s.skip(length)?,
        }
        s.skip(4)?; // CRC: checked by the decoder at render time
    }

    match dims {
        Some((width, height)) if has_idat => Ok(Header { width, height, exif: exif_info::from_raw(exif.as_deref()) }),
        _ => Err(s.no_image_data()),
    }
}
