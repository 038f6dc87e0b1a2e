//! The few EXIF facts the platform keeps: orientation, capture time and camera. Metadata is a
//! courtesy, never a reason to refuse a photo: unreadable EXIF yields the defaults.

use chrono::NaiveDateTime;
use exif::{In, Tag, Value};

/// The raw tag values, before interpretation; filled by kamadak-exif or by the TIFF walker.
#[derive(Debug, Default, Clone)]
pub(crate) struct ExifFields {
    /// Orientation (tag 274).
    pub orientation: Option<u64>,
    /// Make (tag 271).
    pub make: Option<String>,
    /// Model (tag 272).
    pub model: Option<String>,
    /// DateTime (tag 306): when the file was last changed.
    pub date_time: Option<String>,
    /// DateTimeOriginal (tag 36867): when the shutter fired.
    pub date_time_original: Option<String>,
    /// SubSecTimeOriginal (tag 37521): the fraction of a second DateTimeOriginal leaves out.
    pub sub_sec_original: Option<String>,
    /// ColorSpace (tag 40961): 1 for sRGB, 65535 for "uncalibrated".
    pub color_space: Option<u64>,
    /// InteroperabilityIndex (tag 1 of the interoperability IFD): "R98" sRGB, "R03" Adobe RGB.
    pub interop_index: Option<String>,
}

/// What the rest of the platform is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExifSummary {
    /// EXIF orientation 1..=8, 1 when absent or invalid.
    pub orientation: u8,
    /// DateTimeOriginal, else DateTime.
    pub captured_at: Option<NaiveDateTime>,
    /// "NIKON D850": make and model, the make not repeated.
    pub camera: Option<String>,
    /// The camera was set to Adobe RGB (DCF's option file: ColorSpace "uncalibrated" with the
    /// interoperability index "R03"), which most bodies write with no ICC profile.
    pub adobe_rgb: bool,
}

impl Default for ExifSummary {
    fn default() -> Self {
        Self { orientation: 1, captured_at: None, camera: None, adobe_rgb: false }
    }
}

/// Interprets an EXIF block that starts at its TIFF header (as found in JPEG APP1 after
/// `Exif\0\0`, PNG `eXIf` or WebP `EXIF`).
pub(crate) fn from_raw(raw: Option<&[u8]>) -> ExifSummary {
    let Some(raw) = raw else { return ExifSummary::default() };
    let mut reader = exif::Reader::new();
    // Keep what parses: one bad tag in a maker's IFD should not hide the capture time.
    reader.continue_on_error(true);
    let exif = match reader.read_raw(raw.to_vec()) {
        Ok(exif) => exif,
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(_) => return ExifSummary::default(),
    };
    let text = |tag: Tag| {
        exif.get_field(tag, In::PRIMARY).and_then(|field| match &field.value {
            Value::Ascii(parts) => {
                parts.first().map(|bytes| String::from_utf8_lossy(bytes).trim_end_matches('\0').to_owned())
            }
            _ => None,
        })
    };
    let fields = ExifFields {
        orientation: exif
            .get_field(Tag::Orientation, In::PRIMARY)
            .and_then(|field| field.value.get_uint(0))
            .map(u64::from),
        make: text(Tag::Make),
        model: text(Tag::Model),
        date_time: text(Tag::DateTime),
        date_time_original: text(Tag::DateTimeOriginal),
        sub_sec_original: text(Tag::SubSecTimeOriginal),
        color_space: exif.get_field(Tag::ColorSpace, In::PRIMARY).and_then(|f| f.value.get_uint(0)).map(u64::from),
        interop_index: text(Tag::InteroperabilityIndex),
    };
    summarise(fields)
}

/// Turns raw tag values into the summary.
pub(crate) fn summarise(fields: ExifFields) -> ExifSummary {
    let orientation = match fields.orientation {
        Some(value @ 1..=8) => value as u8,
        _ => 1,
    };
    // The fraction of a second orders a burst's frames, which share their whole second.
    let shutter = fields
        .date_time_original
        .as_deref()
        .and_then(parse_date)
        .map(|at| at + fields.sub_sec_original.as_deref().map_or(chrono::Duration::zero(), sub_seconds));
    let captured_at = shutter.or_else(|| fields.date_time.as_deref().and_then(parse_date));
    let camera = camera_name(fields.make.as_deref(), fields.model.as_deref());
    let adobe_rgb = fields.color_space == Some(0xFFFF) && fields.interop_index.as_deref().map(str::trim) == Some("R03");
    ExifSummary { orientation, captured_at, camera, adobe_rgb }
}

/// SubSecTime's digits ("07" is 70 ms, "123" 123 ms), as a duration; nothing unreadable.
fn sub_seconds(text: &str) -> chrono::Duration {
    let digits: String = text.trim().chars().take_while(char::is_ascii_digit).take(6).collect();
    let micros = digits.parse::<i64>().ok().map_or(0, |n| n * 10_i64.pow(6 - digits.len() as u32));
    chrono::Duration::microseconds(micros)
}

/// EXIF dates are "YYYY:MM:DD HH:MM:SS"; cameras without a clock write zeros or blanks.
fn parse_date(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y:%m:%d %H:%M:%S").ok()
}

/// Corporate words makers append to the Make tag ("NIKON CORPORATION", "OLYMPUS IMAGING
/// CORP.") that nobody says when naming a camera.
const MAKE_SUFFIXES: &[&str] = &["corporation", "corp", "imaging", "company", "co", "ltd", "inc", "optical", "camera"];

