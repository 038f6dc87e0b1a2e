//! Conversion to sRGB. Renditions carry no ICC profile, so pixels in any other RGB space
//! (Display P3, Adobe RGB, ProPhoto), and grey pixels with a tone curve of their own, are
//! transformed with moxcms; sRGB-tagged and untagged images are left alone.

use moxcms::{ColorProfile, DataColorSpace, Layout, ToneReprCurve, TransformOptions, Xyzd};

use crate::error::MediaError;
use crate::rgb::RgbImage;

/// Largest difference from sRGB's colorants (PCS XYZ) still taken as sRGB; real "sRGB" profiles
/// differ from each other by about 1e-4.
const COLORANT_TOLERANCE: f64 = 2e-3;
/// Largest difference of a tone curve from sRGB's, in linear light (0..1).
const CURVE_TOLERANCE: f32 = 4e-3;

/// Converts `image` from the colour space of `icc` to sRGB in place: RGB profiles (P3, Adobe
/// RGB, ProPhoto) and grey ones (a grey photo's tone curve, "Dot Gain 20%" say). A profile that
/// cannot be parsed or made into a transform, is already sRGB, or describes other pixels (CMYK)
/// leaves the pixels as they are, as browsers do with a profile they cannot use: a photo is never
/// refused for its profile.
pub(crate) fn to_srgb(image: &mut RgbImage, icc: &[u8]) -> Result<(), MediaError> {
    let Ok(profile) = ColorProfile::new_from_slice(icc) else { return Ok(()) };
    convert(image, &profile)
}

/// Converts `image` from Adobe RGB (1998) to sRGB in place: a camera set to Adobe RGB that
/// embedded no profile (`Inspection::adobe_rgb`), whose pixels read as sRGB look washed out.
pub(crate) fn adobe_rgb_to_srgb(image: &mut RgbImage) -> Result<(), MediaError> {
    convert(image, &ColorProfile::new_adobe_rgb())
}

fn convert(image: &mut RgbImage, profile: &ColorProfile) -> Result<(), MediaError> {
    let srgb = ColorProfile::new_srgb();
    let options = TransformOptions::default();
    let (transform, input) = match profile.color_space {
        DataColorSpace::Rgb if !is_srgb(profile) => {
            (profile.create_transform_8bit(Layout::Rgb, &srgb, Layout::Rgb, options), None)
        }
        // Grey was decoded to RGB with three equal samples: one of them is the grey.
        DataColorSpace::Gray if image.data.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]) => {
            let grey = image.data.iter().step_by(3).copied().collect::<Vec<u8>>();
            (profile.create_transform_8bit(Layout::Gray, &srgb, Layout::Rgb, options), Some(grey))
        }
        _ => return Ok(()),
    };
    let Ok(transform) = transform else { return Ok(()) };
    let mut out = vec![0u8; image.data.len()];
    transform
        .transform(input.as_deref().unwrap_or(&image.data), &mut out)
        .map_err(|e| MediaError::Internal(format!("colour conversion: {e}")))?;
    image.data = out;
    Ok(())
}

/// True when the profile is a matrix/TRC profile with sRGB's primaries and tone curve, so the
/// transform would be an expensive identity.
fn is_srgb(profile: &ColorProfile) -> bool {
    let srgb = ColorProfile::new_srgb();
    let close = |a: Xyzd, b: Xyzd| {
        (a.x - b.x).abs() < COLORANT_TOLERANCE
            && (a.y - b.y).abs() < COLORANT_TOLERANCE
            && (a.z - b.z).abs() < COLORANT_TOLERANCE
    };
    let colorants = close(profile.red_colorant, srgb.red_colorant)
        && close(profile.green_colorant, srgb.green_colorant)
        && close(profile.blue_colorant, srgb.blue_colorant);
    // A LUT-based profile is not described by its colorants alone.
    let has_luts = profile.lut_a_to_b_perceptual.is_some()
        || profile.lut_a_to_b_colorimetric.is_some()
        || profile.lut_a_to_b_saturation.is_some();
    colorants
        && !has_luts
        && [&profile.red_trc, &profile.green_trc, &profile.blue_trc]
            .into_iter()
            .all(|curve| curve.as_ref().is_some_and(curve_is_srgb))
}

