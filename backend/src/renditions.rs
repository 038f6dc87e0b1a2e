//! The render job: read the original once, make every standard rendition (decode once, cascade),
//! store them, then mark the image ready. Objects are written atomically and the image becomes
//! "ready" only after all of them exist, so a crash mid-job shows nothing half made; the job then
//! runs again and overwrites whatever the first attempt wrote.

use crate::ctx::Ctx;
use crate::downloads::files::{custom_sizes, record, sums_of};
use crate::entities::{gallery, image};
use crate::jobs::worker::JobError;
use crate::jobs::{Job, queue};
use crate::storage::StorageKey;
use domain::gallery::ImageStatus;
use domain::ids::ImageId;
use domain::policy::DownloadSize;
use domain::rendition::{Fit, RenditionSize};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Makes and stores the standard renditions of one image.
pub async fn render_image(ctx: &Ctx, id: Uuid) -> Result<(), JobError> {
    let transient = |e: &dyn std::fmt::Display| JobError::Transient(e.to_string());
    let Some(row) = image::Entity::find_by_id(id).one(&ctx.db).await.map_err(|e| transient(&e))? else {
        return Ok(()); // the image is gone: nothing to do
    };
    if ImageStatus::parse(&row.status) == ImageStatus::Ready {
        return Ok(());
    }
    let original = ctx.storage.get_bytes(StorageKey::Original(ImageId(id))).await.map_err(|e| transient(&e))?;
    let fits: Vec<Fit> = RenditionSize::ALL.iter().map(|s| Fit::LongEdge(s.long_edge())).collect();
    let permit = ctx.render_slots.clone().acquire_owned().await.map_err(|e| transient(&e))?;
    let admitted = ctx.decode_budget.admit(render_memory(&original, &fits)).await.map_err(|e| transient(&e))?;
    let quality = ctx.config.rendition_quality;
    let rendered = ctx
        .render_pool
        .run(move || {
            let result = media::render(&original, &fits, quality);
            drop((permit, admitted));
            result
        })
        .await
        .map_err(|e| transient(&e))?;
    let renditions = match rendered {
        Ok(renditions) => renditions,
        Err(err) => {
            // The file itself cannot be rendered: retrying will not help.
            tracing::warn!(image = %id, error = %err, "rendering failed");
            mark_failed(ctx, id, &err.to_string()).await.map_err(|e| transient(&e))?;
            return Ok(());
        }
    };
    for (size, rendition) in RenditionSize::ALL.into_iter().zip(renditions) {
        // The sizes offered for download get their sums recorded now, so a ZIP never reads them
        // twice.
        let download = match size {
            RenditionSize::FourK => Some(DownloadSize::FourK),
            RenditionSize::Hd => Some(DownloadSize::Hd),
            RenditionSize::Screen | RenditionSize::Grid960 | RenditionSize::Grid480 => None,
        };
        let sums = download.map(|d| (d, sums_of(&rendition.jpeg)));
        ctx.storage
            .put_bytes(StorageKey::Rendition(ImageId(id), size), rendition.jpeg)
            .await
            .map_err(|e| transient(&e))?;
        if let Some((download, (length, crc32, sha256))) = sums {
            record(ctx, id, &download.token(), length, crc32, &sha256, true).await.map_err(|e| transient(&e))?;
        }
    }
    set_status(ctx, id, ImageStatus::Ready, None).await.map_err(|e| transient(&e))?;
    // The gallery's custom download sizes are made next, in a job of their own.
    let settings = gallery::Entity::find_by_id(row.gallery_id)
        .one(&ctx.db)
        .await
        .map_err(|e| transient(&e))?
        .map(|g| crate::access::settings_of(&g));
    if settings.is_some_and(|s| !custom_sizes(&s).is_empty()) {
        let job = Job::MakeDownloadSizes { image_id: id };
        queue::enqueue(&ctx.db, &job, chrono::Utc::now().timestamp_millis()).await.map_err(|e| transient(&e))?;
    }
    Ok(())
}

/// What rendering `original` into `fits` will take from the decode budget (its header read
/// again: cheap, and right for files stored before the estimate existed). An unreadable header
/// takes nothing: the render itself then fails with the reason.
pub fn render_memory(original: &[u8], fits: &[Fit]) -> u64 {
    let inspected = media::inspect(std::io::Cursor::new(original), original.len() as u64, &media::Limits::default());
    let largest = fits.iter().copied().max_by_key(|fit| match *fit {
        Fit::LongEdge(edge) => u64::from(edge) * u64::from(edge),
        Fit::Box { width, height } => u64::from(width) * u64::from(height),
    });
    match (inspected, largest) {
        (Ok(inspection), Some(largest)) => inspection.render_memory(original.len() as u64, largest),
        _ => 0,
    }
}

/// Marks an image as failed with a reason the photographer reads.
pub async fn mark_failed(ctx: &Ctx, id: Uuid, reason: &str) -> Result<(), sea_orm::DbErr> {
    set_status(ctx, id, ImageStatus::Failed, Some(reason.to_owned())).await
}

async fn set_status(ctx: &Ctx, id: Uuid, status: ImageStatus, failure: Option<String>) -> Result<(), sea_orm::DbErr> {
    image::Entity::update_many()
        .col_expr(image::Column::Status, Expr::value(status.as_str()))
        .col_expr(image::Column::Failure, Expr::value(failure))
        .filter(image::Column::Id.eq(id))
        .exec(&ctx.db)
        .await?;
    Ok(())
}
