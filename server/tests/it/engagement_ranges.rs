//! A report over any range holds exactly the events of its days, however they were recorded (late
//! ones too, after later days, and many at once on the same keys), and once days pass out of
//! keeping nothing of them remains, not even inside a running count.

use crate::support::{TestApp, for_each_db};
use backend::engagement::counts::Key;
use backend::engagement::record::{Event, Who, record};
use backend::entities::{activity_running, activity_total};
use chrono::{DateTime, Days, Duration, NaiveDate, SubsecRound, Utc};
use domain::engagement::EventKind;
use domain::engagement::report::{GalleryReport, ReportRange};
use domain::ids::{GalleryId, StudioId};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One event of the script: days back from today, what, on which photo, by whom, how many
/// (a ZIP's files are `Download`s under each photo, added as `extra`).
struct Happened {
    days_back: u64,
    kind: EventKind,
    image: Option<usize>,
    email: Option<&'static str>,
}

const SCRIPT: &[(u64, EventKind, Option<usize>, Option<&str>)] = &[
    (400, EventKind::Visit, None, Some("old@example.com")),
    (400, EventKind::Download, Some(0), Some("old@example.com")),
    (300, EventKind::Visit, None, Some("ana@example.com")),
    (300, EventKind::Select, Some(1), Some("ana@example.com")),
    (200, EventKind::Visit, None, None),
    (200, EventKind::View, Some(0), None),
    (31, EventKind::Download, Some(1), Some("ben@example.com")),
    (30, EventKind::Visit, None, Some("ben@example.com")),
    (30, EventKind::Visitor, None, None),
    (30, EventKind::Comment, Some(0), Some("ben@example.com")),
    (29, EventKind::Select, Some(0), Some("ana@example.com")),
    (29, EventKind::Download, Some(0), None),
    (1, EventKind::Visit, None, Some("ana@example.com")),
    (1, EventKind::Download, Some(1), Some("ana@example.com")),
    (0, EventKind::Visit, None, None),
    (0, EventKind::Visitor, None, None),
    (0, EventKind::View, Some(1), Some("ben@example.com")),
    (0, EventKind::Download, Some(0), Some("ben@example.com")),
    // Repeats on days that already have the same key: added in order and late.
    (30, EventKind::Visit, None, Some("ben@example.com")),
    (29, EventKind::Download, Some(0), None),
    (1, EventKind::Visit, None, Some("ana@example.com")),
    (0, EventKind::Download, Some(0), Some("ben@example.com")),
    (0, EventKind::Visit, None, None),
];

fn script() -> Vec<Happened> {
    SCRIPT.iter().map(|&(days_back, kind, image, email)| Happened { days_back, kind, image, email }).collect()
}

/// When the script's `index`th event happened: noon on its day, a second apart; never after now.
fn moment(now: DateTime<Utc>, event: &Happened, index: usize) -> DateTime<Utc> {
    let noon = now.date_naive().and_hms_opt(12, 0, 0).expect("noon").and_utc();
    (noon - Duration::days(event.days_back as i64) + Duration::seconds(index as i64)).min(now)
}

/// What the report over `range` must hold, summed from the script.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    totals: BTreeMap<&'static str, u64>,
    days: BTreeMap<NaiveDate, (u64, u64, u64)>,
    images: BTreeMap<usize, (u64, u64, u64)>,
    people: BTreeMap<String, (u64, u64, u64, u64, DateTime<Utc>)>,
}

/// `recorded`: each event with when it happened; `kept`: the first day not forgotten.
fn expected(recorded: &[(DateTime<Utc>, &Happened)], range: ReportRange, kept: NaiveDate) -> Expected {
    let mut e = Expected::default();
    for &(at, event) in recorded {
        let day = at.date_naive();
        if day < range.from || day > range.to || day < kept {
            continue;
        }
        *e.totals.entry(event.kind.token()).or_default() += 1;
        let d = e.days.entry(day).or_default();
        match event.kind {
            EventKind::Visit => d.0 += 1,
            EventKind::Visitor => d.1 += 1,
            EventKind::Download => d.2 += 1,
            _ => {}
        }
        if let Some(image) = event.image {
            let i = e.images.entry(image).or_default();
            match event.kind {
                EventKind::View => i.0 += 1,
                EventKind::Select => i.1 += 1,
                EventKind::Download => i.2 += 1,
                _ => {}
            }
        }
        if let Some(email) = event.email {
            let p = e.people.entry(email.to_owned()).or_insert((0, 0, 0, 0, at));
            match event.kind {
                EventKind::Visit => p.0 += 1,
                EventKind::Select => p.1 += 1,
                EventKind::Download => p.2 += 1,
                EventKind::Comment => p.3 += 1,
                _ => {}
            }
            p.4 = p.4.max(at);
        }
    }
    e.days.retain(|_, (visits, visitors, downloads)| *visits + *visitors + *downloads > 0);
    e.images.retain(|_, (views, selects, downloads)| *views + *selects + *downloads > 0);
    e
}

