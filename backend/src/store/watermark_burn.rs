//! Burns the studio's watermark into a preview: the studio's name (or other words) set in a
//! bundled font, or its logo made white, placed where the studio chose (or tiled on a slant
//! across the whole photo), at the chosen size and opacity, with a soft dark shadow so the mark
//! reads on light and dark photos alike. Pure: bytes in, bytes out; the caller runs it off the
//! async runtime. The clean renditions are never touched: the result is a separate file.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use domain::store::{WatermarkPosition, WatermarkSettings};
use image::{GenericImageView, ImageFormat};
use tiny_skia::{IntSize, Pixmap, PixmapPaint, PremultipliedColorU8, Transform};

/// The font words are set in (bundled, so no system font is needed).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The angle tiled marks are set at, in degrees (counter-clockwise).
const TILE_ANGLE: f32 = -30.0;

/// What the mark is made of, resolved from the settings (the studio's name, the words, or the
/// logo's bytes).
#[derive(Debug, Clone, Copy)]
pub enum MarkSource<'a> {
    Words(&'a str),
    /// The studio's logo: its ink (`image`, a JPEG or PNG: dark on light or light on dark) or,
    /// when it has none, its shape (`mask`, from `logo_mask`, kept when it was uploaded with
    /// transparency: a white logo flattened onto white) becomes the white mark. A logo with
    /// neither is replaced by `or_words`: a preview is never left clean.
    Logo {
        image: &'a [u8],
        mask: Option<&'a [u8]>,
        or_words: &'a str,
    },
}

/// The least share of the mark's box a logo must cover to be drawn (one in a thousand).
const LEAST_INK_PER_MILLE: u64 = 1;

/// Why a watermarked preview could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BurnError {
    #[error("the preview could not be decoded: {0}")]
    Decode(#[from] image::ImageError),
    #[error("the preview is too large to draw on")]
    Size,
    #[error("the font could not be read: {0}")]
    Font(String),
    #[error("the marked preview could not be encoded: {0}")]
    Encode(String),
}

/// Burns the mark into the JPEG `preview` and returns a JPEG at `quality`.
pub fn burn(
    preview: &[u8],
    source: MarkSource<'_>,
    settings: &WatermarkSettings,
    quality: u8,
) -> Result<Vec<u8>, BurnError> {
    let photo = image::load_from_memory_with_format(preview, ImageFormat::Jpeg)?.to_rgba8();
    let (w, h) = photo.dimensions();
    // Opaque pixels: premultiplied and straight RGBA are the same bytes.
    let mut canvas =
        Pixmap::from_vec(photo.into_raw(), IntSize::from_wh(w, h).ok_or(BurnError::Size)?).ok_or(BurnError::Size)?;
    let share = f32::from(settings.size_percent) / 100.0;
    let mark_width = (w as f32 * share).max(8.0) as u32;
    let coverage_at = |mark_width: u32| -> Result<Option<Coverage>, BurnError> {
        Ok(match source {
            MarkSource::Words(words) => words_coverage(words, mark_width)?,
            MarkSource::Logo { image, mask, or_words } => {
                // The logo's ink first (dark text on a white panel keeps its letters); its shape
                // when it has none (a white logo, flattened onto white); the words when neither.
                let inked = logo_coverage(image, mark_width)?.filter(Coverage::has_ink);
                let shaped = match (inked.is_some(), mask) {
                    (false, Some(mask)) => mask_coverage(mask, mark_width)?.filter(Coverage::has_ink),
                    _ => None,
                };
                match inked.or(shaped) {
                    Some(logo) => Some(logo),
                    None => words_coverage(or_words, mark_width)?,
                }
            }
        })
    };
    let mut coverage = coverage_at(mark_width)?;
    // The mark's share of the width, but never taller than that share of the height: on a
    // panorama a square logo a share of its width wide would stand higher than the photo.
    let tallest = (h as f32 * share).max(8.0) as u32;
    if let Some(found) = &coverage
        && found.height > tallest
    {
        let narrower = (u64::from(mark_width) * u64::from(tallest) / u64::from(found.height)).max(8) as u32;
        coverage = coverage_at(narrower)?;
    }
    let Some(coverage) = coverage else { return encode(&canvas, quality) };
    let (white, shadow) = (stamp(&coverage, 255, 1.0), stamp(&coverage, 0, 0.55));
    let opacity = f32::from(settings.opacity_percent) / 100.0;
    let paint = PixmapPaint { opacity, quality: tiny_skia::FilterQuality::Bilinear, ..PixmapPaint::default() };
    let (mw, mh) = (coverage.width as f32, coverage.height as f32);
    let offset = (mh / 24.0).max(1.0);
    for (x, y, transform) in placements(settings.position, (w as f32, h as f32), (mw, mh)) {
        let shadow_at = transform.pre_translate(offset, offset);
        canvas.draw_pixmap(x, y, shadow.as_ref(), &paint, shadow_at, None);
        canvas.draw_pixmap(x, y, white.as_ref(), &paint, transform, None);
    }
    encode(&canvas, quality)
}

