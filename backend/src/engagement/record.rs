//! Recording events: one raw row each (`activity`) and the running counts reports read
//! (`engagement::counts`), written in one transaction. A report never scans the events.

use super::counts::{self, Key};
use crate::entities::activity;
use crate::studio::days;
use chrono::{DateTime, Utc};
use domain::engagement::EventKind;
use domain::policy::Role;
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

/// The counts an event adds to: the gallery's, its image's and its person's.
fn counts_of(event: &Event) -> Vec<(Key, i64)> {
    let base = Key::all(event.gallery, event.kind);
    // A ZIP's row holds its file count; as a ZIP it counts once (its files are added as downloads).
    let count = if event.kind == EventKind::Zip { 1 } else { i64::from(Ord::max(event.count, 1)) };
    let mut counts = vec![(base.clone(), count)];
    if let Some(image) = event.image {
        counts.push((Key { image: image.to_string(), ..base.clone() }, count));
    }
    if let Some(email) = &event.who.email {
        counts.push((Key { email: email.clone(), ..base }, count));
    }
    counts
}

/// Records `events` at `at`: their rows and their counts, plus `extra` counts that have no row of
/// their own (a ZIP's files under their images). One transaction (a savepoint inside the
/// caller's).
pub async fn record<C>(db: &C, events: &[Event], extra: Vec<(Key, i64)>, at: DateTime<Utc>) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    if events.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let studios: HashMap<Uuid, Uuid> = events.iter().map(|e| (e.gallery, e.studio)).collect();
    let mut sums: HashMap<Key, i64> = HashMap::new();
    for (key, n) in events.iter().flat_map(counts_of).chain(extra) {
        *sums.entry(key).or_default() += n;
    }
    let txn = crate::db::begin(db).await?;
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
    // One call records one gallery's events: they count on its studio's day.
    let zone = match events.first() {
        Some(event) => days::zone_of(&txn, event.studio).await?,
        None => chrono_tz::UTC,
    };
    let day = days::day_in(zone, at);
    counts::add(&txn, &studios, sums.into_iter().filter(|(_, n)| *n != 0).collect(), day, at).await?;
    txn.commit().await
}
