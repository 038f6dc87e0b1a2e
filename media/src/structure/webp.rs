//! WebP: the RIFF size field must fit the file, and every chunk must fit the RIFF container. The
//! size comes from VP8X (the canvas) or else the VP8/VP8L bitstream header.

use std::io::{Read, Seek};

use super::{Header, Stream};
use crate::error::MediaError;
use crate::exif_info;

/// An `EXIF` chunk larger than this is ignored rather than read.
const MAX_EXIF: u64 = 1 << 20;

pub(super) fn walk<R: Read + Seek>(s: &mut Stream<R>) -> Result<Header, MediaError> {
    s.skip(4)?; // "RIFF"
    let riff_size = u64::from(s.read_u32_le()?);
    s.skip(4)?; // "WEBP"
    let riff_end = 8 + riff_size;
    if riff_end > s.len() {
        return Err(s.truncated());
    }
    let mut canvas: Option<(u32, u32)> = None;
    let mut bitstream: Option<(u32, u32)> = None;
    let mut animated = false;
    let mut exif: Option<Vec<u8>> = None;

    while s.pos() + 8 <= riff_end {
        let kind = s.read_array::<4>()?;
        let size = u64::from(s.read_u32_le()?);
        let start = s.pos();
        if start + size > riff_end {
            return Err(s.corrupt("a chunk runs past the end of the container"));
        }
        match &kind {
            b"VP8X" if size >= 10 => {
                let b = s.read_array::<10>()?;
                canvas = Some((u24(&b[4..7]) + 1, u24(&b[7..10]) + 1));
            }
            b"VP8 " if size >= 10 && bitstream.is_none() => {
                let b = s.read_array::<10>()?;
                if b[3..6] != [0x9D, 0x01, 0x2A] {
                    return Err(s.corrupt("the lossy bitstream header is invalid"));
                }
                let width = u32::from(u16::from_le_bytes([b[6], b[7]]) & 0x3FFF);
                let height = u32::from(u16::from_le_bytes([b[8], b[9]]) & 0x3FFF);
                bitstream = Some((width, height));
            }
            b"VP8L" if size >= 5 && bitstream.is_none() => {
                let b = s.read_array::<5>()?;
                if b[0] != 0x2F {
                    return Err(s.corrupt("the lossless bitstream header is invalid"));
                }
                let bits = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
                bitstream = Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
            }
            b"ANMF" => animated = true,
            b"EXIF" if exif.is_none() && size <= MAX_EXIF => {
                let mut data = s.read_vec(size)?;
                // Some writers keep the JPEG-style prefix; the EXIF parser wants the TIFF header.
                if data.starts_with(b"Exif\0\0") {
                    data.drain(..6);
                }
                exif = Some(data);
            }
            _ => {}
        }
        // Chunks are padded to an even size; a missing final pad byte is tolerated.
        let next = (start + size + (size & 1)).min(riff_end);
        s.seek_to(next)?;
    }

    let dims = match (canvas, bitstream) {
        (Some(canvas), Some(_)) => canvas,
        (Some(canvas), None) if animated => canvas,
        (None, Some(bitstream)) => bitstream,
        _ => return Err(s.no_image_data()),
    };
    // Decoded as RGBA (lossless, alpha) or RGB: count four bytes a pixel.
    Ok(Header {
        width: dims.0,
        height: dims.1,
        exif: exif_info::from_raw(exif.as_deref()),
        progressive: false,
        channels: 4,
        bits: 8,
    })
}

/// A 24-bit little-endian number.
fn u24(b: &[u8]) -> u32 {
    b.iter().rev().fold(0, |acc, &byte| (acc << 8) | u32::from(byte))
}