/// "NIKON D850" from make "NIKON CORPORATION" and model "NIKON D850"; "SONY DSC-RX100M4" from
/// "SONY" and "DSC-RX100M4". The make is dropped when the model already starts with it.
pub(crate) fn camera_name(make: Option<&str>, model: Option<&str>) -> Option<String> {
    let model = model.map(str::trim).filter(|m| !m.is_empty());
    let mut words: Vec<&str> = make.map(str::trim).unwrap_or("").split_whitespace().collect();
    while words.len() > 1
        && words.last().is_some_and(|w| {
            let bare = w.trim_end_matches([',', '.']).to_ascii_lowercase();
            MAKE_SUFFIXES.contains(&bare.as_str())
        })
    {
        words.pop();
    }
    let make = words.join(" ");
    let make = make.trim_end_matches([',', '.']);
    match (make.is_empty(), model) {
        (true, None) => None,
        (true, Some(model)) => Some(model.to_owned()),
        (false, None) => Some(make.to_owned()),
        (false, Some(model)) => {
            let first_word = make.split_whitespace().next().unwrap_or(make);
            let lower = model.to_ascii_lowercase();
            if lower.starts_with(&make.to_ascii_lowercase()) || lower.starts_with(&first_word.to_ascii_lowercase()) {
                Some(model.to_owned())
            } else {
                Some(format!("{make} {model}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_names_read_naturally() {
        assert_eq!(camera_name(Some("NIKON"), Some("NIKON D850")).as_deref(), Some("NIKON D850"));
        assert_eq!(camera_name(Some("NIKON CORPORATION"), Some("NIKON D850")).as_deref(), Some("NIKON D850"));
        assert_eq!(camera_name(Some("SONY"), Some("DSC-RX100M4")).as_deref(), Some("SONY DSC-RX100M4"));
        assert_eq!(camera_name(Some("OLYMPUS IMAGING CORP."), Some("E-M1")).as_deref(), Some("OLYMPUS E-M1"));
        assert_eq!(camera_name(Some("Canon"), Some("Canon EOS R5")).as_deref(), Some("Canon EOS R5"));
        assert_eq!(camera_name(None, Some("iPhone 15")).as_deref(), Some("iPhone 15"));
        assert_eq!(camera_name(Some("  "), None), None);
    }

    #[test]
    fn dates_parse_and_blank_dates_do_not() {
        let date = parse_date("2026:06:14 16:32:05").map(|d| d.to_string());
        assert_eq!(date.as_deref(), Some("2026-06-14 16:32:05"));
        assert_eq!(parse_date("0000:00:00 00:00:00"), None);
        assert_eq!(parse_date("    :  :     :  :  "), None);
    }

    #[test]
    fn capture_time_falls_back_to_date_time() {
        let fields = ExifFields { date_time: Some("2020:07:30 15:30:37".into()), ..ExifFields::default() };
        let captured = summarise(fields.clone()).captured_at.map(|d| d.to_string());
        assert_eq!(captured.as_deref(), Some("2020-07-30 15:30:37"));
        let both = ExifFields { date_time_original: Some("2020:02:19 16:35:05".into()), ..fields };
        let captured = summarise(both).captured_at.map(|d| d.to_string());
        assert_eq!(captured.as_deref(), Some("2020-02-19 16:35:05"));
    }

    #[test]
    fn a_bursts_frames_keep_their_fraction_of_a_second() {
        let at = |sub: &str| {
            let fields = ExifFields {
                date_time_original: Some("2026:06:14 16:32:05".into()),
                sub_sec_original: Some(sub.into()),
                ..ExifFields::default()
            };
            summarise(fields).captured_at.map(|d| d.format("%H:%M:%S%.3f").to_string())
        };
        assert_eq!(at("10").as_deref(), Some("16:32:05.100"));
        assert_eq!(at("09 ").as_deref(), Some("16:32:05.090"));
        assert_eq!(at("123").as_deref(), Some("16:32:05.123"));
        assert_eq!(at("").as_deref(), Some("16:32:05.000"));
    }

    #[test]
    fn a_camera_set_to_adobe_rgb_is_known_without_a_profile() {
        // IFD0 → Exif IFD (ColorSpace 0xFFFF) → interoperability IFD ("R03"), big-endian.
        let mut raw: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        raw.extend_from_slice(&[0, 1, 0x87, 0x69, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
        raw.extend_from_slice(&[0, 2, 0xA0, 0x01, 0, 3, 0, 0, 0, 1, 0xFF, 0xFF, 0, 0]);
        raw.extend_from_slice(&[0xA0, 0x05, 0, 4, 0, 0, 0, 1, 0, 0, 0, 56, 0, 0, 0, 0]);
        raw.extend_from_slice(&[0, 1, 0, 1, 0, 2, 0, 0, 0, 4, b'R', b'0', b'3', 0, 0, 0, 0, 0]);
        assert!(from_raw(Some(&raw)).adobe_rgb);
        let srgb = ExifFields { color_space: Some(1), interop_index: Some("R98".into()), ..ExifFields::default() };
        assert!(!summarise(srgb).adobe_rgb);
    }

    #[test]
    fn orientation_out_of_range_means_upright() {
        let fields = ExifFields { orientation: Some(9), ..ExifFields::default() };
        assert_eq!(summarise(fields).orientation, 1);
    }
}