/// A grey-level mask: how much of each pixel the mark covers (0–255).
struct Coverage {
    width: u32,
    height: u32,
    alpha: Vec<u8>,
}

impl Coverage {
    fn has_ink(&self) -> bool {
        let ink: u64 = self.alpha.iter().map(|&a| u64::from(a)).sum();
        ink * 1000 >= LEAST_INK_PER_MILLE * 255 * self.alpha.len() as u64
    }
}

/// The shape of a logo uploaded with transparency: its alpha as a grey PNG of at most
/// `long_edge` px, or `None` when the logo is opaque (its ink is then judged from its colours).
/// Kept beside the JPEG logo, which is flattened onto white and so loses a white logo entirely.
pub fn logo_mask(upload: &[u8], long_edge: u32) -> Result<Option<Vec<u8>>, BurnError> {
    let logo = image::load_from_memory(upload)?;
    if !logo.color().has_alpha() {
        return Ok(None);
    }
    let (w, h) = logo.dimensions();
    let logo = if w.max(h) > long_edge {
        logo.resize(long_edge, long_edge, image::imageops::FilterType::Triangle)
    } else {
        logo
    };
    let rgba = logo.to_rgba8();
    if rgba.pixels().all(|p| p.0[3] >= 250) {
        return Ok(None);
    }
    let alpha = image::GrayImage::from_fn(rgba.width(), rgba.height(), |x, y| image::Luma([rgba.get_pixel(x, y).0[3]]));
    let mut png = Vec::new();
    alpha
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| BurnError::Encode(e.to_string()))?;
    Ok(Some(png))
}

/// A mask from `logo_mask` at `width` pixels wide.
fn mask_coverage(png: &[u8], width: u32) -> Result<Option<Coverage>, BurnError> {
    let mask = image::load_from_memory_with_format(png, ImageFormat::Png)?.to_luma8();
    let (mw, mh) = mask.dimensions();
    if mw == 0 || mh == 0 {
        return Ok(None);
    }
    let height = ((u64::from(width) * u64::from(mh)) / u64::from(mw)).max(1) as u32;
    let alpha = image::imageops::resize(&mask, width, height, image::imageops::FilterType::Triangle).into_raw();
    Ok(Some(Coverage { width, height, alpha }))
}

/// The words set at the size that makes them `width` pixels wide (`None`: nothing to draw).
fn words_coverage(words: &str, width: u32) -> Result<Option<Coverage>, BurnError> {
    let words = words.trim();
    if words.is_empty() {
        return Ok(None);
    }
    let font = FontRef::try_from_slice(FONT).map_err(|e| BurnError::Font(e.to_string()))?;
    let advance_at = |scale: PxScale| {
        let scaled = font.as_scaled(scale);
        words.chars().map(|c| scaled.h_advance(font.glyph_id(c))).sum::<f32>()
    };
    let probe = PxScale::from(100.0);
    let scale = PxScale::from(100.0 * width as f32 / advance_at(probe).max(1.0));
    let scaled = font.as_scaled(scale);
    let height = (scaled.ascent() - scaled.descent()).ceil().max(1.0) as u32;
    let width = advance_at(scale).ceil().max(1.0) as u32;
    let mut alpha = vec![0u8; width as usize * height as usize];
    let mut caret = 0.0;
    for c in words.chars() {
        let mut glyph = scaled.scaled_glyph(c);
        glyph.position = ab_glyph::point(caret, scaled.ascent());
        caret += scaled.h_advance(glyph.id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, cover| {
            let (x, y) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
            if x < 0 || y < 0 || x >= i64::from(width) || y >= i64::from(height) {
                return;
            }
            let cell = &mut alpha[y as usize * width as usize + x as usize];
            *cell = (*cell).max((cover.clamp(0.0, 1.0) * 255.0) as u8);
        });
    }
    Ok(Some(Coverage { width, height, alpha }))
}

