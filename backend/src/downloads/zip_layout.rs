//! Byte-exact layout of a deterministic, *stored* (uncompressed) ZIP archive, computed from entry metadata alone.
//!
//! Why: a "download all" of originals is served as one ZIP. Photos don't compress, so storing them lets us know the
//! archive's exact length before reading any file. That lets the server send `Content-Length`, answer `Range`
//! requests (resumed downloads) and stream every file straight from storage. This module only does the arithmetic
//! and builds the small header and directory blocks; it does no I/O.
//!
//! The archive is laid out in entry order (PKWARE APPNOTE 6.3.x):
//! `[local header 0][data 0] … [local header n-1][data n-1][central directory][ZIP64 end record + locator]?[end record]`
//!
//! Callers must know each entry's size and CRC-32 up front (the CRC goes in the local header before the data; we
//! don't use data descriptors), and must serve exactly those bytes for `Piece::Entry`, or unzip reports a CRC error.

mod names;
mod records;

#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod names_tests;

pub use names::safe_unique_names;
use names::*;
use records::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use bytes::{Bytes, BytesMut};
use chrono::NaiveDateTime;

const LOCAL_HEADER_SIGNATURE: u32 = 0x0403_4b50;
const CENTRAL_HEADER_SIGNATURE: u32 = 0x0201_4b50;
const ZIP64_END_SIGNATURE: u32 = 0x0606_4b50;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const END_SIGNATURE: u32 = 0x0605_4b50;

/// Size of the ZIP64 end of central directory record after its signature and size field (APPNOTE 4.3.14.1).
const ZIP64_END_REMAINING_LEN: u64 = 44;
const ZIP64_EXTRA_ID: u16 = 0x0001;

/// The value a 32-bit field holds when the real value lives in a ZIP64 record instead.
const OVERFLOW_32: u64 = 0xFFFF_FFFF;
/// The value the 16-bit entry count holds when the real count lives in the ZIP64 end record.
const OVERFLOW_16: u64 = 0xFFFF;

/// Bit 11: names are UTF-8, so unzip tools don't guess a legacy code page for non-ASCII names.
const FLAG_UTF8: u16 = 1 << 11;
const METHOD_STORED: u16 = 0;
const VERSION_DEFAULT: u16 = 20;
const VERSION_ZIP64: u16 = 45;
/// High byte of "version made by": 3 = Unix, which makes unzip honour the permission bits in the external attributes.
const HOST_UNIX: u16 = 3 << 8;
/// Lowest spec version we claim in "version made by" (3.0, the usual value for Unix archivers).
const VERSION_MADE_BY_MIN: u16 = 30;
/// Regular file, rw-r--r--, so extracted files aren't executable nor world-writable.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;

/// Longest name `safe_unique_names` produces; far below every file system limit (255 bytes) even with a suffix.
const MAX_SAFE_NAME_BYTES: usize = 200;
/// A "extension" longer than this is treated as part of the name, since it's unlikely to be a real file type.
const MAX_EXTENSION_BYTES: usize = 16;
const FALLBACK_NAME: &str = "file";
/// Windows refuses these as file names whatever the extension, so unzip on Windows would fail on them.
const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// One file in the archive. `name` must already be safe and unique (see `safe_unique_names`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    pub name: String,
    pub size: u64,
    pub crc32: u32,
    pub modified: NaiveDateTime,
}

/// A part of the archive's bytes: either bytes the layout made (headers, central directory) or a byte range of an
/// entry's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Bytes(Bytes),
    Entry { index: usize, range: Range<u64> },
}

/// The archive's bytes as a sorted table of segments, so any byte range maps to pieces by binary search.
#[derive(Debug, Clone)]
pub struct ZipLayout {
    entries: Vec<ZipEntry>,
    /// Every byte the layout makes (local headers back to back, then the directory and end records);
    /// layout segments point into it so pieces are cheap `Bytes::slice`s.
    generated: Bytes,
    /// Non-empty, contiguous, sorted by `start`, covering `0..len` exactly.
    segments: Vec<Segment>,
    len: u64,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    start: u64,
    len: u64,
    source: Source,
}

impl Segment {
    fn end(&self) -> u64 {
        self.start + self.len
    }
}

#[derive(Debug, Clone, Copy)]
enum Source {
    /// Offset into `ZipLayout::generated`.
    Generated(usize),
    /// Index into `ZipLayout::entries`; the segment is that entry's whole data.
    Entry(usize),
}

impl ZipLayout {
    /// Lays out `entries` in the given order. Names longer than the format's 65,535 bytes are cut on a char
    /// boundary (`safe_unique_names` output never is).
    pub fn new(mut entries: Vec<ZipEntry>) -> Self {
        for entry in &mut entries {
            cap_name_for_format(&mut entry.name);
        }
        let mut builder = Builder::default();
        let local_header_offsets: Vec<u64> =
            entries.iter().enumerate().map(|(index, entry)| builder.add_entry(index, entry)).collect();
        builder.finish(&entries, &local_header_offsets);
        let Builder { generated, segments, len } = builder;
        Self { entries, generated: generated.freeze(), segments: segments.0, len }
    }

