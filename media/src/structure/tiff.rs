//! TIFF and BigTIFF: read the first IFD (the image that gets decoded) and prove that every strip
//! or tile it points to lies inside the file. The camera tags are read from the same IFD and its
//! EXIF sub-IFD here, because the generic EXIF reader would load the whole (large) file.

use std::io::{Read, Seek};

use super::{Header, Stream};
use crate::error::MediaError;
use crate::exif_info::{self, ExifFields};

/// An IFD with more entries than this is not a real image directory.
const MAX_ENTRIES: u64 = 4096;
/// ASCII tags longer than this (Make, Model, dates) are not believed.
const MAX_ASCII: u64 = 4096;

const NEW_SUBFILE_TYPE: u16 = 254;
const IMAGE_WIDTH: u16 = 256;
const IMAGE_LENGTH: u16 = 257;
const BITS_PER_SAMPLE: u16 = 258;
const MAKE: u16 = 271;
const MODEL: u16 = 272;
const STRIP_OFFSETS: u16 = 273;
const ORIENTATION: u16 = 274;
const STRIP_BYTE_COUNTS: u16 = 279;
const DATE_TIME: u16 = 306;
const TILE_OFFSETS: u16 = 324;
const TILE_BYTE_COUNTS: u16 = 325;
const PHOTOMETRIC: u16 = 262;
const SAMPLE_FORMAT: u16 = 339;
const DNG_VERSION: u16 = 50706;
/// PhotometricInterpretation of raw sensor data: colour filter array, linear raw.
const RAW_PHOTOMETRICS: [u64; 2] = [32803, 34892];
const EXIF_IFD: u16 = 34665;
const DATE_TIME_ORIGINAL: u16 = 36867;

/// One directory entry: the value field is kept raw until the tag is needed.
struct Entry {
    tag: u16,
    kind: u16,
    count: u64,
    field: [u8; 8],
}

/// Byte order and offset width of the file.
#[derive(Clone, Copy)]
struct Layout {
    little_endian: bool,
    big_tiff: bool,
}

impl Layout {
    fn u16(self, b: [u8; 2]) -> u16 {
        if self.little_endian { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) }
    }
    fn u32(self, b: [u8; 4]) -> u32 {
        if self.little_endian { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) }
    }
    fn u64(self, b: [u8; 8]) -> u64 {
        if self.little_endian { u64::from_le_bytes(b) } else { u64::from_be_bytes(b) }
    }
    /// Bytes of a value that fit inside the entry itself.
    fn inline_len(self) -> u64 {
        if self.big_tiff { 8 } else { 4 }
    }
    fn read_offset<R: Read + Seek>(self, s: &mut Stream<R>) -> Result<u64, MediaError> {
        if self.big_tiff { Ok(self.u64(s.read_array()?)) } else { Ok(u64::from(self.u32(s.read_array()?))) }
    }
}

