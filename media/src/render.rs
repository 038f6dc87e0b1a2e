//! Making renditions: decode once, then cascade from the largest size down, each rendition
//! resized from the previous one. Orientation and the sRGB conversion are applied once, to the
//! first (largest) resized image, which is far cheaper than on the full-size decode.

use std::cmp::Reverse;

use domain::rendition::{Fit, fit_dims};

use crate::error::MediaError;
use crate::limits::Limits;
use crate::resize::Lanczos;
use crate::rgb::RgbImage;
use crate::{color, decode, encode, orient};

/// One derived JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// The fit it was made for.
    pub fit: Fit,
    /// Upright width in pixels: `fit_dims` of the upright original.
    pub width: u32,
    /// Upright height in pixels.
    pub height: u32,
    /// The encoded JPEG: sRGB, upright, 4:2:0, no metadata.
    pub jpeg: Vec<u8>,
}

/// Decodes `original` (JPEG, PNG, TIFF or WebP bytes) and makes one rendition per fit, encoded
/// as JPEG at `quality` (1..=100). Returns them in the order of `fits`. CPU-bound and
/// single-threaded: run it on a blocking thread, not on an async runtime.
pub fn render(original: &[u8], fits: &[Fit], quality: u8, limits: &Limits) -> Result<Vec<Rendition>, MediaError> {
    if fits.is_empty() {
        return Ok(Vec::new());
    }
    let inspection = crate::inspect(std::io::Cursor::new(original), original.len() as u64, &Limits::default()).ok();
    let decoded = decode::decode_for(original, limits, inspection.as_ref().and_then(|i| largest_stored(i, fits)))?;
    // The orientation the upload's inspection read, which the photo's row stores and its tiles,
    // lightbox and marks are drawn by: the decoders read it on their own and can disagree (an
    // `eXIf` chunk after a PNG's image data, a WebP's EXIF with its `Exif\0\0` prefix, a JPEG
    // with two EXIF blocks), and a rendition must stand as its tile does. The decoder's only
    // when the header could not be read.
    let orientation = inspection.as_ref().map_or(decoded.orientation, |i| i.orientation);
    // Rendition sizes come from the original's own size, even when it was decoded smaller.
    let upright = orient::stored_dims(decoded.full, orientation);

    // Largest first, so each rendition can be made from the one before it. All fits keep the
    // original's aspect ratio, so a smaller area means smaller (or equal) on both sides.
    let mut order: Vec<(usize, (u32, u32))> =
        fits.iter().enumerate().map(|(index, fit)| (index, fit_dims(upright.0, upright.1, *fit))).collect();
    order.sort_by_key(|&(_, (w, h))| Reverse(u64::from(w) * u64::from(h)));

    let mut resizer = Lanczos::new();
    let mut source = Some(decoded.image);
    let mut previous: Option<RgbImage> = None;
    let mut made: Vec<(usize, Rendition)> = Vec::with_capacity(fits.len());
    for (index, (width, height)) in order {
        let current = match (previous.take(), source.take()) {
            (Some(prev), _) if (prev.width, prev.height) == (width, height) => prev,
            (Some(prev), _) => resizer.resize(&prev, width, height)?,
            (None, Some(full)) => {
                let colour = match &decoded.icc {
                    Some(icc) => Colour::Profile(icc),
                    None if inspection.as_ref().is_some_and(|i| i.adobe_rgb) => Colour::AdobeRgb,
                    None => Colour::Srgb,
                };
                first_rendition(&mut resizer, full, (width, height), orientation, colour)?
            }
            (None, None) => return Err(MediaError::Internal("no decoded image to resize".into())),
        };
        let jpeg = encode::jpeg(&current, quality)?;
        made.push((index, Rendition { fit: fits[index], width, height, jpeg }));
        previous = Some(current);
    }
    made.sort_by_key(|&(index, _)| index);
    Ok(made.into_iter().map(|(_, rendition)| rendition).collect())
}

/// The stored (not upright) size of the largest of `fits` for the original `inspection` read.
fn largest_stored(inspection: &crate::Inspection, fits: &[Fit]) -> Option<(u32, u32)> {
    let (width, height) = inspection.upright_dims();
    let largest =
        fits.iter().map(|fit| fit_dims(width, height, *fit)).max_by_key(|&(w, h)| u64::from(w) * u64::from(h))?;
    Some(orient::stored_dims(largest, inspection.orientation))
}

