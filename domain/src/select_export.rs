//! A list of selects as text the photographer pastes into their editing software, or as CSV.
//!
//! The formats, exactly:
//! - **Lightroom Classic**: file names without their extension, joined by `", "`
//!   (`IMG_0001, IMG_0002`). Paste into Library → Library Filter → Text → *Filename* →
//!   *Contains*: "Contains" matches any of the comma-separated words, and leaving the extension
//!   out matches the raw file (`IMG_0001.CR3`) the gallery's JPEG was exported from.
//! - **Capture One**: the same names without extension, separated by single spaces
//!   (`IMG_0001 IMG_0002`), for the search field of the Filters tool.
//! - **CSV** (RFC 4180, header row): `number,file_name,list,email`.

use serde::{Deserialize, Serialize};

/// What the photographer copies a list as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    LightroomClassic,
    CaptureOne,
}

impl ExportFormat {
    /// The button's label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::LightroomClassic => "Copy for Lightroom Classic",
            Self::CaptureOne => "Copy for Capture One",
        }
    }

    /// Where to paste it, as the UI explains.
    pub const fn hint(self) -> &'static str {
        match self {
            Self::LightroomClassic => "Library Filter → Text → Filename → Contains",
            Self::CaptureOne => "Filters tool → search field",
        }
    }
}

/// The file names of a list as `format` wants them.
pub fn filter_text(format: ExportFormat, file_names: &[String]) -> String {
    let separator = match format {
        ExportFormat::LightroomClassic => ", ",
        ExportFormat::CaptureOne => " ",
    };
    let mut seen: Vec<&str> = Vec::new();
    for name in file_names.iter().map(|n| stem(n)) {
        if !name.is_empty() && !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen.join(separator)
}

/// A file name without its last extension (`IMG_1.jpg` → `IMG_1`; `.hidden` stays).
fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// One CSV row: the image's running number in the list, its file name, the list, the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow<'a> {
    pub file_name: &'a str,
    pub list: &'a str,
    pub email: &'a str,
}

/// The rows as CSV with a header, numbered from 1 within each list, CRLF line ends (RFC 4180).
/// Cells that a spreadsheet would run as a formula are prefixed with `'`.
pub fn csv(rows: &[CsvRow<'_>]) -> String {
    let mut out = String::from("number,file_name,list,email\r\n");
    let mut number = 0;
    let mut current: Option<(&str, &str)> = None;
    for row in rows {
        if current != Some((row.list, row.email)) {
            current = Some((row.list, row.email));
            number = 0;
        }
        number += 1;
        out.push_str(&format!("{number},{},{},{}\r\n", cell(row.file_name), cell(row.list), cell(row.email)));
    }
    out
}

/// One CSV cell: quoted when needed, and defused when a spreadsheet would run it as a formula.
pub fn cell(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\r', '\n']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn lightroom_takes_comma_separated_stems() {
        let list = names(&["IMG_0001.jpg", "IMG_0002.JPG", "DSC 3.final.jpeg", "IMG_0001.png"]);
        assert_eq!(filter_text(ExportFormat::LightroomClassic, &list), "IMG_0001, IMG_0002, DSC 3.final");
        assert_eq!(filter_text(ExportFormat::CaptureOne, &list[..2]), "IMG_0001 IMG_0002");
        assert_eq!(filter_text(ExportFormat::CaptureOne, &[]), "");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let rows = [
            CsvRow { file_name: "a.jpg", list: "Album", email: "x@example.com" },
            CsvRow { file_name: "b, \"c\".jpg", list: "Album", email: "x@example.com" },
            CsvRow { file_name: "=cmd.jpg", list: "Prints", email: "x@example.com" },
        ];
        assert_eq!(
            csv(&rows),
            "number,file_name,list,email\r\n1,a.jpg,Album,x@example.com\r\n2,\"b, \"\"c\"\".jpg\",Album,x@example.com\r\n1,'=cmd.jpg,Prints,x@example.com\r\n"
        );
    }
}
