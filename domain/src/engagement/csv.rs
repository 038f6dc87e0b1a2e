//! A report's tables as CSV: RFC 4180 (CRLF, quoted cells), and cells a spreadsheet would run as
//! a formula defused, as the selects CSV does.

use super::report::{DayRow, GalleryLine, ImageRow, PersonRow};
use crate::select_export::cell;

/// Visits, unique visitors and downloads per day.
pub fn days(rows: &[DayRow]) -> String {
    let mut out = String::from("day,visits,unique_visitors,downloads\r\n");
    for row in rows {
        out.push_str(&format!("{},{},{},{}\r\n", row.day.format("%Y-%m-%d"), row.visits, row.visitors, row.downloads));
    }
    out
}

/// The photos with their views, selects and downloads.
pub fn images(rows: &[ImageRow]) -> String {
    let mut out = String::from("file_name,views,selects,downloads\r\n");
    for row in rows {
        out.push_str(&format!("{},{},{},{}\r\n", cell(&row.file_name), row.views, row.selects, row.downloads));
    }
    out
}

/// The people with what they did and when they were last seen (UTC, ISO 8601).
pub fn people(rows: &[PersonRow]) -> String {
    let mut out = String::from("email,visits,selects,downloads,comments,annotations,last_seen\r\n");
    for row in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            cell(&row.email),
            row.visits,
            row.selects,
            row.downloads,
            row.comments,
            row.annotations,
            row.last_seen.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    out
}

/// The studio's galleries with their totals.
pub fn galleries(rows: &[GalleryLine]) -> String {
    let mut out =
        String::from("gallery,visits,unique_visitors,emails,selects,downloads,zips,comments,annotations,orders\r\n");
    for row in rows {
        let t = &row.totals;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\r\n",
            cell(&row.title),
            t.visits,
            t.visitors,
            t.emails,
            t.selects,
            t.downloads,
            t.zips,
            t.comments,
            t.annotations,
            t.orders
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ImageId;

    #[test]
    fn cells_are_quoted_and_defused() {
        let row = PersonRow {
            email: "=cmd|'/c calc'!A1@example.com".to_owned(),
            visits: 2,
            selects: 1,
            downloads: 0,
            comments: 0,
            annotations: 4,
            last_seen: chrono::DateTime::from_timestamp(1_796_000_000, 0).expect("time"),
        };
        let text = people(&[row]);
        assert!(text.starts_with("email,visits,selects,downloads,comments,annotations,last_seen\r\n"));
        assert!(text.contains("'=cmd|'/c calc'!A1@example.com,2,1,0,0,4,2026-"), "{text}");
        let image = ImageRow {
            image: ImageId(uuid::Uuid::nil()),
            file_name: "a, \"b\".jpg".to_owned(),
            thumb: String::new(),
            views: 1,
            selects: 0,
            downloads: 3,
        };
        assert_eq!(images(&[image]), "file_name,views,selects,downloads\r\n\"a, \"\"b\"\".jpg\",1,0,3\r\n");
    }
}