/// The largest rendition from the full-size decode: resized in stored orientation, converted to
/// sRGB, then turned upright. The full-size pixels are freed on return.
fn first_rendition(
    resizer: &mut Lanczos,
    full: RgbImage,
    upright: (u32, u32),
    orientation: u8,
    colour: Colour<'_>,
) -> Result<RgbImage, MediaError> {
    let (width, height) = orient::stored_dims(upright, orientation);
    let mut image = if (full.width, full.height) == (width, height) {
        full
    } else {
        let resized = resizer.resize(&full, width, height)?;
        // Free the full-size pixels and the resizer's full-height scratch before the colour
        // and orientation passes allocate theirs: this lowers the job's peak memory.
        drop(full);
        resizer.release_buffers();
        resized
    };
    match colour {
        Colour::Profile(icc) => color::to_srgb(&mut image, icc)?,
        Colour::AdobeRgb => color::adobe_rgb_to_srgb(&mut image)?,
        Colour::Srgb => {}
    }
    Ok(orient::apply(image, orientation))
}

/// The colour space an original's pixels are in.
enum Colour<'a> {
    /// The embedded ICC profile's.
    Profile(&'a [u8]),
    /// Adobe RGB, which the camera's EXIF says and no profile does.
    AdobeRgb,
    /// sRGB (untagged pixels are taken as sRGB, as browsers do).
    Srgb,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(relative: &str) -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/");
        std::fs::read(format!("{path}{relative}")).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Decodes and resizes to 480 px without orientation or colour conversion.
    fn small(relative: &str) -> (RgbImage, Option<Vec<u8>>) {
        let decoded =
            decode::decode(&corpus(relative), &Limits::default()).unwrap_or_else(|e| panic!("{relative}: {e}"));
        let (w, h) = fit_dims(decoded.image.width, decoded.image.height, Fit::LongEdge(480));
        let image = Lanczos::new().resize(&decoded.image, w, h).unwrap_or_else(|e| panic!("{relative}: {e}"));
        (image, decoded.icc)
    }

    fn mean(image: &RgbImage) -> [f64; 3] {
        let mut sum = [0f64; 3];
        for pixel in image.data.chunks_exact(3) {
            for c in 0..3 {
                sum[c] += f64::from(pixel[c]);
            }
        }
        sum.map(|s| s / (image.data.len() / 3) as f64)
    }

    fn max_difference(a: [f64; 3], b: [f64; 3]) -> f64 {
        (0..3).map(|c| (a[c] - b[c]).abs()).fold(0.0, f64::max)
    }

    /// Mean absolute difference per sample of two images of the same size.
    fn pixel_difference(a: &RgbImage, b: &RgbImage) -> f64 {
        let total: u64 = a.data.iter().zip(&b.data).map(|(&x, &y)| u64::from(x.abs_diff(y))).sum();
        total as f64 / a.data.len() as f64
    }

    /// The CRC-32 of a PNG chunk (over its type and data).
    fn chunk_crc(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_png_whose_exif_follows_its_image_data_is_turned_as_its_row_says() {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(40, 20, image::Rgb([90, 120, 150]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        // Orientation 6 (turn 90° clockwise) in an `eXIf` chunk just before IEND, which the PNG
        // specification allows and png's `read_info` never reaches.
        let exif: &[u8] =
            b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00";
        let mut chunk = (exif.len() as u32).to_be_bytes().to_vec();
        let typed: Vec<u8> = [b"eXIf".as_slice(), exif].concat();
        chunk.extend_from_slice(&typed);
        chunk.extend_from_slice(&chunk_crc(&typed).to_be_bytes());
        let iend = png.len() - 12;
        png.splice(iend..iend, chunk);
        let inspection =
            crate::inspect(std::io::Cursor::new(&png), png.len() as u64, &Limits::default()).expect("inspects");
        assert_eq!((inspection.orientation, inspection.upright_dims()), (6, (20, 40)), "the row stores it upright");
        let made = render(&png, &[Fit::LongEdge(40)], 90, &Limits::default()).expect("renders");
        assert_eq!((made[0].width, made[0].height), (20, 40));
        let decoded = image::load_from_memory(&made[0].jpeg).expect("decodes");
        assert_eq!((decoded.width(), decoded.height()), (20, 40), "the rendition stands as its tile does");
    }

    #[test]
    fn p3_pixels_differ_until_converted_to_srgb() {
        let (reference, reference_icc) = small("originals/kleiber-20mp.jpg");
        assert!(reference_icc.is_none(), "the baseline is untagged sRGB");
        let (mut p3, icc) = small("originals/kleiber-20mp-p3.jpg");
        let icc = icc.unwrap_or_else(|| panic!("the P3 file embeds its profile"));
        // This photo is muted, so P3 read as sRGB is off by about one level on average (more on
        // the saturated parts); converted, what is left is the two files' JPEG noise.
        let unconverted = pixel_difference(&p3, &reference);
        assert!(unconverted > 0.8, "P3 values read as sRGB should differ: {unconverted}");
        assert!(color::to_srgb(&mut p3, &icc).is_ok());
        let converted = pixel_difference(&p3, &reference);
        assert!(converted < unconverted / 2.5, "conversion must remove most of it: {converted}");
        let mean_shift = max_difference(mean(&p3), mean(&reference));
        assert!(mean_shift < 0.5, "converted mean RGB should match sRGB: {mean_shift}");
    }
}
