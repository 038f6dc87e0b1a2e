//! The render job: read the original once and make, from one decode (cascading down), every
//! standard rendition and the gallery's custom download sizes; store them, then mark the image
//! ready. Objects are written atomically and the image becomes "ready" only after all of them
//! exist, so a crash mid-job shows nothing half made; the job then runs again and overwrites
//! whatever the first attempt wrote.

use crate::ctx::Ctx;
use crate::downloads::files::{custom_sizes, record, sums_of};
use crate::entities::{gallery, image};
use crate::jobs::{JobError, JobKind, Next, queue};
use crate::storage::StorageKey;
use domain::gallery::ImageStatus;
use domain::ids::ImageId;
use domain::policy::DownloadSize;
use domain::rendition::{Fit, RenditionSize};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Make an image's renditions (and custom download sizes), then mark it ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderImage {
    pub image_id: Uuid,
}

impl JobKind for RenderImage {
    const KIND: &'static str = "render_image";
    /// A storage or database outage must not leave sound originals "failed" (a file that cannot
    /// be rendered fails at once, without retries).
    const PATIENT: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        render_image(ctx, self.image_id).await.map(|()| Next::Done)
    }

    async fn give_up(self, ctx: &Ctx) -> Result<(), sea_orm::DbErr> {
        // Only a photo still waiting for its previews: one made ready before what follows
        // failed (its watermark job could not be queued) keeps them.
        image::Entity::update_many()
            .col_expr(image::Column::Status, Expr::value(ImageStatus::Failed.as_str()))
            .col_expr(
                image::Column::Failure,
                Expr::value("Previews could not be made after several tries. Upload the file again."),
            )
            .filter(image::Column::Id.eq(self.image_id))
            .filter(image::Column::Status.eq(ImageStatus::Processing.as_str()))
            .exec(&ctx.db)
            .await?;
        Ok(())
    }
}

crate::register_job!(RenderImage);

/// Makes and stores the renditions and custom download sizes of one image.
pub async fn render_image(ctx: &Ctx, id: Uuid) -> Result<(), JobError> {
    let transient = |e: &dyn std::fmt::Display| JobError::Transient(e.to_string());
    let Some(row) = image::Entity::find_by_id(id).one(&ctx.db).await.map_err(|e| transient(&e))? else {
        return Ok(()); // the image is gone: nothing to do
    };
    let owner_gallery = gallery::Entity::find_by_id(row.gallery_id).one(&ctx.db).await.map_err(|e| transient(&e))?;
    if ImageStatus::parse(&row.status) == ImageStatus::Ready {
        // Run again after a crash between "ready" and what follows it.
        return after_ready(ctx, id, owner_gallery.as_ref()).await;
    }
    let original = ctx.storage.get_bytes(StorageKey::Original(ImageId(id))).await.map_err(|e| transient(&e))?;
    // The custom sizes the gallery offers now come from the same decode.
    let custom =
        owner_gallery.as_ref().map(|g| custom_sizes(&crate::gallery::records::settings_of(g))).unwrap_or_default();
    let standard = RenditionSize::ALL.iter().map(|s| Fit::LongEdge(s.long_edge()));
    let fits: Vec<Fit> = standard.chain(custom.iter().filter_map(|size| size.fit())).collect();
    let quality = ctx.config.rendition_quality;
    let rendered = crate::photos::render::render(ctx, original, fits, quality).await.map_err(|e| transient(&e))?;
    let mut renditions = match rendered {
        Ok(renditions) => renditions.into_iter(),
        Err(err) => {
            // The file itself cannot be rendered: retrying will not help.
            tracing::warn!(image = %id, error = %err, "rendering failed");
            mark_failed(ctx, id, &err.to_string()).await.map_err(|e| transient(&e))?;
            return Ok(());
        }
    };
    for (size, rendition) in RenditionSize::ALL.into_iter().zip(renditions.by_ref()) {
        // The sizes offered for download get their sums recorded now, so a ZIP never reads them
        // twice.
        let download = match size {
            RenditionSize::FourK => Some(DownloadSize::FourK),
            RenditionSize::Hd => Some(DownloadSize::Hd),
            RenditionSize::Screen | RenditionSize::Grid960 | RenditionSize::Grid640 | RenditionSize::Grid480 => None,
        };
        store(ctx, id, StorageKey::Rendition(ImageId(id), size), download, rendition.jpeg).await?;
    }
    for (size, rendition) in custom.into_iter().zip(renditions) {
        store(ctx, id, StorageKey::Download(ImageId(id), size), Some(size), rendition.jpeg).await?;
    }
    set_status(ctx, id, ImageStatus::Ready, None).await.map_err(|e| transient(&e))?;
    // The gallery as it is now: one switched to watermarking while this photo rendered queued its
    // burns before the photo was ready, and the burn passed it by.
    let owner_gallery = gallery::Entity::find_by_id(row.gallery_id).one(&ctx.db).await.map_err(|e| transient(&e))?;
    after_ready(ctx, id, owner_gallery.as_ref()).await
}

/// What follows a finished render: in a watermarking gallery, the marked previews (visitors see
/// the photo once they exist).
async fn after_ready(ctx: &Ctx, id: Uuid, owner_gallery: Option<&gallery::Model>) -> Result<(), JobError> {
    if owner_gallery.is_some_and(crate::store::watermark::gallery_watermarks) {
        let job = crate::store::watermark::WatermarkImage { image_id: id };
        let now_ms = chrono::Utc::now().timestamp_millis();
        queue::enqueue(&ctx.db, &job, now_ms).await.map_err(|e| JobError::Transient(e.to_string()))?;
    }
    Ok(())
}

/// Writes one made file, with its sums recorded when it is also a download.
async fn store(
    ctx: &Ctx,
    id: Uuid,
    key: StorageKey,
    download: Option<DownloadSize>,
    jpeg: Vec<u8>,
) -> Result<(), JobError> {
    let transient = |e: &dyn std::fmt::Display| JobError::Transient(e.to_string());
    let sums = download.map(|d| (d, sums_of(&jpeg)));
    ctx.storage.put_bytes(key, jpeg).await.map_err(|e| transient(&e))?;
    if let Some((download, (length, crc32, sha256))) = sums {
        record(ctx, id, &download.token(), length, crc32, &sha256, true).await.map_err(|e| transient(&e))?;
    }
    Ok(())
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
