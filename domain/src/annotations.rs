//! Annotations: marks a visitor draws on an image for the photographer or a retoucher —
//! freehand strokes, arrows, rectangles and short text pins, in a few colours. Every point is in
//! the image's own coordinates normalised to 0..1 (x across, y down, of the upright image), so
//! the marks fit any rendition. The same checks run in the browser before saving and on the
//! server before storing.

use crate::ids::ImageId;
use crate::validation::{FieldError, TextRule, text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// At most this many marks per person per image.
pub const MAX_SHAPES: usize = 100;
/// At most this many points in one freehand stroke.
pub const MAX_STROKE_POINTS: usize = 1000;
/// At most this many points over all of one person's marks on one image.
pub const MAX_TOTAL_POINTS: usize = 10_000;
/// The longest text pin, in characters.
pub const MAX_PIN_TEXT: usize = 140;

/// A point in normalised image coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    fn in_range(self) -> bool {
        (0.0..=1.0).contains(&self.x) && (0.0..=1.0).contains(&self.y)
    }
}

/// The colours offered (chosen to read on light and dark photos).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkColor {
    Red,
    Yellow,
    Green,
    Blue,
    White,
}

impl MarkColor {
    pub const ALL: [MarkColor; 5] = [Self::Red, Self::Yellow, Self::Green, Self::Blue, Self::White];

    /// The colour as CSS/SVG and as RGB for burning into a PNG.
    pub const fn rgb(self) -> (u8, u8, u8) {
        match self {
            Self::Red => (0xE5, 0x3E, 0x3E),
            Self::Yellow => (0xF5, 0xC5, 0x18),
            Self::Green => (0x2F, 0xB3, 0x4F),
            Self::Blue => (0x2D, 0x7F, 0xF9),
            Self::White => (0xFF, 0xFF, 0xFF),
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let (r, g, b) = self.rgb();
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Red => "Red",
            Self::Yellow => "Yellow",
            Self::Green => "Green",
            Self::Blue => "Blue",
            Self::White => "White",
        }
    }
}

/// One mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// A freehand line through the points.
    Stroke { color: MarkColor, points: Vec<Point> },
    /// An arrow from `from`, its head at `to`.
    Arrow { color: MarkColor, from: Point, to: Point },
    /// A rectangle with two opposite corners.
    Rect { color: MarkColor, from: Point, to: Point },
    /// A numbered pin at `at` with a short note.
    Pin { color: MarkColor, at: Point, text: String },
}

impl Shape {
    /// The mark's colour.
    pub fn color(&self) -> MarkColor {
        match self {
            Shape::Stroke { color, .. }
            | Shape::Arrow { color, .. }
            | Shape::Rect { color, .. }
            | Shape::Pin { color, .. } => *color,
        }
    }

    fn points(&self) -> Vec<Point> {
        match self {
            Shape::Stroke { points, .. } => points.clone(),
            Shape::Arrow { from, to, .. } | Shape::Rect { from, to, .. } => vec![*from, *to],
            Shape::Pin { at, .. } => vec![*at],
        }
    }
}

/// Checks a person's marks on one image, and answers them as they are stored (each pin's note
/// trimmed, as it was checked). The error says what is wrong in words a person reads.
pub fn validate_shapes(shapes: &[Shape]) -> Result<Vec<Shape>, FieldError> {
    let refuse = |message: String| Err(FieldError::new("shapes", message));
    if shapes.len() > MAX_SHAPES {
        return refuse(format!("Too many marks on one photo: keep it under {MAX_SHAPES}."));
    }
    let mut total = 0;
    let mut cleaned = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let points = shape.points();
        if points.iter().any(|p| !p.in_range()) {
            return refuse("A mark lies outside the photo.".to_owned());
        }
        match shape {
            Shape::Stroke { points, .. } if points.len() < 2 => {
                return refuse("A freehand line needs at least two points.".to_owned());
            }
            Shape::Stroke { points, .. } if points.len() > MAX_STROKE_POINTS => {
                return refuse("A freehand line is too long: draw it in shorter strokes.".to_owned());
            }
            Shape::Pin { color, at, text } => {
                cleaned.push(Shape::Pin { color: *color, at: *at, text: validate_pin_text(text)? });
                total += 1;
                continue;
            }
            _ => {}
        }
        total += points.len();
        cleaned.push(shape.clone());
    }
    if total > MAX_TOTAL_POINTS {
        return refuse("The marks on this photo are too detailed: remove a few strokes.".to_owned());
    }
    Ok(cleaned)
}

/// Checks a pin's note: 1 to [`MAX_PIN_TEXT`] characters on one line; answers it trimmed.
pub fn validate_pin_text(note: &str) -> Result<String, FieldError> {
    let rule = TextRule {
        field: "shapes",
        label: "note",
        empty: "A note pin needs a few words.",
        max: MAX_PIN_TEXT,
        multiline: false,
    };
    text(rule, note)
}