/// Compares a tone curve with the sRGB transfer function at 33 points.
fn curve_is_srgb(curve: &ToneReprCurve) -> bool {
    (0..=32).all(|i| {
        let x = i as f32 / 32.0;
        evaluate(curve, x).is_some_and(|y| (y - srgb_to_linear(x)).abs() < CURVE_TOLERANCE)
    })
}

/// The value of an ICC tone curve at `x` (0..1).
fn evaluate(curve: &ToneReprCurve, x: f32) -> Option<f32> {
    match curve {
        ToneReprCurve::Lut(table) => match table.len() {
            0 => Some(x),
            // A single entry is a gamma in u8.8 fixed point.
            1 => Some(x.powf(f32::from(table[0]) / 256.0)),
            n => {
                let position = x * (n - 1) as f32;
                let below = (position.floor() as usize).min(n - 2);
                let t = position - below as f32;
                let (a, b) = (f32::from(table[below]), f32::from(table[below + 1]));
                Some((a + (b - a) * t) / 65_535.0)
            }
        },
        ToneReprCurve::Parametric(params) if !params.is_empty() => {
            moxcms::ParametricCurve::new(params).map(|p| p.eval(x))
        }
        ToneReprCurve::Parametric(_) => None,
    }
}

/// The sRGB electro-optical transfer function.
fn srgb_to_linear(x: f32) -> f32 {
    if x <= 0.04045 { x / 12.92 } else { ((x + 0.055) / 1.055).powf(2.4) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srgb_is_recognised_and_p3_is_not() {
        assert!(is_srgb(&ColorProfile::new_srgb()));
        assert!(!is_srgb(&ColorProfile::new_display_p3()));
    }

    #[test]
    fn adobe_rgb_without_a_profile_is_converted_as_adobe_rgb() {
        // A muted Adobe RGB green is a more saturated one in sRGB; grey stays grey.
        let mut image = RgbImage { width: 2, height: 1, data: vec![100, 150, 100, 128, 128, 128] };
        assert!(adobe_rgb_to_srgb(&mut image).is_ok());
        let (r, g) = (i32::from(image.data[0]), i32::from(image.data[1]));
        assert!(g - r > 60, "{:?}", image.data);
        assert!(image.data[3..].iter().all(|&v| v.abs_diff(128) <= 2), "{:?}", image.data);
    }

    #[test]
    fn a_grey_tone_curve_is_applied() {
        let linear = ColorProfile::new_gray_with_gamma(1.0).encode().ok();
        let Some(linear) = linear else { panic!("could not encode the grey profile") };
        let mut image = RgbImage { width: 2, height: 1, data: vec![128; 6] };
        assert!(to_srgb(&mut image, &linear).is_ok());
        // Half the light is about 188 in sRGB, on all three samples.
        assert!(image.data.iter().all(|&v| (185..=191).contains(&v)), "{:?}", image.data);
    }

    #[test]
    fn p3_red_becomes_a_more_saturated_srgb_red_clipped() {
        let p3 = ColorProfile::new_display_p3().encode().ok();
        let Some(p3) = p3 else { panic!("could not encode the P3 profile") };
        let mut image = RgbImage { width: 1, height: 1, data: vec![255, 0, 0] };
        assert!(to_srgb(&mut image, &p3).is_ok());
        // P3 pure red is outside sRGB: it clips to full red with the others at 0.
        assert_eq!(image.data[0], 255);
        assert!(image.data[1] < 10 && image.data[2] < 10, "{:?}", image.data);
    }
}
