//! Applying the EXIF orientation so renditions are upright and need no EXIF. Done once, on the
//! first (largest) resized rendition: rotating 8 MP is cheaper than rotating the 20 MP original,
//! and every smaller rendition is resized from an already upright one.

use crate::rgb::RgbImage;

/// Rows processed together when rotating, so reads from one source row are reused while
/// writes go to a few output rows that stay in cache.
const BLOCK: usize = 16;

/// The stored size a picture must have so that, after `orientation`, it is `upright`.
pub(crate) fn stored_dims(upright: (u32, u32), orientation: u8) -> (u32, u32) {
    if swaps_axes(orientation) { (upright.1, upright.0) } else { upright }
}

/// Orientations 5..=8 turn the picture a quarter, swapping width and height.
pub(crate) fn swaps_axes(orientation: u8) -> bool {
    (5..=8).contains(&orientation)
}

/// Returns `image` turned/mirrored as EXIF `orientation` (1..=8) says; 1 or unknown values
/// return it unchanged.
pub(crate) fn apply(image: RgbImage, orientation: u8) -> RgbImage {
    match orientation {
        2 => mirror(image, true, false),
        3 => mirror(image, true, true),
        4 => mirror(image, false, true),
        5 => quarter(&image, false, false),
        6 => quarter(&image, false, true),
        7 => quarter(&image, true, true),
        8 => quarter(&image, true, false),
        _ => image,
    }
}

/// Flips left-right and/or top-bottom without changing the size.
fn mirror(mut image: RgbImage, horizontal: bool, vertical: bool) -> RgbImage {
    let row_len = image.width as usize * 3;
    if horizontal {
        for row in image.data.chunks_exact_mut(row_len) {
            let pixels = row.len() / 3;
            for i in 0..pixels / 2 {
                let j = pixels - 1 - i;
                for k in 0..3 {
                    row.swap(i * 3 + k, j * 3 + k);
                }
            }
        }
    }
    if vertical {
        let rows = image.height as usize;
        for i in 0..rows / 2 {
            let j = rows - 1 - i;
            let (top, bottom) = image.data.split_at_mut(j * row_len);
            top[i * row_len..(i + 1) * row_len].swap_with_slice(&mut bottom[..row_len]);
        }
    }
    image
}

/// The quarter-turn orientations. Output pixel (x, y) takes source column `c` and row `r`:
/// c = y (or W-1-y when `flip_column`), r = x (or H-1-x when `flip_row`). That gives
/// 5 transpose, 6 clockwise, 7 transverse, 8 counter-clockwise.
fn quarter(src: &RgbImage, flip_column: bool, flip_row: bool) -> RgbImage {
    let (w, h) = (src.width as usize, src.height as usize);
    let (out_w, out_h) = (h, w);
    let mut out = vec![0u8; src.data.len()];
    for y0 in (0..out_h).step_by(BLOCK) {
        let y1 = (y0 + BLOCK).min(out_h);
        for x in 0..out_w {
            let r = if flip_row { h - 1 - x } else { x };
            let row = &src.data[r * w * 3..(r + 1) * w * 3];
            for y in y0..y1 {
                let c = if flip_column { w - 1 - y } else { y };
                let o = (y * out_w + x) * 3;
                out[o..o + 3].copy_from_slice(&row[c * 3..c * 3 + 3]);
            }
        }
    }
    RgbImage { width: src.height, height: src.width, data: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 image whose pixels are numbered 0..6 row by row (value in the red channel).
    fn numbered() -> RgbImage {
        let data = (0u8..6).flat_map(|v| [v, 0, 0]).collect();
        RgbImage { width: 3, height: 2, data }
    }

    fn reds(image: &RgbImage) -> Vec<u8> {
        image.data.chunks_exact(3).map(|p| p[0]).collect()
    }

    #[test]
    fn every_orientation_matches_its_definition() {
        // Source:  0 1 2
        //          3 4 5
        let cases: [(u8, (u32, u32), [u8; 6]); 8] = [
            (1, (3, 2), [0, 1, 2, 3, 4, 5]),
            (2, (3, 2), [2, 1, 0, 5, 4, 3]),
            (3, (3, 2), [5, 4, 3, 2, 1, 0]),
            (4, (3, 2), [3, 4, 5, 0, 1, 2]),
            (5, (2, 3), [0, 3, 1, 4, 2, 5]),
            (6, (2, 3), [3, 0, 4, 1, 5, 2]),
            (7, (2, 3), [5, 2, 4, 1, 3, 0]),
            (8, (2, 3), [2, 5, 1, 4, 0, 3]),
        ];
        for (orientation, dims, expected) in cases {
            let out = apply(numbered(), orientation);
            assert_eq!((out.width, out.height), dims, "orientation {orientation}");
            assert_eq!(reds(&out), expected, "orientation {orientation}");
        }
    }
}
