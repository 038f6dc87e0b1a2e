//! The visits and downloads chart, drawn as SVG from `domain::engagement::chart`'s numbers. It is
//! an image with a title and a description; the same numbers are in the table below it.

use domain::engagement::chart::{self, HEIGHT, LEFT, WIDTH};
use domain::engagement::report::DayRow;
use leptos::prelude::*;

#[component]
pub(super) fn DayChart(days: Vec<DayRow>) -> impl IntoView {
    let drawn = chart::chart(&days);
    let visits: u64 = days.iter().map(|d| d.visits).sum();
    let downloads: u64 = days.iter().map(|d| d.downloads).sum();
    let (first, last) = (days.first().map(|d| d.day), days.last().map(|d| d.day));
    let busiest = days.iter().map(|d| d.visits.max(d.downloads)).max().unwrap_or(0);
    let description = match (first, last) {
        (Some(first), Some(last)) => format!(
            "Bar chart of {visits} visits and {downloads} downloads per day from {} to {}; the busiest day had {busiest}.",
            first.format("%-d %B %Y"),
            last.format("%-d %B %Y"),
        ),
        _ => "No days to show.".to_owned(),
    };
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby="chart-title chart-desc"
            preserveAspectRatio="none">
            <title id="chart-title">"Visits and downloads per day"</title>
            <desc id="chart-desc">{description}</desc>
            {drawn.ticks.iter().map(|(value, y)| view! {
                <line class="tick" x1=LEFT x2=WIDTH y1=*y y2=*y/>
                <text class="tick-label" x=LEFT - 6.0 y=*y + 4.0 text-anchor="end">{value.to_string()}</text>
            }).collect_view()}
            {drawn.columns.iter().map(|c| view! {
                <rect class="bar visits" x=c.visits.x y=c.visits.y width=c.visits.width height=c.visits.height>
                    <title>{format!("{} visits", c.visits.value)}</title>
                </rect>
                <rect class="bar downloads" x=c.downloads.x y=c.downloads.y width=c.downloads.width height=c.downloads.height>
                    <title>{format!("{} downloads", c.downloads.value)}</title>
                </rect>
                {c.label.clone().map(|(x, text)| view! {
                    <text class="day-label" x=x y=HEIGHT - 6.0 text-anchor="middle">{text}</text>
                })}
            }).collect_view()}
        </svg>
        <p class="chart-key" aria-hidden="true">
            <span class="key visits"></span>"Visits" <span class="key downloads"></span>"Downloads"
        </p>
    }
}
