//! Drawing one page of the sheet: page 1's header or the running header of later pages, the
//! thumbnail cells, the "No photos" notice and the footer. Positions come from `geometry`.

use krilla::geom::{PathBuilder, Rect, Size, Transform};
use krilla::image::Image;
use krilla::surface::Surface;

use super::SheetEntry;
use super::SheetHeader;
use super::geometry::{self, CONTENT_WIDTH, FIRST_HEADER_HEIGHT, Frame, MARGIN, PAGE_WIDTH, RUNNING_HEADER_HEIGHT};
use super::typeset::{Color, Fonts, Typeface};

const TITLE_SIZE: f32 = 18.0;
const SUBTITLE_SIZE: f32 = 10.0;
const STUDIO_SIZE: f32 = 10.0;
const RUNNING_SIZE: f32 = 8.0;
const LABEL_SIZE: f32 = 7.5;
const FOOTER_SIZE: f32 = 8.0;
const NOTICE_SIZE: f32 = 14.0;

/// The logo's box at the top right of page 1; the title keeps clear of this column.
const LOGO_WIDTH: f32 = 150.0;
const LOGO_HEIGHT: f32 = 36.0;
/// Space between the title and the logo column.
const COLUMN_GAP: f32 = 16.0;
const RULE_THICKNESS: f32 = 0.5;

/// One page being drawn, with what every part of it needs.
pub(super) struct SheetPage<'a> {
    pub fonts: &'a Fonts,
    pub header: &'a SheetHeader,
    pub page_index: usize,
    pub page_count: usize,
}

