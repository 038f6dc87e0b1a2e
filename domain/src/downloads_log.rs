//! The photographer's downloads log as they read it: one line per download (a ZIP is one line
//! that lists its photos, not one line per photo), and totals for the whole gallery.

use crate::downloads::{DownloadRecord, Downloader};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One download: a single file, or a whole ZIP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownloadLine {
    pub at: DateTime<Utc>,
    pub email: Option<String>,
    pub who: Downloader,
    pub link_label: Option<String>,
    pub size: String,
    /// The photos sent, in the order they were packed.
    pub files: Vec<String>,
    pub bytes: u64,
    pub zip: bool,
}

/// The gallery's downloads, counted over every line ever logged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadTotals {
    /// ZIPs started.
    pub zips: u64,
    /// Single photos downloaded.
    pub singles: u64,
    /// Photos sent, in ZIPs or alone.
    pub files: u64,
    pub bytes: u64,
    /// Different email addresses among the downloaders.
    pub people: u64,
}

/// The log the editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownloadsLog {
    pub totals: DownloadTotals,
    /// Newest first.
    pub lines: Vec<DownloadLine>,
    /// The lines hold only the latest files (the totals still count everything).
    pub truncated: bool,
}

/// Groups `records` (newest first, as logged) into downloads: the files of one ZIP were logged
/// together, with the same moment, visitor and size, so neighbours sharing those are one line.
pub fn group(records: Vec<DownloadRecord>) -> Vec<DownloadLine> {
    let mut lines: Vec<DownloadLine> = Vec::new();
    for record in records {
        if let Some(last) = lines.last_mut()
            && record.in_zip
            && last.zip
            && last.at == record.at
            && last.email == record.email
            && last.who == record.who
            && last.link_label == record.link_label
            && last.size == record.size
        {
            last.files.push(record.file_name);
            last.bytes += record.bytes;
            continue;
        }
        lines.push(DownloadLine {
            at: record.at,
            email: record.email,
            who: record.who,
            link_label: record.link_label,
            size: record.size,
            files: vec![record.file_name],
            bytes: record.bytes,
            zip: record.in_zip,
        });
    }
    lines
}

/// The log as CSV, one row per file sent (a ZIP's files share its moment and are marked
/// `in_zip`): RFC 4180 with CRLF, cells a spreadsheet would run as a formula defused.
pub fn csv(records: &[DownloadRecord]) -> String {
    use crate::select_export::cell;
    let mut out = String::from("time_utc,email,role,link,file_name,size,bytes,in_zip\r\n");
    for r in records {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\r\n",
            r.at.format("%Y-%m-%dT%H:%M:%SZ"),
            cell(r.email.as_deref().unwrap_or_default()),
            cell(r.who.label()),
            cell(r.link_label.as_deref().unwrap_or_default()),
            cell(&r.file_name),
            cell(&r.size),
            r.bytes,
            if r.in_zip { "yes" } else { "no" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn record(second: u32, email: &str, file: &str, in_zip: bool) -> DownloadRecord {
        DownloadRecord {
            at: Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, second).single().expect("date"),
            email: Some(email.to_owned()),
            who: Downloader::Visitor(crate::policy::Role::MainClient),
            link_label: Some("Ana".to_owned()),
            file_name: file.to_owned(),
            size: "Original".to_owned(),
            bytes: 10,
            in_zip,
        }
    }

    #[test]
    fn a_zip_is_one_line_with_its_photos_and_their_bytes() {
        let lines = group(vec![
            record(9, "ana@example.com", "c.jpg", false),
            record(5, "ana@example.com", "a.jpg", true),
            record(5, "ana@example.com", "b.jpg", true),
            // Another ZIP at the same moment by someone else stays apart.
            record(5, "tom@example.com", "a.jpg", true),
            record(1, "ana@example.com", "a.jpg", true),
        ]);
        let shape: Vec<_> = lines.iter().map(|l| (l.zip, l.files.len(), l.bytes)).collect();
        assert_eq!(shape, vec![(false, 1, 10), (true, 2, 20), (true, 1, 10), (true, 1, 10)]);
        assert_eq!(lines[1].files, vec!["a.jpg", "b.jpg"]);
    }

    #[test]
    fn single_downloads_never_merge() {
        let lines =
            group(vec![record(5, "ana@example.com", "a.jpg", false), record(5, "ana@example.com", "a.jpg", false)]);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn the_csv_has_a_row_per_file_and_defuses_formulas() {
        let mut zip = record(5, "=cmd@example.com", "a,b.jpg", true);
        zip.who = Downloader::Photographer;
        let csv = csv(&[record(9, "ana@example.com", "c.jpg", false), zip]);
        let rows: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(rows[0], "time_utc,email,role,link,file_name,size,bytes,in_zip");
        assert_eq!(rows[1], "2026-06-01T12:00:09Z,ana@example.com,Main client,Ana,c.jpg,Original,10,no");
        assert!(
            rows[2].starts_with("2026-06-01T12:00:05Z,'=cmd@example.com,Photographer,Ana,\"a,b.jpg\""),
            "{}",
            rows[2]
        );
        assert!(rows[2].ends_with(",yes"));
    }
}
