//! The events the rest of the backend records. Recording is on the side of the request: a failed
//! write is logged, never the visitor's error (a download must not fail because a count did).
//! The gallery's own studio is never counted: a photographer checking the gallery is not a visit.

use super::counts::Key;
use super::record::{self, Event, Who};
use super::visitors;
use crate::ctx::Ctx;
use crate::downloads::log::LogEntry;
use crate::entities::{activity, gallery};
use crate::studio::days;
use crate::visitor::access::Admission;
use chrono::{DateTime, Duration, Utc};
use domain::engagement::EventKind;
use domain::policy::Actor;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use std::net::IpAddr;
use uuid::Uuid;

/// A reload within this long is the same visit.
const SAME_VISIT: Duration = Duration::seconds(60);
/// A photo opened again within this long is the same view.
const SAME_VIEW: Duration = Duration::minutes(10);

/// Who an admitted visitor is; `None` for the gallery's owner. Their activity is credited to an
/// address only when this browser holds its person: one who typed an address someone else holds
/// is counted without it (the report would otherwise say the bride looked at what a stranger did).
pub fn who(admitted: &Admission) -> Option<Who> {
    let Actor::Visitor(access) = &admitted.actor else { return None };
    Some(Who {
        email: admitted.visit.person().map(str::to_owned),
        link: admitted.link_id(),
        role: Some(access.link.role),
        visitor: None,
    })
}

/// A visitor opened the gallery page (not a HEAD: the caller leaves those out).
pub async fn visit(ctx: &Ctx, g: &gallery::Model, admitted: &Admission, client: IpAddr, now: DateTime<Utc>) {
    let Some(mut who) = who(admitted) else { return };
    let result: Result<(), DbErr> = async {
        let day = days::day_in(days::zone_of(&ctx.db, g.studio_id).await?, now);
        let hash = visitors::hash(&ctx.db, g.id, client, day).await?;
        // A reload (the usual case) is seen without taking the write lock; the check is made
        // again in turn, for two loads at once.
        if seen_since(&ctx.db, g.id, &hash, EventKind::Visit, None, now - SAME_VISIT).await? {
            return Ok(());
        }
        who.visitor = Some(hash.clone());
        record_once(ctx, &format!("visit/{}/{hash}", g.id), now, async |txn| {
            if seen_since(txn, g.id, &hash, EventKind::Visit, None, now - SAME_VISIT).await? {
                return Ok(Vec::new());
            }
            let mut events = vec![Event::new(EventKind::Visit, g.studio_id, g.id, who.clone())];
            if visitors::first_today(txn, g.id, &hash, day).await? {
                events.push(Event::new(EventKind::Visitor, g.studio_id, g.id, Who { email: None, ..who }));
            }
            Ok(events)
        })
        .await
    }
    .await;
    logged("visit", result);
}

/// A visitor opened `image` large.
pub async fn view(
    ctx: &Ctx,
    g: &gallery::Model,
    admitted: &Admission,
    image: Uuid,
    client: IpAddr,
    now: DateTime<Utc>,
) {
    let Some(mut who) = who(admitted) else { return };
    let result: Result<(), DbErr> = async {
        let day = days::day_in(days::zone_of(&ctx.db, g.studio_id).await?, now);
        let hash = visitors::hash(&ctx.db, g.id, client, day).await?;
        if seen_since(&ctx.db, g.id, &hash, EventKind::View, Some(image), now - SAME_VIEW).await? {
            return Ok(()); // as for a visit
        }
        who.visitor = Some(hash.clone());
        record_once(ctx, &format!("view/{}/{hash}/{image}", g.id), now, async |txn| {
            if seen_since(txn, g.id, &hash, EventKind::View, Some(image), now - SAME_VIEW).await? {
                return Ok(Vec::new());
            }
            Ok(vec![Event::new(EventKind::View, g.studio_id, g.id, who).on(image)])
        })
        .await
    }
    .await;
    logged("view", result);
}

/// A visitor gave `email` at the gallery: counted once per address, whichever link (or the
/// public address) it was given through — an email collected is a person reached.
pub async fn email_given(ctx: &Ctx, g: &gallery::Model, admitted: &Admission, email: &str, now: DateTime<Utc>) {
    let Some(who) = who(admitted) else { return };
    let who = Who { email: Some(email.to_owned()), ..who };
    let result: Result<(), DbErr> = async {
        record_once(ctx, &format!("email/{}/{email}", g.id), now, async |txn| {
            let known = activity::Entity::find()
                .filter(activity::Column::GalleryId.eq(g.id))
                .filter(activity::Column::Kind.eq(EventKind::Email.token()))
                .filter(activity::Column::Email.eq(email));
            if known.count(txn).await? > 0 {
                return Ok(Vec::new());
            }
            Ok(vec![Event::new(EventKind::Email, g.studio_id, g.id, who)])
        })
        .await
    }
    .await;
    logged("email", result);
}

