//! The studio's watermark: reading and saving the setting, the version each burn is stamped
//! with, and the background job that burns it into a photo's previews. A gallery's visitors see
//! watermarked previews in store mode (and where the photographer asks for them); until a photo's
//! marked previews exist it is left out of their grid, so no clean preview is ever shown instead.
//! A change of watermark (or of the studio's name or logo it uses) burns every photo again in
//! the background; visitors keep seeing the previous mark meanwhile.

use super::watermark_burn::{self, MarkSource};
use crate::ctx::Ctx;
use crate::entities::{gallery, image, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::settings_of;
use crate::jobs::{JobError, JobKind, Next, queue};
use crate::storage::StorageKey;
use bytes::Bytes;
use domain::gallery::ImageStatus;
use domain::ids::{ImageId, StudioId};
use domain::rendition::RenditionSize;
use domain::store::{WatermarkMark, WatermarkSettings};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The previews made in a watermarked version, largest first.
pub const MARKED_SIZES: [RenditionSize; 4] =
    [RenditionSize::Screen, RenditionSize::Grid960, RenditionSize::Grid640, RenditionSize::Grid480];

/// The studio's watermark setting (the default until it saves one).
pub fn settings_of_studio(s: &studio::Model) -> WatermarkSettings {
    s.watermark.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
}

/// Whether a gallery's visitors see watermarked previews.
pub fn gallery_watermarks(g: &gallery::Model) -> bool {
    g.store_mode || settings_of(g).watermark_previews
}

/// A short stamp of everything the burned mark depends on: a photo whose stamp differs is burned
/// again.
pub fn version(s: &studio::Model) -> String {
    let settings = settings_of_studio(s);
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(&settings).unwrap_or_default());
    match settings.mark {
        WatermarkMark::StudioName => hash.update(s.name.as_bytes()),
        WatermarkMark::Text(_) => {}
        WatermarkMark::Logo => {
            hash.update(s.logo_key.as_deref().unwrap_or("no logo").as_bytes());
            // What is drawn when the logo has no shape to draw.
            hash.update(s.name.as_bytes());
        }
    }
    hex::encode(&hash.finalize()[..8])
}

/// Saves the studio's watermark and burns it again into every photo of its watermarking
/// galleries.
pub async fn save(ctx: &Ctx, id: StudioId, settings: WatermarkSettings) -> ServiceResult<()> {
    let settings = settings.validated()?;
    let current = studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    if settings.mark == WatermarkMark::Logo && current.logo_key.is_none() {
        return Err(ServiceError::Unprocessable(
            "Upload a logo in Branding first, or choose the studio name or your own words as the mark.".to_owned(),
        ));
    }
    let json = serde_json::to_string(&settings).map_err(|e| ServiceError::Internal(e.into()))?;
    let mut row: studio::ActiveModel = current.clone().into();
    row.watermark = Set(Some(json));
    save_and_refresh(ctx, &current, row).await
}

/// Saves a change to the studio's row and, in the same transaction, queues the burns its new mark
/// needs (`refresh_if_changed`): a crash between the two would leave galleries with the old mark
/// for good, since saving again would find the mark already saved.
pub async fn save_and_refresh(ctx: &Ctx, before: &studio::Model, row: studio::ActiveModel) -> ServiceResult<()> {
    let txn = crate::db::begin(&ctx.db).await?;
    let after = row.update(&txn).await?;
    refresh_if_changed(&txn, before, &after).await?;
    txn.commit().await?;
    Ok(())
}

/// Queues a burn for every photo of the studio's watermarking galleries when the mark they carry
/// differs between `before` and `after` (the studio as it was and is): after the watermark, name
/// or logo was saved. Each job also skips a photo already burned with the current mark.
async fn refresh_if_changed<C: ConnectionTrait>(
    db: &C,
    before: &studio::Model,
    after: &studio::Model,
) -> Result<(), sea_orm::DbErr> {
    if version(after) == version(before) {
        return Ok(());
    }
    let galleries = gallery::Entity::find().filter(gallery::Column::StudioId.eq(before.id)).all(db).await?;
    for g in galleries.iter().filter(|g| gallery_watermarks(g)) {
        enqueue_gallery(db, g.id).await?;
    }
    Ok(())
}

/// Queues a burn for every live photo of a gallery.
pub async fn enqueue_gallery<C: ConnectionTrait>(db: &C, gallery: Uuid) -> Result<(), sea_orm::DbErr> {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let photos: Vec<Uuid> = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(gallery))
        .filter(image::Column::DeletedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    queue::enqueue_many(db, photos.into_iter().map(|image_id| WatermarkImage { image_id }), now_ms).await
}

