//! Text on the sheet: the bundled DejaVu Sans fonts, shaping with rustybuzz, measuring, and
//! shortening a line with "…" to a width.
//!
//! We shape ourselves rather than call krilla's `draw_text` because truncation needs the exact
//! advances of what will be drawn (kerning and combining marks included), which krilla does not
//! expose. The glyphs keep their byte ranges in the text, so krilla writes a `ToUnicode` map and
//! the PDF's text can be searched and copied.

use std::ops::Range;

use krilla::Data;
use krilla::color::rgb;
use krilla::geom::Point;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::ContactSheetError;

/// Bundled so the binary needs no system font (licence: assets/fonts/LICENSE-DejaVu.txt).
const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Put where a line was cut.
const ELLIPSIS: &str = "…";

/// The sheet's two weights.
pub(super) struct Fonts {
    pub regular: Typeface,
    pub bold: Typeface,
}

impl Fonts {
    /// Parses the bundled fonts (cheap: tables are read lazily).
    pub fn load() -> Result<Self, ContactSheetError> {
        Ok(Self { regular: Typeface::load(REGULAR, "regular")?, bold: Typeface::load(BOLD, "bold")? })
    }
}

/// One font, both as krilla embeds it and as rustybuzz shapes with it.
pub(super) struct Typeface {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
}

/// A line of text shaped for one typeface, ready to measure and draw.
pub(super) struct ShapedText {
    text: String,
    glyphs: Vec<KrillaGlyph>,
    /// Total advance in ems.
    advance: f32,
}

impl ShapedText {
    /// The line's width at `size` points.
    pub fn width(&self, size: f32) -> f32 {
        self.advance * size
    }

