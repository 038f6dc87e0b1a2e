//! Engagement: the kinds of event recorded, the report's range and wire types, the chart's
//! geometry and the CSV files. Pure: the backend records and sums, the pages draw.
//!
//! - `report`: what a report holds (totals, days, images, people) and its range.
//! - `chart`: bars for a run of days, as numbers an SVG is drawn from.
//! - `csv`: every table of a report as CSV (formula-safe).
//! - `notifications`: the kinds of mail a person can switch off, and the studio's settings.

pub mod chart;
pub mod csv;
pub mod notifications;
pub mod report;
pub mod robots;

use serde::{Deserialize, Serialize};

/// What happened in a gallery. Stored by `token`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    /// A visitor opened the gallery page (a reload within a minute is the same visit).
    Visit,
    /// The first visit of a visitor on a day (counted once per gallery and day).
    Visitor,
    /// A photo opened large (once per visitor, photo and ten minutes).
    View,
    /// An email address given at the gallery (once per address and link).
    Email,
    /// A photo starred.
    Select,
    Comment,
    Annotation,
    /// The gallery shared by email with someone.
    Share,
    /// One file sent (a ZIP's files each count, under their image).
    Download,
    /// One ZIP started from its first byte.
    Zip,
    /// An order paid.
    Order,
}

impl EventKind {
    pub const ALL: [EventKind; 11] = [
        EventKind::Visit,
        EventKind::Visitor,
        EventKind::View,
        EventKind::Email,
        EventKind::Select,
        EventKind::Comment,
        EventKind::Annotation,
        EventKind::Share,
        EventKind::Download,
        EventKind::Zip,
        EventKind::Order,
    ];

    pub fn token(self) -> &'static str {
        match self {
            EventKind::Visit => "visit",
            EventKind::Visitor => "visitor",
            EventKind::View => "view",
            EventKind::Email => "email",
            EventKind::Select => "select",
            EventKind::Comment => "comment",
            EventKind::Annotation => "annotation",
            EventKind::Share => "share",
            EventKind::Download => "download",
            EventKind::Zip => "zip",
            EventKind::Order => "order",
        }
    }

    pub fn parse(token: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.token() == token)
    }

    /// Whether the daily digest tells the photographer about it (visits and views are for the
    /// report; the digest is what clients did).
    pub fn in_digest(self) -> bool {
        matches!(
            self,
            EventKind::Select
                | EventKind::Comment
                | EventKind::Annotation
                | EventKind::Download
                | EventKind::Zip
                | EventKind::Order
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.token()), Some(kind));
        }
        assert_eq!(EventKind::parse("nope"), None);
    }
}
