//! Where things go on a contact-sheet page: the A4 page, its margins, header and footer bands,
//! the 4 × 5 grid of cells, and fitting a photo into a box. Pure arithmetic in PDF points
//! (1/72 inch), origin at the top left, y growing downwards (krilla's surface coordinates).

/// A4 portrait, in points.
pub(super) const PAGE_WIDTH: f32 = 595.28;
/// A4 portrait, in points.
pub(super) const PAGE_HEIGHT: f32 = 841.89;
/// White space around everything; generous enough for office printers' unprintable edges.
pub(super) const MARGIN: f32 = 40.0;
/// Width between the left and right margins.
pub(super) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

/// Grid columns per page.
pub(super) const COLUMNS: usize = 4;
/// Grid rows per page.
pub(super) const ROWS: usize = 5;
/// Photos per page.
pub(super) const PER_PAGE: usize = COLUMNS * ROWS;

const GUTTER_X: f32 = 14.0;
const GUTTER_Y: f32 = 10.0;

/// Page 1's header band: title, subtitle, logo and studio name, then a rule.
pub(super) const FIRST_HEADER_HEIGHT: f32 = 78.0;
/// The header band of later pages: the title small, so loose printed pages stay identifiable.
pub(super) const RUNNING_HEADER_HEIGHT: f32 = 26.0;
/// The footer band: a rule, then studio name and "Page X of Y".
pub(super) const FOOTER_HEIGHT: f32 = 28.0;
/// Room under each thumbnail for its "N  file_name" line.
pub(super) const LABEL_HEIGHT: f32 = 16.0;

/// Cells are the same size on every page, sized for page 1 (whose header is tallest), so the
/// grid looks the same throughout.
const CELL_WIDTH: f32 = (CONTENT_WIDTH - (COLUMNS as f32 - 1.0) * GUTTER_X) / COLUMNS as f32;
const CELL_HEIGHT: f32 =
    (PAGE_HEIGHT - 2.0 * MARGIN - FIRST_HEADER_HEIGHT - FOOTER_HEIGHT - (ROWS as f32 - 1.0) * GUTTER_Y) / ROWS as f32;

/// An axis-aligned rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Frame {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Frame {
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
}

/// Pages needed for `entries` photos; an empty sheet still has its one page.
pub(super) fn page_count(entries: usize) -> usize {
    entries.div_ceil(PER_PAGE).max(1)
}

/// The top of the grid on a page.
fn grid_top(page_index: usize) -> f32 {
    MARGIN + if page_index == 0 { FIRST_HEADER_HEIGHT } else { RUNNING_HEADER_HEIGHT }
}

/// The grid area of a page below its header, for the "No photos" notice.
pub(super) fn grid_area(page_index: usize) -> Frame {
    let top = grid_top(page_index);
    Frame { x: MARGIN, y: top, width: CONTENT_WIDTH, height: footer_top() - top }
}

/// The y of the footer band's top edge.
pub(super) fn footer_top() -> f32 {
    PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT
}

/// The cell of `slot` (0-based, row by row) on page `page_index`, label included.
pub(super) fn cell(page_index: usize, slot: usize) -> Frame {
    let (row, column) = (slot / COLUMNS, slot % COLUMNS);
    Frame {
        x: MARGIN + column as f32 * (CELL_WIDTH + GUTTER_X),
        y: grid_top(page_index) + row as f32 * (CELL_HEIGHT + GUTTER_Y),
        width: CELL_WIDTH,
        height: CELL_HEIGHT,
    }
}

/// The part of a cell the thumbnail may fill: all of it above the label.
pub(super) fn picture_box(cell: Frame) -> Frame {
    Frame { height: cell.height - LABEL_HEIGHT, ..cell }
}

/// The largest frame with the aspect ratio of a `pixels` (width, height) image that fits in
/// `target`, centred in it. Small images are scaled up too: the cell is the print size.
pub(super) fn fit_centered(target: Frame, pixels: (u32, u32)) -> Frame {
    let (width, height) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
    let scale = (target.width / width).min(target.height / height);
    let (fitted_width, fitted_height) = (width * scale, height * scale);
    Frame {
        x: target.x + (target.width - fitted_width) / 2.0,
        y: target.y + (target.height - fitted_height) / 2.0,
        width: fitted_width,
        height: fitted_height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPSILON: f32 = 0.01;

    #[test]
    fn pages_hold_twenty_photos_and_an_empty_sheet_has_one_page() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
        assert_eq!(page_count(45), 3);
    }

    #[test]
    fn every_cell_stays_inside_the_margins_and_above_the_footer() {
        for page_index in [0, 1, 7] {
            for slot in 0..PER_PAGE {
                let frame = cell(page_index, slot);
                assert!(frame.x >= MARGIN - EPSILON, "{page_index}/{slot}: {frame:?}");
                assert!(frame.x + frame.width <= PAGE_WIDTH - MARGIN + EPSILON, "{page_index}/{slot}: {frame:?}");
                assert!(frame.y >= MARGIN + RUNNING_HEADER_HEIGHT - EPSILON, "{page_index}/{slot}: {frame:?}");
                assert!(frame.bottom() <= footer_top() + EPSILON, "{page_index}/{slot}: {frame:?}");
            }
        }
        // The last cell of page 1 ends exactly at the footer: the grid uses the whole page.
        assert!((cell(0, PER_PAGE - 1).bottom() - footer_top()).abs() < EPSILON);
    }

    #[test]
    fn cells_go_row_by_row_without_overlapping() {
        let first = cell(0, 0);
        let second = cell(0, 1);
        let below = cell(0, COLUMNS);
        assert!(second.x > first.x + first.width);
        assert!((second.y - first.y).abs() < EPSILON);
        assert!(below.y > first.bottom());
        assert!((below.x - first.x).abs() < EPSILON);
    }

    #[test]
    fn fitting_keeps_the_aspect_ratio_and_centres() {
        let target = Frame { x: 10.0, y: 20.0, width: 120.0, height: 100.0 };

        let landscape = fit_centered(target, (480, 320));
        assert!((landscape.width - 120.0).abs() < EPSILON);
        assert!((landscape.height - 80.0).abs() < EPSILON);
        assert!((landscape.y - 30.0).abs() < EPSILON, "centred vertically: {landscape:?}");

        let portrait = fit_centered(target, (320, 480));
        assert!((portrait.height - 100.0).abs() < EPSILON);
        assert!((portrait.width / portrait.height - 320.0 / 480.0).abs() < EPSILON);
        assert!((portrait.x + portrait.width / 2.0 - 70.0).abs() < EPSILON, "centred horizontally: {portrait:?}");

        let degenerate = fit_centered(target, (0, 0));
        assert!(degenerate.width.is_finite() && degenerate.height.is_finite());
    }
}
