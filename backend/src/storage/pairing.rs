//! Which database a store belongs to. The storage sweep deletes every object no row refers to,
//! so a store opened with another database's rows would lose every photo an hour later: a
//! default relative `DATABASE_URL` resolved from another working folder (a new, empty
//! database), a staging instance given production's bucket, an empty PostgreSQL database. Each
//! tier's store holds a mark (`proofroom-store`, an id) and the database holds the same id
//! (`storage_marks`); a start whose database and store do not match is refused with a sentence,
//! and the sweep deletes nothing in a store whose mark is not its database's.
//!
//! An unmarked store (new, from before marks existed, or whose mark a crash kept from being
//! written) is marked for this database only when it holds one of the database's newest
//! originals, or the database keeps none there; a database with nothing of its own in storage
//! facing an unmarked store of files is the new-empty-database case itself, and refused.

use crate::ctx::Ctx;
use crate::entities::{image, storage_mark, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::Storage;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
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

/// The order that makes every state readable: the database's row is committed first, then the
/// store's mark written. A mark without its row is never left by a crash (it is another
/// database's); a row without its mark is (a crash between the two, or a new store), and is
/// marked only once the store proves to hold this database's photos, or the database has none.
async fn ensure_tier(ctx: &Ctx, tier: Tier) -> Result<(), Refusal> {
    let store = tier.store(ctx);
    let (setting, place) = (tier.setting(), tier.place(ctx));
    // The store first, then the row: another instance marking this store meanwhile commits its
    // row before it writes the mark, so a mark read here always has its row by the next read.
    let found = match store.mark().await?.as_deref().map(parse) {
        None => None,
        Some(Some(mark)) => Some(mark),
        Some(None) => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} holds a file `proofroom-store` that is not a Proofroom mark: point {setting} at Proofroom's own storage."
            )));
        }
    };
    let recorded = storage_mark::Entity::find_by_id(tier.name()).one(&ctx.db).await?.map(|r| r.mark);
    match (recorded, found) {
        (Some(recorded), Some(found)) if recorded == found => return Ok(()),
        (Some(recorded), Some(found)) => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} belongs to another database (its mark `proofroom-store` is {found}, this database's is {recorded}): point DATABASE_URL at its database, or {setting} at this database's storage."
            )));
        }
        (None, Some(found)) => {
            return Err(Refusal::Mismatch(format!(
                "{setting}={place} belongs to another database (its mark `proofroom-store` is {found}; this database has none): point DATABASE_URL at its database (is it a relative path read from another folder?)."
            )));
        }
        (_, None) => {}
    }
    // Unmarked: a new store, one from before marks, or one whose mark was never written.
    let proof = newest_originals(&ctx.db, tier).await?;
    if !proof.is_empty() && !store.holds_any_original(&proof).await {
        return Err(Refusal::Mismatch(format!(
            "{setting}={place} does not hold this database's photos (none of its newest originals is there): is a volume not mounted, or {setting} or DATABASE_URL wrong?"
        )));
    }
    if proof.is_empty() && !in_use(&ctx.db).await? && store.holds_objects().await? {
        return Err(Refusal::Mismatch(format!(
            "{setting}={place} holds files, but the database at DATABASE_URL has no photos: it is not that storage's database (is DATABASE_URL a relative path read from another folder?). Point DATABASE_URL at the storage's database, or empty the storage to start afresh."
        )));
    }
    let mark = match recorded {
        Some(recorded) => recorded,
        None => record(ctx, tier).await?,
    };
    match store.set_mark(&mark.to_string()).await {
        Ok(()) => {}
        // A full store still starts (uploads are refused with a sentence meanwhile); the sweep
        // stays off there until a later start can write the mark.
        Err(e) if crate::error::is_storage_full(&e) => {
            tracing::warn!(error = %e, "{setting}={place} is full: its mark could not be written, so the storage sweep leaves it alone until it can");
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(tier = tier.name(), %mark, "{setting}={place} is marked as this database's storage");
    Ok(())
}

/// Commits this database's mark for `tier`, or the one another instance starting at the same
/// moment committed first (they take turns).
async fn record(ctx: &Ctx, tier: Tier) -> Result<Uuid, Refusal> {
    let txn = crate::db::begin(&ctx.db).await?;
    crate::db::take_turns(&txn, "storage-marks").await?;
    if let Some(first) = storage_mark::Entity::find_by_id(tier.name()).one(&txn).await? {
        txn.commit().await?;
        return Ok(first.mark);
    }
    let mark = Uuid::new_v4();
    storage_mark::Entity::insert(storage_mark::ActiveModel {
        tier: Set(tier.name().to_owned()),
        mark: Set(mark),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(mark)
}

/// The newest originals this database keeps in the tier's store (live ones for the live store,
/// archived ones for the archive), not known damaged: the store must hold one of them to be
/// this database's. Empty when it keeps none there.
async fn newest_originals<C: ConnectionTrait>(db: &C, tier: Tier) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::OriginalLive.eq(tier == Tier::Live))
        .filter(image::Column::DamagedAt.is_null())
        .order_by_desc(image::Column::CreatedAt)
        .limit(PROOF)
        .into_tuple()
        .all(db)
        .await
}

/// How many of the newest originals are looked for.
const PROOF: u64 = 20;

/// Whether the database has anything of its own in storage: a photo (in either tier) or a
/// studio's logo. One with nothing, facing a store of files, is a new database.
async fn in_use<C: ConnectionTrait>(db: &C) -> Result<bool, sea_orm::DbErr> {
    let photo = image::Entity::find().select_only().column(image::Column::Id).limit(1).into_tuple::<Uuid>().one(db);
    let logo = studio::Entity::find()
        .select_only()
        .column(studio::Column::Id)
        .filter(studio::Column::LogoKey.is_not_null())
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db);
    Ok(photo.await?.is_some() || logo.await?.is_some())
}

/// A mark as written: an id in text.
fn parse(bytes: &[u8]) -> Option<Uuid> {
    std::str::from_utf8(bytes).ok().and_then(|text| Uuid::parse_str(text.trim()).ok())
}

fn internal(e: object_store::Error) -> ServiceError {
    ServiceError::Internal(e.into())
}