/// A select, comment or annotation by `admitted` on `image`, as the person proofing. A select or
/// an annotation counts once per person, photo and day.
pub async fn proofed(
    ctx: &Ctx,
    kind: EventKind,
    g: &gallery::Model,
    admitted: &Admission,
    image: Uuid,
    detail: Option<String>,
    now: DateTime<Utc>,
) {
    let Some(who) = who(admitted) else { return };
    let who = Who { email: admitted.visit.person().map(str::to_owned).or(who.email.clone()), ..who };
    let result: Result<(), DbErr> = async {
        let event =
            Event { detail: detail.map(|d| first_words(&d)), ..Event::new(kind, g.studio_id, g.id, who).on(image) };
        // A photo starred again after an unstar, or marks saved again, the same day: once.
        let once_a_day = matches!(kind, EventKind::Select | EventKind::Annotation);
        let Some(email) = event.who.email.clone().filter(|_| once_a_day) else {
            return record::record(&ctx.db, &[event], Vec::new(), now).await;
        };
        let zone = days::zone_of(&ctx.db, g.studio_id).await?;
        let day_start = days::start_of(zone, days::day_in(zone, now));
        record_once(ctx, &format!("{}/{}/{email}/{image}", kind.token(), g.id), now, async |txn| {
            let done = activity::Entity::find()
                .filter(activity::Column::GalleryId.eq(g.id))
                .filter(activity::Column::Kind.eq(kind.token()))
                .filter(activity::Column::Email.eq(email.as_str()))
                .filter(activity::Column::At.gte(day_start))
                .filter(activity::Column::ImageId.eq(image))
                .count(txn)
                .await?;
            Ok(if done > 0 { Vec::new() } else { vec![event] })
        })
        .await
    }
    .await;
    logged(kind.token(), result);
}

/// A visitor shared the gallery by email.
pub async fn shared(ctx: &Ctx, g: &gallery::Model, admitted: &Admission, now: DateTime<Utc>) {
    let Some(who) = who(admitted) else { return };
    logged(
        "share",
        record::record(&ctx.db, &[Event::new(EventKind::Share, g.studio_id, g.id, who)], Vec::new(), now).await,
    );
}

/// An order was paid.
pub async fn order_paid(ctx: &Ctx, studio: Uuid, gallery: Uuid, email: &str, number: &str, now: DateTime<Utc>) {
    let who = Who { email: Some(email.to_owned()), ..Who::default() };
    let event = Event { detail: Some(number.to_owned()), ..Event::new(EventKind::Order, studio, gallery, who) };
    logged("order", record::record(&ctx.db, &[event], Vec::new(), now).await);
}

/// Files sent from their first byte: a single download is one event; a ZIP is one event (with
/// its file count) and a download under each of its images.
pub async fn downloaded(ctx: &Ctx, entries: &[LogEntry], now: DateTime<Utc>) {
    let Some(first) = entries.first().filter(|e| !e.by_owner) else { return };
    let result: Result<(), DbErr> = async {
        let Some(g) = gallery::Entity::find_by_id(first.gallery).one(&ctx.db).await? else { return Ok(()) };
        let who = Who { email: first.person.clone(), link: first.link, role: first.who.role(), visitor: None };
        let size = Some(first.size.token());
        if !first.in_zip {
            let event = Event { size, ..Event::new(EventKind::Download, g.studio_id, g.id, who).on(first.image) };
            return record::record(&ctx.db, &[event], Vec::new(), now).await;
        }
        let files = entries.len() as i64;
        let zip = Event { size, count: files as i32, ..Event::new(EventKind::Zip, g.studio_id, g.id, who.clone()) };
        let downloads = Key::all(g.id, EventKind::Download);
        // The ZIP's own row counts 1 ZIP; its files add to downloads: the total, each image, the person.
        let mut extra: Vec<(Key, i64)> = vec![(downloads.clone(), files)];
        extra.extend(entries.iter().map(|e| (Key { image: e.image.to_string(), ..downloads.clone() }, 1)));
        if let Some(email) = &who.email {
            extra.push((Key { email: email.clone(), ..downloads }, files));
        }
        record::record(&ctx.db, &[zip], extra, now).await
    }
    .await;
    logged("download", result);
}

/// Records the events `decide` finds due, deciding and writing in one turn per `key`: of two
/// requests at once (a double tap, two tabs, a page and its reload), the second sees what the
/// first recorded, and an event counted once is never counted twice.
async fn record_once(
    ctx: &Ctx,
    key: &str,
    at: DateTime<Utc>,
    decide: impl AsyncFnOnce(&DatabaseTransaction) -> Result<Vec<Event>, DbErr>,
) -> Result<(), DbErr> {
    let txn = crate::db::begin(&ctx.db).await?;
    crate::db::take_turns(&txn, key).await?;
    let events = decide(&txn).await?;
    record::record(&txn, &events, Vec::new(), at).await?;
    txn.commit().await
}

/// Whether the visitor did `kind` (to `image`) in the gallery since `since`.
async fn seen_since<C: ConnectionTrait>(
    db: &C,
    gallery: Uuid,
    visitor: &str,
    kind: EventKind,
    image: Option<Uuid>,
    since: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut query = activity::Entity::find()
        .filter(activity::Column::GalleryId.eq(gallery))
        .filter(activity::Column::Visitor.eq(visitor))
        .filter(activity::Column::At.gt(since))
        .filter(activity::Column::Kind.eq(kind.token()));
    if let Some(image) = image {
        query = query.filter(activity::Column::ImageId.eq(image));
    }
    Ok(query.count(db).await? > 0)
}

/// A comment's first words, for the digest.
fn first_words(text: &str) -> String {
    let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &words[..cut]),
        None => words,
    }
}

fn logged(what: &str, result: Result<(), DbErr>) {
    if let Err(error) = result {
        tracing::warn!(event = what, %error, "engagement event not recorded");
    }
}

/// The lightbox showed `image` to `viewer` (the browser says so once per photo it opens): a view,
/// when the viewer may see the photo at all.
pub async fn viewed(
    ctx: &Ctx,
    viewer: &crate::visitor::access::Viewer,
    image: domain::ids::ImageId,
    now: DateTime<Utc>,
) -> crate::error::ServiceResult<()> {
    let reached = crate::visitor::reach::image_in_reach(ctx, viewer, image, now).await?;
    view(ctx, &reached.gallery, &reached.admitted, reached.image.id, viewer.client, now).await;
    Ok(())
}
