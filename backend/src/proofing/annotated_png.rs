//! Burns annotation marks into a photo for the retoucher: the HD rendition, decoded, with every
//! stroke, arrow, rectangle and note pin drawn at the same geometry the browser's overlay uses
//! (anti-aliased, line widths relative to the photo), encoded as PNG. The original is never
//! touched. Pure: bytes in, bytes out; the caller runs it off the async runtime.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use domain::annotations::{MarkColor, Point, Shape, arrow_head};
use tiny_skia::{FillRule, IntSize, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

/// The font note pins are written in (bundled, so no system font is needed).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BurnError {
    #[error("the rendition could not be decoded: {0}")]
    Decode(#[from] image::ImageError),
    #[error("the image is too large to draw on")]
    Size,
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// Draws `shapes` onto the JPEG `rendition` and returns a PNG.
pub fn burn(rendition: &[u8], shapes: &[Shape]) -> Result<Vec<u8>, BurnError> {
    let rgb = image::load_from_memory_with_format(rendition, image::ImageFormat::Jpeg)?.to_rgba8();
    let (w, h) = rgb.dimensions();
    let size = IntSize::from_wh(w, h).ok_or(BurnError::Size)?;
    // Opaque pixels: premultiplied and straight RGBA are the same bytes.
    let mut pixmap = Pixmap::from_vec(rgb.into_raw(), size).ok_or(BurnError::Size)?;
    let canvas = Canvas { w: w as f32, h: h as f32, line: (w.max(h) as f32 / 320.0).max(2.0) };
    let font = FontRef::try_from_slice(FONT).map_err(|e| BurnError::Encode(e.to_string()))?;
    let mut pin_number = 0;
    for shape in shapes {
        match shape {
            Shape::Stroke { color, points } => {
                let mut pb = PathBuilder::new();
                for (i, p) in points.iter().enumerate() {
                    let (x, y) = canvas.at(*p);
                    if i == 0 { pb.move_to(x, y) } else { pb.line_to(x, y) }
                }
                if let Some(path) = pb.finish() {
                    canvas.stroke_path(&mut pixmap, &path, *color);
                }
            }
            Shape::Arrow { color, from, to } => {
                let (a, b) = (canvas.at(*from), canvas.at(*to));
                let mut shaft = PathBuilder::new();
                shaft.move_to(a.0, a.1);
                shaft.line_to(b.0, b.1);
                if let Some(path) = shaft.finish() {
                    canvas.stroke_path(&mut pixmap, &path, *color);
                }
                let [l, tip, r] = arrow_head(a, b, canvas.line * 5.0);
                let mut head = PathBuilder::new();
                head.move_to(l.0, l.1);
                head.line_to(tip.0, tip.1);
                head.line_to(r.0, r.1);
                head.close();
                canvas.fill(&mut pixmap, head, *color);
            }
            Shape::Rect { color, from, to } => {
                let (a, b) = (canvas.at(*from), canvas.at(*to));
                if let Some(rect) = Rect::from_ltrb(a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)) {
                    canvas.stroke_path(&mut pixmap, &PathBuilder::from_rect(rect), *color);
                }
            }
            Shape::Pin { color, at, text } => {
                pin_number += 1;
                let (x, y) = canvas.at(*at);
                let radius = canvas.line * 4.0;
                if let Some(dot) = PathBuilder::from_circle(x, y, radius) {
                    canvas.fill_path(&mut pixmap, &dot, *color);
                }
                let label = format!("{pin_number}. {}", text.trim());
                canvas.label(&mut pixmap, &font, x + radius * 1.4, y, &label);
            }
        }
    }
    pixmap.encode_png().map_err(|e| BurnError::Encode(e.to_string()))
}

/// The photo's pixel size and the line width marks are drawn with.
struct Canvas {
    w: f32,
    h: f32,
    line: f32,
}

impl Canvas {
    fn at(&self, p: Point) -> (f32, f32) {
        (p.x * self.w, p.y * self.h)
    }

    fn paint(color: MarkColor, alpha: u8) -> Paint<'static> {
        let (r, g, b) = color.rgb();
        let mut paint = Paint::default();
        paint.set_color_rgba8(r, g, b, alpha);
        paint.anti_alias = true;
        paint
    }

    /// A dark halo under each line, then the colour: marks stay readable on any photo.
    fn stroke_path(&self, pixmap: &mut Pixmap, path: &tiny_skia::Path, color: MarkColor) {
        let mut stroke = Stroke {
            width: self.line * 1.8,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        let mut halo = Paint::default();
        halo.set_color_rgba8(0, 0, 0, 110);
        halo.anti_alias = true;
        pixmap.stroke_path(path, &halo, &stroke, Transform::identity(), None);
        stroke.width = self.line;
        pixmap.stroke_path(path, &Self::paint(color, 255), &stroke, Transform::identity(), None);
    }

    fn fill(&self, pixmap: &mut Pixmap, pb: PathBuilder, color: MarkColor) {
        if let Some(path) = pb.finish() {
            self.fill_path(pixmap, &path, color);
        }
    }

    fn fill_path(&self, pixmap: &mut Pixmap, path: &tiny_skia::Path, color: MarkColor) {
        pixmap.fill_path(path, &Self::paint(color, 255), FillRule::Winding, Transform::identity(), None);
    }

    /// White text on a dark box, left edge at `x`, centred on `y`; kept inside the photo.
    fn label(&self, pixmap: &mut Pixmap, font: &FontRef<'_>, x: f32, y: f32, text: &str) {
        let scale = PxScale::from(self.line * 7.0);
        let scaled = font.as_scaled(scale);
        let width: f32 = text.chars().map(|c| scaled.h_advance(font.glyph_id(c))).sum();
        let pad = self.line * 1.5;
        let height = scaled.ascent() - scaled.descent();
        let left = x.min(self.w - width - 2.0 * pad).max(0.0);
        let top = (y - height / 2.0 - pad).clamp(0.0, (self.h - height - 2.0 * pad).max(0.0));
        if let Some(rect) = Rect::from_xywh(left, top, width + 2.0 * pad, height + 2.0 * pad) {
            let mut shade = Paint::default();
            shade.set_color_rgba8(0, 0, 0, 170);
            pixmap.fill_rect(rect, &shade, Transform::identity(), None);
        }
        let baseline = top + pad + scaled.ascent();
        let mut caret = left + pad;
        let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
        let pixels = pixmap.pixels_mut();
        for c in text.chars() {
            let glyph = scaled.scaled_glyph(c);
            let advance = scaled.h_advance(glyph.id);
            let mut positioned = glyph;
            positioned.position = ab_glyph::point(caret, baseline);
            if let Some(outline) = font.outline_glyph(positioned) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let (px, py) = (bounds.min.x as i32 + gx as i32, bounds.min.y as i32 + gy as i32);
                    if px < 0 || py < 0 || px >= pw || py >= ph {
                        return;
                    }
                    let pixel = &mut pixels[(py * pw + px) as usize];
                    let blend = |under: u8| (f32::from(under) + (255.0 - f32::from(under)) * coverage.min(1.0)) as u8;
                    if let Some(mixed) = tiny_skia::PremultipliedColorU8::from_rgba(
                        blend(pixel.red()),
                        blend(pixel.green()),
                        blend(pixel.blue()),
                        255,
                    ) {
                        *pixel = mixed;
                    }
                });
            }
            caret += advance;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([128, 128, 128]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
            .expect("encodes");
        out
    }

    fn p(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    #[test]
    fn marks_land_where_the_vectors_say() {
        let shapes = [
            Shape::Rect { color: MarkColor::Red, from: p(0.1, 0.1), to: p(0.4, 0.4) },
            Shape::Pin { color: MarkColor::Yellow, at: p(0.8, 0.8), text: "Remove the sign".into() },
            Shape::Arrow { color: MarkColor::Blue, from: p(0.5, 0.1), to: p(0.9, 0.1) },
        ];
        let png = burn(&grey_jpeg(640, 480), &shapes).expect("burns");
        let out = image::load_from_memory_with_format(&png, image::ImageFormat::Png).expect("a PNG").to_rgb8();
        assert_eq!(out.dimensions(), (640, 480), "same size as the rendition");
        // The rectangle's left edge at x = 64 is red; its middle is untouched grey.
        let edge = out.get_pixel(64, 120);
        assert!(edge[0] > 200 && edge[1] < 100, "red edge, got {edge:?}");
        let inside = out.get_pixel(160, 120);
        assert!((i32::from(inside[0]) - 128).abs() < 8, "inside untouched, got {inside:?}");
        // The pin's dot is yellow.
        let pin = out.get_pixel(512, 384);
        assert!(pin[0] > 200 && pin[1] > 170 && pin[2] < 80, "yellow pin, got {pin:?}");
        // The arrow's head sits at its tip, 0.9 across.
        let head = out.get_pixel(570, 48);
        assert!(head[2] > 200, "blue arrow head, got {head:?}");
        // The note's box darkens the photo right of the pin.
        let note = out.get_pixel(560, 384);
        assert!(note[0] < 110 || note[0] > 200, "text box drawn, got {note:?}");
    }

    #[test]
    fn no_marks_still_gives_the_photo() {
        let png = burn(&grey_jpeg(32, 16), &[]).expect("burns");
        assert!(png.starts_with(b"\x89PNG"));
        assert!(burn(b"not a jpeg", &[]).is_err());
    }
}