pub(super) fn walk<R: Read + Seek>(s: &mut Stream<R>) -> Result<Header, MediaError> {
    let order = s.read_array::<2>()?;
    let little_endian = &order == b"II";
    let probe = Layout { little_endian, big_tiff: false };
    let version = probe.u16(s.read_array()?);
    let layout = match version {
        42 => probe,
        43 => {
            let big = Layout { little_endian, big_tiff: true };
            if big.u16(s.read_array()?) != 8 {
                return Err(s.corrupt("the BigTIFF header is invalid"));
            }
            s.skip(2)?;
            big
        }
        _ => return Err(s.corrupt("the TIFF header is invalid")),
    };
    let ifd_offset = layout.read_offset(s)?;
    // Canon's CR2 raw files mark themselves right after the header.
    let canon_raw = !layout.big_tiff && s.read_array::<2>().is_ok_and(|marker| &marker == b"CR");
    let entries = read_ifd(s, layout, ifd_offset)?;
    let find = |tag: u16| entries.iter().find(|e| e.tag == tag);
    // A camera's raw file (DNG, and the TIFF-based NEF, ARW, CR2…) opens like a TIFF whose first
    // image is a small preview (NewSubfileType says "reduced resolution"), the photo itself raw
    // sensor data elsewhere: taken for the photo, it would make a 160–256 px photo.
    let reduced = first_number(s, layout, find(NEW_SUBFILE_TYPE))?.is_some_and(|kind| kind & 1 == 1);
    let raw_data = first_number(s, layout, find(PHOTOMETRIC))?.is_some_and(|p| RAW_PHOTOMETRICS.contains(&p));
    if canon_raw || reduced || raw_data || find(DNG_VERSION).is_some() {
        return Err(s.unsupported("camera raw data (it is a camera's raw file, such as DNG, NEF or CR2)"));
    }

    let width = first_number(s, layout, find(IMAGE_WIDTH))?;
    let height = first_number(s, layout, find(IMAGE_LENGTH))?;
    let (Some(width), Some(height)) = (width, height) else {
        return Err(s.corrupt("the image size is missing"));
    };
    let width = u32::try_from(width).map_err(|_| s.corrupt("the width is impossible"))?;
    let height = u32::try_from(height).map_err(|_| s.corrupt("the height is impossible"))?;

    let (channels, bits) = check_samples(s, layout, find(BITS_PER_SAMPLE), find(SAMPLE_FORMAT))?;

    let (offsets, counts) = match (find(STRIP_OFFSETS), find(TILE_OFFSETS)) {
        (Some(offsets), _) => (offsets, find(STRIP_BYTE_COUNTS)),
        (None, Some(offsets)) => (offsets, find(TILE_BYTE_COUNTS)),
        (None, None) => return Err(s.no_image_data()),
    };
    let Some(counts) = counts else {
        return Err(s.corrupt("the sizes of the image data blocks are missing"));
    };
    let offsets = numbers(s, layout, offsets)?;
    let counts = numbers(s, layout, counts)?;
    if offsets.is_empty() || offsets.len() != counts.len() {
        return Err(s.corrupt("the image data blocks are listed inconsistently"));
    }
    for (&offset, &count) in offsets.iter().zip(&counts) {
        if offset.checked_add(count).is_none_or(|end| end > s.len()) {
            return Err(s.truncated());
        }
    }

    let mut fields = ExifFields {
        orientation: first_number(s, layout, find(ORIENTATION))?,
        make: ascii(s, layout, find(MAKE))?,
        model: ascii(s, layout, find(MODEL))?,
        date_time: ascii(s, layout, find(DATE_TIME))?,
        ..ExifFields::default()
    };
    // The EXIF sub-IFD only adds the capture time; a broken one must not refuse the photo.
    if let Ok(Some(exif_offset)) = first_number(s, layout, find(EXIF_IFD))
        && let Ok(exif_entries) = read_ifd(s, layout, exif_offset)
    {
        let original = exif_entries.iter().find(|e| e.tag == DATE_TIME_ORIGINAL);
        fields.date_time_original = ascii(s, layout, original).ok().flatten();
    }

    Ok(Header { width, height, exif: exif_info::summarise(fields), progressive: false, channels, bits })
}

/// Reads the entries of the IFD at `offset`.
fn read_ifd<R: Read + Seek>(s: &mut Stream<R>, layout: Layout, offset: u64) -> Result<Vec<Entry>, MediaError> {
    s.seek_to(offset)?;
    let count = if layout.big_tiff { layout.u64(s.read_array()?) } else { u64::from(layout.u16(s.read_array()?)) };
    if count == 0 || count > MAX_ENTRIES {
        return Err(s.corrupt("the image directory is invalid"));
    }
    let mut entries = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let tag = layout.u16(s.read_array()?);
        let kind = layout.u16(s.read_array()?);
        let count = if layout.big_tiff { layout.u64(s.read_array()?) } else { u64::from(layout.u32(s.read_array()?)) };
        let mut field = [0; 8];
        let inline = layout.inline_len() as usize;
        s.read_exact(&mut field[..inline])?;
        entries.push(Entry { tag, kind, count, field });
    }
    Ok(entries)
}

/// Size in bytes of one value of TIFF field type `kind`.
fn type_size(kind: u16) -> Option<u64> {
    match kind {
        1 | 2 | 6 | 7 => Some(1),
        3 | 8 => Some(2),
        4 | 9 | 11 | 13 => Some(4),
        5 | 10 | 12 | 16 | 17 | 18 => Some(8),
        _ => None,
    }
}

/// The raw bytes of an entry's value, from the entry itself or from where it points.
fn data<R: Read + Seek>(s: &mut Stream<R>, layout: Layout, entry: &Entry) -> Result<Vec<u8>, MediaError> {
    let size = type_size(entry.kind)
        .and_then(|one| one.checked_mul(entry.count))
        .ok_or_else(|| s.corrupt("a tag has an unknown type"))?;
    if size <= layout.inline_len() {
        return Ok(entry.field[..size as usize].to_vec());
    }
    let offset = if layout.big_tiff {
        layout.u64(entry.field)
    } else {
        u64::from(layout.u32([entry.field[0], entry.field[1], entry.field[2], entry.field[3]]))
    };
    // A value pointing outside the file means the file was cut off (or lies).
    if offset.checked_add(size).is_none_or(|end| end > s.len()) {
        return Err(s.truncated());
    }
    s.seek_to(offset)?;
    s.read_vec(size)
}

