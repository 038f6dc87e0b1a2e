//! Downscaling with fast_image_resize: Lanczos3 convolution on its SIMD (AVX2/SSE4.1/NEON) paths,
//! single-threaded (the crate's `rayon` feature is off) so one job uses one core.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use crate::error::MediaError;
use crate::rgb::RgbImage;

/// A resizer whose internal buffers are reused across the cascade of renditions.
pub(crate) struct Lanczos {
    resizer: Resizer,
    options: ResizeOptions,
}

impl Lanczos {
    /// A Lanczos3 resizer for RGB8 images.
    pub fn new() -> Self {
        Self {
            resizer: Resizer::new(),
            options: ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        }
    }

    /// `src` resized to exactly `width` × `height`.
    pub fn resize(&mut self, src: &RgbImage, width: u32, height: u32) -> Result<RgbImage, MediaError> {
        let fail = |e: &dyn std::fmt::Display| MediaError::Internal(format!("resize: {e}"));
        let view = ImageRef::new(src.width, src.height, &src.data, PixelType::U8x3).map_err(|e| fail(&e))?;
        let mut dst = Image::new(width, height, PixelType::U8x3);
        self.resizer.resize(&view, &mut dst, &self.options).map_err(|e| fail(&e))?;
        Ok(RgbImage { width, height, data: dst.into_vec() })
    }

    /// Frees the scratch buffers sized for the last (largest) resize.
    pub fn release_buffers(&mut self) {
        self.resizer.reset_internal_buffers();
    }
}
