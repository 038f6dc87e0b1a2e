//! Verified reads: a stored file is checked against its recorded CRC-32 while it streams, in the
//! same pass, and the last bytes are held back until the check passes, so a file that changed in
//! storage never arrives as a complete, good-looking download. An original found damaged (here or
//! by the scrub) is marked on its row, the photographer is told once, and it is refused from then on.

use crate::ctx::Ctx;
use crate::entities::{gallery, image, studio};
use crate::error::ServiceError;
use crate::mail::OutgoingMail;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What to do when a stream turns out not to match its checksum; awaited before the stream
/// ends with its error, so whoever retries finds it done.
pub type OnMismatch = Box<dyn FnOnce() -> futures::future::BoxFuture<'static, ()> + Send>;

/// `stream` (a whole stored file of `len` bytes whose CRC-32 is `crc32`) checked as it goes: the
/// chunk that completes the file is released only when the sums match; otherwise, and when the
/// file is shorter or longer than recorded, the stream ends with an error instead (the client
/// sees a broken transfer) and `on_mismatch` runs.
pub fn verified<S, E>(
    stream: S,
    len: u64,
    crc32: u32,
    on_mismatch: OnMismatch,
) -> BoxStream<'static, std::io::Result<Bytes>>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    struct State<S> {
        inner: std::pin::Pin<Box<S>>,
        hasher: crc32fast::Hasher,
        seen: u64,
        on_mismatch: Option<OnMismatch>,
        finished: bool,
    }
    let state = State {
        inner: Box::pin(stream),
        hasher: crc32fast::Hasher::new(),
        seen: 0,
        on_mismatch: Some(on_mismatch),
        finished: false,
    };
    futures::stream::unfold(state, move |mut state| async move {
        if state.finished {
            return None;
        }
        let item = match state.inner.next().await {
            Some(Ok(chunk)) => {
                state.seen += chunk.len() as u64;
                state.hasher.update(&chunk);
                if state.seen > len {
                    Err(format!("the stored file is longer than the {len} bytes recorded"))
                } else if state.seen == len {
                    let actual = state.hasher.clone().finalize();
                    state.finished = true;
                    if actual == crc32 {
                        Ok(chunk)
                    } else {
                        Err(format!("the stored file's CRC-32 is {actual:08x}, {crc32:08x} was recorded"))
                    }
                } else {
                    Ok(chunk)
                }
            }
            Some(Err(e)) => {
                state.finished = true;
                return Some((Err(std::io::Error::other(e)), state));
            }
            None if state.seen < len => Err(format!("the stored file ends after {} of {len} bytes", state.seen)),
            None => return None,
        };
        let item = match item {
            Ok(chunk) => Ok(chunk),
            Err(detail) => {
                state.finished = true;
                if let Some(tell) = state.on_mismatch.take() {
                    tell().await;
                }
                Err(std::io::Error::new(std::io::ErrorKind::InvalidData, detail))
            }
        };
        Some((item, state))
    })
    .boxed()
}

/// Refuses sending `found` in `size` when that is its original and the original is known to be
/// damaged (the other sizes were made from it while it was sound).
pub fn ensure_sendable(found: &image::Model, size: domain::policy::DownloadSize) -> Result<(), ServiceError> {
    if size == domain::policy::DownloadSize::Original && found.damaged_at.is_some() {
        return Err(damaged(&found.file_name));
    }
    Ok(())
}

/// The refusal of a known-damaged original.
pub fn damaged(file_name: &str) -> ServiceError {
    ServiceError::Damaged(format!(
        "The original of {file_name} is damaged in storage, so it is not sent. The photographer has been told; \
         ask them to upload it again."
    ))
}

/// Marks `image`'s original as damaged and, the first time, emails its photographer (the mark and
/// the message in one transaction: whoever sees the mark finds the message queued).
pub async fn mark_damaged(ctx: &Ctx, image_id: Uuid, detail: &str, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let Some(found) = image::Entity::find_by_id(image_id).one(&ctx.db).await? else { return Ok(()) };
    let Some(g) = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await? else { return Ok(()) };
    let Some(owner) = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await? else { return Ok(()) };
    let txn = crate::db::begin(&ctx.db).await?;
    let first = image::Entity::update_many()
        .col_expr(image::Column::DamagedAt, Expr::value(Some(now)))
        .filter(image::Column::Id.eq(image_id))
        .filter(image::Column::DamagedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !first {
        return Ok(());
    }
    tracing::error!(image = %image_id, %detail, "a stored original is damaged or missing");
    let mail = OutgoingMail {
        to: owner.email.clone(),
        to_name: Some(owner.name.clone()),
        subject: format!("{} is damaged in storage", found.file_name),
        text: format!(
            "The original of {} in your gallery \"{}\" no longer matches the file you uploaded: its stored \
             copy has been damaged or lost. Downloads of this original are refused so nobody receives a broken file; \
             its previews still show.\n\nPlease upload {} again from your own copy.\n",
            found.file_name, g.title, found.file_name
        ),
        html: None,
        reply_to: None,
        unsubscribe: None,
        gallery: None,
    };
    crate::mail::queue(&txn, &mail, now).await?;
    txn.commit().await?;
    Ok(())
}

/// What `verified` does for an original that does not match: marks it damaged (and tells the
/// photographer) before the broken response ends.
pub fn mark_on_mismatch(ctx: &Ctx, image_id: Uuid) -> OnMismatch {
    let ctx = ctx.clone();
    Box::new(move || {
        Box::pin(async move {
            if let Err(e) = mark_damaged(&ctx, image_id, "read back while downloading", Utc::now()).await {
                tracing::error!(image = %image_id, error = %e, "could not record a damaged original");
            }
        })
    })
}

/// What `verified` does for any other stored file that does not match: it is logged (renditions
/// and download sizes can be made again; originals cannot).
pub fn log_on_mismatch(what: String) -> OnMismatch {
    Box::new(move || {
        Box::pin(async move { tracing::error!(file = %what, "a stored file does not match its recorded checksum") })
    })
}
