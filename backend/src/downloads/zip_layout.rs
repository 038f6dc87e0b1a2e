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

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use bytes::{BufMut, Bytes, BytesMut};
use chrono::{Datelike, NaiveDateTime, Timelike};

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

fn put_local_header(buf: &mut BytesMut, entry: &ZipEntry, offset: u64) {
    let needs = Zip64Needs::of(entry.size, offset);
    let extra = needs.local_fields(entry.size);
    buf.put_u32_le(LOCAL_HEADER_SIGNATURE);
    buf.put_u16_le(needs.version_needed());
    put_common_fields(buf, entry);
    buf.put_u16_le(extra_len(&extra));
    buf.put_slice(entry.name.as_bytes());
    put_zip64_extra(buf, &extra);
}

fn put_central_header(buf: &mut BytesMut, entry: &ZipEntry, offset: u64) {
    let needs = Zip64Needs::of(entry.size, offset);
    let extra = needs.central_fields(entry.size, offset);
    buf.put_u32_le(CENTRAL_HEADER_SIGNATURE);
    buf.put_u16_le(needs.version_made_by());
    buf.put_u16_le(needs.version_needed());
    put_common_fields(buf, entry);
    buf.put_u16_le(extra_len(&extra));
    buf.put_u16_le(0); // comment length
    buf.put_u16_le(0); // disk number start
    buf.put_u16_le(0); // internal attributes
    buf.put_u32_le(EXTERNAL_ATTRIBUTES);
    buf.put_u32_le(field_32(offset));
    buf.put_slice(entry.name.as_bytes());
    put_zip64_extra(buf, &extra);
}

/// The fields local and central headers share, from "general purpose flag" through "file name length".
fn put_common_fields(buf: &mut BytesMut, entry: &ZipEntry) {
    let (time, date) = dos_time_date(entry.modified);
    buf.put_u16_le(FLAG_UTF8);
    buf.put_u16_le(METHOD_STORED);
    buf.put_u16_le(time);
    buf.put_u16_le(date);
    buf.put_u32_le(entry.crc32);
    buf.put_u32_le(field_32(entry.size)); // compressed size: stored, so the same
    buf.put_u32_le(field_32(entry.size)); // uncompressed size
    buf.put_u16_le(entry.name.len() as u16); // capped by `cap_name_for_format`
}

fn extra_len(fields: &[u64]) -> u16 {
    if fields.is_empty() { 0 } else { 4 + 8 * fields.len() as u16 }
}

fn put_zip64_extra(buf: &mut BytesMut, fields: &[u64]) {
    if fields.is_empty() {
        return;
    }
    buf.put_u16_le(ZIP64_EXTRA_ID);
    buf.put_u16_le(8 * fields.len() as u16);
    fields.iter().for_each(|&field| buf.put_u64_le(field));
}