fn found(report: &GalleryReport, images: &[Uuid]) -> Expected {
    let t = &report.totals;
    let mut e = Expected::default();
    for (kind, n) in [
        ("visit", t.visits),
        ("visitor", t.visitors),
        ("view", t.views),
        ("select", t.selects),
        ("comment", t.comments),
        ("download", t.downloads),
    ] {
        if n > 0 {
            e.totals.insert(kind, n);
        }
    }
    for d in &report.days {
        if d.visits + d.visitors + d.downloads > 0 {
            e.days.insert(d.day, (d.visits, d.visitors, d.downloads));
        }
    }
    for row in &report.images {
        let index = images.iter().position(|id| *id == row.image.0).expect("a photo of the gallery");
        e.images.insert(index, (row.views, row.selects, row.downloads));
    }
    for p in &report.people {
        e.people.insert(p.email.clone(), (p.visits, p.selects, p.downloads, p.comments, p.last_seen));
    }
    e
}

/// Records `event` at `at`, one call of its own.
async fn happen(app: &TestApp, studio: Uuid, gallery: Uuid, images: &[Uuid], event: &Happened, at: DateTime<Utc>) {
    let who = Who { email: event.email.map(str::to_owned), ..Who::default() };
    let mut recorded = Event::new(event.kind, studio, gallery, who);
    if let Some(image) = event.image {
        recorded = recorded.on(images[image]);
    }
    record(&app.state.ctx.db, &[recorded], Vec::<(Key, i64)>::new(), at).await.expect("record");
}

async fn report(app: &TestApp, studio: Uuid, gallery: Uuid, range: ReportRange) -> GalleryReport {
    backend::engagement::report::gallery(&app.state.ctx, StudioId(studio), GalleryId(gallery), range)
        .await
        .expect("report")
}

#[tokio::test]
async fn any_range_holds_exactly_its_days_and_forgotten_days_leave_nothing() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images: Vec<Uuid> =
            app.upload_tiny(&gallery, 2).await.iter().map(|id| id.parse().expect("image id")).collect();
        let g: Uuid = gallery.parse().expect("id");
        let ctx = &app.state.ctx;
        let studio = backend::entities::gallery::Entity::find_by_id(g)
            .one(&ctx.db)
            .await
            .expect("db")
            .expect("gallery")
            .studio_id;
        // Databases keep microseconds.
        let now = Utc::now().trunc_subsecs(6);
        let today = now.date_naive();

        // Recorded out of order: each day's events after some later day's, so a late event must
        // reach every later running total.
        let script = script();
        let mut recorded: Vec<(DateTime<Utc>, &Happened)> = Vec::new();
        let mut order: Vec<usize> = (0..script.len()).collect();
        order.sort_by_key(|i| (i % 3, std::cmp::Reverse(*i)));
        for index in order {
            let at = moment(now, &script[index], index);
            happen(&app, studio, g, &images, &script[index], at).await;
            recorded.push((at, &script[index]));
        }

        let back = |days: u64| today - Days::new(days);
        let everything = NaiveDate::MIN;
        let ranges = [
            ReportRange { from: ReportRange::earliest(today), to: today },
            ReportRange::last_30_days(today),
            ReportRange { from: back(30), to: back(30) },
            ReportRange { from: back(31), to: back(29) },
            ReportRange { from: back(300), to: back(30) },
            ReportRange { from: back(1), to: back(1) },
            ReportRange { from: back(199), to: back(32) },
            ReportRange { from: back(500), to: back(399) },
        ];
        for range in ranges {
            let got = report(&app, studio, g, range).await;
            assert_eq!(found(&got, &images), expected(&recorded, range, everything), "over {range:?}");
            assert_eq!(got.days.len(), range.days_spanned(), "every day of {range:?} listed");
        }

        // Another gallery's report holds none of it.
        let other = app.create_gallery("Portraits", "portraits").await;
        let other: Uuid = other.parse().expect("id");
        let empty = report(&app, studio, other, ReportRange { from: ReportRange::earliest(today), to: today }).await;
        assert_eq!(found(&empty, &images), Expected::default());

        // Forgetting today: the 400-day-old events go. No running row is left before the
        // earliest day kept, and the person seen only then is gone.
        backend::engagement::retention::forget(ctx, now).await.expect("forget");
        let kept = ReportRange::earliest(today);
        let older = activity_running::Entity::find()
            .filter(activity_running::Column::Day.lt(ReportRange::key(kept)))
            .count(&ctx.db)
            .await
            .expect("db");
        assert_eq!(older, 0, "running rows before the earliest day kept");
        let old_person = activity_total::Entity::find()
            .filter(activity_total::Column::Email.eq("old@example.com"))
            .count(&ctx.db)
            .await
            .expect("db");
        assert_eq!(old_person, 0, "a person seen only 400 days ago");
        for range in ranges {
            let got = report(&app, studio, g, range).await;
            assert_eq!(found(&got, &images), expected(&recorded, range, kept), "after forgetting, over {range:?}");
        }

        // Forgetting 250 days from now, when the cutoff falls among kept days with counts after
        // it: what is left starts from zero there, and events recorded afterwards add to it.
        let later = now + Duration::days(250);
        backend::engagement::retention::forget(ctx, later).await.expect("forget later");
        let kept = ReportRange::earliest(later.date_naive());
        let photo =
            activity_total::Entity::find_by_id((g, "download".to_owned(), images[0].to_string(), String::new()))
                .one(&ctx.db)
                .await
                .expect("db")
                .expect("photo 1's downloads");
        assert_eq!(photo.total, 4, "photo 1's downloads kept: twice 29 days ago and twice today");
        let again =
            Happened { days_back: 0, kind: EventKind::Download, image: Some(0), email: Some("ana@example.com") };
        let at = moment(now, &again, 100);
        happen(&app, studio, g, &images, &again, at).await;
        recorded.push((at, &again));
        for range in ranges {
            let got = report(&app, studio, g, range).await;
            assert_eq!(found(&got, &images), expected(&recorded, range, kept), "forgotten later, over {range:?}");
        }
    })
    .await;
}