/// The unsigned integers of a BYTE, SHORT, LONG, LONG8 or IFD entry.
fn numbers<R: Read + Seek>(s: &mut Stream<R>, layout: Layout, entry: &Entry) -> Result<Vec<u64>, MediaError> {
    let bytes = data(s, layout, entry)?;
    let values = match entry.kind {
        1 => bytes.iter().map(|&b| u64::from(b)).collect(),
        3 => bytes.chunks_exact(2).map(|c| u64::from(layout.u16([c[0], c[1]]))).collect(),
        4 | 13 => bytes.chunks_exact(4).map(|c| u64::from(layout.u32([c[0], c[1], c[2], c[3]]))).collect(),
        16 | 18 => {
            bytes.chunks_exact(8).map(|c| layout.u64([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect()
        }
        _ => return Err(s.corrupt("a numeric tag has a non-numeric type")),
    };
    Ok(values)
}

/// The first number of an optional entry.
fn first_number<R: Read + Seek>(
    s: &mut Stream<R>,
    layout: Layout,
    entry: Option<&Entry>,
) -> Result<Option<u64>, MediaError> {
    match entry {
        Some(entry) if entry.count > 0 => Ok(numbers(s, layout, entry)?.first().copied()),
        _ => Ok(None),
    }
}

/// An optional ASCII entry as text, without its NUL terminator.
fn ascii<R: Read + Seek>(
    s: &mut Stream<R>,
    layout: Layout,
    entry: Option<&Entry>,
) -> Result<Option<String>, MediaError> {
    let Some(entry) = entry.filter(|e| e.kind == 2 && e.count > 0 && e.count <= MAX_ASCII) else {
        return Ok(None);
    };
    let bytes = data(s, layout, entry)?;
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    Ok(Some(String::from_utf8_lossy(&bytes[..end]).into_owned()))
}

/// Refuses sample depths we cannot turn into 8-bit RGB faithfully: 8 and 16-bit integers are
/// accepted. 32-bit floats are refused: they hold linear light (often above 1.0), which a
/// rendition made as if display-encoded would show far too dark.
fn check_samples<R: Read + Seek>(
    s: &mut Stream<R>,
    layout: Layout,
    bits: Option<&Entry>,
    sample_format: Option<&Entry>,
) -> Result<(u8, u8), MediaError> {
    // BitsPerSample defaults to 1 (bilevel) when absent.
    let bits = match bits {
        Some(entry) => numbers(s, layout, entry)?,
        None => vec![1],
    };
    let float = first_number(s, layout, sample_format)? == Some(3);
    for &depth in &bits {
        let ok = match depth {
            8 | 16 => !float,
            _ => false,
        };
        if !ok {
            let kind = if float { "floating-point" } else { "integer" };
            return Err(s.unsupported(format!("{depth}-bit {kind} samples")));
        }
    }
    // Samples per pixel and their size: what a decode holds in memory.
    let channels = u8::try_from(bits.len()).unwrap_or(u8::MAX);
    let depth = bits.iter().copied().max().and_then(|d| u8::try_from(d).ok()).unwrap_or(8);
    Ok((channels, depth))
}

#[cfg(test)]
mod tests {
    use crate::{Limits, MediaError, inspect};

    /// A 2×2 grey TIFF with `extra` (tag, type, value) entries in its first directory.
    fn tiff(extra: &[(u16, u16, u32)]) -> Vec<u8> {
        let mut entries: Vec<(u16, u16, u32)> = vec![(256, 3, 2), (257, 3, 2), (258, 3, 8), (262, 3, 1), (279, 4, 4)];
        entries.extend_from_slice(extra);
        let ifd_len = 2 + 12 * (entries.len() + 1) + 4;
        let data_at = (8 + ifd_len) as u32;
        entries.push((273, 4, data_at));
        entries.sort_by_key(|e| e.0);
        let mut out = b"II*\0".to_vec();
        out.extend_from_slice(&8u32.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&[10, 20, 30, 40]);
        out
    }

    fn inspected(bytes: &[u8]) -> Result<crate::Inspection, MediaError> {
        inspect(std::io::Cursor::new(bytes), bytes.len() as u64, &Limits::default())
    }

    #[test]
    fn camera_raw_files_are_refused_not_taken_for_their_preview() {
        assert!(inspected(&tiff(&[])).is_ok(), "a plain TIFF");
        let dng = tiff(&[(50706, 1, 0x0000_0401)]);
        let nef = tiff(&[(254, 4, 1)]);
        // PhotometricInterpretation saying "colour filter array": raw sensor data.
        let mut cfa = tiff(&[]);
        let at = cfa.windows(4).position(|w| w == [0x06, 0x01, 0x03, 0x00]).expect("photometric entry");
        cfa[at + 8..at + 10].copy_from_slice(&32803u16.to_le_bytes());
        // Canon marks its CR2 files right after the header (the directory follows the mark).
        let mut cr2 = tiff(&[]);
        cr2.splice(8..8, *b"CR\x02\0");
        cr2[4..8].copy_from_slice(&12u32.to_le_bytes());
        for (what, bytes) in [("a DNG", dng), ("a NEF", nef), ("CFA data", cfa), ("a CR2", cr2)] {
            let refused = inspected(&bytes).expect_err(what);
            assert!(refused.to_string().contains("camera's raw file"), "{what}: {refused}");
        }
    }
}
