//! The files of an image that live in the archive tier with its original: the original itself and
//! the custom download sizes made from it (recorded in `image_files`). Each carries the SHA-256
//! its copies are checked against.

use crate::ctx::Ctx;
use crate::entities::{image, image_file};
use crate::error::ServiceResult;
use crate::storage::StorageKey;
use domain::ids::ImageId;
use domain::policy::DownloadSize;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// One file that moves between tiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierFile {
    pub key: StorageKey,
    pub bytes: u64,
    pub sha256: String,
}

/// The original and the custom sizes of `found`.
pub async fn tier_files(ctx: &Ctx, found: &image::Model) -> ServiceResult<Vec<TierFile>> {
    let id = ImageId(found.id);
    let mut files = vec![TierFile {
        key: StorageKey::Original(id),
        bytes: found.byte_size.max(0) as u64,
        sha256: found.sha256.clone(),
    }];
    let made = image_file::Entity::find().filter(image_file::Column::ImageId.eq(found.id)).all(&ctx.db).await?;
    for row in made {
        // 4K and HD are previews too: they stay live.
        let Some(size @ (DownloadSize::CustomWeb { .. } | DownloadSize::CustomBox { .. })) =
            DownloadSize::from_token(&row.variant)
        else {
            continue;
        };
        files.push(TierFile {
            key: StorageKey::Download(id, size),
            bytes: row.byte_size.max(0) as u64,
            sha256: row.sha256,
        });
    }
    Ok(files)
}

/// What restoring `images` brings back, in bytes: their originals and custom sizes.
pub async fn bytes_of(ctx: &Ctx, images: &[image::Model]) -> ServiceResult<u64> {
    let mut total: u64 = images.iter().map(|i| i.byte_size.max(0) as u64).sum();
    let ids: Vec<uuid::Uuid> = images.iter().map(|i| i.id).collect();
    for chunk in ids.chunks(500) {
        let made =
            image_file::Entity::find().filter(image_file::Column::ImageId.is_in(chunk.to_vec())).all(&ctx.db).await?;
        total += made
            .iter()
            .filter(|row| {
                matches!(
                    DownloadSize::from_token(&row.variant),
                    Some(DownloadSize::CustomWeb { .. } | DownloadSize::CustomBox { .. })
                )
            })
            .map(|row| row.byte_size.max(0) as u64)
            .sum::<u64>();
    }
    Ok(total)
}
