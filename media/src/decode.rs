//! Decoding an original once, into 8-bit RGB, keeping its ICC profile and EXIF orientation for
//! the later stages. JPEG goes straight to zune-jpeg (the `image` wrapper copies the file and
//! re-parses its headers for every metadata call) — or, when the largest rendition needs at most
//! half of its pixels on each side, to jpeg-decoder at 1/2, 1/4 or 1/8 scale (DCT scaling, which
//! zune-jpeg 0.5 lacks): a 45-megapixel photo then decodes to 11 megapixels, a quarter of the
//! memory. PNG, TIFF and WebP go through `image`.

use std::io::Cursor;

use image::ImageDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use crate::error::MediaError;
use crate::exif_info;
use crate::format::SourceFormat;
use crate::limits::Limits;
use crate::pixels;
use crate::rgb::RgbImage;
use crate::sniff::sniff;

/// Room for a decoder's working buffers beyond the output image itself.
const DECODER_HEADROOM: u64 = 256 * 1024 * 1024;

/// A decoded original, pixels as stored (not yet oriented or colour-converted).
pub(crate) struct Decoded {
    /// The pixels, in the source's colour space; smaller than `full` when decoded at a scale.
    pub image: RgbImage,
    /// The original's stored size.
    pub full: (u32, u32),
    /// The embedded ICC profile, if any.
    pub icc: Option<Vec<u8>>,
    /// EXIF orientation 1..=8.
    pub orientation: u8,
}

/// Decodes `original`, refusing anything over `limits` before allocating the pixels.
pub(crate) fn decode(original: &[u8], limits: &Limits) -> Result<Decoded, MediaError> {
    decode_for(original, limits, None)
}

/// Decodes `original` for renditions of at most `target` (stored width × height): a JPEG that
/// is at least twice as large on both sides is decoded at the largest DCT scale that still gives
/// `target`, others in full.
pub(crate) fn decode_for(original: &[u8], limits: &Limits, target: Option<(u32, u32)>) -> Result<Decoded, MediaError> {
    if original.is_empty() {
        return Err(MediaError::Empty);
    }
    let format = sniff(original).ok_or(MediaError::NotAnImage)?;
    match format {
        SourceFormat::Jpeg => match target {
            Some(target) => decode_jpeg_scaled(original, limits, target),
            None => decode_jpeg(original, limits),
        },
        other => decode_with_image(original, other, limits),
    }
}

/// The largest DCT scale (1, 2, 4 or 8) at which a `width` × `height` JPEG still decodes to at
/// least `target` on both sides.
pub(crate) fn dct_scale(width: u32, height: u32, target: (u32, u32)) -> u32 {
    [8, 4, 2].into_iter().find(|&s| width.div_ceil(s) >= target.0 && height.div_ceil(s) >= target.1).unwrap_or(1)
}

/// A JPEG at the DCT scale `target` allows, through jpeg-decoder; at full scale (or for CMYK,
/// which jpeg-decoder hands back unconverted) through zune-jpeg.
fn decode_jpeg_scaled(original: &[u8], limits: &Limits, target: (u32, u32)) -> Result<Decoded, MediaError> {
    let fail = |e: jpeg_decoder::Error| MediaError::Decode { format: SourceFormat::Jpeg, detail: e.to_string() };
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(original));
    decoder.read_info().map_err(fail)?;
    let info = decoder.info().ok_or_else(|| MediaError::Internal("JPEG headers were not read".into()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    limits.check_dims(width, height)?;
    let scale = dct_scale(width, height, target);
    if scale == 1 || info.pixel_format == jpeg_decoder::PixelFormat::CMYK32 {
        return decode_jpeg(original, limits);
    }
    let requested = (width.div_ceil(scale), height.div_ceil(scale));
    let (w, h) = decoder
        .scale(u16::try_from(requested.0).unwrap_or(u16::MAX), u16::try_from(requested.1).unwrap_or(u16::MAX))
        .map_err(fail)?;
    let (w, h) = (u32::from(w), u32::from(h));
    let icc = decoder.icc_profile();
    let orientation = exif_info::from_raw(decoder.exif_data()).orientation;
    let samples = decoder.decode().map_err(fail)?;
    let color = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => image::ColorType::L8,
        jpeg_decoder::PixelFormat::L16 => image::ColorType::L16,
        _ => image::ColorType::Rgb8,
    };
    let data = pixels::to_rgb8(samples, w, h, color)?;
    Ok(Decoded { image: RgbImage { width: w, height: h, data }, full: (width, height), icc, orientation })
}

