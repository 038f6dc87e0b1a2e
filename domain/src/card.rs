//! One image as pages show it (`ImageCard`), and the rendition URLs and `srcset`s made from it.

use crate::gallery::ImageStatus;
use crate::ids::{ImageId, SetId};
use crate::rendition::RenditionSize;
use serde::{Deserialize, Serialize};

/// One image as a grid shows it. `width`/`height` are the upright size of the original, so the
/// page can reserve space for every rendition before it loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageCard {
    pub id: ImageId,
    pub file_name: String,
    pub width: u32,
    pub height: u32,
    pub status: ImageStatus,
    pub set_id: Option<SetId>,
    /// The previews (screen and grid sizes) are the watermarked ones, at their own URLs, burned
    /// with the mark of this version: a visitor's page in a gallery whose previews carry the
    /// studio's watermark. The version is in their URLs: a new mark is fetched at once, and a
    /// preview is kept for a day without asking again.
    #[serde(default)]
    pub watermark: Option<String>,
}

/// A photo's upright width and height: all a tile needs to take the room its photo will.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileShape(pub u32, pub u32);

impl TileShape {
    /// The tile's `style`: its aspect ratio (`--r`, width over height), from which the stylesheet
    /// sizes it in its justified row.
    pub fn ratio_style(self) -> String {
        format!("--r:{:.4}", self.tile_ratio())
    }

    /// The tile's width over its height: the photo's, within 1:4 and 4:1. Beyond, the tile
    /// crops it (the lightbox shows it whole): a 20:1 panorama would be a sliver a row wide,
    /// and a 1×30,000 strip a ratio of 0.0000, which no stylesheet can divide by.
    pub fn tile_ratio(self) -> f64 {
        (f64::from(self.0.max(1)) / f64::from(self.1.max(1))).clamp(0.25, 4.0)
    }

    /// Whether the tile is wide enough (a panorama) to fill much more than its share of a row.
    pub fn is_wide(self) -> bool {
        self.tile_ratio() > 2.0
    }
}

/// The sizes a grid tile is offered in.
const GRID_SIZES: [RenditionSize; 4] =
    [RenditionSize::Grid480, RenditionSize::Grid640, RenditionSize::Grid960, RenditionSize::Screen];

impl ImageCard {
    /// The URL of one rendition. Every request for it is checked on the server.
    pub fn rendition_url(&self, size: RenditionSize) -> String {
        match &self.watermark {
            Some(version) if size.is_preview_only() => format!("/media/{}/wm/{}?v={version}", self.id, size.slug()),
            _ => format!("/media/{}/{}", self.id, size.slug()),
        }
    }

    /// Its tile's shape in a grid.
    pub fn shape(&self) -> TileShape {
        TileShape(self.width, self.height)
    }

    /// A `srcset` for grid tiles: the grid sizes and the screen size, previews every visitor
    /// may see, with their true widths.
    pub fn grid_srcset(&self) -> String {
        self.srcset(&GRID_SIZES)
    }

    /// A `srcset` for the tile of the page's cover: the grid sizes without 640 px, so that a phone
    /// (whose tiles would take 640 px) takes the 960 px file the cover was shown in, from the
    /// cache, instead of fetching the same photo again beside the bundle.
    pub fn cover_tile_srcset(&self) -> String {
        self.srcset(&GRID_SIZES.into_iter().filter(|s| *s != RenditionSize::Grid640).collect::<Vec<_>>())
    }

    /// A `srcset` over `sizes` (for the lightbox, compare and the cover: the large previews the
    /// viewer may see, from `ClientAccess::large_previews`).
    pub fn large_srcset(&self, sizes: &[RenditionSize]) -> String {
        self.srcset(sizes)
    }

    /// A `srcset` for the cover across the top of a client page: the 960 px grid size first (a
    /// phone's cover), then the large previews the viewer may see up to HD (never 4K).
    pub fn hero_srcset(&self, sizes: &[RenditionSize]) -> String {
        let large = sizes.iter().copied().filter(|s| *s >= RenditionSize::Hd && *s < RenditionSize::Grid960);
        self.srcset(&std::iter::once(RenditionSize::Grid960).chain(large).collect::<Vec<_>>())
    }

    /// The `src` for a large view: the largest of `sizes` up to HD (browsers without `srcset`
    /// support get a sensible size, never 4K).
    pub fn large_src(&self, sizes: &[RenditionSize]) -> String {
        let size = sizes.iter().copied().filter(|s| *s >= RenditionSize::Hd).min().unwrap_or(RenditionSize::Screen);
        self.rendition_url(size)
    }

    /// The largest of `sizes` (for zooming in, as in compare).
    pub fn largest_url(&self, sizes: &[RenditionSize]) -> String {
        self.rendition_url(sizes.iter().copied().min().unwrap_or(RenditionSize::Screen))
    }

    fn srcset(&self, sizes: &[RenditionSize]) -> String {
        sizes
            .iter()
            .map(|size| format!("{} {}w", self.rendition_url(*size), size.dims(self.width, self.height).0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> ImageCard {
        ImageCard {
            id: ImageId(uuid::Uuid::nil()),
            file_name: "a.jpg".to_owned(),
            width: 6000,
            height: 4000,
            status: ImageStatus::Ready,
            set_id: None,
            watermark: None,
        }
    }

    #[test]
    fn the_covers_tile_offers_the_covers_960_px_file_and_no_640_px_one() {
        let card = card();
        let widths = |srcset: String| -> Vec<String> {
            srcset.split(", ").map(|candidate| candidate.rsplit_once('/').unwrap_or_default().1.to_owned()).collect()
        };
        assert_eq!(widths(card.grid_srcset()), ["480 480w", "640 640w", "960 960w", "1600 1600w"]);
        assert_eq!(widths(card.cover_tile_srcset()), ["480 480w", "960 960w", "1600 1600w"]);
        // The phone's cover is that same 960 px file.
        assert!(card.hero_srcset(&[]).starts_with(&card.rendition_url(RenditionSize::Grid960)));
    }

    #[test]
    fn a_watermarked_preview_is_addressed_by_its_mark() {
        let marked = ImageCard { watermark: Some("0a1b2c3d4e5f6071".to_owned()), ..card() };
        let id = marked.id;
        assert_eq!(marked.rendition_url(RenditionSize::Grid480), format!("/media/{id}/wm/480?v=0a1b2c3d4e5f6071"));
        let remarked = ImageCard { watermark: Some("ffeeddccbbaa9988".to_owned()), ..card() };
        assert_ne!(remarked.rendition_url(RenditionSize::Screen), marked.rendition_url(RenditionSize::Screen));
        // Downloads are never marked, nor are a clean card's previews.
        assert_eq!(marked.rendition_url(RenditionSize::Hd), format!("/media/{id}/hd"));
        assert_eq!(card().rendition_url(RenditionSize::Grid480), format!("/media/{id}/480"));
    }

    #[test]
    fn a_tile_shape_is_its_ratio() {
        assert_eq!(card().shape().ratio_style(), "--r:1.5000");
        assert_eq!(TileShape(2000, 3000).ratio_style(), "--r:0.6667");
        // A size never read stays a square, not a division by zero.
        assert_eq!(TileShape(0, 0).ratio_style(), "--r:1.0000");
        // A panorama and a strip are held within 4:1 and 1:4 (the tile crops them).
        assert_eq!(TileShape(20_000, 800).ratio_style(), "--r:4.0000");
        assert_eq!(TileShape(1, 30_000).ratio_style(), "--r:0.2500");
        assert!(TileShape(6000, 2000).is_wide() && !card().shape().is_wide());
    }
}
