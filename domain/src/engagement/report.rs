//! A report's range and what it holds.

use crate::ids::{GalleryId, ImageId};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Events are kept this long (and a range reaches no further back).
pub const KEPT_MONTHS: u32 = 13;

/// The first and last day of a report, both included (the studio's days, see `GalleryReport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl ReportRange {
    /// The last 30 days up to `today`.
    pub fn last_30_days(today: NaiveDate) -> ReportRange {
        ReportRange { from: today - Days::new(29), to: today }
    }

    /// The range a report page asks for (`from`/`to` as `YYYY-MM-DD`, either may be missing or
    /// wrong): the last 30 days by default, the two ends swapped when given backwards, never
    /// past today nor before what is kept.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> ReportRange {
        let day = |text: Option<&str>| text.and_then(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok());
        let default = ReportRange::last_30_days(today);
        let (mut from, mut to) = (day(from).unwrap_or(default.from), day(to).unwrap_or(default.to));
        if from > to {
            std::mem::swap(&mut from, &mut to);
        }
        let earliest = ReportRange::earliest(today);
        ReportRange { from: from.clamp(earliest, today), to: to.clamp(earliest, today) }
    }

    /// The first day still kept on `today`.
    pub fn earliest(today: NaiveDate) -> NaiveDate {
        today.checked_sub_months(Months::new(KEPT_MONTHS)).unwrap_or(today)
    }

    /// Every day of the range, in order.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while(move |d| *d <= self.to)
    }

    /// How many days it spans (at least one: both ends are included).
    pub fn days_spanned(self) -> usize {
        (self.to - self.from).num_days().max(0) as usize + 1
    }

    /// `YYYY-MM-DD`, the form days are stored and linked in.
    pub fn key(day: NaiveDate) -> String {
        format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
    }
}

/// Totals over a range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub visits: u64,
    /// Unique visitors, summed day by day: a visitor is recognised within a day only (their
    /// address is hashed with a salt that changes daily and is then deleted).
    pub visitors: u64,
    pub views: u64,
    pub emails: u64,
    pub selects: u64,
    pub comments: u64,
    pub annotations: u64,
    pub shares: u64,
    /// Files sent, singles and ZIP entries.
    pub downloads: u64,
    pub zips: u64,
    pub orders: u64,
}

/// One day's visits, visitors and downloads (the chart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRow {
    pub day: NaiveDate,
    pub visits: u64,
    pub visitors: u64,
    pub downloads: u64,
}

/// One photo among the most looked at, selected and downloaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRow {
    pub image: ImageId,
    pub file_name: String,
    /// Its thumbnail's address (`/media/{id}/480`), for the owner's page.
    pub thumb: String,
    pub views: u64,
    pub selects: u64,
    pub downloads: u64,
}

/// One person (an email given at the gallery) and what they did in the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub email: String,
    pub visits: u64,
    pub selects: u64,
    pub downloads: u64,
    pub comments: u64,
    /// Photos marked up (a photo's marks saved again the same day count once).
    pub annotations: u64,
    pub last_seen: DateTime<Utc>,
}

/// A gallery's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryReport {
    pub gallery: GalleryId,
    pub title: String,
    pub range: ReportRange,
    /// The studio's today (in its time zone), which the quick ranges count back from: the page
    /// never asks the browser's clock, so the server's markup and the hydrated page agree.
    pub today: NaiveDate,
    /// The studio's time zone, whose midnights the days run between (`Europe/Paris`).
    pub time_zone: String,
    pub totals: Totals,
    pub days: Vec<DayRow>,
    /// The photos with any views, selects or downloads, most first (at most `TOP_IMAGES`).
    pub images: Vec<ImageRow>,
    pub people: Vec<PersonRow>,
}

/// How many photos the report lists.
pub const TOP_IMAGES: usize = 20;

/// One gallery's line in the studio's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryLine {
    pub gallery: GalleryId,
    pub title: String,
    pub totals: Totals,
}

/// The studio's overview across its galleries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioReport {
    pub range: ReportRange,
    /// The studio's today, as in `GalleryReport`.
    pub today: NaiveDate,
    /// The studio's time zone, as in `GalleryReport`.
    pub time_zone: String,
    pub totals: Totals,
    pub days: Vec<DayRow>,
    /// Galleries with activity in the range, busiest first.
    pub galleries: Vec<GalleryLine>,
}

/// Fills the days of `range` that had nothing with zeros, in order.
pub fn every_day(range: ReportRange, known: &[DayRow]) -> Vec<DayRow> {
    range
        .days()
        .map(|day| {
            known.iter().find(|d| d.day == day).copied().unwrap_or(DayRow { day, visits: 0, visitors: 0, downloads: 0 })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn ranges_default_swap_and_clamp() {
        let today = date("2026-12-04");
        assert_eq!(ReportRange::parse(None, None, today), ReportRange { from: date("2026-11-05"), to: today });
        assert_eq!(ReportRange::parse(Some("2026-12-01"), Some("2026-11-01"), today).from, date("2026-11-01"));
        assert_eq!(ReportRange::parse(Some("garbage"), Some("2027-01-01"), today).to, today);
        assert_eq!(ReportRange::parse(Some("2020-01-01"), None, today).from, date("2025-11-04"));
        assert_eq!(ReportRange::parse(Some("2026-12-04"), Some("2026-12-04"), today).days_spanned(), 1);
        assert_eq!(ReportRange::key(date("2026-01-02")), "2026-01-02");
    }

    #[test]
    fn every_day_is_listed() {
        let range = ReportRange { from: date("2026-12-01"), to: date("2026-12-03") };
        let known = [DayRow { day: date("2026-12-02"), visits: 4, visitors: 2, downloads: 1 }];
        let days = every_day(range, &known);
        assert_eq!(days.iter().map(|d| d.visits).collect::<Vec<_>>(), vec![0, 4, 0]);
    }
}