fn decode_jpeg(original: &[u8], limits: &Limits) -> Result<Decoded, MediaError> {
    let side = limits.max_side as usize;
    let options = DecoderOptions::default()
        // Accept the small deviations real cameras produce, as browsers do.
        .set_strict_mode(false)
        .set_max_width(side)
        .set_max_height(side)
        // Grey, YCbCr, CMYK and YCCK all come out as RGB.
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(original), options);
    let fail =
        |e: zune_jpeg::errors::DecodeErrors| MediaError::Decode { format: SourceFormat::Jpeg, detail: e.to_string() };
    decoder.decode_headers().map_err(fail)?;
    let (width, height) =
        decoder.dimensions().ok_or_else(|| MediaError::Internal("JPEG headers were not read".into()))?;
    let (width, height) = (width as u32, height as u32);
    limits.check_dims(width, height)?;
    let icc = decoder.icc_profile();
    let orientation = exif_info::from_raw(decoder.exif().map(Vec::as_slice)).orientation;
    let mut data = vec![0u8; RgbImage::byte_len(width, height)];
    decoder.decode_into(&mut data).map_err(fail)?;
    Ok(Decoded { image: RgbImage { width, height, data }, full: (width, height), icc, orientation })
}

fn decode_with_image(original: &[u8], format: SourceFormat, limits: &Limits) -> Result<Decoded, MediaError> {
    // A variant the decoder does not know (a palette or Lab TIFF, say) is valid, not damaged:
    // said as such, so nobody is told to export a sound file again.
    let fail = |e: image::ImageError| match e {
        image::ImageError::Unsupported(unsupported) => {
            let feature = match unsupported.kind() {
                image::error::UnsupportedErrorKind::Color(colour)
                | image::error::UnsupportedErrorKind::ColorLayout(colour) => format!("the colour type {colour:?}"),
                image::error::UnsupportedErrorKind::GenericFeature(feature) => feature,
                _ => "a variant of its format".to_owned(),
            };
            MediaError::Unsupported { format, feature }
        }
        other => MediaError::Decode { format, detail: other.to_string() },
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(original), format.image_format());
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_side);
    image_limits.max_image_height = Some(limits.max_side);
    // The largest output is max_pixels of 16-bit RGBA (8 bytes a pixel).
    image_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8) + DECODER_HEADROOM);
    reader.limits(image_limits);
    let mut decoder = reader.into_decoder().map_err(fail)?;
    let (width, height) = decoder.dimensions();
    limits.check_dims(width, height)?;
    // A broken profile or EXIF block is ignored, as browsers do, rather than refusing the photo.
    let icc = decoder.icc_profile().ok().flatten();
    let orientation = decoder.orientation().map(|o| o.to_exif()).unwrap_or(1);
    let color = decoder.color_type();
    let len = usize::try_from(decoder.total_bytes())
        .map_err(|_| MediaError::Internal("image too large for memory".into()))?;
    let mut buf = vec![0u8; len];
    decoder.read_image(&mut buf).map_err(fail)?;
    let data = pixels::to_rgb8(buf, width, height, color)?;
    Ok(Decoded { image: RgbImage { width, height, data }, full: (width, height), icc, orientation })
}
