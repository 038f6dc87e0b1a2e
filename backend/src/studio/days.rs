//! A studio's days: midnight to midnight in its own time zone (the one its digest keeps).
//! - Engagement: an evening's visits are that evening's, not the next UTC day's. A day is fixed
//!   when an event is recorded (the counts are kept by day): days recorded before the studio chose
//!   its zone, or before it changed it, stay as they were.
//! - Last days (of a gallery, an access link, a delivery set or its link): chosen as a day, they
//!   end at that day's midnight in the studio's zone, and are shown as that day again. The moment
//!   is stored, so a studio that changes its zone later keeps the moments already chosen until
//!   they are saved again (`keep_or_end`).

use crate::entities::studio;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

/// The studio's time zone, read by its id (UTC when it has none we know).
pub async fn zone_of<C: ConnectionTrait>(db: &C, studio: Uuid) -> Result<Tz, DbErr> {
    Ok(studio::Entity::find_by_id(studio).one(db).await?.as_ref().map_or(chrono_tz::UTC, zone))
}

/// The time zone of a studio already read (UTC when it has none we know).
pub fn zone(studio: &studio::Model) -> Tz {
    crate::studio::notifications::time_zone(&studio.time_zone).unwrap_or(chrono_tz::UTC)
}

/// The day `at` falls on in `zone`.
pub fn day_in(zone: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// The studio's today.
pub async fn today<C: ConnectionTrait>(db: &C, studio: Uuid) -> Result<NaiveDate, DbErr> {
    Ok(day_in(zone_of(db, studio).await?, Utc::now()))
}

/// The first moment of `day` in `zone` (where a clock change skips midnight, the first hour
/// that exists).
pub fn start_of(zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    (0..24)
        .filter_map(|hour| day.and_hms_opt(hour, 0, 0))
        .find_map(|local| zone.from_local_datetime(&local).earliest())
        .map_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(), |t| t.with_timezone(&Utc))
}

/// When something chosen to last through `day` stops: the first moment of the next day in
/// `zone`.
pub fn end_of_last_day(zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    start_of(zone, day.succ_opt().unwrap_or(day))
}

/// The last day, in `zone`, of something that stops at `end`.
pub fn last_day(zone: Tz, end: DateTime<Utc>) -> NaiveDate {
    day_in(zone, end - chrono::Duration::seconds(1))
}

/// The hour ("16:00") at which something stopping at `end` stops on its last day in `zone`,
/// when that is not the day's midnight (an end chosen under the studio's earlier zone).
pub fn hour_off_midnight(zone: Tz, end: DateTime<Utc>) -> Option<String> {
    (end != end_of_last_day(zone, last_day(zone, end))).then(|| end.with_timezone(&zone).format("%H:%M").to_string())
}

/// The end of a form's last day (`None`: no last day): the end of the day chosen, midnight in
/// `zone`. One exception, for a form saved again with the day it shows for its `stored` end
/// (chosen under an earlier zone, say): an end already past, in either reckoning, stays as it
/// is, so an ended gallery is neither refused for its own day nor opened again by a new title.
pub fn keep_or_end(
    zone: Tz,
    day: Option<NaiveDate>,
    stored: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let day = day?;
    let end = end_of_last_day(zone, day);
    match stored {
        Some(stored) if last_day(zone, stored) == day && (stored <= now || end <= now) => Some(stored),
        _ => Some(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_evening_in_los_angeles_is_that_day_there() {
        let la: Tz = "America/Los_Angeles".parse().expect("zone");
        let at = "2026-12-05T03:00:00Z".parse::<DateTime<Utc>>().expect("time");
        assert_eq!(day_in(la, at), NaiveDate::from_ymd_opt(2026, 12, 4).expect("day"));
        assert_eq!(day_in(chrono_tz::UTC, at), NaiveDate::from_ymd_opt(2026, 12, 5).expect("day"));
        let start = start_of(la, NaiveDate::from_ymd_opt(2026, 12, 4).expect("day"));
        assert_eq!(start, "2026-12-04T08:00:00Z".parse::<DateTime<Utc>>().expect("time"));
        // Santiago skips midnight when its clocks go forward (2026-09-06): the day starts at 01:00.
        let santiago: Tz = "America/Santiago".parse().expect("zone");
        let start = start_of(santiago, NaiveDate::from_ymd_opt(2026, 9, 6).expect("day"));
        assert_eq!(start.with_timezone(&santiago).format("%H:%M").to_string(), "01:00");
    }

    #[test]
    fn a_last_day_ends_at_midnight_where_the_studio_is() {
        let day = NaiveDate::from_ymd_opt(2027, 6, 14).expect("day");
        let la: Tz = "America/Los_Angeles".parse().expect("zone");
        let end = end_of_last_day(la, day);
        assert_eq!(end, "2027-06-15T07:00:00Z".parse::<DateTime<Utc>>().expect("time"), "midnight, summer time");
        assert_eq!(last_day(la, end), day);
        let sydney: Tz = "Australia/Sydney".parse().expect("zone");
        assert_eq!(end_of_last_day(sydney, day), "2027-06-14T14:00:00Z".parse::<DateTime<Utc>>().expect("time"));
        assert_eq!(last_day(sydney, end_of_last_day(sydney, day)), day);
        let utc = end_of_last_day(chrono_tz::UTC, NaiveDate::from_ymd_opt(2026, 12, 31).expect("day"));
        assert_eq!(utc.to_rfc3339(), "2027-01-01T00:00:00+00:00");
    }

    #[test]
    fn a_day_saved_again_ends_where_the_studio_is_now_unless_it_has_ended() {
        let day = NaiveDate::from_ymd_opt(2030, 6, 15).expect("day");
        let tokyo: Tz = "Asia/Tokyo".parse().expect("zone");
        // Chosen as 14 June in Los Angeles; the studio has moved to Tokyo, where that end falls
        // on 15 June.
        let chosen: DateTime<Utc> = "2030-06-15T07:00:00Z".parse().expect("time");
        assert_eq!(last_day(tokyo, chosen), day);
        let before: DateTime<Utc> = "2030-06-01T00:00:00Z".parse().expect("time");
        let tokyo_midnight = end_of_last_day(tokyo, day);
        assert_eq!(
            keep_or_end(tokyo, Some(day), Some(chosen), before),
            Some(tokyo_midnight),
            "open: to Tokyo's midnight"
        );
        let after: DateTime<Utc> = "2030-06-15T10:00:00Z".parse().expect("time");
        assert_eq!(keep_or_end(tokyo, Some(day), Some(chosen), after), Some(chosen), "ended: stays ended");
        let other = NaiveDate::from_ymd_opt(2030, 7, 1).expect("day");
        assert_eq!(keep_or_end(tokyo, Some(other), Some(chosen), after), Some(end_of_last_day(tokyo, other)));
        assert_eq!(keep_or_end(tokyo, None, Some(chosen), after), None);
        assert_eq!(hour_off_midnight(tokyo, chosen).as_deref(), Some("16:00"), "LA's midnight, in Tokyo");
        assert_eq!(hour_off_midnight(tokyo, tokyo_midnight), None);
    }
}
