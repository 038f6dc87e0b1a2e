//! Thumbnails and the logo as krilla images. Only headers are read here: a JPEG goes into the
//! PDF byte for byte (a `DCTDecode` stream), so nothing is decoded or re-encoded, and the
//! `Bytes` are shared, not copied, until the PDF is written.

use std::sync::Arc;

use bytes::Bytes;
use krilla::Data;
use krilla::image::Image;

use super::{ContactSheetError, SheetEntry};

/// The first bytes of every JPEG (SOI marker, then the next marker's 0xFF).
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The entry's JPEG as an image, or an error naming the file.
pub(super) fn thumbnail(entry: &SheetEntry) -> Result<Image, ContactSheetError> {
    let bad = |reason: String| ContactSheetError::BadPhoto {
        number: entry.number,
        file_name: entry.file_name.clone(),
        reason,
    };
    // krilla's reader would also refuse other formats, but with a less telling message.
    if !entry.jpeg.starts_with(JPEG_MAGIC) {
        return Err(bad("the data does not start like a JPEG".into()));
    }
    // No interpolation: thumbnails are drawn smaller than their pixel size, where smoothing
    // would only blur, and PDF/A would flag it.
    Image::from_jpeg(shared(&entry.jpeg), false).map_err(bad)
}

/// The studio logo, JPEG or PNG (transparency kept), told apart by their signatures.
pub(super) fn logo(bytes: &Bytes) -> Result<Image, ContactSheetError> {
    let image = if bytes.starts_with(JPEG_MAGIC) {
        Image::from_jpeg(shared(bytes), false)
    } else if bytes.starts_with(PNG_MAGIC) {
        Image::from_png(shared(bytes), false)
    } else {
        Err("it is neither a JPEG nor a PNG".into())
    };
    image.map_err(|reason| ContactSheetError::BadLogo { reason })
}

/// The bytes as krilla `Data` without copying them (`Bytes` clones share the buffer).
fn shared(bytes: &Bytes) -> Data {
    let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes.clone());
    Data::from(shared)
}
