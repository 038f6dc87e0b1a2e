//! JPEG: walk the marker segments from SOI to EOI. Inspection (at upload, before anything else)
//! skips the entropy-coded data of every scan, so a file cut off anywhere before EOI is detected
//! without decoding a single block, and a header promising more pixels than the file could hold
//! is refused. Verification (`Mode::Verify`) Huffman-decodes every scan (`scan`), so data cut short
//! behind an appended EOI, corrupt codes and missing scans are refused too.

mod huffman;
mod scan;

use std::io::{Read, Seek};

use super::{Header, Stream};
use crate::error::MediaError;
use crate::exif_info;
use huffman::Table;
use scan::{Frame, Progress, Scan};

/// The most scans a JPEG may have. Encoders write about ten (mozjpeg a few dozen); each scan
/// walks every block, so thousands of nearly empty ones in a small file would cost the checks
/// minutes of work on one photo.
const MAX_SCANS: u32 = 500;

/// The identifier that starts the APP1 segment holding EXIF.
const EXIF_PREFIX: &[u8; 6] = b"Exif\0\0";

/// How much of the file a walk checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Segments only; entropy-coded data is skipped.
    Inspect,
    /// Every scan's entropy-coded data is decoded and checked too.
    Verify,
    /// The segments before the first scan only: the frame and any EXIF that precedes it. The
    /// file's end is never read, so a file still arriving can be admitted from its first bytes.
    Head,
}

pub(super) fn walk<R: Read + Seek>(s: &mut Stream<R>, mode: Mode) -> Result<Header, MediaError> {
    if s.read_array::<2>()? != [0xFF, 0xD8] {
        return Err(s.corrupt("it does not begin with a JPEG start marker"));
    }
    let mut frame: Option<Frame> = None;
    let mut progress: Option<Progress> = None;
    let mut tables: [[Option<Table>; 4]; 2] = Default::default();
    let mut restart_interval = 0u32;
    let mut scans = 0u32;
    let mut exif: Option<Vec<u8>> = None;
    // A scan ends at the first real marker, which the entropy walk has already consumed.
    let mut pending: Option<u8> = None;

    loop {
        let marker = match pending.take() {
            Some(marker) => marker,
            None => next_marker(s)?,
        };
        match marker {
            // End of image: everything the file promised has been seen.
            0xD9 => break,
            // Standalone markers carry no length. A stray SOI or RST outside a scan is tolerated
            // as libjpeg does.
            0x01 | 0xD0..=0xD8 => continue,
            _ => {}
        }
        let length = s.read_u16_be()?;
        if length < 2 {
            return Err(s.corrupt("a segment length is impossible"));
        }
        let payload = u64::from(length - 2);
        let start = s.pos();
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                check_frame_kind(s, marker)?;
                if frame.is_none() {
                    let parsed = read_frame(s, marker == 0xC2)?;
                    progress = Some(Progress::new(&parsed));
                    frame = Some(parsed);
                }
            }
            0xC4 if mode == Mode::Verify => read_tables(s, payload, &mut tables)?,
            0xDD if mode == Mode::Verify && payload >= 2 => restart_interval = u32::from(s.read_u16_be()?),
            // Start of scan: its header, then its entropy-coded data up to the next marker.
            0xDA => {
                let Some(frame) = &frame else {
                    return Err(s.corrupt("image data comes before the frame header"));
                };
                if mode == Mode::Head {
                    plausible(s, frame)?;
                    return Ok(header_of(frame, exif.as_deref()));
                }
                scans += 1;
                if scans > MAX_SCANS {
                    return Err(s.unsupported(format!("more than {MAX_SCANS} progressive scans")));
                }
                if mode == Mode::Verify {
                    let header = read_scan(s, frame)?;
                    s.seek_to(start + payload)?;
                    let progress = progress.as_mut().ok_or_else(|| s.corrupt("no frame"))?;
                    pending = Some(scan::walk(s, frame, &header, &tables, restart_interval, progress)?);
                } else {
                    s.skip(payload)?;
                    pending = Some(s.skip_entropy_coded()?);
                }
                continue;
            }
            // APP1: keep the first EXIF block for orientation, capture time and camera.
            0xE1 if exif.is_none() && payload >= EXIF_PREFIX.len() as u64 => {
                let prefix = s.read_array::<6>()?;
                let rest = payload - EXIF_PREFIX.len() as u64;
                if &prefix == EXIF_PREFIX {
                    exif = Some(s.read_vec(rest)?);
                }
            }
            _ => {}
        }
        // Whatever the segment's parser read, continue right after the segment.
        let end = start + payload;
        if s.pos() > end {
            return Err(s.corrupt("a segment is shorter than its contents"));
        }
        s.skip(end - s.pos())?;
    }

    let Some(frame) = frame.filter(|_| scans > 0) else { return Err(s.no_image_data()) };
    if mode == Mode::Verify && !progress.is_some_and(|p| p.complete(&frame)) {
        // Every scan present is whole, but some are missing: cut between two scans.
        return Err(s.truncated());
    }
    plausible(s, &frame)?;
    Ok(header_of(&frame, exif.as_deref()))
}