/// The logo at `width` pixels wide, its ink as the mask: dark ink on a light background (the
/// usual logo) or light ink on a dark one, judged from the logo's border.
fn logo_coverage(bytes: &[u8], width: u32) -> Result<Option<Coverage>, BurnError> {
    let logo = image::load_from_memory(bytes)?;
    let (lw, lh) = logo.dimensions();
    if lw == 0 || lh == 0 {
        return Ok(None);
    }
    let height = ((u64::from(width) * u64::from(lh)) / u64::from(lw)).max(1) as u32;
    let luma = logo.resize_exact(width, height, image::imageops::FilterType::Triangle).to_luma_alpha8();
    let border: Vec<u8> = luma
        .enumerate_pixels()
        .filter(|(x, y, _)| *x == 0 || *y == 0 || *x == width - 1 || *y == height - 1)
        .map(|(_, _, p)| p.0[0])
        .collect();
    let light_background = border.iter().map(|&v| u64::from(v)).sum::<u64>() >= 128 * border.len() as u64;
    let alpha = luma
        .pixels()
        .map(|p| {
            let [value, transparency] = p.0;
            let ink = if light_background { 255 - value } else { value };
            ((u16::from(ink) * u16::from(transparency)) / 255) as u8
        })
        .collect();
    Ok(Some(Coverage { width, height, alpha }))
}

/// The mask as a pixmap of one grey level (255 white, 0 black) at `strength`.
fn stamp(coverage: &Coverage, level: u8, strength: f32) -> Pixmap {
    let mut pixmap = Pixmap::new(coverage.width, coverage.height).unwrap_or_else(|| {
        // A 1 px pixmap always exists; the mask is at least 1×1 anyway.
        Pixmap::new(1, 1).unwrap_or_else(|| unreachable!("a 1×1 pixmap"))
    });
    for (pixel, &cover) in pixmap.pixels_mut().iter_mut().zip(&coverage.alpha) {
        let a = (f32::from(cover) * strength) as u8;
        let premultiplied = ((u16::from(level) * u16::from(a)) / 255) as u8;
        if let Some(color) = PremultipliedColorU8::from_rgba(premultiplied, premultiplied, premultiplied, a) {
            *pixel = color;
        }
    }
    pixmap
}

/// Where the mark goes: the top-left corner it is drawn at, and the transform around it.
fn placements(position: WatermarkPosition, (w, h): (f32, f32), (mw, mh): (f32, f32)) -> Vec<(i32, i32, Transform)> {
    let margin = (w.min(h) * 0.04).round();
    let at = |x: f32, y: f32| (x.round() as i32, y.round() as i32, Transform::identity());
    match position {
        WatermarkPosition::Center => vec![at((w - mw) / 2.0, (h - mh) / 2.0)],
        WatermarkPosition::TopLeft => vec![at(margin, margin)],
        WatermarkPosition::TopRight => vec![at(w - mw - margin, margin)],
        WatermarkPosition::BottomLeft => vec![at(margin, h - mh - margin)],
        WatermarkPosition::BottomRight => vec![at(w - mw - margin, h - mh - margin)],
        WatermarkPosition::Tiled => {
            // Rows of marks on a slant, every other row shifted by half a step, reaching past the
            // edges so the corners are covered too.
            let (step_x, step_y) = (mw * 1.5, (mh * 3.5).max(mw * 0.45));
            let mut marks = Vec::new();
            let mut row = 0;
            let mut cy = -step_y / 2.0;
            while cy < h + step_y {
                let shift = if row % 2 == 0 { 0.0 } else { step_x / 2.0 };
                let mut cx = -step_x + shift;
                while cx < w + step_x {
                    let transform = Transform::from_rotate_at(TILE_ANGLE, cx, cy);
                    marks.push(((cx - mw / 2.0).round() as i32, (cy - mh / 2.0).round() as i32, transform));
                    cx += step_x;
                }
                cy += step_y;
                row += 1;
            }
            marks
        }
    }
}