    /// The text as it will be drawn (shortened, if it was).
    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl Typeface {
    fn load(bytes: &'static [u8], name: &'static str) -> Result<Self, ContactSheetError> {
        let pdf = Font::new(Data::from(bytes), 0).ok_or(ContactSheetError::Font(name))?;
        let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or(ContactSheetError::Font(name))?;
        let units_per_em = shaper.units_per_em() as f32;
        Ok(Self { pdf, shaper, units_per_em })
    }

    /// Shapes `text` as one line of a left-to-right page: its runs in the order the Unicode
    /// bidirectional algorithm gives (a Hebrew or Arabic name reads right to left, the number
    /// and ".jpg" beside it stay where a reader expects them), each shaped in its direction.
    pub fn shape(&self, text: &str) -> ShapedText {
        let bidi = unicode_bidi::BidiInfo::new(text, Some(unicode_bidi::Level::ltr()));
        let mut glyphs = Vec::new();
        let mut advance = 0.0;
        for paragraph in &bidi.paragraphs {
            let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
            for run in runs {
                let rtl = levels.get(run.start).is_some_and(|level| level.is_rtl());
                advance += self.shape_run(text, run, rtl, &mut glyphs);
            }
        }
        ShapedText { text: text.to_owned(), glyphs, advance }
    }

    /// Shapes `text[run]` in one direction, adding its glyphs (in the order they are drawn) to
    /// `glyphs`; answers its advance in ems.
    fn shape_run(&self, text: &str, run: Range<usize>, rtl: bool, glyphs: &mut Vec<KrillaGlyph>) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&text[run.clone()]);
        buffer.set_direction(if rtl { rustybuzz::Direction::RightToLeft } else { rustybuzz::Direction::LeftToRight });
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&self.shaper, &[], buffer);

        // A glyph covers the text from its cluster's start to the next cluster's start. Working
        // from the sorted cluster starts is right whatever the direction.
        let mut starts: Vec<usize> =
            output.glyph_infos().iter().map(|info| run.start + info.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let range_of = |start: usize| -> Range<usize> {
            let next = starts.partition_point(|&other| other <= start);
            start..starts.get(next).copied().unwrap_or(run.end)
        };

        let scale = 1.0 / self.units_per_em;
        let mut advance = 0.0;
        glyphs.extend(output.glyph_infos().iter().zip(output.glyph_positions()).map(|(info, position)| {
            advance += position.x_advance as f32 * scale;
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                position.x_advance as f32 * scale,
                position.x_offset as f32 * scale,
                position.y_offset as f32 * scale,
                position.y_advance as f32 * scale,
                range_of(run.start + info.cluster as usize),
                None,
            )
        }));
        advance
    }

    /// Shapes `text`, shortened with "…" if it is wider than `max_width` at `size`. Cuts only
    /// between clusters, so an accent is never separated from its letter.
    pub fn shape_within(&self, text: &str, size: f32, max_width: f32) -> ShapedText {
        let full = self.shape(text);
        if full.width(size) <= max_width {
            return full;
        }
        let mut cuts: Vec<usize> =
            full.glyphs.iter().map(|glyph| glyph.text_range.start).filter(|&cut| cut > 0 && cut < text.len()).collect();
        cuts.sort_unstable();
        cuts.dedup();

        let shortened = |cut: usize| -> Option<ShapedText> {
            let kept = text.get(..cut)?.trim_end();
            // After right-to-left letters, a right-to-left mark keeps the "…" at their end (where
            // the cut is), not on the far side of the run.
            let rtl = kept.chars().next_back().is_some_and(|c| {
                matches!(unicode_bidi::bidi_class(c), unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL)
            });
            let shaped = self.shape(&format!("{kept}{ELLIPSIS}{}", if rtl { "\u{200F}" } else { "" }));
            (shaped.width(size) <= max_width).then_some(shaped)
        };
        // Binary search for the longest prefix that fits: widths grow with the prefix (up to
        // kerning noise, which is harmless since every answer kept was measured).
        let (mut low, mut high) = (0, cuts.len());
        let mut best = None;
        while low < high {
            let middle = low + (high - low) / 2;
            match cuts.get(middle).and_then(|&cut| shortened(cut)) {
                Some(shaped) => {
                    best = Some(shaped);
                    low = middle + 1;
                }
                None => high = middle,
            }
        }
        best.unwrap_or_else(|| self.shape(ELLIPSIS))
    }

    /// Draws `line` with its baseline starting at (`x`, `baseline`).
    pub fn draw(&self, surface: &mut Surface<'_>, line: &ShapedText, x: f32, baseline: f32, size: f32, color: Color) {
        surface.set_fill(Some(color.fill()));
        surface.draw_glyphs(Point::from_xy(x, baseline), &line.glyphs, self.pdf.clone(), &line.text, size, false);
    }
}

/// The sheet's few colours, as sRGB bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Color(pub u8, pub u8, pub u8);

impl Color {
    pub const INK: Color = Color(0x1f, 0x23, 0x28);
    pub const MUTED: Color = Color(0x6b, 0x72, 0x80);
    pub const RULE: Color = Color(0xd0, 0xd4, 0xda);