/// At least one bit per block: a smaller file cannot hold the picture its header promises.
fn plausible<R: Read + Seek>(s: &Stream<R>, frame: &Frame) -> Result<(), MediaError> {
    let least = frame.blocks().div_ceil(8);
    if s.len() < least {
        return Err(MediaError::Implausible {
            format: crate::format::SourceFormat::Jpeg,
            width: frame.width,
            height: frame.height,
            size: s.len(),
        });
    }
    Ok(())
}

fn header_of(frame: &Frame, exif: Option<&[u8]>) -> Header {
    Header {
        width: frame.width,
        height: frame.height,
        exif: exif_info::from_raw(exif),
        progressive: frame.progressive,
        channels: frame.components.len() as u8,
        bits: 8,
    }
}

/// Reads a frame header (after its length): precision, size and components.
fn read_frame<R: Read + Seek>(s: &mut Stream<R>, progressive: bool) -> Result<Frame, MediaError> {
    let [precision, h1, h0, w1, w0, count] = s.read_array::<6>()?;
    if precision != 8 {
        return Err(s.unsupported(format!("{precision}-bit samples")));
    }
    if !matches!(count, 1 | 3 | 4) {
        return Err(s.unsupported(format!("{count} colour channels")));
    }
    let height = u32::from(u16::from_be_bytes([h1, h0]));
    let width = u32::from(u16::from_be_bytes([w1, w0]));
    if height == 0 {
        // Height given later by a DNL marker: legal but unsupported by decoders.
        return Err(s.unsupported("a height defined after the image data (DNL)"));
    }
    let mut specs = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let [id, sampling, _quant] = s.read_array::<3>()?;
        specs.push((id, sampling));
    }
    Frame::new(progressive, width, height, &specs)
        .ok_or_else(|| s.corrupt("its colour channels have impossible sampling"))
}

/// Reads the Huffman tables of a DHT segment of `payload` bytes.
fn read_tables<R: Read + Seek>(
    s: &mut Stream<R>,
    payload: u64,
    tables: &mut [[Option<Table>; 4]; 2],
) -> Result<(), MediaError> {
    let end = s.pos() + payload;
    while s.pos() + 17 <= end {
        let class_id = s.read_u8()?;
        let counts = s.read_array::<16>()?;
        let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
        let (class, id) = (usize::from(class_id >> 4), usize::from(class_id & 15));
        if class > 1 || id > 3 || total > 256 || s.pos() + total > end {
            return Err(s.corrupt("a Huffman table is impossible"));
        }
        let values = s.read_vec(total)?;
        tables[class][id] =
            Some(Table::new(&counts, values).ok_or_else(|| s.corrupt("a Huffman table is impossible"))?);
    }
    Ok(())
}

/// Reads a scan header (after its length).
fn read_scan<R: Read + Seek>(s: &mut Stream<R>, frame: &Frame) -> Result<Scan, MediaError> {
    let count = s.read_u8()?;
    let mut components = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let [id, tables] = s.read_array::<2>()?;
        let index = frame
            .components
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| s.corrupt("a scan names a colour channel the frame does not have"))?;
        let (dc, ac) = (usize::from(tables >> 4), usize::from(tables & 15));
        if dc > 3 || ac > 3 {
            return Err(s.corrupt("a scan names an impossible Huffman table"));
        }
        components.push((index, dc, ac));
    }
    let [ss, se, a] = s.read_array::<3>()?;
    Ok(Scan { components, ss, se, ah: a >> 4, al: a & 15 })
}

/// Reads up to and including the next marker code. Bytes other than `FF` between segments are
/// skipped, as libjpeg does, because some writers leave a little padding there.
fn next_marker<R: Read + Seek>(s: &mut Stream<R>) -> Result<u8, MediaError> {
    loop {
        while s.read_u8()? != 0xFF {}
        let mut code = s.read_u8()?;
        while code == 0xFF {
            code = s.read_u8()?;
        }
        if code != 0x00 {
            return Ok(code);
        }
    }
}

/// Refuses frame types that zune-jpeg (and most browsers) cannot decode.
fn check_frame_kind<R: Read + Seek>(s: &Stream<R>, marker: u8) -> Result<(), MediaError> {
    match marker {
        // Baseline, extended sequential and progressive Huffman coding.
        0xC0..=0xC2 => Ok(()),
        0xC3 => Err(s.unsupported("lossless JPEG coding")),
        0xC5..=0xC7 => Err(s.unsupported("hierarchical JPEG coding")),
        _ => Err(s.unsupported("arithmetic JPEG coding")),
    }
}

#[cfg(test)]
mod scan_count_tests {
    use crate::{Limits, MediaError, inspect};

    #[test]
    fn a_jpeg_of_endless_scans_is_refused_before_they_are_walked() {
        let mut jpeg = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(16, 16).write_to(&mut jpeg, image::ImageFormat::Jpeg).expect("encode");
        let jpeg = jpeg.into_inner();
        let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).expect("a scan");
        let eoi = jpeg.len() - 2;
        let scan = &jpeg[sos..eoi];
        let many = |n: usize| [&jpeg[..sos], &scan.repeat(n), &jpeg[eoi..]].concat();
        let limits = Limits::default();
        let read = |bytes: &[u8]| inspect(std::io::Cursor::new(bytes), bytes.len() as u64, &limits);
        assert!(read(&many(super::MAX_SCANS as usize)).is_ok());
        let refused = read(&many(super::MAX_SCANS as usize + 1));
        assert!(matches!(refused, Err(MediaError::Unsupported { .. })), "{refused:?}");
    }
}