/// A 32-bit field: the value, or 0xFFFFFFFF when it doesn't fit and a ZIP64 record carries it.
fn field_32(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A 16-bit field: the value, or 0xFFFF when it doesn't fit and the ZIP64 end record carries it.
fn field_16(value: u64) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

/// The ZIP64 end record and locator (when anything overflowed the classic record), then the classic end record.
fn put_end_records(buf: &mut BytesMut, count: u64, directory_offset: u64, directory_len: u64) {
    let zip64_end_offset = directory_offset + directory_len;
    if count >= OVERFLOW_16 || directory_offset >= OVERFLOW_32 || directory_len >= OVERFLOW_32 {
        put_zip64_end(buf, count, directory_offset, directory_len);
        put_zip64_locator(buf, zip64_end_offset);
    }
    put_end(buf, count, directory_offset, directory_len);
}

fn put_zip64_end(buf: &mut BytesMut, count: u64, directory_offset: u64, directory_len: u64) {
    buf.put_u32_le(ZIP64_END_SIGNATURE);
    buf.put_u64_le(ZIP64_END_REMAINING_LEN);
    buf.put_u16_le(HOST_UNIX | VERSION_ZIP64);
    buf.put_u16_le(VERSION_ZIP64);
    buf.put_u32_le(0); // this disk
    buf.put_u32_le(0); // disk where the central directory starts
    buf.put_u64_le(count); // entries on this disk
    buf.put_u64_le(count); // entries in total
    buf.put_u64_le(directory_len);
    buf.put_u64_le(directory_offset);
}

fn put_zip64_locator(buf: &mut BytesMut, zip64_end_offset: u64) {
    buf.put_u32_le(ZIP64_LOCATOR_SIGNATURE);
    buf.put_u32_le(0); // disk with the ZIP64 end record
    buf.put_u64_le(zip64_end_offset);
    buf.put_u32_le(1); // total number of disks
}

fn put_end(buf: &mut BytesMut, count: u64, directory_offset: u64, directory_len: u64) {
    buf.put_u32_le(END_SIGNATURE);
    buf.put_u16_le(0); // this disk
    buf.put_u16_le(0); // disk where the central directory starts
    buf.put_u16_le(field_16(count)); // entries on this disk
    buf.put_u16_le(field_16(count)); // entries in total
    buf.put_u32_le(field_32(directory_len));
    buf.put_u32_le(field_32(directory_offset));
    buf.put_u16_le(0); // comment length
}

/// MS-DOS (time, date) as ZIP stores them: local time without zone, 2-second resolution (odd seconds round down),
/// years 1980..=2107. Earlier times become 1980-01-01 00:00:00, later ones 2107-12-31 23:59:58, since the
/// fields can't hold them and wrapping would give nonsense dates.
fn dos_time_date(modified: NaiveDateTime) -> (u16, u16) {
    match modified.year() {
        ..1980 => (0, dos_date(1980, 1, 1)),
        2108.. => (dos_time(23, 59, 58), dos_date(2107, 12, 31)),
        year => (
            dos_time(modified.hour(), modified.minute(), modified.second()),
            dos_date(year, modified.month(), modified.day()),
        ),
    }
}

fn dos_time(hour: u32, minute: u32, second: u32) -> u16 {
    ((hour << 11) | (minute << 5) | (second / 2)) as u16
}

/// `year` must be in 1980..=2107.
fn dos_date(year: i32, month: u32, day: u32) -> u16 {
    ((((year - 1980) as u32) << 9) | (month << 5) | day) as u16
}

/// The format stores name lengths in 16 bits.
fn cap_name_for_format(name: &mut String) {
    let end = name.floor_char_boundary(u16::MAX as usize);
    name.truncate(end);
}

/// Makes names safe for every unzip tool and unique (case-insensitively, since macOS/Windows file systems are
/// case-insensitive): keep unicode letters, replace path separators `/` `\`, control characters, and
/// `: * ? " < > |` with `_`, strip leading dots and spaces and trailing dots and spaces, never empty (use "file"),
/// cap at 200 bytes on a char boundary keeping the extension; a duplicate gets " (2)", " (3)" … inserted before the
/// extension ("IMG_1.jpg", "IMG_1 (2).jpg"). Deterministic for the same input order.
///
/// Also prefixes Windows device names ("CON.jpg" → "_CON.jpg"), which Windows can't create. Names are compared with
/// `str::to_lowercase`; Unicode normalization (NFC vs NFD) is not applied.
pub fn safe_unique_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut unique = UniqueNames::default();
    names.into_iter().map(|name| unique.claim(safe_name(name))).collect()
}

/// Hands out names no earlier name equals case-insensitively.
#[derive(Default)]
struct UniqueNames {
    /// Lowercased names handed out so far.
    taken: HashSet<String>,
    /// Lowercased name → the next " (n)" to try for it, so many copies of one name don't rescan from 2 (quadratic).
    next_number: HashMap<String, u64>,
}

impl UniqueNames {
    fn claim(&mut self, name: String) -> String {
        let key = name.to_lowercase();
        if self.taken.insert(key.clone()) {
            return name;
        }
        let number = self.next_number.entry(key).or_insert(2);
        loop {
            let candidate = numbered_name(&name, *number);
            *number += 1;
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
        }
    }
}

/// "stem (n).ext", with the stem shortened so the result still fits the cap.
fn numbered_name(name: &str, number: u64) -> String {
    let (stem, extension) = split_extension(name);
    let suffix = format!(" ({number})");
    let stem = cut_stem(stem, MAX_SAFE_NAME_BYTES - suffix.len() - extension.len());
    format!("{stem}{suffix}{extension}")
}

