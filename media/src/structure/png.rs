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
    // Samples per pixel and bits per sample as stored (what deflate compressed), and the colour
    // type, which with a `tRNS` chunk says what the decoder makes of them.
    let mut pixel: (u8, u8) = (3, 8);
    let mut colour_type = 2;
    let mut transparency = false;
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
                colour_type = colour;
                dims = Some((width, height));
            }
            b"IDAT" => {
                has_idat = true;
                idat += length;
                s.skip(length)?;
            }
            b"eXIf" if exif.is_none() && length <= MAX_EXIF => exif = Some(s.read_vec(length)?),
            b"tRNS" => {
                transparency = true;
                s.skip(length)?;
            }
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
    let (channels, bits) = decoded(colour_type, pixel, transparency);
    Ok(Header { width, height, exif: exif_info::from_raw(exif.as_deref()), progressive: false, channels, bits })
}

/// Samples per pixel and bits per sample as the decoder gives them (what memory is reckoned
/// on): it expands a palette to RGB, bit depths under 8 to 8, and a `tRNS` chunk to an alpha
/// channel.
fn decoded(colour_type: u8, (channels, depth): (u8, u8), transparency: bool) -> (u8, u8) {
    let alpha = u8::from(transparency);
    match colour_type {
        3 => (3 + alpha, 8),
        0 | 2 => (channels + alpha, depth.max(8)),
        _ => (channels, depth.max(8)),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Limits, inspect};

    /// An RGB PNG of `width` × `height` with a `tRNS` chunk put in before its pixels (the
    /// walker does not check CRCs; the decoder would).
    fn rgb_with_transparency(width: u32, height: u32) -> Vec<u8> {
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(width, height).write_to(&mut png, image::ImageFormat::Png).expect("encode");
        let png = png.into_inner();
        let idat = png.windows(4).position(|w| w == b"IDAT").expect("IDAT") - 4;
        let mut trns = 6u32.to_be_bytes().to_vec();
        trns.extend_from_slice(b"tRNS");
        trns.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        [&png[..idat], &trns, &png[idat..]].concat()
    }

    #[test]
    fn a_transparent_colour_is_reckoned_as_the_alpha_channel_it_decodes_to() {
        let png = rgb_with_transparency(400, 300);
        let inspection = inspect(std::io::Cursor::new(&png), png.len() as u64, &Limits::default()).expect("inspect");
        assert_eq!((inspection.channels, inspection.bits), (4, 8));
        let plain = {
            let mut png = std::io::Cursor::new(Vec::new());
            image::RgbImage::new(400, 300).write_to(&mut png, image::ImageFormat::Png).expect("encode");
            png.into_inner()
        };
        let plain = inspect(std::io::Cursor::new(&plain), plain.len() as u64, &Limits::default()).expect("inspect");
        assert_eq!((plain.channels, plain.bits), (3, 8));
        // Decoded as RGBA, then copied to RGB: seven bytes a pixel, where plain RGB takes three.
        let (len, pixels) = (png.len() as u64, 400 * 300);
        assert!(inspection.verify_memory(len) >= plain.verify_memory(len) + 4 * pixels);
    }
}