/// One person's marks on one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotationView {
    pub image_id: ImageId,
    pub author: String,
    /// Only in the photographer's views.
    pub email: Option<String>,
    /// Whether these are the asking visitor's own marks (which they may change).
    pub mine: bool,
    pub shapes: Vec<Shape>,
    pub updated_at: DateTime<Utc>,
}

/// The photographer's list: per image, everyone's marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedImage {
    pub image: crate::card::ImageCard,
    pub annotations: Vec<AnnotationView>,
}

/// The three corners of an arrow's head (`size` long, pointing at `to`), in whatever units
/// `from` and `to` are in: one drawing rule for the browser's overlay and the server's PNG.
pub fn arrow_head(from: (f32, f32), to: (f32, f32), size: f32) -> [(f32, f32); 3] {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt().max(f32::EPSILON);
    let (ux, uy) = (dx / len, dy / len);
    let back = (to.0 - ux * size, to.1 - uy * size);
    let (px, py) = (-uy * size * 0.5, ux * size * 0.5);
    [(back.0 + px, back.1 + py), to, (back.0 - px, back.1 - py)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    #[test]
    fn marks_must_lie_on_the_photo() {
        let ok = vec![
            Shape::Arrow { color: MarkColor::Red, from: p(0.0, 0.0), to: p(1.0, 1.0) },
            Shape::Rect { color: MarkColor::Blue, from: p(0.2, 0.2), to: p(0.4, 0.5) },
            Shape::Pin { color: MarkColor::Yellow, at: p(0.5, 0.5), text: "Soften the shadow".into() },
            Shape::Stroke { color: MarkColor::White, points: vec![p(0.1, 0.1), p(0.2, 0.3)] },
        ];
        assert_eq!(validate_shapes(&ok), Ok(ok.to_vec()));
        let padded =
            [Shape::Pin { color: MarkColor::Red, at: p(0.5, 0.5), text: format!("\u{b}\n{}hi ", " ".repeat(4000)) }];
        let stored = validate_shapes(&padded).expect("a note with spaces round it");
        assert_eq!(
            stored,
            [Shape::Pin { color: MarkColor::Red, at: p(0.5, 0.5), text: "hi".into() }],
            "stored as checked"
        );
        let outside = [Shape::Arrow { color: MarkColor::Red, from: p(0.0, 0.0), to: p(1.01, 0.5) }];
        assert!(validate_shapes(&outside).is_err());
        let nan = [Shape::Rect { color: MarkColor::Red, from: p(f32::NAN, 0.0), to: p(0.5, 0.5) }];
        assert!(validate_shapes(&nan).is_err(), "NaN is not in range");
        let negative = [Shape::Pin { color: MarkColor::Red, at: p(-0.1, 0.5), text: "x".into() }];
        assert!(validate_shapes(&negative).is_err());
    }

    #[test]
    fn sizes_are_bounded() {
        let many = vec![Shape::Pin { color: MarkColor::Red, at: p(0.5, 0.5), text: "x".into() }; MAX_SHAPES + 1];
        assert!(validate_shapes(&many).is_err());
        let long = [Shape::Stroke { color: MarkColor::Red, points: vec![p(0.5, 0.5); MAX_STROKE_POINTS + 1] }];
        assert!(validate_shapes(&long).is_err());
        let dense = vec![Shape::Stroke { color: MarkColor::Red, points: vec![p(0.5, 0.5); 900] }; 12];
        assert!(validate_shapes(&dense).is_err(), "over the total point budget");
        let pin = [Shape::Pin { color: MarkColor::Red, at: p(0.5, 0.5), text: "x".repeat(MAX_PIN_TEXT + 1) }];
        assert!(validate_shapes(&pin).is_err());
        let dot = [Shape::Stroke { color: MarkColor::Red, points: vec![p(0.5, 0.5)] }];
        assert!(validate_shapes(&dot).is_err());
    }

    #[test]
    fn wire_format_is_tagged() {
        let shape = Shape::Arrow { color: MarkColor::Red, from: p(0.0, 0.5), to: p(1.0, 0.5) };
        let json = serde_json::to_string(&shape).expect("serialises");
        assert_eq!(json, r#"{"kind":"arrow","color":"red","from":{"x":0.0,"y":0.5},"to":{"x":1.0,"y":0.5}}"#);
    }

    #[test]
    fn arrow_head_points_at_the_tip() {
        let [a, tip, b] = arrow_head((0.0, 0.0), (10.0, 0.0), 2.0);
        assert_eq!(tip, (10.0, 0.0));
        assert!((a.0 - 8.0).abs() < 1e-5 && (b.0 - 8.0).abs() < 1e-5 && (a.1 + b.1).abs() < 1e-5);
    }
}