fn safe_name(raw: &str) -> String {
    let replaced: String = raw.chars().map(|c| if is_unsafe_char(c) { '_' } else { c }).collect();
    let trimmed = replaced.trim_matches(is_trimmed_char);
    let name = if trimmed.is_empty() { FALLBACK_NAME.to_owned() } else { avoid_windows_device_name(trimmed) };
    cap_safe_name(name)
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
}

/// Windows drops trailing dots and spaces (so "a." and "a" collide) and leading ones hide files or confuse shells.
fn is_trimmed_char(c: char) -> bool {
    c == '.' || c == ' '
}

fn avoid_windows_device_name(name: &str) -> String {
    let base = name.split('.').next().unwrap_or(name).trim_end();
    if WINDOWS_RESERVED.iter().any(|reserved| reserved.eq_ignore_ascii_case(base)) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// Cuts to `MAX_SAFE_NAME_BYTES`, keeping the extension so the file still opens with the right program.
fn cap_safe_name(name: String) -> String {
    if name.len() <= MAX_SAFE_NAME_BYTES {
        return name;
    }
    let (stem, extension) = split_extension(&name);
    let stem = cut_stem(stem, MAX_SAFE_NAME_BYTES - extension.len());
    format!("{stem}{extension}")
}

/// Cuts on a char boundary and drops the dots and spaces the cut may leave at the end.
fn cut_stem(stem: &str, max_bytes: usize) -> &str {
    let cut = &stem[..stem.floor_char_boundary(max_bytes)];
    let cut = cut.trim_end_matches(is_trimmed_char);
    if cut.is_empty() { FALLBACK_NAME } else { cut }
}

/// ("IMG_1", ".jpg"); no extension when there's no dot after the first char or what follows the last dot is too
/// long to be one.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= MAX_EXTENSION_BYTES => name.split_at(dot),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::fs::File;
    use std::io::{Seek, SeekFrom, Write};
    use std::path::{Path, PathBuf};
    use std::process::Command;

    const GIB: u64 = 1 << 30;

    /// A file under the system temp dir, removed on drop (the project has no `tempfile`).
    struct TempPath(PathBuf);

    impl TempPath {
        fn new(tag: &str) -> Self {
            Self(std::env::temp_dir().join(format!("zip_layout_test_{}_{tag}", std::process::id())))
        }
    }

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn time(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).and_then(|date| date.and_hms_opt(h, mi, s)).expect("valid test time")
    }

    fn entry(name: &str, data: &[u8]) -> ZipEntry {
        ZipEntry {
            name: name.to_owned(),
            size: data.len() as u64,
            crc32: crc32fast::hash(data),
            modified: time(2024, 5, 6, 7, 8, 9),
        }
    }

    /// Names and contents for test 1: a unicode name, an empty file and duplicates made unique.
    fn sample() -> (ZipLayout, Vec<Vec<u8>>) {
        let raw = ["IMG_0001.jpg", "Café Ünïcödé 日本.txt", "empty.bin", "img_0001.JPG", "../sub/notes.txt"];
        let names = safe_unique_names(raw);
        let data: Vec<Vec<u8>> = vec![
            (0..=255u8).cycle().take(1000).collect(),
            "héllo wörld\n".as_bytes().to_vec(),
            Vec::new(),
            b"second image".to_vec(),
            b"notes".to_vec(),
        ];
        let entries = names.iter().zip(&data).map(|(name, data)| entry(name, data)).collect();
        (ZipLayout::new(entries), data)
    }

    fn assemble(layout: &ZipLayout, range: Range<u64>, data: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in layout.pieces(range) {
            match piece {
                Piece::Bytes(bytes) => out.extend_from_slice(&bytes),
                Piece::Entry { index, range } => {
                    out.extend_from_slice(&data[index][range.start as usize..range.end as usize])
                }
            }
        }
        out
    }

    fn full_bytes(layout: &ZipLayout, data: &[Vec<u8>]) -> Vec<u8> {
        assemble(layout, 0..layout.len(), data)
    }

    fn write_file(tag: &str, bytes: &[u8]) -> TempPath {
        let path = TempPath::new(tag);
        std::fs::write(&path.0, bytes).expect("write temp zip");
        path
    }

    /// Writes only the generated pieces at their offsets (and data of entries `data` has), leaving holes for the
    /// rest, so multi-GiB archives cost no disk or memory.
    fn write_sparse(tag: &str, layout: &ZipLayout, data: &[Option<Vec<u8>>]) -> TempPath {
        let path = TempPath::new(tag);
        let mut file = File::create(&path.0).expect("create sparse zip");
        file.set_len(layout.len()).expect("set sparse length");
        let mut offset = 0;
        for piece in layout.pieces(0..layout.len()) {
            let len = match &piece {
                Piece::Bytes(bytes) => {
                    write_at(&mut file, offset, bytes);
                    bytes.len() as u64
                }
                Piece::Entry { index, range } => {
                    if let Some(bytes) = &data[*index] {
                        write_at(&mut file, offset, &bytes[range.start as usize..range.end as usize]);
                    }
                    range.end - range.start
                }
            };
            offset += len;
        }
        assert_eq!(offset, layout.len());
        path
    }

    fn write_at(file: &mut File, offset: u64, bytes: &[u8]) {
        file.seek(SeekFrom::Start(offset)).expect("seek");
        file.write_all(bytes).expect("write");
    }

    fn run(command: &mut Command) -> String {
        let output = command.output().expect("run tool");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{command:?} failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        stdout
    }

    fn python(script: &str, zip: &Path) -> String {
        run(Command::new("python3").arg("-c").arg(script).arg(zip))
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn archive_passes_unzip_and_python() {
        let (layout, data) = sample();
        let bytes = full_bytes(&layout, &data);
        assert_eq!(bytes.len() as u64, layout.len());
        let zip = write_file("sample.zip", &bytes);

        let tested = run(Command::new("unzip").arg("-t").arg(&zip.0).env("LC_ALL", "C.UTF-8"));
        assert!(tested.contains("No errors detected"), "{tested}");

        let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    for i in z.infolist():
        print(i.filename.encode().hex(), z.read(i).hex(), oct(i.external_attr >> 16), "%d-%d-%d-%d-%d-%d" % i.date_time)
"#;
        let listed = python(script, &zip.0);
        let expected: Vec<String> = layout
            .entries()
            .iter()
            .zip(&data)
            .map(|(entry, data)| format!("{} {} 0o100644 2024-5-6-7-8-8", hex(entry.name.as_bytes()), hex(data)))
            .collect();
        assert_eq!(listed.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn unzip_extracts_names_contents_and_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let (layout, data) = sample();
        let zip = write_file("extract.zip", &full_bytes(&layout, &data));
        let dir = TempPath::new("extract.dir");
        run(Command::new("unzip").arg("-q").arg(&zip.0).arg("-d").arg(&dir.0).env("LC_ALL", "C.UTF-8"));
        for (entry, data) in layout.entries().iter().zip(&data) {
            let path = dir.0.join(&entry.name);
            assert_eq!(&std::fs::read(&path).expect("extracted file"), data, "{}", entry.name);
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "{}", entry.name);
        }
    }

    #[test]
    fn any_range_matches_the_full_bytes() {
        let (layout, data) = sample();
        let full = full_bytes(&layout, &data);
        let len = layout.len();
        // Every range of this small archive: covers 0, len-1, single bytes and every header/data boundary.
        for start in 0..=len {
            for end in start..=len {
                assert_eq!(assemble(&layout, start..end, &data), full[start as usize..end as usize], "{start}..{end}");
            }
        }
        // Deterministic pseudo-random ranges, some reaching past the end (clamped).
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..1000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let start = (seed >> 33) % (len + 10);
            let end = start + (seed >> 13) % (len / 2);
            let expected = &full[(start.min(len)) as usize..(end.min(len)).max(start.min(len)) as usize];
            assert_eq!(assemble(&layout, start..end, &data), expected, "{start}..{end}");
        }
    }

    #[test]
    fn pieces_are_non_empty_and_sliced_at_the_range() {
        let (layout, _) = sample();
        let len = layout.len();
        assert_eq!(layout.pieces(0..0), Vec::new());
        assert_eq!(layout.pieces(len..len + 5), Vec::new());
        let (start, end) = (5, 3);
        assert_eq!(layout.pieces(start..end), Vec::new(), "reversed range");
        for piece in layout.pieces(0..len) {
            match piece {
                Piece::Bytes(bytes) => assert!(!bytes.is_empty()),
                Piece::Entry { range, .. } => assert!(range.start < range.end),
            }
        }
        // Inside the first entry's data (after its 30-byte header and 12-byte name): one entry piece.
        assert_eq!(layout.pieces(50..60), vec![Piece::Entry { index: 0, range: 8..18 }]);
        // Inside the first local header: one bytes piece of exactly the asked length.
        assert!(matches!(layout.pieces(3..9).as_slice(), [Piece::Bytes(b)] if b.len() == 6));
        assert!(matches!(layout.pieces(len - 1..len).as_slice(), [Piece::Bytes(b)] if b[..] == [0]));
        assert!(matches!(layout.pieces(len - 2..len + 100).as_slice(), [Piece::Bytes(b)] if b[..] == [0, 0]));
    }

    #[test]
    fn same_entries_give_identical_bytes() {
        let (a, data) = sample();
        let (b, _) = sample();
        assert_eq!(full_bytes(&a, &data), full_bytes(&b, &data));
        assert!(!a.is_empty());
    }

    #[test]
    fn empty_archive_is_just_the_end_record() {
        let layout = ZipLayout::new(Vec::new());
        assert_eq!(layout.len(), 22);
        assert!(!layout.is_empty());
        let zip = write_file("empty.zip", &full_bytes(&layout, &[]));
        assert_eq!(python("import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))", &zip.0), "0\n");
    }

    #[test]
    fn zip64_sizes_and_offsets_read_by_python() {
        let small = b"small".to_vec();
        let entries = vec![
            ZipEntry { name: "five.bin".into(), size: 5 * GIB, crc32: 0, modified: time(2024, 1, 1, 0, 0, 0) },
            ZipEntry { name: "three.bin".into(), size: 3 * GIB, crc32: 0, modified: time(2024, 1, 1, 0, 0, 0) },
            entry("small.txt", &small),
        ];
        let layout = ZipLayout::new(entries);
        let zip = write_sparse("zip64.zip", &layout, &[None, None, Some(small)]);

        // Local headers: 30 bytes + name (+ 20-byte ZIP64 extra only for the 5 GiB entry).
        let three_offset = 30 + 8 + 20 + 5 * GIB;
        let small_offset = three_offset + 30 + 9 + 3 * GIB;
        assert!(three_offset > 4 * GIB);
        let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for i in z.infolist():
        with z.open(i) as f:  # reads and checks the local header at header_offset
            head = f.read(5)
        print(i.filename, i.file_size, i.compress_size, i.header_offset, i.extract_version, head.hex())
"#;
        let expected = [
            format!("five.bin {0} {0} 0 45 0000000000", 5 * GIB),
            format!("three.bin {0} {0} {three_offset} 45 0000000000", 3 * GIB),
            format!("small.txt 5 5 {small_offset} 45 {}", hex(b"small")),
        ];
        assert_eq!(python(script, &zip.0).lines().collect::<Vec<_>>(), expected);

        let listed = run(Command::new("unzip").arg("-l").arg(&zip.0));
        assert!(listed.contains(&format!("{}  ", 5 * GIB)) && listed.contains("3 files"), "{listed}");
    }

    #[test]
    fn zip64_extra_fields_are_exactly_the_overflowed_ones() {
        let below = ZipEntry { name: "a".into(), size: OVERFLOW_32 - 1, crc32: 0, modified: time(2024, 1, 1, 0, 0, 0) };
        let at_limit = ZipEntry { name: "b".into(), size: OVERFLOW_32, ..below.clone() };

        // Alone, a size just below the limit needs no ZIP64 at all in its headers.
        let alone = ZipLayout::new(vec![below.clone()]);
        let generated = &alone.generated;
        assert_eq!(&generated[4..6], &VERSION_DEFAULT.to_le_bytes());
        assert_eq!(&generated[26..30], &[1, 0, 0, 0]);
        assert_eq!(u16::from_le_bytes([generated[31 + 30], generated[31 + 31]]), 0);

        // "b" at offset 0 has sizes at the limit; "a" after it has an offset past the limit.
        let layout = ZipLayout::new(vec![at_limit, below]);
        let generated = &layout.generated;
        assert_eq!(&generated[4..6], &VERSION_ZIP64.to_le_bytes());
        assert_eq!(&generated[18..26], &[0xFF; 8]);
        assert_eq!(&generated[26..30], &[1, 0, 20, 0]);
        assert_eq!(
            &generated[31..51],
            &[[1, 0, 16, 0].as_slice(), &OVERFLOW_32.to_le_bytes(), &OVERFLOW_32.to_le_bytes()].concat()
        );
        // "a" locally: ZIP64 version, real sizes, no extra (its offset isn't in the local header).
        let a = 51;
        assert_eq!(&generated[a + 4..a + 6], &VERSION_ZIP64.to_le_bytes());
        assert_eq!(&generated[a + 18..a + 26], &[[0xFE, 0xFF, 0xFF, 0xFF]; 2].concat());
        assert_eq!(&generated[a + 26..a + 30], &[1, 0, 0, 0]);
        // Central: "b" both sizes only, "a" the offset only.
        let b_central = a + 31;
        assert_eq!(&generated[b_central + 30..b_central + 32], &[20, 0]);
        assert_eq!(&generated[b_central + 42..b_central + 46], &[0; 4]);
        assert_eq!(&generated[b_central + 47..b_central + 51], &[1, 0, 16, 0]);
        let a_central = b_central + 46 + 1 + 20;
        let a_offset = 51 + OVERFLOW_32;
        assert_eq!(&generated[a_central + 6..a_central + 8], &VERSION_ZIP64.to_le_bytes());
        assert_eq!(&generated[a_central + 20..a_central + 28], &[[0xFE, 0xFF, 0xFF, 0xFF]; 2].concat());
        assert_eq!(&generated[a_central + 30..a_central + 32], &[12, 0]);
        assert_eq!(&generated[a_central + 42..a_central + 46], &[0xFF; 4]);
        assert_eq!(&generated[a_central + 47..a_central + 51], &[1, 0, 8, 0]);
        assert_eq!(&generated[a_central + 51..a_central + 59], &a_offset.to_le_bytes());
    }

    /// Reads all 8 GiB (holes) so it takes a while; run with `cargo test -- --ignored`.
    #[test]
    #[ignore]
    fn zip64_sparse_archive_passes_unzip_test() {
        let entries = vec![
            ZipEntry {
                name: "five.bin".into(),
                size: 5 * GIB,
                crc32: zeros_crc(5 * GIB),
                modified: time(2024, 1, 1, 0, 0, 0),
            },
            ZipEntry {
                name: "three.bin".into(),
                size: 3 * GIB,
                crc32: zeros_crc(3 * GIB),
                modified: time(2024, 1, 1, 0, 0, 0),
            },
            entry("small.txt", &[0; 5]),
        ];
        let layout = ZipLayout::new(entries);
        let zip = write_sparse("zip64_full.zip", &layout, &[None, None, None]);
        let tested = run(Command::new("unzip").arg("-tq").arg(&zip.0));
        assert!(tested.contains("No errors detected"), "{tested}");
        python("import sys, zipfile; assert zipfile.ZipFile(sys.argv[1]).testzip() is None", &zip.0);
    }

    fn zeros_crc(len: u64) -> u32 {
        const BLOCK: u64 = 1 << 20;
        let mut block = crc32fast::Hasher::new();
        block.update(&vec![0; BLOCK as usize]);
        let mut total = crc32fast::Hasher::new();
        (0..len / BLOCK).for_each(|_| total.combine(&block));
        total.update(&vec![0; (len % BLOCK) as usize]);
        total.finalize()
    }

    #[test]
    fn zip64_by_entry_count() {
        let names: Vec<String> = (0..70_000).map(|i| format!("e{i:05}.txt")).collect();
        let entries = safe_unique_names(names.iter().map(String::as_str)).iter().map(|n| entry(n, &[])).collect();
        let layout = ZipLayout::new(entries);
        let bytes = full_bytes(&layout, &[]);
        // Only the count overflowed: the classic record holds 0xFFFF there and the real directory size and offset.
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[8..12], &[0xFF; 4]);
        assert_ne!(&end[12..16], &[0xFF; 4]);
        assert_ne!(&end[16..20], &[0xFF; 4]);
        assert_eq!(&bytes[bytes.len() - 42..bytes.len() - 38], &ZIP64_LOCATOR_SIGNATURE.to_le_bytes());
        let zip = write_file("many.zip", &bytes);
        let script =
            "import sys, zipfile; n = zipfile.ZipFile(sys.argv[1]).namelist(); print(len(n), len(set(n)), n[0], n[-1])";
        assert_eq!(python(script, &zip.0), "70000 70000 e00000.txt e69999.txt\n");
        let tested = run(Command::new("unzip").arg("-tq").arg(&zip.0));
        assert!(tested.contains("No errors detected"), "{tested}");
    }

    #[test]
    fn dos_time_rules() {
        assert_eq!(dos_time_date(time(1979, 12, 31, 23, 59, 59)), (0, (1 << 5) | 1));
        assert_eq!(dos_time_date(time(1970, 1, 1, 0, 0, 0)), (0, (1 << 5) | 1));
        assert_eq!(dos_time_date(time(1980, 1, 1, 0, 0, 1)), (0, (1 << 5) | 1));
        assert_eq!(dos_time_date(time(2024, 5, 6, 7, 8, 9)), ((7 << 11) | (8 << 5) | 4, (44 << 9) | (5 << 5) | 6));
        assert_eq!(
            dos_time_date(time(2107, 12, 31, 23, 59, 59)),
            ((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31)
        );
        assert_eq!(
            dos_time_date(time(2300, 6, 1, 0, 0, 0)),
            ((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31)
        );
    }

    #[test]
    fn overlong_names_are_cut_for_the_format() {
        let layout = ZipLayout::new(vec![entry(&"é".repeat(40_000), b"x")]);
        assert_eq!(layout.entries()[0].name.len(), 65_534);
    }

    #[test]
    fn safe_names() {
        let names =
            safe_unique_names(["../etc/passwd", "a:b?.jpg", "  .hidden ", "", "..", "tab\there", "x*y\"z<a>b|c\\d"]);
        assert_eq!(names, ["_etc_passwd", "a_b_.jpg", "hidden", "file", "file (2)", "tab_here", "x_y_z_a_b_c_d"]);
        assert!(!names[0].contains('/'));
        assert_eq!(
            safe_unique_names(["Ünïcödé 日本語.JPG", "CON.jpg", "nul", "console.txt"]),
            ["Ünïcödé 日本語.JPG", "_CON.jpg", "_nul", "console.txt"]
        );
    }

    #[test]
    fn duplicates_are_numbered_case_insensitively() {
        let names =
            safe_unique_names(["IMG.JPG", "img.jpg", "Img.Jpg", "IMG (2).JPG", "IMG_1.jpg", "IMG_1.jpg", "a", "A"]);
        assert_eq!(
            names,
            ["IMG.JPG", "img (2).jpg", "Img (3).Jpg", "IMG (2) (2).JPG", "IMG_1.jpg", "IMG_1 (2).jpg", "a", "A (2)"]
        );
        let many = safe_unique_names(std::iter::repeat_n("x.txt", 5000));
        assert_eq!(many[4999], "x (5000).txt");
        assert_eq!(many.iter().map(|n| n.to_lowercase()).collect::<HashSet<_>>().len(), 5000);
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary_keeping_the_extension() {
        let long = format!("{}.jpeg", "日".repeat(100)); // 300 + 5 bytes
        let names = safe_unique_names([long.as_str(), long.as_str()]);
        assert_eq!(names[0], format!("{}.jpeg", "日".repeat(65)));
        assert!(names[0].len() <= MAX_SAFE_NAME_BYTES);
        assert_eq!(names[1], format!("{} (2).jpeg", "日".repeat(63)));
        assert!(names[1].len() <= MAX_SAFE_NAME_BYTES);
        // An overlong "extension" isn't kept: the whole name is cut.
        let odd = format!("a.{}", "b".repeat(300));
        assert_eq!(safe_unique_names([odd.as_str()])[0], format!("a.{}", "b".repeat(198)));
        // A cut that ends in spaces or dots drops them.
        let spaced = format!("{}{}.png", "a".repeat(195), " ".repeat(20));
        assert_eq!(safe_unique_names([spaced.as_str()])[0], format!("{}.png", "a".repeat(195)));
    }
}
