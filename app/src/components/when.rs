//! A moment as its reader lives it. The server renders it in UTC and says so (it does not know
//! where the reader is); once the page is live, the browser shows the same moment in its own
//! time zone. A comment written at 10:00 in Los Angeles reads 10:00 there, 19:00 in Paris.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use domain::dates::{day_and_time, day_year_and_time, iso_utc};
use leptos::prelude::*;

/// `at`, as "14 Jun 09:30" (or with the year, "14 Jun 2026, 09:30").
#[component]
pub fn When(at: DateTime<Utc>, #[prop(optional)] with_year: bool) -> impl IntoView {
    let write = move |moment: NaiveDateTime| match with_year {
        true => day_year_and_time(moment),
        false => day_and_time(moment),
    };
    let text = RwSignal::new(format!("{} UTC", write(at.naive_utc())));
    // Effects run in the browser only, after hydration: the server's text is hydrated as it is.
    Effect::new(move |_| text.set(write(in_browser_zone(at))));
    view! { <time datetime=iso_utc(at.naive_utc())>{move || text.get()}</time> }
}

/// `at` on the browser's clock (its offset from UTC at that moment, summer time included).
fn in_browser_zone(at: DateTime<Utc>) -> NaiveDateTime {
    let date = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    at.naive_utc() - Duration::minutes(date.get_timezone_offset() as i64)
}
