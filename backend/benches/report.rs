//! Engagement report benchmark: a gallery with 1,000,000 recorded events (`BENCH_EVENTS`), spread
//! over the 13 months kept, across 1,000 photos and 300 people (visits with their unique
//! visitors, photos opened, downloads, ZIPs, selects, comments), recorded through the same
//! `engagement::record` the server uses (so the counts are the real ones), on SQLite in a
//! scratch folder. Then the gallery's report is read `BENCH_ROUNDS` times (default 9) for the
//! default range (the last 30 days), for all 13 months, and for half a year ending four months
//! ago; medians. With `BENCH_DATABASE_URL`
//! (a PostgreSQL server's URL), the same in a scratch database made on that server and dropped.
//!
//! Run: `cargo bench -p backend --bench report`. Ends with `report_1m_events: <ms> ms` (the last
//! 30 days), `report_1m_events_13_months: <ms> ms` and `report_1m_events_past_half_year: <ms> ms`.

use backend::engagement::record::{Event, Who, record};
use chrono::{Duration, Utc};
use domain::engagement::EventKind;
use domain::engagement::report::ReportRange;
use sea_orm::ConnectionTrait;
use std::process::ExitCode;
use std::time::Instant;
use uuid::Uuid;

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("report bench failed: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let events: usize = std::env::var("BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(9).max(1);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (url, scratch) = match std::env::var("BENCH_DATABASE_URL") {
        Ok(admin_url) => {
            let name = format!("bench_report_{}", std::process::id());
            let admin = backend::db::connect(&admin_url).await.map_err(|e| e.to_string())?;
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.map_err(|e| e.to_string())?;
            let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
            (format!("{base}/{name}"), Some((admin, name)))
        }
        Err(_) => (format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()), None),
    };
    let result = measure(&url, dir.path(), events, rounds).await;
    if let Some((admin, name)) = scratch {
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .map_err(|e| e.to_string())?;
    }
    result
}

/// Records the events into the database at `url`, then times the reports.
async fn measure(url: &str, dir: &std::path::Path, events: usize, rounds: usize) -> Result<(), String> {
    let db = backend::db::connect(url).await.map_err(|e| e.to_string())?;
    backend::db::migrate(&db).await.map_err(|e| e.to_string())?;
    let config = backend::config::BackendConfig::new(dir.join("objects"), dir.join("uploads"));
    let ctx = backend::Ctx::new(db, config).map_err(|e| format!("{e:?}"))?;
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/demo");
    let seeded = backend::seed::seed_demo(&ctx, &demo).await.map_err(|e| format!("{e:?}"))?;
    let (studio, gallery) = (seeded.studio, seeded.gallery);

    let photos: Vec<Uuid> = (0..1_000).map(|_| Uuid::now_v7()).collect();
    let people: Vec<String> = (0..300).map(|n| format!("person{n}@example.com")).collect();
    let now = Utc::now();
    let started = Instant::now();
    let mut made = 0usize;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        // xorshift: a fixed, cheap spread.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Batches of one moment each (a day and a minute), oldest day first, as requests record them.
    while made < events {
        let day_back = 394 - (made * 395 / events) as u64;
        let at = now - Duration::days(day_back as i64) - Duration::minutes((next() % 1_440) as i64);
        let batch: Vec<Event> = (0..1_000.min(events - made))
            .map(|_| {
                let roll = next() % 100;
                let kind = match roll {
                    0..40 => EventKind::Visit,
                    40..50 => EventKind::Visitor,
                    50..75 => EventKind::View,
                    75..90 => EventKind::Download,
                    90..92 => EventKind::Zip,
                    92..97 => EventKind::Select,
                    _ => EventKind::Comment,
                };
                let email = (next() % 3 == 0).then(|| people[(next() % 300) as usize].clone());
                let who = Who { email, ..Who::default() };
                let event = Event::new(kind, studio.0, gallery.0, who);
                match kind {
                    EventKind::Visit | EventKind::Visitor | EventKind::Zip => event,
                    _ => event.on(photos[(next() % 1_000) as usize]),
                }
            })
            .collect();
        made += batch.len();
        record(&ctx.db, &batch, Vec::new(), at).await.map_err(|e| e.to_string())?;
    }
    println!("recorded {made} events in {:.1} s", started.elapsed().as_secs_f64());

    let today = now.date_naive();
    let timed = |range: ReportRange| {
        let ctx = ctx.clone();
        async move {
            let mut times = Vec::new();
            for round in 0..=rounds {
                let start = Instant::now();
                let report = backend::engagement::report::gallery(&ctx, studio, gallery, range)
                    .await
                    .map_err(|e| format!("{e:?}"))?;
                if round > 0 {
                    times.push(start.elapsed());
                } else {
                    println!(
                        "  {} days: {} visits, {} downloads",
                        range.days_spanned(),
                        report.totals.visits,
                        report.totals.downloads
                    );
                }
            }
            times.sort_unstable();
            Ok::<f64, String>(times[times.len() / 2].as_secs_f64() * 1000.0)
        }
    };
    let month = timed(ReportRange::last_30_days(today)).await?;
    let all = timed(ReportRange { from: ReportRange::earliest(today), to: today }).await?;
    // A range that ends in the past reads every key's running total at both ends.
    let past = ReportRange { from: today - chrono::Days::new(300), to: today - chrono::Days::new(120) };
    let past = timed(past).await?;
    println!("report_1m_events: {month:.1} ms");
    println!("report_1m_events_13_months: {all:.1} ms");
    println!("report_1m_events_past_half_year: {past:.1} ms");
    Ok(())
}
