//! The bytes of the ZIP records (PKWARE APPNOTE 6.3.x): local and central headers, the ZIP64
//! extra field, the end records, and MS-DOS times.

use super::*;
use bytes::BufMut;
use chrono::{Datelike, NaiveDateTime, Timelike};

pub(super) fn put_local_header(buf: &mut BytesMut, entry: &ZipEntry, offset: u64) {
    let needs = Zip64Needs::of(entry.size, offset);
    let extra = needs.local_fields(entry.size);
    buf.put_u32_le(LOCAL_HEADER_SIGNATURE);
    buf.put_u16_le(needs.version_needed());
    put_common_fields(buf, entry);
    buf.put_u16_le(extra_len(&extra));
    buf.put_slice(entry.name.as_bytes());
    put_zip64_extra(buf, &extra);
}

pub(super) fn put_central_header(buf: &mut BytesMut, entry: &ZipEntry, offset: u64) {
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
pub(super) fn put_common_fields(buf: &mut BytesMut, entry: &ZipEntry) {
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

pub(super) fn extra_len(fields: &[u64]) -> u16 {
    if fields.is_empty() { 0 } else { 4 + 8 * fields.len() as u16 }
}

pub(super) fn put_zip64_extra(buf: &mut BytesMut, fields: &[u64]) {
    if fields.is_empty() {
        return;
    }
    buf.put_u16_le(ZIP64_EXTRA_ID);
    buf.put_u16_le(8 * fields.len() as u16);
    fields.iter().for_each(|&field| buf.put_u64_le(field));
}

/// A 32-bit field: the value, or 0xFFFFFFFF when it doesn't fit and a ZIP64 record carries it.
pub(super) fn field_32(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A 16-bit field: the value, or 0xFFFF when it doesn't fit and the ZIP64 end record carries it.
pub(super) fn field_16(value: u64) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

/// The ZIP64 end record and locator (when anything overflowed the classic record), then the classic end record.
pub(super) fn put_end_records(buf: &mut BytesMut, count: u64, directory_offset: u64, directory_len: u64) {
    let zip64_end_offset = directory_offset + directory_len;
    if count >= OVERFLOW_16 || directory_offset >= OVERFLOW_32 || directory_len >= OVERFLOW_32 {
        put_zip64_end(buf, count, directory_offset, directory_len);
        put_zip64_locator(buf, zip64_end_offset);
    }
    put_end(buf, count, directory_offset, directory_len);
}

pub(super) fn put_zip64_end(buf: &mut BytesMut, count: u64, directory_offset: u64, directory_len: u64) {
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

pub(super) fn put_zip64_locator(buf: &mut BytesMut, zip64_end_offset: u64) {
    buf.put_u32_le(ZIP64_LOCATOR_SIGNATURE);
    buf.put_u32_le(0); // disk with the ZIP64 end record
    buf.put_u64_le(zip64_end_offset);
    buf.put_u32_le(1); // total number of disks
}

pub(super) fn put_end(buf: &mut BytesMut, count: u64, directory_offset: u64, directory_len: u64) {
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
pub(super) fn dos_time_date(modified: NaiveDateTime) -> (u16, u16) {
    match modified.year() {
        ..1980 => (0, dos_date(1980, 1, 1)),
        2108.. => (dos_time(23, 59, 58), dos_date(2107, 12, 31)),
        year => (
            dos_time(modified.hour(), modified.minute(), modified.second()),
            dos_date(year, modified.month(), modified.day()),
        ),
    }
}

pub(super) fn dos_time(hour: u32, minute: u32, second: u32) -> u16 {
    ((hour << 11) | (minute << 5) | (second / 2)) as u16
}

/// `year` must be in 1980..=2107.
pub(super) fn dos_date(year: i32, month: u32, day: u32) -> u16 {
    ((((year - 1980) as u32) << 9) | (month << 5) | day) as u16
}