/// Burns the studio's watermark into one photo's previews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatermarkImage {
    pub image_id: Uuid,
}

impl JobKind for WatermarkImage {
    const KIND: &'static str = "watermark_image";
    /// Visitors of a watermarking gallery see only photos with their mark burned: a storage
    /// outage of hours must not hide a photo, so it is tried at the patient pace, at most half an
    /// hour apart, for about a day.
    const PATIENT: bool = true;
    const MAX_ATTEMPTS: i32 = 60;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        burn_image(ctx, self.image_id).await.map(|()| Next::Done).map_err(|e| JobError::Transient(e.to_string()))
    }

    /// A photo still without its mark after a day of tries is hidden from visitors of previews
    /// (they see only marked ones) for good unless someone hears of it: the editor shows why,
    /// with what to do (the same file uploaded again mends it, and its render queues the burn
    /// anew). It stays ready: the photographer, delivery recipients and buyers, who get the clean
    /// files, never needed the mark.
    async fn give_up(self, ctx: &Ctx) -> Result<(), sea_orm::DbErr> {
        image::Entity::update_many()
            .col_expr(
                image::Column::Failure,
                Expr::value("Its watermarked previews could not be made after a day of tries. Upload the file again."),
            )
            .filter(image::Column::Id.eq(self.image_id))
            .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()))
            .filter(image::Column::WatermarkVersion.is_null())
            .exec(&ctx.db)
            .await?;
        Ok(())
    }
}

crate::register_job!(WatermarkImage);

/// Makes the watermarked previews of one photo, if its gallery watermarks and they are not
/// already burned with the current mark. A photo still rendering is left to its render job,
/// which queues this one when it finishes.
///
/// Two burns of one photo may overlap: one queued for the old mark still burning when the mark
/// changes and the new one's burn finishes first. Whichever writes last wins the files, so a burn
/// ends by reading the mark again, and burns again if it changed meanwhile: the files written
/// last are always of the mark read after them.
pub async fn burn_image(ctx: &Ctx, id: Uuid) -> ServiceResult<()> {
    for round in 0..3 {
        // After the first round the photo may say it carries the new mark (the other burn wrote
        // so) while its files, written by this one since, carry the old.
        let Some((studio_id, stamp)) = burn_once(ctx, id, round > 0).await? else { return Ok(()) };
        let Some(owner) = studio::Entity::find_by_id(studio_id).one(&ctx.db).await? else { return Ok(()) };
        if version(&owner) == stamp {
            return Ok(());
        }
    }
    Err(ServiceError::Conflict("The watermark kept changing while it was being burned in.".to_owned()))
}

/// One burn of the photo's previews (also when it says it carries this mark, if `again`); the
/// studio and the mark's version it burned, or `None` when there was nothing to do.
async fn burn_once(ctx: &Ctx, id: Uuid, again: bool) -> ServiceResult<Option<(Uuid, String)>> {
    let Some(found) = image::Entity::find_by_id(id).one(&ctx.db).await? else { return Ok(None) };
    if ImageStatus::parse(&found.status) != ImageStatus::Ready || found.deleted_at.is_some() {
        return Ok(None);
    }
    let Some(g) = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await? else { return Ok(None) };
    if !gallery_watermarks(&g) {
        return Ok(None);
    }
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let stamp = version(&owner);
    if !again && found.watermark_version.as_deref() == Some(stamp.as_str()) {
        return Ok(None);
    }
    let settings = settings_of_studio(&owner);
    let logo = logo_of(ctx, &settings, &owner).await?;
    let words = match &settings.mark {
        WatermarkMark::StudioName => owner.name.clone(),
        WatermarkMark::Text(words) => words.clone(),
        // A logo that went missing falls back to the name: a preview is never left unmarked.
        WatermarkMark::Logo => owner.name.clone(),
    };
    let quality = ctx.config.rendition_quality;
    for size in MARKED_SIZES {
        let clean = ctx.storage.get_preview_bytes(StorageKey::Rendition(ImageId(id), size)).await?;
        let (settings, words, logo) = (settings.clone(), words.clone(), logo.clone());
        // The preview decoded as RGBA, the mark and its shadow: about three times its pixels.
        let memory = 3 * 4 * u64::from(size.long_edge()).pow(2);
        let marked = ctx
            .cpu(crate::cpu::Work::Image { memory }, move || {
                watermark_burn::burn(&clean, source(&logo, &words), &settings, quality)
            })
            .await?
            .map_err(|e| ServiceError::Internal(e.into()))?;
        ctx.storage.put_bytes(StorageKey::Watermarked(ImageId(id), size), marked).await?;
    }
    image::Entity::update_many()
        .col_expr(image::Column::WatermarkVersion, Expr::value(stamp.clone()))
        // A burn given up on before (`give_up`) that works now: nothing to tell any more.
        .col_expr(image::Column::Failure, Expr::value(Option::<String>::None))
        .filter(image::Column::Id.eq(id))
        .exec(&ctx.db)
        .await?;
    Ok(Some((owner.id, stamp)))
}

