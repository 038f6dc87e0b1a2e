//! Annotation marks drawn as SVG over a photo. The SVG's viewBox is the photo's own pixel size
//! and it covers exactly the photo's box, so normalised 0..1 points land on the same spot at any
//! rendition and any screen size. The same geometry is burned into the photographer's PNG.

use domain::annotations::{Shape, arrow_head};
use leptos::prelude::*;

/// The line width in viewBox units for a photo of `w` × `h` (as the PNG burn uses).
pub fn line_width(w: u32, h: u32) -> f32 {
    (w.max(h) as f32 / 320.0).max(2.0)
}

/// One mark as SVG; `pin` is its number among the pins.
pub fn shape_view(shape: &Shape, w: f32, h: f32, line: f32, pin: usize) -> AnyView {
    let at = |p: domain::annotations::Point| (p.x * w, p.y * h);
    let color = shape.color().hex();
    match shape {
        Shape::Stroke { points, .. } => {
            let pts = points.iter().map(|p| format!("{:.1},{:.1}", p.x * w, p.y * h)).collect::<Vec<_>>().join(" ");
            view! { <polyline class="mark" points=pts fill="none" stroke=color stroke-width=line
            stroke-linecap="round" stroke-linejoin="round"/> }
            .into_any()
        }
        Shape::Arrow { from, to, .. } => {
            let (a, b) = (at(*from), at(*to));
            let [l, tip, r] = arrow_head(a, b, line * 5.0);
            let head = format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", l.0, l.1, tip.0, tip.1, r.0, r.1);
            view! {
                <g class="mark mark-arrow">
                    <line x1=a.0 y1=a.1 x2=b.0 y2=b.1 stroke=color.clone() stroke-width=line stroke-linecap="round"/>
                    <polygon points=head fill=color/>
                </g>
            }
            .into_any()
        }
        Shape::Rect { from, to, .. } => {
            let (a, b) = (at(*from), at(*to));
            view! { <rect class="mark" x=a.0.min(b.0) y=a.1.min(b.1) width=(a.0 - b.0).abs() height=(a.1 - b.1).abs()
            fill="none" stroke=color stroke-width=line/> }
            .into_any()
        }
        Shape::Pin { at: p, text, .. } => {
            let (x, y) = at(*p);
            let size = line * 7.0;
            view! {
                <g class="mark mark-pin">
                    <circle cx=x cy=y r=line * 4.0 fill=color/>
                    <text x=x + line * 5.5 y=y + size * 0.35 font-size=size fill="#fff" stroke="#000"
                        stroke-width=line * 0.6 paint-order="stroke">{format!("{pin}. {text}")}</text>
                </g>
            }
            .into_any()
        }
    }
}

/// Every mark of `shapes` as children of an SVG, pins numbered from 1.
pub fn marks_view(shapes: &[Shape], w: u32, h: u32) -> Vec<AnyView> {
    let line = line_width(w, h);
    let mut pin = 0;
    shapes
        .iter()
        .map(|s| {
            if matches!(s, Shape::Pin { .. }) {
                pin += 1;
            }
            shape_view(s, w as f32, h as f32, line, pin)
        })
        .collect()
}
