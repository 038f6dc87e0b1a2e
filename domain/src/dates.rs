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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_pages_write_them() {
        let date = NaiveDate::from_ymd_opt(2026, 6, 4).expect("date");
        assert_eq!(long_date(date), "4 June 2026");
        assert_eq!(day_and_time(date.and_hms_opt(9, 5, 0).expect("time")), "4 Jun 09:05");
    }
}