/// The studio settings' watermark section.
pub async fn view(ctx: &Ctx, id: StudioId) -> ServiceResult<domain::store::views::WatermarkView> {
    let s = studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    Ok(domain::store::views::WatermarkView {
        settings: settings_of_studio(&s),
        has_logo: s.logo_key.is_some(),
        preview_url: format!("/studio/watermark-preview.jpg?v={}", version(&s)),
    })
}

/// The studio's mark burned into one of its own photos (the newest finished one), or into a
/// plain grey-blue picture before it has any: what the settings page shows.
pub async fn preview(ctx: &Ctx, id: StudioId) -> ServiceResult<Vec<u8>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let s = studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let galleries: Vec<Uuid> = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(id.0))
        .select_only()
        .column(gallery::Column::Id)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let sample = image::Entity::find()
        .filter(image::Column::GalleryId.is_in(galleries))
        .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()))
        .filter(image::Column::DeletedAt.is_null())
        .order_by_desc(image::Column::CreatedAt)
        .one(&ctx.db)
        .await?;
    let photo = match sample {
        Some(found) => {
            ctx.storage.get_bytes(StorageKey::Rendition(ImageId(found.id), RenditionSize::Grid960)).await?.to_vec()
        }
        None => plain_sample().map_err(|e| ServiceError::Internal(e.into()))?,
    };
    let settings = settings_of_studio(&s);
    let logo = logo_of(ctx, &settings, &s).await?;
    let words = match &settings.mark {
        WatermarkMark::Text(words) => words.clone(),
        WatermarkMark::StudioName | WatermarkMark::Logo => s.name.clone(),
    };
    let memory = 3 * 4 * u64::from(RenditionSize::Grid960.long_edge()).pow(2);
    ctx.cpu(crate::cpu::Work::Image { memory }, move || {
        watermark_burn::burn(&photo, source(&logo, &words), &settings, 85)
    })
    .await?
    .map_err(|e| ServiceError::Internal(e.into()))
}

/// A 960 × 640 grey-blue gradient JPEG.
fn plain_sample() -> Result<Vec<u8>, ::image::ImageError> {
    let picture = ::image::RgbImage::from_fn(960, 640, |x, y| {
        let shade = (60 + (x + y) / 16) as u8;
        ::image::Rgb([shade, shade.saturating_add(10), shade.saturating_add(25)])
    });
    let mut out = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut out), ::image::ImageFormat::Jpeg)?;
    Ok(out)
}

/// The studio's logo and, when it was uploaded with transparency, its shape: what a mark of the
/// logo is made of (`None` unless the mark is the logo and the studio has one).
async fn logo_of(
    ctx: &Ctx,
    settings: &WatermarkSettings,
    s: &studio::Model,
) -> ServiceResult<Option<(Bytes, Option<Bytes>)>> {
    if settings.mark != WatermarkMark::Logo || s.logo_key.is_none() {
        return Ok(None);
    }
    let id = StudioId(s.id);
    let image = ctx.storage.get_bytes(StorageKey::StudioLogo(id)).await?;
    let mask = match ctx.storage.get_bytes(StorageKey::StudioMark(id)).await {
        Ok(mask) => Some(mask),
        // A logo stored before masks were kept, or an opaque one.
        Err(object_store::Error::NotFound { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    Ok(Some((image, mask)))
}

/// What `burn` draws: the logo (the studio's name if it has no shape to draw), or the words.
fn source<'a>(logo: &'a Option<(Bytes, Option<Bytes>)>, words: &'a str) -> MarkSource<'a> {
    match logo {
        Some((image, mask)) => MarkSource::Logo { image, mask: mask.as_deref(), or_words: words },
        None => MarkSource::Words(words),
    }
}
