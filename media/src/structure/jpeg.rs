//! JPEG: walk the marker segments from SOI to EOI, skipping the entropy-coded data of every scan
//! (progressive files have many), so a file cut off anywhere before EOI is detected without
//! decoding a single block.

use std::io::{Read, Seek};

use super::{Header, Stream};
use crate::error::MediaError;
use crate::exif_info;

/// The identifier that starts the APP1 segment holding EXIF.
const EXIF_PREFIX: &[u8; 6] = b"Exif\0\0";

pub(super) fn walk<R: Read + Seek>(s: &mut Stream<R>) -> Result<Header, MediaError> {
    if s.read_array::<2>()? != [0xFF, 0xD8] {
        return Err(s.corrupt("it does not begin with a JPEG start marker"));
    }
    let mut frame: Option<(u32, u32)> = None;
    let mut scans = 0u32;
    let mut exif: Option<Vec<u8>> = None;
    // A scan ends at the first real marker, which the entropy skipper has already consumed.
    let mut pending: Option<u8> = None;

    loop {
        let marker = match pending.take() {
            Some(marker) => marker,
            None => next_marker(s)?,
        };
        match marker {
            // End of image: everything the file promised has been seen.
            0xD9 => break,
            // Standalone markers carry no length. A stray SOI or RST outside a scan is tolerated
            // as libjpeg does.
            0x01 | 0xD0..=0xD8 => continue,
            _ => {}
        }
        let length = s.read_u16_be()?;
        if length < 2 {
            return Err(s.corrupt("a segment length is impossible"));
        }
        let payload = u64::from(length - 2);
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let start = s.pos();
                check_frame_kind(s, marker)?;
                let [precision, h1, h0, w1, w0, components] = s.read_array::<6>()?;
                if frame.is_none() {
                    if precision != 8 {
                        return Err(s.unsupported(format!("{precision}-bit samples")));
                    }
                    if !matches!(components, 1 | 3 | 4) {
                        return Err(s.unsupported(format!("{components} colour channels")));
                    }
                    let height = u32::from(u16::from_be_bytes([h1, h0]));
                    let width = u32::from(u16::from_be_bytes([w1, w0]));
                    if height == 0 {
                        // Height given later by a DNL marker: legal but unsupported by decoders.
                        return Err(s.unsupported("a height defined after the image data (DNL)"));
                    }
                    frame = Some((width, height));
                }
                s.skip(payload.saturating_sub(s.pos() - start))?;
            }
            // Start of scan: skip its header, then its entropy-coded data up to the next marker.
            0xDA => {
                if frame.is_none() {
                    return Err(s.corrupt("image data comes before the frame header"));
                }
                s.skip(payload)?;
                scans += 1;
                pending = Some(s.skip_entropy_coded()?);
            }
            // APP1: keep the first EXIF block for orientation, capture time and camera.
            0xE1 if exif.is_none() && payload >= EXIF_PREFIX.len() as u64 => {
                let prefix = s.read_array::<6>()?;
                let rest = payload - EXIF_PREFIX.len() as u64;
                if &prefix == EXIF_PREFIX {
                    exif = Some(s.read_vec(rest)?);
                } else {
                    s.skip(rest)?;
                }
            }
            _ => s.skip(payload)?,
        }
    }

    match frame {
        Some((width, height)) if scans > 0 => Ok(Header { width, height, exif: exif_info::from_raw(exif.as_deref()) }),
        _ => Err(s.no_image_data()),
    }
}

/// Reads up to and including the next marker code. Bytes other than `FF` between segments are
/// skipped, as libjpeg does, because some writers leave a little padding there.
fn next_marker<R: Read + Seek>(s: &mut Stream<R>) -> Result<u8, MediaError> {
    loop {
        while s.read_u8()? != 0xFF {}
        let mut code = s.read_u8()?;
        while code == 0xFF {
            code = s.read_u8()?;
        }
        if code != 0x00 {
            return Ok(code);
        }
    }
}

/// Refuses frame types that zune-jpeg (and most browsers) cannot decode.
fn check_frame_kind<R: Read + Seek>(s: &Stream<R>, marker: u8) -> Result<(), MediaError> {
    match marker {
        // Baseline, extended sequential and progressive Huffman coding.
        0xC0..=0xC2 => Ok(()),
        0xC3 => Err(s.unsupported("lossless JPEG coding")),
        0xC5..=0xC7 => Err(s.unsupported("hierarchical JPEG coding")),
        _ => Err(s.unsupported("arithmetic JPEG coding")),
    }
}