/// Requests recording to the same keys at once, some of them on the day before (an instance a
/// moment behind at midnight), lose nothing and leave every running total in step.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn records_racing_on_the_same_keys_lose_nothing() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image: Uuid = app.upload_tiny(&gallery, 1).await[0].parse().expect("image id");
        let g: Uuid = gallery.parse().expect("id");
        let ctx = app.state.ctx.clone();
        let studio = backend::entities::gallery::Entity::find_by_id(g)
            .one(&ctx.db)
            .await
            .expect("db")
            .expect("gallery")
            .studio_id;
        let now = Utc::now().trunc_subsecs(6);
        let (tasks, each) = (8, 15);
        let mut racing = tokio::task::JoinSet::new();
        for task in 0..tasks {
            let ctx = ctx.clone();
            racing.spawn(async move {
                for n in 0..each {
                    let who = Who { email: Some("ana@example.com".to_owned()), ..Who::default() };
                    let event = Event::new(EventKind::Download, studio, g, who).on(image);
                    let at = if (task + n) % 2 == 0 { now } else { now - Duration::days(1) };
                    record(&ctx.db, &[event], Vec::<(Key, i64)>::new(), at).await.expect("record");
                }
            });
        }
        while let Some(done) = racing.join_next().await {
            done.expect("a recording task");
        }

        let today = now.date_naive();
        let got = report(&app, studio, g, ReportRange::last_30_days(today)).await;
        let all = (tasks * each) as u64;
        assert_eq!(got.totals.downloads, all);
        let on_today = (0..tasks).flat_map(|t| (0..each).filter(move |n| (t + n) % 2 == 0)).count() as u64;
        let by_day: Vec<u64> = got.days.iter().rev().take(2).map(|d| d.downloads).collect();
        assert_eq!(by_day, vec![on_today, all - on_today], "today, then yesterday");
        assert_eq!(got.images.first().map(|i| i.downloads), Some(all));
        assert_eq!(got.people.first().map(|p| p.downloads), Some(all));
        // Each key's totals row is its running total on its last day.
        for key in activity_total::Entity::find().all(&ctx.db).await.expect("db") {
            let last = activity_running::Entity::find_by_id((
                key.gallery_id,
                key.kind.clone(),
                key.image.clone(),
                key.email.clone(),
                key.last_day.clone(),
            ))
            .one(&ctx.db)
            .await
            .expect("db")
            .expect("the last day's running row");
            assert_eq!(last.total, key.total, "{} {} {}", key.kind, key.image, key.email);
        }
    })
    .await;
}
