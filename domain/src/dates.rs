//! Dates as pages write them ("14 June 2026", "14 Jun 09:30"), without chrono's `strftime`
//! machinery: the browser bundle carries only these few lines.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "14 June 2026".
pub fn long_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

/// "14 Jun 09:30".
pub fn day_and_time(at: NaiveDateTime) -> String {
    let month = &MONTHS[at.month0() as usize][..3];
    format!("{} {month} {:02}:{:02}", at.day(), at.hour(), at.minute())
}

/// "14 Jun 2026, 09:30".
pub fn day_year_and_time(at: NaiveDateTime) -> String {
    let month = &MONTHS[at.month0() as usize][..3];
    format!("{} {month} {}, {:02}:{:02}", at.day(), at.year(), at.hour(), at.minute())
}

/// "2026-06-14T09:30:00Z", for a `<time datetime>` (a moment in UTC).
pub fn iso_utc(at: NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_pages_write_them() {
        let date = NaiveDate::from_ymd_opt(2026, 6, 4).expect("date");
        assert_eq!(long_date(date), "4 June 2026");
        let at = date.and_hms_opt(9, 5, 7).expect("time");
        assert_eq!(day_and_time(at), "4 Jun 09:05");
        assert_eq!(day_year_and_time(at), "4 Jun 2026, 09:05");
        assert_eq!(iso_utc(at), "2026-06-04T09:05:07Z");
    }
}
