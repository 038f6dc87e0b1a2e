//! Upload: stream one file to a temporary file while hashing it (SHA-256 for duplicates and
//! integrity, CRC32 for ZIP headers known in advance), inspect it without decoding, read it
//! strictly (a JPEG of declared length as its bytes arrive, when there is room: `early_read`),
//! while the original is stored byte for byte, then add its row and its render job together. On
//! object storage the bytes go to the bucket as they arrive, as a multipart upload completed only
//! once the checks pass. A refused or broken upload leaves no object, no unfinished upload, no
//! row and no temporary file.

use crate::ctx::Ctx;
use crate::entities::{image, image_file};
use crate::error::{ServiceError, ServiceResult, is_unique_violation};
use crate::gallery::images::card_of;
use crate::gallery::records::load_owned;
use crate::gallery::sets::APPEND_POSITION;
use crate::jobs::queue;
use crate::photos::early_read::EarlyRead;
use crate::photos::growing_file::Growth;
use crate::photos::renditions::RenderImage;
use crate::storage::{ArrivingObject, StorageKey};
use bytes::Bytes;
use chrono::Utc;
use domain::card::ImageCard;
use domain::gallery::ImageStatus;
use domain::ids::{GalleryId, ImageId, StudioId};
use domain::policy::DownloadSize;
use domain::validation;
use futures::{Stream, StreamExt};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

/// Removes the temporary file however the upload ends.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// What streaming learnt about the bytes.
struct Received {
    len: u64,
    sha256: String,
    crc32: u32,
}

/// Receives one uploaded file into `gallery`. `declared_len` (Content-Length) lets an oversized
/// file be refused before a byte is read.
pub async fn upload<S, E>(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    raw_name: &str,
    declared_len: Option<u64>,
    body: S,
) -> ServiceResult<ImageCard>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    load_owned(ctx, studio, gallery).await?;
    // Held until the upload is stored or refused: by the task below once the bytes are in, so
    // a client that hangs up then does not free it while its file is still being checked.
    let slot = ctx.uploads.take(studio, ctx.config.uploads_per_studio)?;
    let limits = &ctx.config.limits;
    if declared_len.is_some_and(|len| len > limits.max_bytes) {
        return Err(too_large(limits.max_bytes));
    }
    let file_name = validation::file_name(raw_name);
    let id = Uuid::now_v7();
    let temp = TempFile(ctx.config.upload_dir().join(format!("{}.part", Uuid::new_v4())));
    let file = tokio::fs::File::create(&temp.0).await.map_err(|e| noted(ctx, e.into()))?;
    // A JPEG of known length is read strictly while it arrives, when there is room for that.
    let (growth, early) = declared_len
        .and_then(|len| ctx.early_reads.start(&ctx.decode_budget, ctx.config.limits, &temp.0, len, &file_name))
        .unzip();
    // On object storage the bytes go to the bucket as they arrive, unpublished until checked.
    let mut arriving =
        ctx.storage.begin(StorageKey::Original(ImageId(id)), &temp.0).await.map_err(|e| noted(ctx, e.into()))?;
    let received = match receive(file, body, limits.max_bytes, arriving.as_mut(), growth.as_ref()).await {
        Ok(received) => received,
        Err(err) => {
            drop(growth);
            if let Some(early) = early {
                early.ended().await;
            }
            discard(arriving).await;
            return Err(noted(ctx, err));
        }
    };
    // Told the file is whole only at the length it was declared with: otherwise its read is
    // abandoned (and the file checked once whole).
    if let Some(growth) = growth.filter(|_| Some(received.len) == declared_len) {
        growth.whole(received.len);
    }
    // From here on the work runs as its own task: a client that hangs up cannot cancel it between
    // storing the original and committing its row (which would strand the object).
    let task_ctx = ctx.clone();
    let upload = Upload { id, file_name, temp, received, early };
    let stored = tokio::spawn(async move {
        let _slot = slot;
        store(&task_ctx, gallery, upload, arriving).await
    })
    .await
    .map_err(|e| ServiceError::Internal(e.into()))
    .and_then(|stored| stored);
    match stored {
        Ok(card) => {
            ctx.storage_full.stored();
            Ok(card)
        }
        Err(err) => Err(noted(ctx, err)),
    }
}

/// One received file on its way into the gallery.
struct Upload {
    /// The image id its row and original will have.
    id: Uuid,
    file_name: String,
    temp: TempFile,
    received: Received,
    /// The strict read that followed its bytes, if one did.
    early: Option<EarlyRead>,
}

/// Remembers a refusal for lack of space (for `/healthz`) on its way out.
fn noted(ctx: &Ctx, err: ServiceError) -> ServiceError {
    if matches!(err, ServiceError::StorageFull) {
        ctx.storage_full.refused(Utc::now().timestamp_millis());
    }
    err
}