impl SheetPage<'_> {
    /// Page 1's header: title and subtitle on the left; logo, then studio name, on the right.
    pub fn first_header(&self, surface: &mut Surface<'_>, logo: Option<&Image>) {
        let right = PAGE_WIDTH - MARGIN;
        let studio_baseline = match logo {
            Some(logo) => {
                let area = Frame { x: right - LOGO_WIDTH, y: MARGIN, width: LOGO_WIDTH, height: LOGO_HEIGHT };
                let fitted = geometry::fit_centered(area, logo.size());
                // Flush right, like the studio name under it.
                draw_image(surface, logo, Frame { x: right - fitted.width, y: MARGIN, ..fitted });
                MARGIN + LOGO_HEIGHT + 14.0
            }
            None => MARGIN + STUDIO_SIZE,
        };
        let studio = self.fonts.bold.shape_within(&self.header.studio_name, STUDIO_SIZE, LOGO_WIDTH);
        self.fonts.bold.draw(
            surface,
            &studio,
            right - studio.width(STUDIO_SIZE),
            studio_baseline,
            STUDIO_SIZE,
            self.accent().unwrap_or(Color::INK),
        );

        let text_width = CONTENT_WIDTH - LOGO_WIDTH - COLUMN_GAP;
        let title = self.fonts.bold.shape_within(&self.header.title, TITLE_SIZE, text_width);
        self.fonts.bold.draw(surface, &title, MARGIN, MARGIN + TITLE_SIZE, TITLE_SIZE, Color::INK);
        if let Some(subtitle) = self.header.subtitle.as_deref().filter(|line| !line.trim().is_empty()) {
            let subtitle = self.fonts.regular.shape_within(subtitle, SUBTITLE_SIZE, text_width);
            self.fonts.regular.draw(
                surface,
                &subtitle,
                MARGIN,
                MARGIN + TITLE_SIZE + 20.0,
                SUBTITLE_SIZE,
                Color::MUTED,
            );
        }
        match self.accent() {
            Some(accent) => rule_of(surface, MARGIN + FIRST_HEADER_HEIGHT - 14.0, 2.0, accent),
            None => rule(surface, MARGIN + FIRST_HEADER_HEIGHT - 14.0),
        }
    }

    fn accent(&self) -> Option<Color> {
        self.header.accent.map(|[r, g, b]| Color(r, g, b))
    }

    /// Later pages' header: the title, small, so a loose page still says which gallery it is.
    pub fn running_header(&self, surface: &mut Surface<'_>) {
        let title = self.fonts.regular.shape_within(&self.header.title, RUNNING_SIZE, CONTENT_WIDTH);
        self.fonts.regular.draw(surface, &title, MARGIN, MARGIN + RUNNING_SIZE, RUNNING_SIZE, Color::MUTED);
        rule(surface, MARGIN + RUNNING_HEADER_HEIGHT - 12.0);
    }

    /// One photo in grid slot `slot` of this page: the thumbnail fitted and centred, and its
    /// "N  file_name" line centred under it.
    pub fn cell(&self, surface: &mut Surface<'_>, slot: usize, entry: &SheetEntry, thumbnail: &Image) {
        let cell = geometry::cell(self.page_index, slot);
        let picture = geometry::fit_centered(geometry::picture_box(cell), thumbnail.size());
        draw_image(surface, thumbnail, picture);

        let label = format!("{}  {}", entry.number, entry.file_name);
        let line = self.fonts.regular.shape_within(&label, LABEL_SIZE, cell.width);
        let x = cell.x + (cell.width - line.width(LABEL_SIZE)) / 2.0;
        self.fonts.regular.draw(surface, &line, x, cell.bottom() - 4.0, LABEL_SIZE, Color::INK);
    }

    /// Said in the middle of an otherwise empty grid.
    pub fn no_photos(&self, surface: &mut Surface<'_>) {
        let area = geometry::grid_area(self.page_index);
        centered(surface, &self.fonts.regular, "No photos", area, NOTICE_SIZE, Color::MUTED);
    }

    /// Every page's footer: studio name on the left, "Page X of Y" on the right.
    pub fn footer(&self, surface: &mut Surface<'_>) {
        let top = geometry::footer_top();
        rule(surface, top + 8.0);
        let baseline = top + geometry::FOOTER_HEIGHT - 6.0;
        let page = format!("Page {} of {}", self.page_index + 1, self.page_count);
        let page = self.fonts.regular.shape(&page);
        let page_x = PAGE_WIDTH - MARGIN - page.width(FOOTER_SIZE);
        self.fonts.regular.draw(surface, &page, page_x, baseline, FOOTER_SIZE, Color::MUTED);

        let studio = match self.header.contact_email.as_deref().filter(|e| !e.trim().is_empty()) {
            Some(email) => format!("{} · {email}", self.header.studio_name),
            None => self.header.studio_name.clone(),
        };
        let studio =
            self.fonts.regular.shape_within(&studio, FOOTER_SIZE, CONTENT_WIDTH - page.width(FOOTER_SIZE) - COLUMN_GAP);
        self.fonts.regular.draw(surface, &studio, MARGIN, baseline, FOOTER_SIZE, Color::MUTED);
    }
}

/// Draws `image` stretched to `frame` (callers pass a frame of the image's aspect ratio).
fn draw_image(surface: &mut Surface<'_>, image: &Image, frame: Frame) {
    let Some(size) = Size::from_wh(frame.width, frame.height) else {
        return; // Zero-sized: nothing to see.
    };
    surface.push_transform(&Transform::from_translate(frame.x, frame.y));
    surface.draw_image(image.clone(), size);
    surface.pop();
}

/// A hairline across the content width at `y`.
fn rule(surface: &mut Surface<'_>, y: f32) {
    rule_of(surface, y, RULE_THICKNESS, Color::RULE);
}

/// A rule across the content `thickness` points high, in `color`.
fn rule_of(surface: &mut Surface<'_>, y: f32, thickness: f32, color: Color) {
    let Some(rect) = Rect::from_xywh(MARGIN, y, CONTENT_WIDTH, thickness) else {
        return;
    };
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    if let Some(path) = path.finish() {
        surface.set_fill(Some(color.fill()));
        surface.draw_path(&path);
    }
}

/// One line of `text` centred in `area`.
fn centered(surface: &mut Surface<'_>, typeface: &Typeface, text: &str, area: Frame, size: f32, color: Color) {
    let line = typeface.shape_within(text, size, area.width);
    let x = area.x + (area.width - line.width(size)) / 2.0;
    let baseline = area.y + (area.height + size * 0.7) / 2.0;
    typeface.draw(surface, &line, x, baseline, size, color);
}
