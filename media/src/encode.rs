//! JPEG encoding of renditions with jpeg-encoder (AVX2 path): baseline, 4:2:0 chroma, no
//! metadata segments at all (no EXIF, XMP or GPS survive), no ICC profile (pixels are sRGB).

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

use crate::error::MediaError;
use crate::rgb::RgbImage;

/// Encodes `image` at `quality` (1..=100).
pub(crate) fn jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let fail = |e: &dyn std::fmt::Display| MediaError::Internal(format!("JPEG encoding: {e}"));
    let width = u16::try_from(image.width).map_err(|e| fail(&e))?;
    let height = u16::try_from(image.height).map_err(|e| fail(&e))?;
    // Roughly what q85 4:2:0 needs for a photo, so the vector rarely grows.
    let mut out = Vec::with_capacity(image.data.len() / 8);
    let mut encoder = Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
    // Averaging the 2×2 chroma block (as libjpeg does) instead of taking its top-left sample
    // avoids colour fringes on fine detail.
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    encoder.encode(&image.data, width, height, ColorType::Rgb).map_err(|e| fail(&e))?;
    Ok(out)
}
