//! Rendition sizes: the derived JPEGs made from every original, and the pure arithmetic that says
//! how large each one is. Shared by the media pipeline (which makes them) and the UI (which writes
//! `width`/`height`/`srcset` so nothing shifts while images load).

use serde::{Deserialize, Serialize};

/// How a rendition is fitted to the original. Never upscales: a rendition is never larger than
/// the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fit {
    /// The longer side becomes at most this many pixels.
    LongEdge(u32),
    /// The image fits inside this box, keeping its aspect ratio.
    Box { width: u32, height: u32 },
}

/// The renditions made for every image at ingest, largest first (the pipeline cascades: each is
/// resized from the one before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RenditionSize {
    /// 4K: 3840 px long edge (high-res download, large screens).
    FourK,
    /// HD: 1920 px long edge (lightbox, web-size download).
    Hd,
    /// 1600 px long edge: the largest preview for visitors who may not download HD (HD and 4K
    /// are downloads byte for byte, so they are previews only for those who may take them).
    Screen,
    /// 960 px long edge (grid, 2x density).
    Grid960,
    /// 640 px long edge: a phone's grid tile (about 200 CSS px at 2.5–3x density), so a phone
    /// never fetches more pixels than it shows.
    Grid640,
    /// 480 px long edge (grid, 1x density).
    Grid480,
}

impl RenditionSize {
    /// Every standard size, largest first: the order the pipeline makes them in.
    pub const ALL: [RenditionSize; 6] =
        [Self::FourK, Self::Hd, Self::Screen, Self::Grid960, Self::Grid640, Self::Grid480];

    /// The long edge in pixels.
    pub const fn long_edge(self) -> u32 {
        match self {
            Self::FourK => 3840,
            Self::Hd => 1920,
            Self::Screen => 1600,
            Self::Grid960 => 960,
            Self::Grid640 => 640,
            Self::Grid480 => 480,
        }
    }

    /// The name used in URLs and storage keys.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::FourK => "4k",
            Self::Hd => "hd",
            Self::Screen => "1600",
            Self::Grid960 => "960",
            Self::Grid640 => "640",
            Self::Grid480 => "480",
        }
    }

    /// A preview only, never a download: the screen and grid sizes.
    pub const fn is_preview_only(self) -> bool {
        matches!(self, Self::Screen | Self::Grid960 | Self::Grid640 | Self::Grid480)
    }

    /// The size served in this one's place for images rendered before it existed (the 640 px
    /// tile came later: older images answer with their 960 px file).
    pub const fn stand_in(self) -> Option<Self> {
        match self {
            Self::Grid640 => Some(Self::Grid960),
            _ => None,
        }
    }

    /// Parses the URL name back.
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|size| size.slug() == s)
    }

    /// The pixel size of this rendition for an image whose upright size is `width` × `height`.
    pub fn dims(self, width: u32, height: u32) -> (u32, u32) {
        fit_dims(width, height, Fit::LongEdge(self.long_edge()))
    }
}

/// The size of an image of `width` × `height` fitted by `fit`. Keeps the aspect ratio (rounded to
/// the nearest pixel, at least 1 px a side) and never enlarges.
pub fn fit_dims(width: u32, height: u32, fit: Fit) -> (u32, u32) {
    if width == 0 || height == 0 {
        return (width, height);
    }
    let scale = match fit {
        Fit::LongEdge(edge) => f64::from(edge) / f64::from(width.max(height)),
        Fit::Box { width: bw, height: bh } => (f64::from(bw) / f64::from(width)).min(f64::from(bh) / f64::from(height)),
    };
    if scale >= 1.0 {
        return (width, height);
    }
    let scaled = |side: u32| ((f64::from(side) * scale).round() as u32).clamp(1, side);
    (scaled(width), scaled(height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn landscape_20mp_to_each_size() {
        assert_eq!(RenditionSize::FourK.dims(6028, 3391), (3840, 2160));
        assert_eq!(RenditionSize::Hd.dims(6028, 3391), (1920, 1080));
        assert_eq!(RenditionSize::Grid480.dims(6028, 3391), (480, 270));
    }

    #[test]
    fn portrait_uses_height_as_long_edge() {
        assert_eq!(RenditionSize::Hd.dims(3391, 6028), (1080, 1920));
    }

    #[test]
    fn small_original_is_never_enlarged() {
        assert_eq!(RenditionSize::FourK.dims(1920, 1280), (1920, 1280));
        assert_eq!(fit_dims(100, 50, Fit::Box { width: 4000, height: 4000 }), (100, 50));
    }

    #[test]
    fn box_fit_is_limited_by_the_tighter_side() {
        assert_eq!(fit_dims(6000, 4000, Fit::Box { width: 3000, height: 1000 }), (1500, 1000));
    }

    #[test]
    fn slugs_round_trip() {
        for size in RenditionSize::ALL {
            assert_eq!(RenditionSize::from_slug(size.slug()), Some(size));
        }
        assert_eq!(RenditionSize::from_slug("original"), None);
    }

    proptest! {
        #[test]
        fn never_larger_and_aspect_kept(w in 1u32..70_000, h in 1u32..70_000, edge in 1u32..5000) {
            let (rw, rh) = fit_dims(w, h, Fit::LongEdge(edge));
            prop_assert!(rw <= w && rh <= h);
            prop_assert!(rw.max(rh) <= edge.max(w.max(h).min(edge)));
            prop_assert!(rw >= 1 && rh >= 1);
            // Aspect ratio within rounding of one pixel on the short side.
            let expected_h = f64::from(rw) * f64::from(h) / f64::from(w);
            prop_assert!((expected_h - f64::from(rh)).abs() <= 1.0 + f64::from(h) / f64::from(w));
        }
    }
}