    pub fn fill(self) -> Fill {
        Fill {
            paint: rgb::Color::new(self.0, self.1, self.2).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().expect("bundled fonts load")
    }

    #[test]
    fn a_line_that_fits_is_left_alone() {
        let fonts = fonts();
        let line = fonts.regular.shape_within("12  IMG_0001.jpg", 8.0, 200.0);
        assert_eq!(line.text(), "12  IMG_0001.jpg");
        assert!(line.width(8.0) > 0.0);
    }

    #[test]
    fn a_long_line_is_cut_with_an_ellipsis_to_the_width() {
        let fonts = fonts();
        let name = "7  wedding-ceremony-first-kiss-under-the-old-oak-tree-final-edit-v3.jpg";
        let max = 110.0;
        let line = fonts.regular.shape_within(name, 8.0, max);
        assert!(line.text().ends_with(ELLIPSIS), "{}", line.text());
        assert!(line.text().starts_with("7  wedding"), "{}", line.text());
        assert!(line.width(8.0) <= max);
        // The longest that fits: one more character would not.
        let kept = line.text().trim_end_matches(ELLIPSIS);
        let next = name[kept.len()..].chars().next().expect("more text");
        let longer = fonts.regular.shape(&format!("{kept}{next}{ELLIPSIS}"));
        assert!(longer.width(8.0) > max, "{kept}{next}… would have fitted");
    }

    #[test]
    fn cuts_never_split_an_accent_from_its_letter() {
        let fonts = fonts();
        // "e" + COMBINING ACUTE ACCENT, as macOS writes file names (NFD).
        let name = "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}.jpg";
        for max in [10.0, 20.0, 25.0, 30.0, 40.0] {
            let line = fonts.regular.shape_within(name, 10.0, max);
            let kept = line.text().trim_end_matches(ELLIPSIS);
            assert!(!kept.ends_with('e'), "cut between a letter and its accent at {max}: {kept:?}");
        }
    }

    #[test]
    fn nothing_fits_gives_just_the_ellipsis() {
        let fonts = fonts();
        assert_eq!(fonts.regular.shape_within("Pão-de-Açúcar 01.jpg", 8.0, 1.0).text(), ELLIPSIS);
    }

    #[test]
    fn a_right_to_left_name_reads_right_to_left_beside_its_number_and_extension() {
        let fonts = fonts();
        let text = "12  שלום.jpg";
        let line = fonts.regular.shape(text);
        let starts: Vec<usize> = line.glyphs.iter().map(|glyph| glyph.text_range.start).collect();
        let hebrew = text.find('ש').expect("hebrew")..text.find('.').expect("dot");
        // "12  " first, as typed; then the Hebrew word from its last letter to its first; then ".jpg".
        assert_eq!(&starts[..4], &[0, 1, 2, 3]);
        let word: Vec<usize> = starts.iter().copied().filter(|s| hebrew.contains(s)).collect();
        assert_eq!(word.len(), 4);
        assert!(word.windows(2).all(|pair| pair[0] > pair[1]), "drawn from its last letter: {word:?}");
        let dot = starts.iter().position(|&s| s == hebrew.end).expect("the dot");
        assert_eq!(dot, 8, "the extension follows the word: {starts:?}");
        // Every glyph is a real one (DejaVu Sans has Hebrew), and the text is all covered.
        assert!(line.glyphs.iter().all(|glyph| glyph.glyph_id != GlyphId::new(0)));
        assert_eq!(line.glyphs.iter().map(|glyph| glyph.text_range.len()).sum::<usize>(), text.len());
    }

    #[test]
    fn a_cut_right_to_left_name_ends_with_the_ellipsis_where_it_was_cut() {
        let fonts = fonts();
        let text = "12  שלוםשלוםשלוםשלוםשלוםשלוםשלום.jpg";
        let line = fonts.regular.shape_within(text, 8.0, 60.0);
        let dots = line.text().find(ELLIPSIS).expect("cut");
        let starts: Vec<usize> = line.glyphs.iter().map(|glyph| glyph.text_range.start).collect();
        // Drawn left to right: "12  ", then the "…" (the end of the kept Hebrew, read right to
        // left), then the Hebrew.
        let at = starts.iter().position(|&s| s == dots).expect("the ellipsis is drawn");
        let first_letter = starts.iter().position(|&s| (4..dots).contains(&s)).expect("hebrew kept");
        assert_eq!(&starts[..4], &[0, 1, 2, 3]);
        assert!(at > 3 && at < first_letter, "{starts:?}");
    }

    #[test]
    fn glyph_ranges_cover_the_text_for_extraction() {
        let fonts = fonts();
        let text = "Pão-de-Açúcar 01.jpg";
        let line = fonts.bold.shape(text);
        let covered: usize = line.glyphs.iter().map(|glyph| glyph.text_range.len()).sum();
        assert_eq!(covered, text.len());
    }
}
