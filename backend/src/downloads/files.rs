//! The file behind a download size: the original as uploaded, a stored rendition (4K, HD), or a
//! custom size made on first request with the same pipeline and kept. Every file's length, CRC-32
//! and SHA-256 are recorded once, so a ZIP's layout is known before its first byte.

use crate::ctx::Ctx;
use crate::entities::{gallery, image, image_file};
use crate::error::{ServiceError, ServiceResult};
use crate::jobs::{JobError, JobKind, Next};
use crate::storage::StorageKey;
use domain::gallery::ImageStatus;
use domain::ids::ImageId;
use domain::policy::DownloadSize;
use domain::rendition::RenditionSize;
use futures::StreamExt;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A file ready to be sent.
#[derive(Debug, Clone)]
pub struct DownloadFile {
    pub key: StorageKey,
    pub size: u64,
    pub crc32: u32,
    pub sha256: String,
    /// The name it is saved under: the original's own, or `stem-size.jpg`.
    pub name: String,
    pub content_type: &'static str,
}

/// The file for `image` in `size`, made and recorded on first request when needed.
pub async fn file_for(ctx: &Ctx, image: &image::Model, size: DownloadSize) -> ServiceResult<DownloadFile> {
    let id = ImageId(image.id);
    let name = download_name(&image.file_name, &image.format, size);
    let Some(key) = made_key(id, size) else {
        return Ok(DownloadFile {
            key: StorageKey::Original(id),
            size: image.byte_size.max(0) as u64,
            crc32: image.crc32 as u32,
            sha256: image.sha256.clone(),
            name,
            content_type: original_type(&image.format),
        });
    };
    let variant = size.token();
    let recorded = image_file::Entity::find_by_id((image.id, variant.clone())).one(&ctx.db).await?;
    let row = match recorded {
        Some(row) => row,
        None => match key {
            StorageKey::Download(..) => made_once(ctx, image, size, key, &variant).await?,
            _ => {
                let (length, crc32, sha256) = sums_of_stored(ctx, key).await?;
                record(ctx, image.id, &variant, length, crc32, &sha256, false).await?
            }
        },
    };
    Ok(made_file(key, name, row))
}

/// The files for `images` in `size`, in order: those recorded are read in batches (a ZIP of
/// thousands of photos is a few queries, not one a photo), the others made as `file_for` does.
pub async fn files_for(ctx: &Ctx, images: &[image::Model], size: DownloadSize) -> ServiceResult<Vec<DownloadFile>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut recorded = std::collections::HashMap::new();
    if size != DownloadSize::Original {
        for chunk in images.chunks(500) {
            let rows = image_file::Entity::find()
                .filter(image_file::Column::ImageId.is_in(chunk.iter().map(|i| i.id)))
                .filter(image_file::Column::Variant.eq(size.token()))
                .all(&ctx.db)
                .await?;
            recorded.extend(rows.into_iter().map(|row| (row.image_id, row)));
        }
    }
    let mut files = Vec::with_capacity(images.len());
    for image in images {
        let id = ImageId(image.id);
        files.push(match (made_key(id, size), recorded.remove(&image.id)) {
            (Some(key), Some(row)) => made_file(key, download_name(&image.file_name, &image.format, size), row),
            _ => file_for(ctx, image, size).await?,
        });
    }
    Ok(files)
}

/// Where a size made from the original is stored; `None` for the original itself.
fn made_key(id: ImageId, size: DownloadSize) -> Option<StorageKey> {
    match size {
        DownloadSize::Original => None,
        DownloadSize::FourK => Some(StorageKey::Rendition(id, RenditionSize::FourK)),
        DownloadSize::Hd => Some(StorageKey::Rendition(id, RenditionSize::Hd)),
        custom => Some(StorageKey::Download(id, custom)),
    }
}

/// A made file as its record says.
fn made_file(key: StorageKey, name: String, row: image_file::Model) -> DownloadFile {
    DownloadFile {
        key,
        size: row.byte_size.max(0) as u64,
        crc32: row.crc32 as u32,
        sha256: row.sha256,
        name,
        content_type: "image/jpeg",
    }
}

/// Make an image's files in its gallery's custom download sizes (after the photographer chose
/// new ones), so no download (and no ZIP) waits for them. Renders make them for new photos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeDownloadSizes {
    pub image_id: uuid::Uuid,
}

