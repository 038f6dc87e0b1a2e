//! Which database a store belongs to. The storage sweep deletes every object no row refers to,
//! so a store opened with another database's rows would lose every photo an hour later: a
//! default relative `DATABASE_URL` resolved from another working folder (a new, empty
//! database), a staging instance given production's bucket, an empty PostgreSQL database. Each
//! tier's store holds a mark (`proofroom-store`, an id) and the database holds the same id
//! (`storage_marks`); a start whose database and store do not match is refused with a sentence,
//! and the sweep deletes nothing in a store whose mark is not its database's.
//!
//! A store and a database from before marks existed are marked together at their first start,
//! unless the database has no photo at all while the store holds objects: that is the new-empty-
//! database case itself.

use crate::ctx::Ctx;
use crate::entities::{image, storage_mark};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::Storage;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// A tier of storage, with its own store and mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Live,
    Archive,
}

impl Tier {
    /// Its name in `storage_marks`.
    fn name(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Archive => "archive",
        }
    }

    /// The setting that names its store, for the sentences.
    fn setting(self) -> &'static str {
        match self {
            Self::Live => "PROOFROOM_STORAGE",
            Self::Archive => "PROOFROOM_ARCHIVE",
        }
    }

    pub fn store(self, ctx: &Ctx) -> &Storage {
        match self {
            Self::Live => &ctx.storage,
            Self::Archive => &ctx.archive,
        }
    }

    fn place(self, ctx: &Ctx) -> String {
        match self {
            Self::Live => ctx.config.storage.to_string(),
            Self::Archive => ctx.config.archive.to_string(),
        }
    }
}

/// Checks both tiers' stores belong to this database, marking them on their first start. `Err`
/// is a sentence for the operator (start refused).
pub async fn ensure(ctx: &Ctx) -> Result<(), String> {
    for tier in [Tier::Live, Tier::Archive] {
        ensure_tier(ctx, tier).await.map_err(|refused| match refused {
            Refusal::Mismatch(sentence) => sentence,
            Refusal::Failed(e) => {
                format!("Cannot check which database {}={} belongs to ({e}).", tier.setting(), tier.place(ctx))
            }
        })?;
    }
    Ok(())
}

/// Whether the store of `tier` is this database's, as the sweep asks before deleting anything.
pub async fn is_own(ctx: &Ctx, tier: Tier) -> ServiceResult<bool> {
    let recorded = storage_mark::Entity::find_by_id(tier.name()).one(&ctx.db).await?;
    let found = tier.store(ctx).mark().await.map_err(internal)?;
    Ok(matches!((recorded, found), (Some(r), Some(f)) if parse(&f) == Some(r.mark)))
}

enum Refusal {
    /// The store and the database do not go together: the sentence says how they differ.
    Mismatch(String),
    /// Either could not be read.
    Failed(String),
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Failed(e.to_string())
    }
}

impl From<object_store::Error> for Refusal {
    fn from(e: object_store::Error) -> Self {
        Self::Failed(e.to_string())
    }
}

async fn ensure_tier(ctx: &Ctx, tier: Tier) -> Result<(), Refusal> {
    let store = tier.store(ctx);
    let (setting, place) = (tier.setting(), tier.place(ctx));
    // Instances starting together on new storage mark it once: the first writes, the others
    // wait for its commit and find the mark.
    let txn = crate::db::begin(&ctx.db).await?;
    crate::db::take_turns(&txn, "storage-marks").await?;
    let recorded = storage_mark::Entity::find_by_id(tier.name()).one(&txn).await?.map(|r| r.mark);
    let found = store.mark().await?;
    let found = match found.as_deref().map(parse) {
        None => None,
        Some(Some(mark)) => Some(mark),
        Some(None) => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} holds a file `proofroom-store` that is not a Proofroom mark: point {setting} at Proofroom's own storage."
            )));
        }
    };
    let photos = expects_objects(&txn, tier).await?;
    let mark = match (recorded, found) {
        (Some(recorded), Some(found)) if recorded == found => return Ok(()),
        (Some(recorded), Some(found)) => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} belongs to another database (its mark `proofroom-store` is {found}, this database's is {recorded}): point DATABASE_URL at its database, or {setting} at this database's storage."
            )));
        }
        (Some(recorded), None) if photos => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} is not where this database's photos are kept (it has no mark `proofroom-store`; the database's is {recorded}): is a volume not mounted, or {setting} wrong?"
            )));
        }
        // The database's photos are elsewhere... or it has none yet: a new, empty store.
        (Some(recorded), None) => recorded,
        (None, Some(found)) if photos || store.holds_objects().await? => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} belongs to another database (its mark `proofroom-store` is {found}; this database has none): point DATABASE_URL at its database. To start this database afresh on that storage, empty it first."
            )));
        }
        // A first start that stopped between marking the store and committing here.
        (None, Some(found)) => found,
        (None, None) if !photos && store.holds_objects().await? => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} holds files, but the database at DATABASE_URL has no photos: it is not that storage's database (is DATABASE_URL a relative path read from another folder?). Point DATABASE_URL at the storage's database, or empty the storage to start afresh."
            )));
        }
        (None, None) => Uuid::new_v4(),
    };
    if recorded.is_none() {
        storage_mark::Entity::insert(storage_mark::ActiveModel {
            tier: Set(tier.name().to_owned()),
            mark: Set(mark),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    store.set_mark(&mark.to_string()).await?;
    txn.commit().await?;
    tracing::info!(tier = tier.name(), %mark, "{setting}={place} is marked as this database's storage");
    Ok(())
}

/// Whether this database counts on objects in the tier's store: any photo for the live store, an
/// archived original for the archive.
async fn expects_objects<C: ConnectionTrait>(db: &C, tier: Tier) -> Result<bool, sea_orm::DbErr> {
    let query = match tier {
        Tier::Live => image::Entity::find(),
        Tier::Archive => image::Entity::find().filter(image::Column::OriginalLive.eq(false)),
    };
    Ok(query.select_only().column(image::Column::Id).limit(1).into_tuple::<Uuid>().one(db).await?.is_some())
}

/// A mark as written: an id in text.
fn parse(bytes: &[u8]) -> Option<Uuid> {
    std::str::from_utf8(bytes).ok().and_then(|text| Uuid::parse_str(text.trim()).ok())
}

fn internal(e: object_store::Error) -> ServiceError {
    ServiceError::Internal(e.into())
}
