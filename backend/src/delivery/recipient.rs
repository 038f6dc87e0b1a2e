//! A recipient's standing, from their link's token alone: the link and its package are read on
//! every request, so revoking the link, ending it, or ending or deleting the package stops every
//! open page at its next request. The token is a secret: tokens that lead nowhere count as misses
//! for the client address (`AttemptKind::Lookup`, shared with gallery and order links), and a
//! client past the limit is answered 429 before any token is looked at. A real token of a deleted
//! package is "not found" too, but not a miss: its recipient was not guessing.

use super::records::{holds, image_ids, sizes_of};
use crate::ctx::Ctx;
use crate::entities::{delivery_link, delivery_set, gallery, image};
use crate::error::{ServiceError, ServiceResult};
use crate::store::purchases::Purchases;
use crate::visitor::access::{self, Admission, Viewer, Visit};
use crate::visitor::image_facts::GalleryImageFacts;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::ids::DeliverySetId;
use domain::policy::{AccessLink, Actor, DeliveryFacts, ImageFacts, Role, Scope, VisitorAccess};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// Where a recipient stands: their link, its package and gallery, and the policy's view of them.
pub struct Recipient {
    pub link: delivery_link::Model,
    pub package: delivery_set::Model,
    pub gallery: gallery::Model,
    pub admitted: Admission,
    /// The gallery's own studio is the one opening the link (trying it out): its downloads are
    /// logged but not counted as a client's.
    pub by_owner: bool,
}

impl Recipient {
    /// The facts of one image of the gallery as this recipient sees it (`held`: it is in the
    /// package).
    pub fn facts_of(found: &image::Model, held: bool) -> ImageFacts {
        ImageFacts { in_delivery: held, ..GalleryImageFacts::rows_only().of(found) }
    }

    /// The package's images, in its order, with their facts (the caller asks the policy).
    pub async fn images(&self, ctx: &Ctx) -> ServiceResult<Vec<(image::Model, ImageFacts)>> {
        let ids = image_ids(ctx, self.package.id).await?;
        let mut rows: HashMap<Uuid, image::Model> = image::Entity::find()
            .filter(image::Column::GalleryId.eq(self.gallery.id))
            .filter(image::Column::Id.is_in(ids.clone()))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        Ok(ids
            .into_iter()
            .filter_map(|id| rows.remove(&id))
            .map(|row| {
                let facts = Self::facts_of(&row, true);
                (row, facts)
            })
            .collect())
    }

    /// One image of the package's gallery, with its facts ("not found" outside the gallery).
    pub async fn image(&self, ctx: &Ctx, id: Uuid) -> ServiceResult<(image::Model, ImageFacts)> {
        let found = image::Entity::find_by_id(id)
            .one(&ctx.db)
            .await?
            .filter(|i| i.gallery_id == self.gallery.id)
            .ok_or(ServiceError::NotFound)?;
        let facts = Self::facts_of(&found, holds(ctx, self.package.id, found.id).await?);
        Ok((found, facts))
    }
}

/// The recipient holding `token`, as `viewer` (their address, whether another site sent them).
pub async fn recipient(ctx: &Ctx, token: &str, viewer: &Viewer, now: DateTime<Utc>) -> ServiceResult<Recipient> {
    secrets::ensure_open(ctx, AttemptKind::Lookup, viewer.client, now).await?;
    let token = token.trim().to_ascii_lowercase();
    let found = if token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        delivery_link::Entity::find().filter(delivery_link::Column::Token.eq(&token)).one(&ctx.db).await?
    } else {
        None
    };
    let Some(link) = found else {
        secrets::record_miss(ctx, AttemptKind::Lookup, viewer.client, now).await?;
        return Err(ServiceError::NotFound);
    };
    let package = delivery_set::Entity::find_by_id(link.delivery_set_id)
        .one(&ctx.db)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(ServiceError::NotFound)?;
    let g = gallery::Entity::find_by_id(package.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    // A package's rules read nothing of set download mode: the row's facts are enough.
    let mut facts = access::stored_facts(&g, now);
    facts.request.cross_site = viewer.cross_site;
    facts.delivery = Some(DeliveryFacts { sizes: sizes_of(&package), ends_at: package.ends_at });
    let policy_link = AccessLink {
        // Recipients are people the photographer chose; the role decides nothing in a package.
        role: Role::PhotographerInvited,
        scope: Scope::Delivery(DeliverySetId(package.id)),
        expires_at: link.expires_at,
        revoked: link.revoked_at.is_some(),
    };
    let visit = Visit { name: Some(link.label.clone()), ..Visit::default() };
    let admitted = Admission {
        actor: Actor::Visitor(VisitorAccess::new(policy_link)),
        facts,
        link: None,
        visit,
        purchases: Purchases::default(),
    };
    let by_owner = viewer.studio.is_some_and(|s| s.0 == g.studio_id);
    Ok(Recipient { link, package, gallery: g, admitted, by_owner })
}