/// Aborts the unpublished upload of a refused file, if it went to object storage as it arrived.
async fn discard(arriving: Option<ArrivingObject>) {
    if let Some(arriving) = arriving {
        arriving.discard().await;
    }
}

/// Checks the received file and stores the original (or publishes it, if it went to object
/// storage as it arrived), then adds its row and render job.
async fn store(
    ctx: &Ctx,
    gallery: GalleryId,
    upload: Upload,
    arriving: Option<ArrivingObject>,
) -> ServiceResult<ImageCard> {
    let Upload { id, file_name, temp, received, early } = upload;
    let key = StorageKey::Original(ImageId(id));
    let Inspected { inspection, mends } = match arriving {
        // The parts still travelling finish while the checks run; the upload is completed only
        // once they pass, so a refused photo never becomes an object (not even a noncurrent
        // version in a versioned bucket).
        Some(mut arriving) => {
            let (checked, sent) =
                tokio::join!(check(ctx, gallery, &file_name, &temp.0, &received, early), arriving.sent());
            let checked = match checked {
                Ok(checked) => checked,
                Err(refused) => {
                    arriving.discard().await;
                    return Err(refused);
                }
            };
            if let Err(failed) = sent {
                arriving.discard().await;
                return Err(failed.into());
            }
            arriving.publish().await?;
            checked
        }
        // Inspected first (nothing is copied for a file refused on sight); then the strict read
        // and the copy overlap (one is the CPU's work, the other the disk's): a photo refused by
        // the read has its copy deleted before the answer, so nothing of it stays.
        None => {
            let (checked, read_early) = inspected(ctx, gallery, &file_name, &temp.0, &received, early).await?;
            let verified = async {
                if read_early {
                    Ok(())
                } else {
                    verify(ctx, &temp.0, &file_name, received.len, &checked.inspection).await
                }
            };
            let (verified, stored) = tokio::join!(verified, ctx.storage.put_file(key, &temp.0));
            if let Err(refused) = verified {
                forget_copy(ctx, key).await;
                return Err(refused);
            }
            stored?;
            // Flushed to the disk before its row says it is there: a power cut after the commit
            // must not leave a photo whose original is empty or missing.
            if let Err(failed) = ctx.storage.sync(key).await {
                forget_copy(ctx, key).await;
                return Err(failed.into());
            }
            checked
        }
    };
    if let Some(existing) = mends {
        return mend(ctx, existing, key).await;
    }
    let row = image::Model {
        id,
        gallery_id: gallery.0,
        set_id: None,
        position: APPEND_POSITION,
        file_name: file_name.clone(),
        format: inspection.format.label().to_owned(),
        byte_size: i64::try_from(received.len).unwrap_or(i64::MAX),
        sha256: received.sha256.clone(),
        crc32: i64::from(received.crc32),
        width: i32::try_from(inspection.width).unwrap_or(i32::MAX),
        height: i32::try_from(inspection.height).unwrap_or(i32::MAX),
        orientation: i16::from(inspection.orientation),
        captured_at: inspection.captured_at,
        camera: inspection.camera.clone(),
        status: ImageStatus::Processing.as_str().to_owned(),
        failure: None,
        deleted_at: None,
        created_at: Utc::now(),
        verified_at: None,
        damaged_at: None,
        watermark_version: None,
        archived_at: None,
        original_live: true,
        restored_until: None,
    };
    // The card comes from the row as written, not read back: once the commit is made the photo
    // is saved, and the answer must say so.
    let card = card_of(&row);
    match insert_with_job(ctx, image::ActiveModel::from(row).reset_all(), id).await {
        Ok(()) => Ok(card),
        Err(Unsaved { err, committing }) => {
            // An error from the commit itself (the connection lost while committing) leaves it
            // unknown whether the row was written, and a look may come before a commit still on
            // its way: the original of a photo that may be saved is never deleted here. Found,
            // the photo is saved; not found, the original stays for the storage sweep, which
            // removes a file no row names once its grace period is over.
            if committing {
                if let Ok(Some(_)) = image::Entity::find_by_id(id).one(&ctx.db).await {
                    return Ok(card);
                }
            } else {
                // Nothing of a refused upload stays: the insert was rolled back, so the stored
                // original goes too.
                forget_copy(ctx, key).await;
            }
            if is_unique_violation(&err)
                && let Some(existing) = find_same_bytes(ctx, gallery, &received.sha256).await?
            {
                return Err(duplicate(&file_name, &existing));
            }
            Err(err.into())
        }
    }
}

/// A received file that passed inspection and the duplicate check.
struct Inspected {
    inspection: media::Inspection,
    /// The photo these very bytes mend (`mendable`) instead of being a new one.
    mends: Option<image::Model>,
}

