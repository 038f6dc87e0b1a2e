//! A studio's branding: the name, accent colour and contact email its galleries show.

use crate::ctx::Ctx;
use crate::entities::studio;
use crate::error::{ServiceError, ServiceResult};
use domain::dto::StudioSettings;
use domain::ids::StudioId;
use domain::validation;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

async fn load(ctx: &Ctx, id: StudioId) -> ServiceResult<studio::Model> {
    studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::Unauthenticated)
}

/// The signed-in studio's settings.
pub async fn settings(ctx: &Ctx, id: StudioId) -> ServiceResult<StudioSettings> {
    let s = load(ctx, id).await?;
    Ok(StudioSettings { name: s.name, accent_color: s.accent_color, contact_email: s.contact_email, email: s.email })
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
    let contact_email = validation::email(contact_email).map_err(|mut e| {
        e.field = "contact_email".to_owned();
        e
    })?;
    let mut row: studio::ActiveModel = load(ctx, id).await?.into();
    row.name = Set(name);
    row.accent_color = Set(accent_color);
    row.contact_email = Set(contact_email);
    row.update(&ctx.db).await?;
    Ok(())
}
