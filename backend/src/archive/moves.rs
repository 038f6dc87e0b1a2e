//! Copying files between the live and the archive tier, checked: a copy is written atomically
//! (`Storage::put_stream`: renamed into place in a folder, a completed multipart upload on S3),
//! then read back whole and its SHA-256 compared with the
//! recorded one; a copy that does not match is removed and the move fails. Every move's bytes and
//! time are recorded (`tier_moves`), for restore estimates and the operator's figures.

use super::files::TierFile;
use crate::ctx::Ctx;
use crate::entities::{image_file, tier_move};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::Storage;
use crate::storage::StorageKey;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::time::Duration;
use uuid::Uuid;

/// Which way files move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Archive,
    Restore,
}

impl Direction {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Archive => "archive",
            Self::Restore => "restore",
        }
    }
}

/// How many images are moved at once: one is read back and hashed while another is written, and
/// each image's row update overlaps the others' copying.
const AT_ONCE: usize = 4;

/// Runs `moves` (each a move of one image, answering the bytes it copied) `AT_ONCE` at a time;
/// answers the bytes copied, or the first failure (every move is safe to run again).
pub async fn run_moves(moves: Vec<BoxFuture<'_, ServiceResult<u64>>>) -> ServiceResult<u64> {
    futures::stream::iter(moves).buffer_unordered(AT_ONCE).try_fold(0, |sum, n| async move { Ok(sum + n) }).await
}

/// The speed assumed before anything was measured: a slow disk or a modest object store.
const UNMEASURED_BYTES_PER_SECOND: f64 = 50e6;

/// Copies `file` from `from` to `to` and checks the copy; answers the bytes copied (0 when `to`
/// already held a good copy). A copy already there is read back and checked too: the caller may
/// be about to delete the other one.
pub async fn copy_checked(from: &Storage, to: &Storage, file: &TierFile) -> ServiceResult<u64> {
    match to.info(file.key).await {
        // A copy left by a run that stopped before its sync may still be only in the page cache.
        Ok(_) if matches(to, file).await?.is_ok() => {
            to.sync(file.key).await?;
            return Ok(0);
        }
        // Missing, or not the recorded bytes (a copy a crash or the disk spoilt): written anew.
        Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    // The source is hashed as it is read: a copy that reads back wrong is the source's fault
    // only if the source itself was not the recorded bytes.
    let read = std::sync::Arc::new(std::sync::Mutex::new(<sha2::Sha256 as sha2::Digest>::new()));
    let hashing = read.clone();
    let source = from
        .stream(file.key, None)
        .await?
        .inspect_ok(move |chunk| {
            if let Ok(mut hasher) = hashing.lock() {
                sha2::Digest::update(&mut *hasher, chunk);
            }
        })
        .boxed();
    let written = to.put_stream(file.key, source).await?;
    // On disk before anything counts on it (the caller may delete the other copy next).
    to.sync(file.key).await?;
    if let Err(found) = matches(to, file).await? {
        // A bad copy must never be taken for a good one.
        to.delete(file.key).await?;
        let sent = read.lock().map(|h| hex::encode(sha2::Digest::finalize(h.clone()))).unwrap_or_default();
        let what = format!(
            "The copy of {} read back as {found}; {} bytes with SHA-256 {} were recorded. It was removed.",
            file.key.path(),
            file.bytes,
            file.sha256
        );
        // The source read as recorded: the writing side spoilt it (a failing disk or store),
        // which the next try may not; the source is sound, and never marked damaged for it.
        if written == file.bytes && sent == file.sha256 {
            return Err(ServiceError::Internal(anyhow::anyhow!("{what} The source read as recorded.")));
        }
        return Err(ServiceError::Damaged(what));
    }
    Ok(written)
}

/// `copy_checked` for one file of `image`, in the archive's own terms: a custom download size
/// missing at the source (made while a move was under way, then swept) is forgotten — its record
/// goes, and it is made again from the original when asked for — instead of failing the move for
/// ever; an original that does not match its record when copied out of the live tier is marked
/// damaged (its photographer is told) and stays where it is.
pub async fn move_file(ctx: &Ctx, from: &Storage, to: &Storage, image: Uuid, file: &TierFile) -> ServiceResult<u64> {
    match copy_checked(from, to, file).await {
        Err(ServiceError::NotFound) if matches!(file.key, StorageKey::Download(..)) => {
            image_file::Entity::delete_many()
                .filter(image_file::Column::ImageId.eq(image))
                .filter(image_file::Column::Variant.eq(download_variant(file.key)))
                .exec(&ctx.db)
                .await?;
            Ok(0)
        }
        Err(ServiceError::Damaged(detail)) if matches!(file.key, StorageKey::Original(_)) => {
            crate::storage::integrity::mark_damaged(ctx, image, &detail, chrono::Utc::now()).await?;
            Err(ServiceError::Damaged(detail))
        }
        other => other,
    }
}

/// The `image_files` variant of a download size's key.
fn download_variant(key: StorageKey) -> String {
    match key {
        StorageKey::Download(_, size) => size.token(),
        _ => String::new(),
    }
}

/// Reads `file`'s copy in `to` back whole: `Err` with what was found when it differs from the
/// record.
async fn matches(to: &Storage, file: &TierFile) -> ServiceResult<Result<(), String>> {
    let (sha256, length) = to.sha256(file.key).await?;
    Ok(if sha256 == file.sha256 && length == file.bytes {
        Ok(())
    } else {
        Err(format!("{length} bytes with SHA-256 {sha256}"))
    })
}

/// Records a finished run of moves (nothing when nothing was copied).
pub async fn record(
    ctx: &Ctx,
    direction: Direction,
    bytes: u64,
    took: Duration,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if bytes == 0 {
        return Ok(());
    }
    tier_move::Entity::insert(tier_move::ActiveModel {
        direction: Set(direction.as_str().to_owned()),
        bytes: Set(i64::try_from(bytes).unwrap_or(i64::MAX)),
        millis: Set(i64::try_from(took.as_millis()).unwrap_or(i64::MAX).max(1)),
        finished_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(())
}

/// The measured speed of restores (bytes a second) over the last runs; archive runs stand in
/// before any restore was measured, a cautious default before either.
pub async fn measured_rate(ctx: &Ctx) -> ServiceResult<f64> {
    for direction in [Direction::Restore, Direction::Archive] {
        let recent: Vec<(i64, i64)> = tier_move::Entity::find()
            .select_only()
            .column(tier_move::Column::Bytes)
            .column(tier_move::Column::Millis)
            .filter(tier_move::Column::Direction.eq(direction.as_str()))
            .order_by_desc(tier_move::Column::Id)
            .limit(20)
            .into_tuple()
            .all(&ctx.db)
            .await?;
        let (bytes, millis) = recent.iter().fold((0i64, 0i64), |(b, m), (bytes, millis)| (b + bytes, m + millis));
        if bytes > 0 && millis > 0 {
            return Ok(bytes as f64 * 1000.0 / millis as f64);
        }
    }
    Ok(UNMEASURED_BYTES_PER_SECOND)
}