impl JobKind for MakeDownloadSizes {
    const KIND: &'static str = "make_download_sizes";

    /// Makes (once) the image's files in every custom size its gallery offers now. An image gone,
    /// deleted or not rendered yet needs nothing: its render makes them.
    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        let transient = |e: &dyn std::fmt::Display| JobError::Transient(e.to_string());
        let Some(found) = image::Entity::find_by_id(self.image_id).one(&ctx.db).await.map_err(|e| transient(&e))?
        else {
            return Ok(Next::Done);
        };
        // An archived original cannot be read: its sizes are made when a download asks for them
        // after a restore.
        if found.deleted_at.is_some() || ImageStatus::parse(&found.status) != ImageStatus::Ready || !found.original_live
        {
            return Ok(Next::Done);
        }
        let Some(g) = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await.map_err(|e| transient(&e))?
        else {
            return Ok(Next::Done);
        };
        for size in custom_sizes(&crate::gallery::records::settings_of(&g)) {
            file_for(ctx, &found, size).await.map_err(|e| transient(&e))?;
        }
        Ok(Next::Done)
    }
}

crate::register_job!(MakeDownloadSizes);

/// The custom download sizes of a gallery's settings.
pub fn custom_sizes(settings: &domain::settings::GallerySettings) -> Vec<DownloadSize> {
    let web = settings.sizes.custom_web.map(|long_edge| DownloadSize::CustomWeb { long_edge });
    let high = settings.sizes.custom_box.map(|(width, height)| DownloadSize::CustomBox { width, height });
    web.into_iter().chain(high).collect()
}

/// Records a file's sums. `written`: the caller has just written these very bytes, so they
/// replace any earlier record; otherwise the first record wins (a racing request measured the
/// same object).
pub async fn record(
    ctx: &Ctx,
    image: uuid::Uuid,
    variant: &str,
    length: u64,
    crc32: u32,
    sha256: &str,
    written: bool,
) -> ServiceResult<image_file::Model> {
    let row = image_file::Model {
        image_id: image,
        variant: variant.to_owned(),
        byte_size: length as i64,
        crc32: i64::from(crc32),
        sha256: sha256.to_owned(),
    };
    image_file::Entity::insert(image_file::ActiveModel {
        image_id: Set(row.image_id),
        variant: Set(row.variant.clone()),
        byte_size: Set(row.byte_size),
        crc32: Set(row.crc32),
        sha256: Set(row.sha256.clone()),
    })
    .on_conflict(if written {
        OnConflict::columns([image_file::Column::ImageId, image_file::Column::Variant])
            .update_columns([image_file::Column::ByteSize, image_file::Column::Crc32, image_file::Column::Sha256])
            .to_owned()
    } else {
        OnConflict::columns([image_file::Column::ImageId, image_file::Column::Variant]).do_nothing().to_owned()
    })
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(image_file::Entity::find_by_id((image, variant.to_owned())).one(&ctx.db).await?.unwrap_or(row))
}

/// Length, CRC-32 and SHA-256 of bytes in memory.
pub fn sums_of(bytes: &[u8]) -> (u64, u32, String) {
    (bytes.len() as u64, crc32fast::hash(bytes), hex::encode(Sha256::digest(bytes)))
}

/// The same, read from storage as a stream (renditions made before sums were recorded).
async fn sums_of_stored(ctx: &Ctx, key: StorageKey) -> ServiceResult<(u64, u32, String)> {
    let mut stream = ctx.storage.stream(key, None).await?;
    let (mut length, mut crc, mut sha) = (0u64, crc32fast::Hasher::new(), Sha256::new());
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        length += chunk.len() as u64;
        crc.update(&chunk);
        sha.update(&chunk);
    }
    Ok((length, crc.finalize(), hex::encode(sha.finalize())))
}

