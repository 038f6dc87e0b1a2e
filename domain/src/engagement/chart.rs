//! The visits and downloads chart as numbers: a bar pair per day on a scale with round ticks.
//! The page draws it as SVG (readable without JavaScript); the same numbers are in its table.

use super::report::DayRow;

/// The drawing area, in SVG user units (the SVG scales to its box).
pub const WIDTH: f64 = 720.0;
pub const HEIGHT: f64 = 240.0;
/// Room on the left for the scale and at the bottom for the day labels.
pub const LEFT: f64 = 40.0;
pub const BOTTOM: f64 = 24.0;

/// One bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub value: u64,
}

/// A day's pair of bars and, on some days, its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub visits: Bar,
    pub downloads: Bar,
    /// `12-04` on days far enough apart to read.
    pub label: Option<(f64, String)>,
}

/// The chart: the columns, the scale's ticks (value, y), and its top.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub columns: Vec<Column>,
    pub ticks: Vec<(u64, f64)>,
    pub top: u64,
}

/// The chart of `days`.
pub fn chart(days: &[DayRow]) -> Chart {
    let largest = days.iter().map(|d| d.visits.max(d.downloads)).max().unwrap_or(0);
    let (top, step) = scale(largest);
    let plot_height = HEIGHT - BOTTOM - 8.0;
    let y_of = |value: u64| HEIGHT - BOTTOM - plot_height * value as f64 / top as f64;
    let slot = (WIDTH - LEFT) / days.len().max(1) as f64;
    let bar = (slot * 0.4).max(0.5);
    // About eight labels whatever the range.
    let every = days.len().div_ceil(8).max(1);
    let columns = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let x = LEFT + slot * i as f64 + slot * 0.1;
            let make = |x: f64, value: u64| Bar {
                x,
                y: y_of(value),
                width: bar,
                height: HEIGHT - BOTTOM - y_of(value),
                value,
            };
            Column {
                visits: make(x, day.visits),
                downloads: make(x + bar, day.downloads),
                label: (i % every == 0).then(|| (x + bar, day.day.format("%m-%d").to_string())),
            }
        })
        .collect();
    let ticks = (0..=top / step).map(|n| (n * step, y_of(n * step))).collect();
    Chart { columns, ticks, top }
}

/// A round top for the scale above `largest`, and the step between ticks (1, 2 or 5 × 10ⁿ, four
/// or five ticks).
fn scale(largest: u64) -> (u64, u64) {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            let s = step * m;
            if largest <= s * 4 {
                return ((largest.div_ceil(s)).max(1) * s, s);
            }
        }
        step *= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn scales_are_round() {
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(3), (3, 1));
        assert_eq!(scale(7), (8, 2));
        assert_eq!(scale(18), (20, 5));
        assert_eq!(scale(1234), (1500, 500));
    }

    #[test]
    fn bars_grow_with_their_value_and_stay_in_the_box() {
        let day = |n: u32, visits, downloads| DayRow {
            day: NaiveDate::from_ymd_opt(2026, 12, n).expect("day"),
            visits,
            visitors: visits,
            downloads,
        };
        let chart = chart(&[day(1, 10, 0), day(2, 5, 20), day(3, 0, 0)]);
        assert_eq!(chart.top, 20);
        let [a, b, c] = &chart.columns[..] else { panic!("three columns") };
        assert!(b.downloads.height > a.visits.height && a.visits.height > b.visits.height);
        assert_eq!(c.visits.height, 0.0);
        assert!((b.downloads.y - 8.0).abs() < 1e-9, "the tallest bar reaches the top");
        for column in &chart.columns {
            assert!(column.downloads.x + column.downloads.width <= WIDTH);
        }
        assert_eq!(chart.ticks.first().map(|t| t.0), Some(0));
        assert_eq!(chart.ticks.last().map(|t| t.0), Some(20));
    }
}
