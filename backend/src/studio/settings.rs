//! A studio's branding: the name, logo, accent colour and contact email its galleries show.

use crate::ctx::Ctx;
use crate::entities::studio;
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StorageKey;
use domain::dto::StudioSettings;
use domain::ids::StudioId;
use domain::rendition::Fit;
use domain::validation;
use sea_orm::{ActiveValue::Set, EntityTrait};

async fn load(ctx: &Ctx, id: StudioId) -> ServiceResult<studio::Model> {
    studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::Unauthenticated)
}

/// The signed-in studio's settings.
pub async fn settings(ctx: &Ctx, id: StudioId) -> ServiceResult<StudioSettings> {
    let s = load(ctx, id).await?;
    let logo_url = logo_url(&s);
    Ok(StudioSettings {
        name: s.name,
        accent_color: s.accent_color,
        contact_email: s.contact_email,
        email: s.email,
        logo_url,
    })
}

/// Saves the branding; every field is checked.
pub async fn update_settings(
    ctx: &Ctx,
    id: StudioId,
    name: &str,
    accent_color: &str,
    contact_email: &str,
) -> ServiceResult<()> {
    let name = validation::studio_name(name)?;
    let accent_color = validation::accent_color(accent_color)?;
    // Optional: empty shows no contact address on the galleries.
    let contact_email = match contact_email.trim() {
        "" => String::new(),
        given => validation::email(given).map_err(|mut e| {
            e.field = "contact_email".to_owned();
            e
        })?,
    };
    let before = load(ctx, id).await?;
    let mut row: studio::ActiveModel = before.clone().into();
    row.name = Set(name);
    row.accent_color = Set(accent_color);
    row.contact_email = Set(contact_email);
    // A watermark of the studio's name follows the new name.
    crate::store::watermark::save_and_refresh(ctx, &before, row).await
}

/// The largest logo file accepted.
pub const MAX_LOGO_BYTES: u64 = 5_000_000;

/// The most pixels a logo may have (it is shown at most 512 px wide).
const MAX_LOGO_PIXELS: u64 = 25_000_000;

/// The public, versioned URL of a studio's logo (a new upload gets a new URL, so it can be
/// cached for ever).
pub fn logo_url(s: &studio::Model) -> Option<String> {
    s.logo_key.as_ref().map(|version| format!("/studio-logo/{}/{version}", s.id))
}

/// Replaces the studio's logo with `bytes` (JPEG, PNG, TIFF or WebP), made into a JPEG of at most
/// 512 px by the media pipeline; the uploaded file itself is not kept.
pub async fn set_logo(ctx: &Ctx, id: StudioId, bytes: Vec<u8>) -> ServiceResult<()> {
    let current = load(ctx, id).await?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(ServiceError::Unprocessable(
            "The logo file is larger than 5 MB. Export a smaller one and try again.".to_owned(),
        ));
    }
    // Read and measured before anything is decoded, as a photo upload is: a small file can
    // claim a picture whose decode would take all the memory the server gives images.
    let limits = ctx.config.limits;
    let inspection = media::inspect(std::io::Cursor::new(&bytes), bytes.len() as u64, &limits)
        .map_err(|e| ServiceError::Unprocessable(format!("The logo could not be used: {e}")))?;
    if u64::from(inspection.width) * u64::from(inspection.height) > MAX_LOGO_PIXELS {
        return Err(ServiceError::Unprocessable(format!(
            "The logo is {} × {} pixels; a logo may have at most 25 megapixels. Export a smaller one and try again.",
            inspection.width, inspection.height
        )));
    }
    ctx.decode_budget.upload_needs("The logo", bytes.len() as u64, &inspection)?;
    let upload = bytes.clone();
    let rendered = crate::photos::render::render(ctx, bytes, vec![Fit::LongEdge(512)], 90)
        .await?
        .map_err(|e| ServiceError::Unprocessable(format!("The logo could not be used: {e}")))?;
    let jpeg = rendered
        .into_iter()
        .next()
        .map(|r| r.jpeg)
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("no logo rendition")))?;
    // The JPEG is flattened onto white; a logo with transparency keeps its shape for the
    // watermark beside it (a white logo would otherwise mark nothing).
    // Decoded as RGBA and resized: about what rendering it took.
    let memory = crate::photos::render::render_memory(&upload, &[Fit::LongEdge(512)], &ctx.config.limits);
    let mask = ctx
        .cpu(crate::cpu::Work::Image { memory }, move || crate::store::watermark_burn::logo_mask(&upload, 512))
        .await?
        .map_err(|e| ServiceError::Unprocessable(format!("The logo could not be used: {e}")))?;
    match mask {
        Some(mask) => ctx.storage.put_bytes(StorageKey::StudioMark(id), mask).await?,
        None => ctx.storage.delete(StorageKey::StudioMark(id)).await?,
    }
    ctx.storage.put_bytes(StorageKey::StudioLogo(id), jpeg).await?;
    let mut row: studio::ActiveModel = current.clone().into();
    row.logo_key = Set(Some(format!("{:x}", chrono::Utc::now().timestamp_millis())));
    crate::store::watermark::save_and_refresh(ctx, &current, row).await
}

/// Removes the logo.
pub async fn remove_logo(ctx: &Ctx, id: StudioId) -> ServiceResult<()> {
    let before = load(ctx, id).await?;
    let mut row: studio::ActiveModel = before.clone().into();
    row.logo_key = Set(None);
    crate::store::watermark::save_and_refresh(ctx, &before, row).await?;
    ctx.storage.delete(StorageKey::StudioLogo(id)).await?;
    ctx.storage.delete(StorageKey::StudioMark(id)).await?;
    Ok(())
}

/// The storage key of a studio's logo, if it has one (logos are public: they brand the
/// published galleries).
pub async fn logo(ctx: &Ctx, id: StudioId) -> ServiceResult<(StorageKey, String)> {
    let s = studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    s.logo_key.map(|version| (StorageKey::StudioLogo(id), version)).ok_or(ServiceError::NotFound)
}