/// Every check of a received file, in order: inspection, duplicates, the strict read (unless it
/// passed that as it arrived: `early`). Its inspection, or its refusal.
async fn check(
    ctx: &Ctx,
    gallery: GalleryId,
    file_name: &str,
    path: &Path,
    received: &Received,
    early: Option<EarlyRead>,
) -> ServiceResult<Inspected> {
    let (checked, read_early) = inspected(ctx, gallery, file_name, path, received, early).await?;
    if !read_early {
        verify(ctx, path, file_name, received.len, &checked.inspection).await?;
    }
    Ok(checked)
}

/// Inspection and the duplicate check, with the strict read made as the file arrived, if it
/// passed: the inspection, and whether that read was made.
async fn inspected(
    ctx: &Ctx,
    gallery: GalleryId,
    file_name: &str,
    path: &Path,
    received: &Received,
    early: Option<EarlyRead>,
) -> ServiceResult<(Inspected, bool)> {
    let early = match early {
        Some(early) => early.outcome(received.len).await,
        None => None,
    };
    let read_early = early.is_some();
    Ok((inspect_new(ctx, gallery, file_name, path, received, early).await?, read_early))
}

/// Deletes the stored copy of a refused photo. A failure is logged rather than answered, so the
/// photographer still reads why the photo was refused; the storage sweep removes the copy later.
async fn forget_copy(ctx: &Ctx, key: StorageKey) {
    if let Err(err) = ctx.storage.delete(key).await {
        tracing::warn!(?key, error = %err, "the copy of a refused upload could not be deleted; the storage sweep will");
    }
}

/// Inspects the received file without decoding it (unless it passed the strict read as it arrived:
/// `early`), and refuses one whose exact bytes the gallery already has (unless they mend it).
async fn inspect_new(
    ctx: &Ctx,
    gallery: GalleryId,
    file_name: &str,
    path: &Path,
    received: &Received,
    early: Option<media::Inspection>,
) -> ServiceResult<Inspected> {
    let inspection = if let Some(early) = early {
        early
    } else {
        let path = path.to_path_buf();
        let limits = ctx.config.limits;
        let len = received.len;
        tokio::task::spawn_blocking(move || {
            let file = std::io::BufReader::new(std::fs::File::open(path)?);
            Ok::<_, std::io::Error>(media::inspect(file, len, &limits))
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))??
        .map_err(|e| ServiceError::Unprocessable(format!("{file_name}: {e}")))?
    };
    let mends = match find_same_bytes(ctx, gallery, &received.sha256).await? {
        Some(existing) if mendable(&existing) => Some(existing),
        Some(existing) => return Err(duplicate(file_name, &existing)),
        None => None,
    };
    Ok(Inspected { inspection, mends })
}

/// Reads every byte of the picture strictly (`media::verify`) within the decode budget: a file cut
/// short or damaged is refused here (a local copy made meanwhile is deleted; on object storage
/// the upload is never completed).
/// An image whose renditions would need more memory than the whole budget is refused too, now
/// rather than failing later.
async fn verify(
    ctx: &Ctx,
    path: &Path,
    file_name: &str,
    len: u64,
    inspection: &media::Inspection,
) -> ServiceResult<()> {
    let verify_memory = ctx.decode_budget.upload_needs(file_name, len, inspection)?;
    let path = path.to_path_buf();
    let inspection = inspection.clone();
    let verified = ctx
        .cpu(crate::cpu::Work::Image { memory: verify_memory }, move || {
            let file = std::io::BufReader::new(std::fs::File::open(path)?);
            Ok::<_, std::io::Error>(media::verify(file, len, &inspection))
        })
        .await??;
    verified.map_err(|e| ServiceError::Unprocessable(format!("{file_name}: {e}")))
}

/// Why a photo's row was not saved, and whether it failed while committing (when it is unknown
/// whether the database kept it) or before (when it certainly did not).
struct Unsaved {
    err: sea_orm::DbErr,
    committing: bool,
}

async fn insert_with_job(ctx: &Ctx, row: image::ActiveModel, id: Uuid) -> Result<(), Unsaved> {
    let before = |err| Unsaved { err, committing: false };
    let txn = crate::db::begin(&ctx.db).await.map_err(before)?;
    image::Entity::insert(row).exec(&txn).await.map_err(before)?;
    queue::enqueue(&txn, &RenderImage { image_id: id }, Utc::now().timestamp_millis()).await.map_err(before)?;
    txn.commit().await.map_err(|err| Unsaved { err, committing: true })
}

async fn find_same_bytes(ctx: &Ctx, gallery: GalleryId, sha256: &str) -> ServiceResult<Option<image::Model>> {
    Ok(image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::Sha256.eq(sha256))
        .one(&ctx.db)
        .await?)
}

