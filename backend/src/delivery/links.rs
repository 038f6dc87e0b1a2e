//! Recipients' links to a delivery set: made per recipient (named, with an optional last day),
//! listed with when they were last opened and what they downloaded, revoked one by one. A link's
//! token is 128 random bits, the only secret; it is never used as an id anywhere else.

use super::records::load_package;
use crate::ctx::Ctx;
use crate::entities::delivery_link;
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use crate::studio::days;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::delivery::DeliveryLinkView;
use domain::ids::{DeliveryLinkId, DeliverySetId, GalleryId, StudioId};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The path a recipient opens.
pub fn page_path(token: &str) -> String {
    format!("/d/{token}")
}

/// A link as the editor lists it, with the files downloaded through it (its last day in the
/// studio's `zone`).
pub fn view(link: delivery_link::Model, files: u64, now: DateTime<Utc>, zone: Tz) -> DeliveryLinkView {
    DeliveryLinkView {
        id: DeliveryLinkId(link.id),
        path: page_path(&link.token),
        label: link.label,
        last_day: link.expires_at.map(|at| days::last_day(zone, at)),
        expired: link.expires_at.is_some_and(|at| at <= now),
        last_opened_at: link.last_opened_at,
        files,
        created_at: link.created_at,
    }
}

/// Makes a link to the package for one recipient ("Anna & Tom"; empty: "Recipient"), working
/// through `expires_on` when given.
pub async fn create(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    package: DeliverySetId,
    label: &str,
    expires_on: Option<NaiveDate>,
) -> ServiceResult<DeliveryLinkView> {
    load_package(ctx, studio, gallery, package).await?;
    let label = domain::delivery::link_label(label)?;
    let now = Utc::now();
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let expires_at = expires_on.map(|day| days::end_of_last_day(zone, day));
    if expires_at.is_some_and(|at| at <= now) {
        return Err(domain::validation::FieldError::new(
            "expires_on",
            "Choose a last day from today on, or no last day.",
        )
        .into());
    }
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let row = delivery_link::ActiveModel {
        id: Set(Uuid::now_v7()),
        delivery_set_id: Set(package.0),
        gallery_id: Set(gallery.0),
        token: Set(hex::encode(bytes)),
        label: Set(label),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        last_opened_at: Set(None),
        created_at: Set(now),
    }
    .insert(&ctx.db)
    .await?;
    Ok(view(row, 0, now, zone))
}

/// Revokes a link: its page and files answer "revoked" from the next request on.
pub async fn revoke(ctx: &Ctx, studio: StudioId, gallery: GalleryId, link: DeliveryLinkId) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let found = delivery_link::Entity::find_by_id(link.0)
        .filter(delivery_link::Column::GalleryId.eq(gallery.0))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if found.revoked_at.is_none() {
        let mut row: delivery_link::ActiveModel = found.into();
        row.revoked_at = Set(Some(Utc::now()));
        row.update(&ctx.db).await?;
    }
    crate::archive::requester::end_for_delivery_links(ctx, gallery.0, &[link.0]).await
}