/// The marked photo as a baseline JPEG (the same SIMD encoder as the renditions).
fn encode(canvas: &Pixmap, quality: u8) -> Result<Vec<u8>, BurnError> {
    let (width, height) = (u16::try_from(canvas.width()), u16::try_from(canvas.height()));
    let (Ok(width), Ok(height)) = (width, height) else { return Err(BurnError::Size) };
    let mut out = Vec::new();
    // Every pixel is opaque, so the premultiplied bytes are the straight ones.
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(canvas.data(), width, height, jpeg_encoder::ColorType::Rgba)
        .map_err(|e| BurnError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::store::WatermarkMark;

    /// A mid-grey JPEG of `w` × `h`.
    fn grey(w: u32, h: u32) -> Vec<u8> {
        let pixels = vec![100u8; (w * h * 3) as usize];
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
            .encode(&pixels, w, h, image::ExtendedColorType::Rgb8)
            .expect("encodes");
        out
    }

    fn brightest(jpeg: &[u8]) -> (u8, usize) {
        let img = image::load_from_memory(jpeg).expect("decodes").to_luma8();
        let max = img.pixels().map(|p| p.0[0]).max().unwrap_or(0);
        let bright = img.pixels().filter(|p| p.0[0] > 160).count();
        (max, bright)
    }

    fn settings(position: WatermarkPosition) -> WatermarkSettings {
        WatermarkSettings { mark: WatermarkMark::StudioName, position, size_percent: 40, opacity_percent: 60 }
    }

    #[test]
    fn words_leave_a_light_mark_of_the_same_size() {
        let photo = grey(400, 300);
        let marked =
            burn(&photo, MarkSource::Words("Proofroom"), &settings(WatermarkPosition::Center), 90).expect("burns");
        let img = image::load_from_memory(&marked).expect("decodes");
        assert_eq!(img.dimensions(), (400, 300));
        let (max, bright) = brightest(&marked);
        assert!(max > 160, "the mark is lighter than the photo ({max})");
        assert!(bright > 300, "the mark covers a visible area ({bright} px)");
        assert_eq!(brightest(&photo).1, 0);
    }

    /// A black square (`from..to` on both axes) on a white 64 px logo, as a PNG: as most logos are.
    fn dark_square_logo(from: u32, to: u32) -> Vec<u8> {
        let mut logo = image::RgbImage::from_pixel(64, 64, image::Rgb([255, 255, 255]));
        for x in from..to {
            for y in from..to {
                logo.put_pixel(x, y, image::Rgb([0, 0, 0]));
            }
        }
        let mut png = Vec::new();
        logo.write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png).expect("png");
        png
    }

    #[test]
    fn a_mark_on_a_panorama_is_no_taller_than_its_share_of_the_height() {
        let png = dark_square_logo(8, 56);
        let source = MarkSource::Logo { image: &png, mask: None, or_words: "Studio" };
        // A mark 40 % of the width wide (the settings') would be 480 px tall.
        let marked = burn(&grey(1200, 200), source, &settings(WatermarkPosition::BottomRight), 90).expect("burns");
        let img = image::load_from_memory(&marked).expect("decodes").to_luma8();
        let rows: Vec<u32> = (0..200).filter(|&y| (0..1200).any(|x| img.get_pixel(x, y).0[0] > 150)).collect();
        let (top, bottom) = (rows.first().copied().expect("a mark"), rows.last().copied().expect("a mark"));
        assert!(bottom - top <= 90, "at most 40 % of the height (and its shadow): rows {top}–{bottom}");
        assert!(top > 50, "it sits in its corner, not pushed off the top: from row {top}");
    }

    #[test]
    fn tiled_marks_cover_every_quarter() {
        let marked =
            burn(&grey(600, 400), MarkSource::Words("PROOF"), &settings(WatermarkPosition::Tiled), 90).expect("burns");
        let img = image::load_from_memory(&marked).expect("decodes").to_luma8();
        for (qx, qy) in [(0, 0), (300, 0), (0, 200), (300, 200)] {
            let bright = (qx..qx + 300)
                .flat_map(|x| (qy..qy + 200).map(move |y| (x, y)))
                .filter(|&(x, y)| img.get_pixel(x, y).0[0] > 150)
                .count();
            assert!(bright > 50, "quarter at {qx},{qy} carries a mark ({bright} px)");
        }
    }

    #[test]
    fn a_dark_logo_becomes_a_light_mark_in_its_corner() {
        let png = dark_square_logo(16, 48);
        let source = MarkSource::Logo { image: &png, mask: None, or_words: "Studio" };
        let marked = burn(&grey(400, 300), source, &settings(WatermarkPosition::BottomRight), 90).expect("burns");
        let img = image::load_from_memory(&marked).expect("decodes").to_luma8();
        let bright = |x0: u32, y0: u32| {
            (x0..x0 + 200)
                .flat_map(|x| (y0..y0 + 150).map(move |y| (x, y)))
                .filter(|&(x, y)| img.get_pixel(x, y).0[0] > 150)
                .count()
        };
        assert!(bright(200, 150) > 500, "bottom right carries the logo");
        assert_eq!(bright(0, 0), 0, "top left is untouched");
    }

    /// A white logo on transparency, as photographers make their watermarks: flattened onto
    /// white (as the stored JPEG logo is) it has no ink, so its shape comes from the mask kept
    /// at upload; without one, the studio's name is drawn rather than nothing.
    #[test]
    fn a_white_logo_on_transparency_still_marks_the_photo() {
        let mut logo = image::RgbaImage::from_pixel(64, 64, image::Rgba([255, 255, 255, 0]));
        for x in 16..48 {
            for y in 16..48 {
                logo.put_pixel(x, y, image::Rgba([255, 255, 255, 255]));
            }
        }
        let mut upload = Vec::new();
        logo.write_to(&mut std::io::Cursor::new(&mut upload), ImageFormat::Png).expect("png");
        let flattened = {
            let white = image::RgbImage::from_pixel(64, 64, image::Rgb([255, 255, 255]));
            let mut jpeg = Vec::new();
            white.write_to(&mut std::io::Cursor::new(&mut jpeg), ImageFormat::Jpeg).expect("jpeg");
            jpeg
        };
        let mask = logo_mask(&upload, 512).expect("reads").expect("a logo with transparency has a mask");
        let position = settings(WatermarkPosition::BottomRight);
        let bright = |marked: &[u8]| {
            let img = image::load_from_memory(marked).expect("decodes").to_luma8();
            img.pixels().filter(|p| p.0[0] > 150).count()
        };
        let shaped = MarkSource::Logo { image: &flattened, mask: Some(&mask), or_words: "Studio" };
        assert!(bright(&burn(&grey(400, 300), shaped, &position, 90).expect("burns")) > 500);
        let unshaped = MarkSource::Logo { image: &flattened, mask: None, or_words: "Studio" };
        assert!(bright(&burn(&grey(400, 300), unshaped, &position, 90).expect("burns")) > 100, "the name instead");
        // An opaque logo needs no mask.
        let opaque = image::RgbImage::from_pixel(8, 8, image::Rgb([0, 0, 0]));
        let mut png = Vec::new();
        opaque.write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png).expect("png");
        assert!(logo_mask(&png, 512).expect("reads").is_none());
    }

    #[test]
    fn nothing_to_write_leaves_the_photo_as_it_was() {
        let marked =
            burn(&grey(200, 100), MarkSource::Words("  "), &settings(WatermarkPosition::Center), 90).expect("burns");
        assert_eq!(brightest(&marked).1, 0);
    }
}
