//! The photographer's daily digest (`SendDigests`, periodic, every ten minutes): once the
//! studio's chosen local hour has come in its time zone, one mail with what clients did since the
//! last digest (selects, comments, annotations, downloads, orders), gallery by gallery. Nothing
//! is sent when nothing happened. A `digests` row per studio and local day, written in the same
//! transaction as the mail, makes a second run (or a second instance) a no-op.

use crate::ctx::Ctx;
use crate::entities::{activity, digest, gallery, studio};
use crate::error::{ServiceResult, is_unique_violation};
use crate::jobs::{JobError, JobKind, Next};
use crate::mail::letter::{Brand, Letter, Section};
use crate::mail::{self, OutgoingMail};
use chrono::{DateTime, Duration, Timelike, Utc};
use domain::engagement::EventKind;
use domain::engagement::notifications::MailKind;
use domain::engagement::report::ReportRange;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

const EVERY: std::time::Duration = std::time::Duration::from_secs(600);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendDigests;

impl JobKind for SendDigests {
    const KIND: &'static str = "send_digests";
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        run(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Again(EVERY))
    }
}

crate::register_job!(SendDigests);

/// Events recorded in the last moments may still be on their way (an event carries the moment
/// its request began, and is written when it ends; another instance's clock may be a little
/// behind): a digest covers events up to this long before it runs, the next one the rest.
const SETTLE: Duration = Duration::minutes(2);

