//! PNG: walk the chunks by their length fields from IHDR to IEND. Chunk data is skipped with a
//! seek, so even a 100 MB PNG is checked by reading a few hundred bytes.

use std::io::{Read, Seek};

use super::{Header, Stream};
use crate::error::MediaError;
use crate::exif_info;

/// An `eXIf` chunk larger than this is ignored rather than read (real ones are a few kB).
const MAX_EXIF: u64 = 1 << 20;
/// The most deflate can shrink data (its longest match, 258 bytes, costs at least two bits).
const DEFLATE_MAX_RATIO: u64 = 1032;

pub(super) fn walk<R: Read + Seek>(s: &mut Stream<R>) -> Result<Header, MediaError> {
    s.skip(8)?; // signature, already sniffed
    let mut dims: Option<(u32, u32)> = None;
    let mut pixel: (u8, u8) = (3, 8);
    let mut idat: u64 = 0;
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
                let [depth, colour, _, _, _] = s.read_array::<5>()?;
                let channels = match colour {
                    0 | 3 => 1,
                    4 => 2,
                    2 => 3,
                    _ => 4,
                };
                pixel = (channels, depth);
                dims = Some((width, height));
            }
            b"IDAT" => {
                has_idat = true;
                idat += length;
                s.skip(length)?;
            }
            b"eXIf" if exif.is_none() && length <= MAX_EXIF => exif = Some(s.read_vec(length)?),
            b"IEND" => break,
            _ => s.skip(length)?,
        }
        s.skip(4)?; // CRC: checked by the decoder at render time
    }

    let Some((width, height)) = dims.filter(|_| has_idat) else { return Err(s.no_image_data()) };
    // The filtered rows deflate compresses: a filter byte and the packed samples per row.
    let row = (u64::from(width) * u64::from(pixel.0) * u64::from(pixel.1)).div_ceil(8) + 1;
    if idat < (row * u64::from(height)) / DEFLATE_MAX_RATIO {
        return Err(MediaError::Implausible { format: crate::format::SourceFormat::Png, width, height, size: s.len() });
    }
    let (channels, bits) = pixel;
    Ok(Header { width, height, exif: exif_info::from_raw(exif.as_deref()), progressive: false, channels, bits })
}