/// Whether the same bytes uploaded again mend `existing` rather than duplicate it: a photo whose
/// previews (or watermarked previews) could not be made, or whose stored original was found
/// damaged, is told to be uploaded again (`renditions`, `store::watermark`,
/// `storage::integrity`), and that must work.
fn mendable(existing: &image::Model) -> bool {
    existing.deleted_at.is_none()
        && (ImageStatus::parse(&existing.status) == ImageStatus::Failed
            || existing.failure.is_some()
            || existing.damaged_at.is_some())
}

/// Puts the upload stored at `received` in the place of `existing`'s original (the same bytes:
/// the SHA-256 matched), keeping its id, so its place, set, selects, comments and orders stay,
/// and makes its previews again.
async fn mend(ctx: &Ctx, existing: image::Model, received: StorageKey) -> ServiceResult<ImageCard> {
    let original = StorageKey::Original(ImageId(existing.id));
    ctx.storage.copy(received, original).await?;
    ctx.storage.sync(original).await?;
    let mut row: image::ActiveModel = existing.into();
    row.status = sea_orm::Set(ImageStatus::Processing.as_str().to_owned());
    row.failure = sea_orm::Set(None);
    row.damaged_at = sea_orm::Set(None);
    row.verified_at = sea_orm::Set(None);
    row.watermark_version = sea_orm::Set(None);
    // The copy is live now, whichever tier the damaged one was in.
    row.original_live = sea_orm::Set(true);
    row.archived_at = sea_orm::Set(None);
    row.restored_until = sea_orm::Set(None);
    let txn = crate::db::begin(&ctx.db).await?;
    let mended = row.update(&txn).await?;
    // Its custom sizes may be only in the archive (or made from the damaged copy): forgotten,
    // they are made again from this original when asked for.
    let custom: Vec<String> = image_file::Entity::find()
        .filter(image_file::Column::ImageId.eq(mended.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|made| made.variant)
        .filter(|variant| {
            matches!(
                DownloadSize::from_token(variant),
                Some(DownloadSize::CustomWeb { .. } | DownloadSize::CustomBox { .. })
            )
        })
        .collect();
    if !custom.is_empty() {
        image_file::Entity::delete_many()
            .filter(image_file::Column::ImageId.eq(mended.id))
            .filter(image_file::Column::Variant.is_in(custom))
            .exec(&txn)
            .await?;
    }
    queue::enqueue(&txn, &RenderImage { image_id: mended.id }, Utc::now().timestamp_millis()).await?;
    txn.commit().await?;
    forget_copy(ctx, received).await;
    Ok(card_of(&mended))
}

fn duplicate(file_name: &str, existing: &image::Model) -> ServiceError {
    if existing.deleted_at.is_some() {
        ServiceError::Conflict(format!(
            "{file_name}: this exact file is already in the gallery as {}, among the deleted images. Restore it instead.",
            existing.file_name
        ))
    } else {
        ServiceError::Conflict(format!(
            "{file_name}: this exact file is already in the gallery as {}.",
            existing.file_name
        ))
    }
}

fn too_large(max: u64) -> ServiceError {
    ServiceError::Unprocessable(domain::uploads::too_large(max))
}

/// What `receive` gathers before writing it to the file.
const WRITE_BUFFER: usize = 256 << 10;

/// Streams the body to `file` (and to `arriving`, when there is one), hashing as it goes, and
/// tells `following` how much is written; stops as soon as the limit is passed.
async fn receive<S, E>(
    file: tokio::fs::File,
    mut body: S,
    max_bytes: u64,
    mut arriving: Option<&mut ArrivingObject>,
    following: Option<&Growth>,
) -> ServiceResult<Received>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    // Chunks are gathered and written a buffer at a time: one write on the blocking pool per
    // buffer rather than per chunk.
    let mut file = tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file);
    let mut sha = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut len: u64 = 0;
    let mut told: u64 = 0;
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|e| ServiceError::Unprocessable(format!("The upload was interrupted ({e}). Try again.")))?;
        len += chunk.len() as u64;
        if len > max_bytes {
            return Err(too_large(max_bytes));
        }
        sha.update(&chunk);
        crc.update(&chunk);
        file.write_all(&chunk).await?;
        if let Some(growth) = following.filter(|growth| growth.is_followed())
            && len - told >= WRITE_BUFFER as u64
        {
            // Written by the time the reader is told (tokio writes in the background).
            file.flush().await?;
            growth.wrote(len);
            told = len;
        }
        if let Some(arriving) = arriving.as_deref_mut() {
            arriving.received(&mut file, len).await?;
        }
    }
    if let Some(arriving) = arriving {
        arriving.end(&mut file, len).await?;
    }
    // No fsync: the file is read back at once and then deleted; the stored copy is what lasts.
    file.flush().await?;
    Ok(Received { len, sha256: hex::encode(sha.finalize()), crc32: crc.finalize() })
}