/// One run at `now`: every studio whose digest is due gets it (or, with nothing new, its day is
/// marked done). A studio with the digest switched off has its days marked done too, so switching
/// it back on starts from then, not from the last digest months ago. A studio whose digest fails
/// is tried again on the next run; the others go on. Returns how many mails were queued.
pub async fn run(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<u32> {
    let studios = studio::Entity::find().all(&ctx.db).await?;
    let done = days_done(ctx, now).await?;
    let mut sent = 0;
    for s in studios {
        let zone = crate::studio::days::zone(&s);
        let local = now.with_timezone(&zone);
        if (local.hour() as i32) < s.digest_hour {
            continue;
        }
        let day = ReportRange::key(local.date_naive());
        if done.contains(&(s.id, day.clone())) {
            continue;
        }
        match send_one(ctx, &s, day, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(error) => tracing::warn!(studio = %s.id, %error, "digest not sent; tried again on the next run"),
        }
    }
    Ok(sent)
}

/// The studios' local days already done around `now` (every time zone's today is within a day
/// of UTC's), read at once rather than one studio at a time.
async fn days_done(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<HashSet<(Uuid, String)>> {
    let today = now.date_naive();
    let days = [today - Duration::days(1), today, today + Duration::days(1)].map(ReportRange::key);
    let done: Vec<(Uuid, String)> = digest::Entity::find()
        .select_only()
        .column(digest::Column::StudioId)
        .column(digest::Column::Day)
        .filter(digest::Column::Day.is_in(days))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(done.into_iter().collect())
}

/// The digest of `s` for its local `day`: true when a mail was queued.
async fn send_one(ctx: &Ctx, s: &studio::Model, day: String, now: DateTime<Utc>) -> ServiceResult<bool> {
    let until = now - SETTLE;
    let since = digest::Entity::find()
        .filter(digest::Column::StudioId.eq(s.id))
        .order_by_desc(digest::Column::Until)
        .one(&ctx.db)
        .await?
        .map_or(until - Duration::hours(24), |d| d.until);
    // Switched off: the day is marked done, with nothing sent.
    let news = if s.notify_digest { news(ctx, s.id, since, until).await? } else { BTreeMap::new() };
    let events: i64 = news.values().flat_map(|g| g.lines.iter().map(|l| l.files.max(1))).sum();
    let txn = crate::db::begin(&ctx.db).await?;
    let mut outbox_id = None;
    if !news.is_empty() {
        let mail = compose(ctx, &txn, s, &news, now).await?;
        outbox_id = Some(mail::queue(&txn, &mail, now).await?);
    }
    let row = digest::ActiveModel {
        studio_id: Set(s.id),
        day: Set(day),
        until: Set(until),
        events: Set(i32::try_from(events).unwrap_or(i32::MAX)),
        outbox_id: Set(outbox_id),
    };
    match digest::Entity::insert(row).exec_without_returning(&txn).await {
        Ok(_) => {}
        // Another run (another instance) did this day first: its mail is the one.
        Err(e) if is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    txn.commit().await?;
    Ok(outbox_id.is_some())
}

/// What happened in one gallery.
#[derive(Debug, Default)]
struct GalleryNews {
    title: String,
    lines: Vec<Line>,
    comments: Vec<String>,
}

/// Events of one kind by one person.
#[derive(Debug)]
struct Line {
    kind: EventKind,
    email: Option<String>,
    events: i64,
    /// Files, for ZIPs.
    files: i64,
}

/// The studio's news between `since` and `until`, per gallery (in title order).
async fn news(
    ctx: &Ctx,
    studio: Uuid,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> ServiceResult<BTreeMap<(String, Uuid), GalleryNews>> {
    let kinds: Vec<&str> = EventKind::ALL.into_iter().filter(|k| k.in_digest()).map(|k| k.token()).collect();
    let window = || {
        activity::Entity::find()
            .filter(activity::Column::StudioId.eq(studio))
            .filter(activity::Column::At.gt(since))
            .filter(activity::Column::At.lte(until))
            .filter(activity::Column::Kind.is_in(kinds.clone()))
    };
    let grouped: Vec<(Uuid, String, Option<String>, i64, i64)> = window()
        .select_only()
        .column(activity::Column::GalleryId)
        .column(activity::Column::Kind)
        .column(activity::Column::Email)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "events")
        .column_as(Expr::cust("CAST(SUM(count) AS BIGINT)"), "files")
        .group_by(activity::Column::GalleryId)
        .group_by(activity::Column::Kind)
        .group_by(activity::Column::Email)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    if grouped.is_empty() {
        return Ok(BTreeMap::new());
    }
    // A deleted gallery's news is not told: its page cannot be opened.
    let galleries: BTreeMap<Uuid, gallery::Model> = gallery::Entity::find()
        .filter(gallery::Column::Id.is_in(grouped.iter().map(|g| g.0)))
        .filter(gallery::Column::DeletedAt.is_null())
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut news: BTreeMap<(String, Uuid), GalleryNews> = BTreeMap::new();
    for (gallery, kind, email, events, files) in grouped {
        let (Some(g), Some(kind)) = (galleries.get(&gallery), EventKind::parse(&kind)) else { continue };
        let entry = news
            .entry((g.title.clone(), g.id))
            .or_insert_with(|| GalleryNews { title: g.title.clone(), ..GalleryNews::default() });
        entry.lines.push(Line { kind, email, events, files });
    }
    // The newest comments' first words, a few per gallery.
    let comments = window()
        .filter(activity::Column::Kind.eq(EventKind::Comment.token()))
        .order_by_desc(activity::Column::At)
        .limit(50)
        .all(&ctx.db)
        .await?;
    for comment in comments {
        let Some(g) = galleries.get(&comment.gallery_id) else { continue };
        if let (Some(entry), Some(words)) = (news.get_mut(&(g.title.clone(), g.id)), comment.detail)
            && entry.comments.len() < 3
        {
            let who = comment.email.unwrap_or_else(|| "A visitor".to_owned());
            entry.comments.push(format!("{who}: “{words}”"));
        }
    }
    Ok(news)
}

/// The digest mail.
async fn compose<C>(
    ctx: &Ctx,
    db: &C,
    s: &studio::Model,
    news: &BTreeMap<(String, Uuid), GalleryNews>,
    now: DateTime<Utc>,
) -> ServiceResult<OutgoingMail>
where
    C: sea_orm::ConnectionTrait,
{
    let origin = &ctx.config.public_origin;
    let unsubscribe = mail::unsubscribe::link(db, origin, s.id, &s.email, MailKind::Digest, now).await?;
    let sections = news
        .iter()
        .map(|((_, id), g)| {
            let mut lines: Vec<String> = g.lines.iter().map(describe).collect();
            lines.sort();
            lines.extend(g.comments.iter().cloned());
            Section {
                heading: g.title.clone(),
                lines,
                link: Some(("Open the gallery".to_owned(), format!("{origin}/studio/galleries/{id}"))),
            }
        })
        .collect();
    let letter = Letter {
        brand: Brand::to_studio(s),
        greeting: format!("Hello {},", s.name),
        paragraphs: vec!["Here is what your clients did in your galleries since the last digest.".to_owned()],
        sections,
        action: Some(("See the reports".to_owned(), format!("{origin}/studio/report"))),
        footer: vec![
            "You get this once a day when something happened. Change the hour or switch it off in Studio settings → Notifications."
                .to_owned(),
        ],
        unsubscribe: Some((unsubscribe.clone(), MailKind::Digest.described().to_owned())),
    };
    let galleries = news.len();
    Ok(OutgoingMail {
        to: s.email.clone(),
        to_name: Some(s.name.clone()),
        subject: match galleries {
            1 => format!("Today in “{}”", news.values().next().map(|g| g.title.as_str()).unwrap_or_default()),
            n => format!("Today in {n} of your galleries"),
        },
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: None,
        unsubscribe: Some(unsubscribe),
        gallery: None,
    })
}

/// One line of the digest: "ben@example.com selected 12 photos".
fn describe(line: &Line) -> String {
    let who = line.email.clone().unwrap_or_else(|| "A visitor".to_owned());
    let n = line.events;
    let plural = |n: i64, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    match line.kind {
        EventKind::Select => format!("{who} selected {}", plural(n, "photo", "photos")),
        EventKind::Comment => format!("{who} wrote {}", plural(n, "comment", "comments")),
        EventKind::Annotation => format!("{who} drew on {}", plural(n, "photo", "photos")),
        EventKind::Download => format!("{who} downloaded {}", plural(n, "photo", "photos")),
        EventKind::Zip => {
            format!("{who} downloaded {} ({} in all)", plural(n, "ZIP", "ZIPs"), plural(line.files, "photo", "photos"))
        }
        EventKind::Order => format!("{who} paid {}", plural(n, "order", "orders")),
        other => format!("{who}: {} × {}", n, other.token()),
    }
}
