//! Recording events: one raw row each (`activity`) and the daily counts reports read
//! (`activity_days`), written in one transaction. A report never scans the events, so its cost
//! follows the number of days and photos, not the number of events.

use crate::entities::{activity, activity_day};
use chrono::{DateTime, Utc};
use domain::engagement::EventKind;
use domain::engagement::report::ReportRange;
use domain::policy::Role;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, TransactionSession, TransactionTrait};
use std::collections::HashMap;
use uuid::Uuid;

/// Who did it, as far as the gallery knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    pub email: Option<String>,
    pub link: Option<Uuid>,
    pub role: Option<Role>,
    /// The day's salted hash of their address (visits and views).
    pub visitor: Option<String>,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    pub studio: Uuid,
    pub gallery: Uuid,
    pub image: Option<Uuid>,
    pub who: Who,
    pub size: Option<String>,
    /// Files in a ZIP; 1 otherwise.
    pub count: i32,
    /// A comment's first words.
    pub detail: Option<String>,
}

impl Event {
    pub fn new(kind: EventKind, studio: Uuid, gallery: Uuid, who: Who) -> Self {
        Event { kind, studio, gallery, image: None, who, size: None, count: 1, detail: None }
    }

    pub fn on(mut self, image: Uuid) -> Self {
        self.image = Some(image);
        self
    }
}

/// One increment of a daily count: the gallery's total (`image` and `email` empty), one image's
/// or one person's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bump {
    pub gallery: Uuid,
    pub day: String,
    pub kind: EventKind,
    pub image: String,
    pub email: String,
}

/// The daily counts an event adds to: the total, its image's and its person's.
pub fn bumps_of(event: &Event, at: DateTime<Utc>) -> Vec<(Bump, i64)> {
    let day = ReportRange::key(at.date_naive());
    let base = Bump { gallery: event.gallery, day, kind: event.kind, image: String::new(), email: String::new() };
    // A ZIP's row holds its file count; as a ZIP it counts once (its files are added as downloads).
    let count = if event.kind == EventKind::Zip { 1 } else { i64::from(Ord::max(event.count, 1)) };
    let mut bumps = vec![(base.clone(), count)];
    if let Some(image) = event.image {
        bumps.push((Bump { image: image.to_string(), ..base.clone() }, count));
    }
    if let Some(email) = &event.who.email {
        bumps.push((Bump { email: email.clone(), ..base }, count));
    }
    bumps
}

/// Records `events` at `at`: their rows and their daily counts, plus `extra` counts that have no
/// row of their own (a ZIP's files under their images). One transaction (a savepoint inside the
/// caller's).
pub async fn record<C>(db: &C, events: &[Event], extra: Vec<(Bump, i64)>, at: DateTime<Utc>) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    if events.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let studios: HashMap<Uuid, Uuid> = events.iter().map(|e| (e.gallery, e.studio)).collect();
    let mut counts: HashMap<Bump, i64> = HashMap::new();
    for (bump, n) in events.iter().flat_map(|e| bumps_of(e, at)).chain(extra) {
        *counts.entry(bump).or_default() += n;
    }
    let txn = db.begin().await?;
    for chunk in events.chunks(500) {
        let rows = chunk.iter().map(|e| activity::ActiveModel {
            id: Set(Uuid::now_v7()),
            studio_id: Set(e.studio),
            gallery_id: Set(e.gallery),
            kind: Set(e.kind.token().to_owned()),
            at: Set(at),
            image_id: Set(e.image),
            email: Set(e.who.email.clone()),
            link_id: Set(e.who.link),
            role: Set(e.who.role.map(|r| r.as_str().to_owned())),
            size: Set(e.size.clone()),
            visitor: Set(e.who.visitor.clone()),
            count: Set(e.count),
            detail: Set(e.detail.clone()),
        });
        activity::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    // One order for every transaction's row locks (PostgreSQL): two requests adding to the same
    // rows in different orders would deadlock, and one of them would lose its events.
    let mut counts: Vec<(Bump, i64)> = counts.into_iter().collect();
    counts.sort_by(|(a, _), (b, _)| {
        (a.gallery, &a.day, a.kind.token(), &a.image, &a.email).cmp(&(
            b.gallery,
            &b.day,
            b.kind.token(),
            &b.image,
            &b.email,
        ))
    });
    for chunk in counts.chunks(500) {
        let rows = chunk.iter().map(|(bump, n)| activity_day::ActiveModel {
            gallery_id: Set(bump.gallery),
            day: Set(bump.day.clone()),
            kind: Set(bump.kind.token().to_owned()),
            image: Set(bump.image.clone()),
            email: Set(bump.email.clone()),
            studio_id: Set(studios.get(&bump.gallery).copied().unwrap_or_default()),
            count: Set(*n),
            last_at: Set(at),
        });
        add_counts(&txn, rows).await?;
    }
    txn.commit().await
}

/// Inserts daily rows, or adds their counts to the rows already there (both databases speak
/// `ON CONFLICT … DO UPDATE`). The rows of one statement never share a key.
pub async fn add_counts<C: ConnectionTrait>(
    db: &C,
    rows: impl IntoIterator<Item = activity_day::ActiveModel>,
) -> Result<(), DbErr> {
    use activity_day::Column;
    let excluded = |column: Column| Expr::col((Alias::new("excluded"), column));
    let upsert = OnConflict::columns([Column::GalleryId, Column::Day, Column::Kind, Column::Image, Column::Email])
        .value(Column::Count, Expr::col((activity_day::Entity, Column::Count)).add(excluded(Column::Count)))
        .value(Column::LastAt, excluded(Column::LastAt))
        .to_owned();
    activity_day::Entity::insert_many(rows).on_conflict(upsert).exec_without_returning(db).await.map(drop)
}
