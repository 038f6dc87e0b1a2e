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
    let decoded = decode::decode_for(original, limits, largest_stored(original, fits))?;
    let orientation = decoded.orientation;
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
            (None, Some(full)) => first_rendition(&mut resizer, full, (width, height), orientation, &decoded.icc)?,
            (None, None) => return Err(MediaError::Internal("no decoded image to resize".into())),
        };
        let jpeg = encode::jpeg(&current, quality)?;
        made.push((index, Rendition { fit: fits[index], width, height, jpeg }));
        previous = Some(current);
    }
    made.sort_by_key(|&(index, _)| index);
    Ok(made.into_iter().map(|(_, rendition)| rendition).collect())
}

/// The stored (not upright) size of the largest of `fits` for this original, from its header;
/// `None` when the header cannot say (the decode then says why).
fn largest_stored(original: &[u8], fits: &[Fit]) -> Option<(u32, u32)> {
    let inspection = crate::inspect(std::io::Cursor::new(original), original.len() as u64, &Limits::default()).ok()?;
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
    icc: &Option<Vec<u8>>,
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
    if let Some(icc) = icc {
        color::to_srgb(&mut image, icc)?;
    }
    Ok(orient::apply(image, orientation))
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
