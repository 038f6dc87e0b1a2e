//! A large gallery for scale checks (the benchmarks and the browser test of a 1,000-photo
//! gallery): `server seed-large --photos N --slug S` fills a new published gallery (public link
//! on, downloads on, four sets) with N photos copied from the demo gallery's. Each copy's
//! original is a demo original with its number written after the image's end (a file and
//! checksum of its own, the same picture); its renditions are copies of the demo photo's (hard
//! links in a local folder). A gallery already at that address is left as it is.

use crate::ctx::Ctx;
use crate::entities::{gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::live_images_ordered;
use crate::gallery::records::sets_of;
use crate::gallery::{galleries, sets};
use crate::storage::StorageKey;
use domain::dto::GalleryForm;
use domain::gallery::{GalleryStatus, ImageStatus};
use domain::ids::{GalleryId, ImageId, StudioId};
use domain::rendition::RenditionSize;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The sets the photos are spread over, in order.
const SETS: [&str; 4] = ["Getting ready", "Ceremony", "Portraits", "Party"];
/// Rows written per insert.
const BATCH: usize = 500;

/// Makes the gallery at `slug` with `photos` photos copied from `template`'s ready ones.
pub async fn seed_large(
    ctx: &Ctx,
    studio: StudioId,
    template: GalleryId,
    slug: &str,
    photos: u32,
) -> ServiceResult<GalleryId> {
    if let Some(found) = gallery::Entity::find().filter(gallery::Column::Slug.eq(slug)).one(&ctx.db).await? {
        return Ok(GalleryId(found.id));
    }
    let templates: Vec<image::Model> = live_images_ordered(ctx, template.0)
        .await?
        .into_iter()
        .filter(|i| ImageStatus::parse(&i.status) == ImageStatus::Ready)
        .collect();
    if templates.is_empty() {
        return Err(ServiceError::Conflict(
            "The demo gallery has no rendered photos to copy: run `server seed` first.".into(),
        ));
    }
    let form = GalleryForm {
        title: format!("A season of weddings — {photos} photos"),
        slug: slug.to_owned(),
        event_date: chrono::NaiveDate::from_ymd_opt(2026, 9, 19),
        last_day: None,
    };
    let id = galleries::create(ctx, studio, form, std::net::Ipv4Addr::LOCALHOST.into()).await?;
    for name in SETS {
        sets::create(ctx, studio, id, name).await?;
    }
    let set_ids: Vec<_> = sets_of(ctx, id.0).await?.into_iter().map(|s| s.id).collect();
    let mut originals: HashMap<uuid::Uuid, bytes::Bytes> = HashMap::new();
    let now = chrono::Utc::now();
    let mut rows = Vec::with_capacity(BATCH);
    for n in 0..photos {
        let from = &templates[n as usize % templates.len()];
        let original = match originals.get(&from.id) {
            Some(bytes) => bytes.clone(),
            None => {
                let bytes = ctx.storage.get_bytes(StorageKey::Original(ImageId(from.id))).await?;
                originals.insert(from.id, bytes.clone());
                bytes
            }
        };
        // Bytes after a JPEG's end marker are ignored by every decoder.
        let bytes = [original.as_ref(), format!("\nproofroom-seed-{n}\n").as_bytes()].concat();
        let copy = uuid::Uuid::now_v7();
        let (sha256, crc32, len) = (hex::encode(Sha256::digest(&bytes)), crc32fast::hash(&bytes), bytes.len());
        ctx.storage.put_bytes(StorageKey::Original(ImageId(copy)), bytes).await?;
        for size in RenditionSize::ALL {
            ctx.storage
                .copy(StorageKey::Rendition(ImageId(from.id), size), StorageKey::Rendition(ImageId(copy), size))
                .await?;
        }
        let set = set_ids[(n as usize * set_ids.len()) / photos as usize];
        rows.push(image::ActiveModel {
            id: Set(copy),
            gallery_id: Set(id.0),
            set_id: Set(Some(set)),
            position: Set(n as i32),
            file_name: Set(format!("IMG_{:05}.jpg", n + 1)),
            format: Set(from.format.clone()),
            byte_size: Set(len as i64),
            sha256: Set(sha256),
            crc32: Set(i64::from(crc32)),
            width: Set(from.width),
            height: Set(from.height),
            orientation: Set(from.orientation),
            captured_at: Set(from.captured_at),
            camera: Set(from.camera.clone()),
            status: Set(ImageStatus::Ready.as_str().to_owned()),
            failure: Set(None),
            deleted_at: Set(None),
            created_at: Set(now),
            verified_at: Set(None),
            damaged_at: Set(None),
            watermark_version: Set(None),
            archived_at: Set(None),
            original_live: Set(true),
            restored_until: Set(None),
        });
        if rows.len() == BATCH {
            image::Entity::insert_many(std::mem::take(&mut rows)).exec(&ctx.db).await?;
        }
    }
    if !rows.is_empty() {
        image::Entity::insert_many(rows).exec(&ctx.db).await?;
    }
    let mut settings = domain::settings::GallerySettings::default();
    settings.switches.downloads = true;
    crate::gallery::settings::save(ctx, studio, id, settings, None).await?;
    galleries::set_status(ctx, studio, id, GalleryStatus::Published).await?;
    galleries::set_public_link(ctx, studio, id, true).await?;
    Ok(id)
}
