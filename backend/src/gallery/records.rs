//! The gallery rows everything else starts from: a gallery its studio owns, its sets in order,
//! its stored settings. Nothing here asks the policy or builds a page, so every area may use it.

use crate::ctx::Ctx;
use crate::entities::{gallery, set};
use crate::error::{ServiceError, ServiceResult};
use domain::ids::{GalleryId, StudioId};
use domain::settings::GallerySettings;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Loads a gallery the studio owns and has not deleted; any other gallery is "not found".
pub async fn load_owned(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<gallery::Model> {
    let found = gallery::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    authorize_owner(studio, &found)?;
    Ok(found)
}

/// Sets of a gallery in order.
pub async fn sets_of(ctx: &Ctx, gallery_id: Uuid) -> ServiceResult<Vec<set::Model>> {
    Ok(set::Entity::find()
        .filter(set::Column::GalleryId.eq(gallery_id))
        .order_by_asc(set::Column::Position)
        .order_by_asc(set::Column::CreatedAt)
        .order_by_asc(set::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// Checks that `studio` owns `gallery` and has not deleted it (anything else is "not found": a
/// deleted gallery is brought back from the studio's Recently deleted galleries, not changed).
pub fn authorize_owner(studio: StudioId, gallery: &gallery::Model) -> ServiceResult<()> {
    if studio.0 == gallery.studio_id && gallery.deleted_at.is_none() { Ok(()) } else { Err(ServiceError::NotFound) }
}

/// The stored settings of a gallery (defaults when none were saved). Settings that cannot be read
/// (a failed migration, a hand edit) fall back to the defaults, and the log says so: silently
/// would hide that a gallery lost its photographer's choices.
pub fn settings_of(gallery: &gallery::Model) -> GallerySettings {
    let Some(json) = gallery.settings.as_deref() else { return GallerySettings::default() };
    serde_json::from_str(json).unwrap_or_else(|e| {
        tracing::error!(gallery = %gallery.id, error = %e, "stored gallery settings cannot be read; using the defaults");
        GallerySettings::default()
    })
}
