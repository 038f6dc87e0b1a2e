//! Contact sheets: a printable A4 PDF of a gallery's (or a visitor's selects') thumbnails in a
//! numbered grid with file names, the gallery title and the studio's branding (SPEC §7).
//!
//! Pure and synchronous: bytes in, PDF bytes out, no database, storage or clock. The caller
//! fetches the thumbnails (already-encoded JPEG renditions) and runs [`render_contact_sheet`] on
//! a blocking thread. The JPEGs are embedded as they are (PDF `DCTDecode` pass-through, no
//! decode or re-encode), which is what keeps a 500-photo sheet fast and its quality equal to the
//! renditions'. Text uses the bundled DejaVu fonts (subset and embedded), so names in any Latin,
//! Greek or Cyrillic script come out right and can be searched and copied from the PDF.

mod draw;
mod geometry;
mod pictures;
mod typeset;

#[cfg(test)]
mod tests;

use std::num::NonZeroU64;

use bytes::Bytes;
use krilla::error::KrillaError;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};

use self::geometry::{PAGE_HEIGHT, PAGE_WIDTH, PER_PAGE};

/// What the top of the first page says, and the branding repeated in every page's footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetHeader {
    /// The gallery title, large at the top left.
    pub title: String,
    /// One line under the title, e.g. "Your selects · 24 photos".
    pub subtitle: Option<String>,
    /// The studio's name: top right on page 1 and in every footer.
    pub studio_name: String,
    /// The studio's logo as JPEG or PNG bytes, drawn top right on page 1 (fitted, never cropped).
    pub logo: Option<Bytes>,
    /// The studio's accent colour (sRGB): the studio's name and the rule under page 1's header.
    pub accent: Option<[u8; 3]>,
    /// The studio's contact address, after its name in every footer.
    pub contact_email: Option<String>,
}

/// One photo on the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    /// The number printed before the file name (the photo's position in the gallery or list).
    pub number: u32,
    /// The original's file name, as the photographer will search for it.
    pub file_name: String,
    /// An encoded JPEG thumbnail (a rendition; about 480 px long edge prints sharply), embedded
    /// byte for byte.
    pub jpeg: Bytes,
    /// The thumbnail's width in pixels, as the caller knows it. Layout uses the JPEG header's own
    /// dimensions (that is what a PDF viewer draws), so a stale value here cannot distort a photo.
    pub width: u32,
    /// The thumbnail's height in pixels, as the caller knows it (see `width`).
    pub height: u32,
}

/// Why a contact sheet could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ContactSheetError {
    /// A thumbnail is not a JPEG the PDF can carry (not a JPEG at all, or an unreadable header).
    #[error("photo {number} \"{file_name}\" is not a readable JPEG: {reason}")]
    BadPhoto {
        /// The entry's number.
        number: u32,
        /// The entry's file name.
        file_name: String,
        /// What the JPEG reader said.
        reason: String,
    },
    /// The studio logo is neither a readable JPEG nor a readable PNG.
    #[error("the studio logo is not a readable JPEG or PNG: {reason}")]
    BadLogo {
        /// What was wrong with it.
        reason: String,
    },
    /// A bundled font could not be read (a broken build, never the caller's input).
    #[error("the bundled {0} font could not be read")]
    Font(&'static str),
    /// The PDF writer failed for another reason.
    #[error("the contact sheet PDF could not be written: {0}")]
    Pdf(String),
}

/// Renders a contact sheet: A4 portrait; page 1 opens with the title, the subtitle and the studio
/// name and logo (top right); then a grid of 4 columns × 5 rows of thumbnails per page, each
/// fitted into its cell keeping its aspect ratio, centred, with "N  file_name" under it (long
/// names shortened with "…" to the cell's width); every page ends with the studio name and
/// "Page X of Y". No entries gives one page saying "No photos".
///
/// Every thumbnail's JPEG header is checked before anything is drawn: a bad one fails the whole
/// sheet with [`ContactSheetError::BadPhoto`] naming the file. CPU-bound (about 50 ms for 500
/// photos in a release build) and built in memory (the PDF is about the thumbnails' total size,
/// and krilla holds a working copy of each image while writing): call it from `spawn_blocking`,
/// not on the async runtime.
pub fn render_contact_sheet(header: &SheetHeader, entries: &[SheetEntry]) -> Result<Vec<u8>, ContactSheetError> {
    let fonts = typeset::Fonts::load()?;
    let logo = header.logo.as_ref().map(pictures::logo).transpose()?;
    let thumbnails = entries.iter().map(pictures::thumbnail).collect::<Result<Vec<_>, _>>()?;

    let page_count = geometry::page_count(entries.len());
    let page_settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| ContactSheetError::Pdf("the A4 page size was refused".into()))?;
    let mut document = Document::new_with(SerializeSettings {
        // The sheet carries no structure tags; skipping the tag tree keeps the file lean.
        enable_tagging: false,
        ..SerializeSettings::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(header.title.clone())
            .authors(vec![header.studio_name.clone()])
            .creator("Proofroom contact sheet".into()),
    );

    for page_index in 0..page_count {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        let sheet = draw::SheetPage { fonts: &fonts, header, page_index, page_count };
        if page_index == 0 {
            sheet.first_header(&mut surface, logo.as_ref());
        } else {
            sheet.running_header(&mut surface);
        }
        let first = page_index * PER_PAGE;
        let on_page = entries.iter().zip(&thumbnails).enumerate().skip(first).take(PER_PAGE);
        for (index, (entry, thumbnail)) in on_page {
            // Tags anything krilla reports about this image at `finish` with the entry it came
            // from, so even a late failure names the file.
            if let Some(location) = location_of(index) {
                surface.set_location(location);
            }
            sheet.cell(&mut surface, index - first, entry, thumbnail);
            surface.reset_location();
        }
        if entries.is_empty() {
            sheet.no_photos(&mut surface);
        }
        sheet.footer(&mut surface);
        surface.finish();
        page.finish();
    }

    document.finish().map_err(|error| explain(error, entries))
}

/// krilla's location tag for the entry at `index` (it must be non-zero).
fn location_of(index: usize) -> Option<NonZeroU64> {
    u64::try_from(index).ok().and_then(|index| NonZeroU64::new(index + 1))
}

/// Turns a krilla error into ours, naming the photo when krilla knows which image failed.
fn explain(error: KrillaError, entries: &[SheetEntry]) -> ContactSheetError {
    if let KrillaError::Image(_, Some(location), reason) = &error {
        let entry = usize::try_from(location.get() - 1).ok().and_then(|index| entries.get(index));
        if let Some(entry) = entry {
            return ContactSheetError::BadPhoto {
                number: entry.number,
                file_name: entry.file_name.clone(),
                reason: reason.clone(),
            };
        }
    }
    ContactSheetError::Pdf(error.to_string())
}
