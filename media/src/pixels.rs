//! Conversion of whatever the decoder produced (grey or colour, with or without alpha, 8 or 16
//! bits, float) into the 8-bit RGB the rest of the pipeline works on. Alpha is flattened onto
//! white because renditions are JPEG and a white page is what a print would show.

use image::ColorType;

use crate::error::MediaError;

/// Converts a decoded buffer of `color` samples (native-endian for 16/32-bit) to packed RGB8.
pub(crate) fn to_rgb8(buf: Vec<u8>, width: u32, height: u32, color: ColorType) -> Result<Vec<u8>, MediaError> {
    let pixels = width as usize * height as usize;
    let (channels, depth) = match color {
        // Already what we want: no copy at all.
        ColorType::Rgb8 => return Ok(buf),
        // The common lossless-master case (16-bit TIFF/PNG) gets a loop the compiler vectorises.
        ColorType::Rgb16 if buf.len() >= pixels * 6 => {
            return Ok(buf[..pixels * 6]
                .chunks_exact(2)
                .map(|b| ((u32::from(u16::from_ne_bytes([b[0], b[1]])) + 128) / 257) as u8)
                .collect());
        }
        ColorType::L8 => (1, Depth::U8),
        ColorType::La8 => (2, Depth::U8),
        ColorType::Rgba8 => (4, Depth::U8),
        ColorType::L16 => (1, Depth::U16),
        ColorType::La16 => (2, Depth::U16),
        ColorType::Rgb16 => (3, Depth::U16),
        ColorType::Rgba16 => (4, Depth::U16),
        ColorType::Rgb32F => (3, Depth::F32),
        ColorType::Rgba32F => (4, Depth::F32),
        other => return Err(MediaError::Internal(format!("unexpected pixel type {other:?}"))),
    };
    let sample_bytes = depth.bytes();
    if buf.len() < pixels * channels * sample_bytes {
        return Err(MediaError::Internal("decoded buffer is too short".into()));
    }
    let mut out = vec![0u8; pixels * 3];
    for (src, dst) in buf.chunks_exact(channels * sample_bytes).zip(out.chunks_exact_mut(3)) {
        // Work in 16-bit range so 16-bit sources keep their precision until the final rounding.
        let sample = |i: usize| depth.read(&src[i * sample_bytes..(i + 1) * sample_bytes]);
        let (rgb, alpha) = match channels {
            1 => ([sample(0); 3], 65_535),
            2 => ([sample(0); 3], sample(1)),
            3 => ([sample(0), sample(1), sample(2)], 65_535),
            _ => ([sample(0), sample(1), sample(2)], sample(3)),
        };
        for (d, c) in dst.iter_mut().zip(rgb) {
            // Composite over white: c·a + 1·(1 − a), all in 0..=65535.
            let over_white = (c * alpha + 65_535 * (65_535 - alpha) + 32_767) / 65_535;
            *d = ((over_white * 255 + 32_767) / 65_535) as u8;
        }
    }
    Ok(out)
}

/// Sample encoding of a decoded buffer.
#[derive(Clone, Copy)]
enum Depth {
    U8,
    U16,
    F32,
}

impl Depth {
    fn bytes(self) -> usize {
        match self {
            Self::U8 => 1,
            Self::U16 => 2,
            Self::F32 => 4,
        }
    }

    /// One sample scaled to 0..=65535.
    fn read(self, bytes: &[u8]) -> u64 {
        match self {
            Self::U8 => u64::from(bytes[0]) * 257,
            Self::U16 => u64::from(u16::from_ne_bytes([bytes[0], bytes[1]])),
            Self::F32 => {
                let value = f32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
                (value.clamp(0.0, 1.0) * 65_535.0).round() as u64
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_expands_and_alpha_goes_white() {
        let out = to_rgb8(vec![10, 0, 200, 255], 2, 1, ColorType::La8).ok();
        assert_eq!(out, Some(vec![255, 255, 255, 200, 200, 200]));
    }

    #[test]
    fn sixteen_bit_rounds_to_nearest() {
        let samples: Vec<u8> = [0u16, 32_896, 65_535].iter().flat_map(|v| v.to_ne_bytes()).collect();
        let out = to_rgb8(samples, 1, 1, ColorType::Rgb16).ok();
        assert_eq!(out, Some(vec![0, 128, 255]));
    }
}