/// Custom sizes this instance makes at once. Making one reads its whole original into memory
/// before the decode budget is asked (the budget's estimate comes from the file's header), so
/// without a bound a visitor asking for many sizes or photos at once held as many originals.
static MAKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Makes, stores and records `image`'s file in the custom `size`, in its turn; a request that
/// waited finds the file the request before it made, rather than making it again.
async fn made_once(
    ctx: &Ctx,
    image: &image::Model,
    size: DownloadSize,
    key: StorageKey,
    variant: &str,
) -> ServiceResult<image_file::Model> {
    let _turn = MAKING.acquire().await.map_err(|e| ServiceError::Internal(e.into()))?;
    if let Some(made) = image_file::Entity::find_by_id((image.id, variant.to_owned())).one(&ctx.db).await? {
        return Ok(made);
    }
    let jpeg = render_custom(ctx, ImageId(image.id), size).await?;
    let (length, crc32, sha256) = sums_of(&jpeg);
    ctx.storage.put_bytes(key, jpeg).await?;
    record(ctx, image.id, variant, length, crc32, &sha256, true).await
}

/// Renders a custom size from the original, as image work like every render.
async fn render_custom(ctx: &Ctx, id: ImageId, size: DownloadSize) -> ServiceResult<Vec<u8>> {
    let fit = size.fit().ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("the original is not rendered")))?;
    let original = ctx.storage.get_bytes(StorageKey::Original(id)).await?;
    let quality = ctx.config.rendition_quality;
    let rendered = crate::photos::render::render(ctx, original, vec![fit], quality)
        .await?
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("rendering a download size failed: {e}")))?;
    rendered.into_iter().next().map(|r| r.jpeg).ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("no rendition")))
}

/// The name a download is saved under: the original's own name, or its stem with the size
/// (`IMG_0042-hd.jpg`).
pub fn download_name(original: &str, format: &str, size: DownloadSize) -> String {
    match size.file_suffix() {
        None => original_name(original, format),
        Some(suffix) => {
            let stem = original.rsplit_once('.').map_or(original, |(stem, _)| stem);
            format!("{stem}-{suffix}.jpg")
        }
    }
}

/// The original's own name, with an extension its format opens with: a JPEG uploaded as
/// `x.png` (or without any) is sent as `x.jpg`, so the computer it lands on opens it.
fn original_name(name: &str, format: &str) -> String {
    let extensions: &[&str] = match format {
        "JPEG" => &["jpg", "jpeg", "jpe"],
        "PNG" => &["png"],
        "TIFF" => &["tif", "tiff"],
        "WebP" => &["webp"],
        _ => return name.to_owned(),
    };
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    if extensions.iter().any(|e| extension.eq_ignore_ascii_case(e)) {
        return name.to_owned();
    }
    // Another picture format's extension is replaced; anything else is part of the name.
    const PICTURES: [&str; 11] = ["jpg", "jpeg", "jpe", "png", "tif", "tiff", "webp", "gif", "heic", "bmp", "avif"];
    let stem = if !stem.is_empty() && PICTURES.iter().any(|e| extension.eq_ignore_ascii_case(e)) { stem } else { name };
    format!("{stem}.{}", extensions[0])
}

/// The content type of an original from its stored format label.
fn original_type(format: &str) -> &'static str {
    match format {
        "JPEG" => "image/jpeg",
        "PNG" => "image/png",
        "TIFF" => "image/tiff",
        "WebP" => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_the_stem() {
        assert_eq!(download_name("IMG_1.CR3.jpg", "JPEG", DownloadSize::Hd), "IMG_1.CR3-hd.jpg");
        assert_eq!(download_name("Brautpaar.tif", "TIFF", DownloadSize::Original), "Brautpaar.tif");
        assert_eq!(download_name("noext", "JPEG", DownloadSize::CustomWeb { long_edge: 1200 }), "noext-web-1200.jpg");
    }

    #[test]
    fn an_original_is_named_for_what_it_is() {
        let original = |name, format| download_name(name, format, DownloadSize::Original);
        assert_eq!(original("DSC_1.JPG", "JPEG"), "DSC_1.JPG");
        assert_eq!(original("DSC_1.jpeg", "JPEG"), "DSC_1.jpeg");
        assert_eq!(original("renamed.png", "JPEG"), "renamed.jpg");
        assert_eq!(original("noext", "PNG"), "noext.png");
        assert_eq!(original("Anna.und.Tom", "TIFF"), "Anna.und.Tom.tif");
        assert_eq!(original(".png", "JPEG"), ".png.jpg");
        assert_eq!(original("scan.tiff", "TIFF"), "scan.tiff");
        assert_eq!(original("wedding.2026-06-14", "WebP"), "wedding.2026-06-14.webp");
    }
}