    /// Total archive length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Always false: even an archive without entries has its 22-byte end record.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn entries(&self) -> &[ZipEntry] {
        &self.entries
    }

    /// The pieces covering exactly `range` of the archive (clamped to len), in order; Bytes pieces are sliced (cheap
    /// Bytes::slice), Entry ranges are relative to the entry's data. Never returns empty pieces; an empty or
    /// out-of-bounds range gives no pieces.
    pub fn pieces(&self, range: Range<u64>) -> Vec<Piece> {
        let end = range.end.min(self.len);
        let start = range.start;
        if start >= end {
            return Vec::new();
        }
        let first = self.segments.partition_point(|segment| segment.end() <= start);
        self.segments[first..]
            .iter()
            .take_while(|segment| segment.start < end)
            .map(|segment| {
                self.piece(segment, start.max(segment.start) - segment.start..end.min(segment.end()) - segment.start)
            })
            .collect()
    }

    /// `within` is relative to the segment's start.
    fn piece(&self, segment: &Segment, within: Range<u64>) -> Piece {
        match segment.source {
            // Generated segments are slices of an in-memory buffer, so their offsets fit in usize.
            Source::Generated(at) => {
                Piece::Bytes(self.generated.slice(at + within.start as usize..at + within.end as usize))
            }
            Source::Entry(index) => Piece::Entry { index, range: within },
        }
    }
}

/// Accumulates the generated bytes and the segment table while walking the archive front to back.
#[derive(Default)]
struct Builder {
    generated: BytesMut,
    segments: Segments,
    /// Archive offset of the next byte.
    len: u64,
}

impl Builder {
    /// Appends the entry's local header and data; returns the local header's offset.
    fn add_entry(&mut self, index: usize, entry: &ZipEntry) -> u64 {
        let offset = self.len;
        let at = self.generated.len();
        put_local_header(&mut self.generated, entry, offset);
        self.push(Source::Generated(at), (self.generated.len() - at) as u64);
        self.push(Source::Entry(index), entry.size);
        offset
    }

    /// Appends the central directory and the end records.
    fn finish(&mut self, entries: &[ZipEntry], local_header_offsets: &[u64]) {
        let at = self.generated.len();
        let directory_offset = self.len;
        for (entry, &offset) in entries.iter().zip(local_header_offsets) {
            put_central_header(&mut self.generated, entry, offset);
        }
        let directory_len = (self.generated.len() - at) as u64;
        put_end_records(&mut self.generated, entries.len() as u64, directory_offset, directory_len);
        self.push(Source::Generated(at), (self.generated.len() - at) as u64);
    }

    fn push(&mut self, source: Source, len: u64) {
        self.segments.push(Segment { start: self.len, len, source });
        self.len += len;
    }
}

#[derive(Default)]
struct Segments(Vec<Segment>);

impl Segments {
    /// Drops empty segments (empty files) and merges generated segments that are adjacent in the buffer too, so
    /// an archive of many empty files stays one segment and `pieces` never returns empty pieces.
    fn push(&mut self, segment: Segment) {
        if segment.len == 0 {
            return;
        }
        if let Some(last) = self.0.last_mut()
            && let (Source::Generated(last_at), Source::Generated(at)) = (last.source, segment.source)
            && last_at + last.len as usize == at
        {
            last.len += segment.len;
            return;
        }
        self.0.push(segment);
    }
}

/// Which ZIP64 fields an entry needs. Only where needed, so ordinary archives stay readable by old tools.
#[derive(Debug, Clone, Copy)]
struct Zip64Needs {
    /// Sizes don't fit 32 bits: both the local header and the central directory carry them in the extra field.
    size: bool,
    /// The local header offset doesn't fit 32 bits: only the central directory carries it.
    offset: bool,
}

impl Zip64Needs {
    fn of(size: u64, offset: u64) -> Self {
        Self { size: size >= OVERFLOW_32, offset: offset >= OVERFLOW_32 }
    }

    fn version_needed(self) -> u16 {
        if self.size || self.offset { VERSION_ZIP64 } else { VERSION_DEFAULT }
    }

    fn version_made_by(self) -> u16 {
        HOST_UNIX | self.version_needed().max(VERSION_MADE_BY_MIN)
    }

    /// The local extra must hold both sizes whenever it's present (APPNOTE 4.5.3).
    fn local_fields(self, size: u64) -> Vec<u64> {
        if self.size { vec![size, size] } else { Vec::new() }
    }

    /// The central extra holds exactly the fields whose 32-bit value overflowed, in APPNOTE order:
    /// uncompressed size, compressed size, local header offset.
    fn central_fields(self, size: u64, offset: u64) -> Vec<u64> {
        let sizes = if self.size { vec![size, size] } else { Vec::new() };
        sizes.into_iter().chain(self.offset.then_some(offset)).collect()
    }
}
