//! Who asked for a restore (`Requester`: the standing its emailed link downloads with), and
//! whether that standing is still there while the request waits: a request whose link was revoked
//! or ran out, or whose package or photos were deleted, is ended unserved (`still_stands`,
//! asked by `restoring` before each round; `end_for_delivery_links`, by the delivery set's own
//! changes).

use crate::ctx::Ctx;
use crate::entities::restore_request::{EXPIRED, WAITING};
use crate::entities::{delivery_link, delivery_set, image, restore_request};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::Visit;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who asked for a restore: the standing the emailed link downloads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requester {
    /// A gallery visitor, as their session stood (the cart and the orders' link secrets left
    /// out: their orders' ids are kept, for the licences they bought).
    Visitor(Visit),
    /// The gallery's photographer, downloading from their own gallery's page, in the studio's
    /// session epoch then: a password reset (which ends every session) ends the link too.
    /// (`None`: asked before epochs were recorded.)
    Owner {
        studio: Uuid,
        #[serde(default)]
        epoch: Option<i32>,
    },
    /// A delivery set's recipient, by their link.
    Delivery { link: Uuid },
    /// A buyer, by their order (its link's secret is stored only as a hash).
    Order { order: Uuid },
}

/// Ends the waiting restores asked for through `links` (delivery links revoked, or of a deleted
/// package): nobody is mailed a link that would only say it no longer works. (A link already
/// sent is refused by its own check.)
pub async fn end_for_delivery_links(ctx: &Ctx, gallery: Uuid, links: &[Uuid]) -> ServiceResult<()> {
    let waiting = restore_request::Entity::find()
        .filter(restore_request::Column::GalleryId.eq(gallery))
        .filter(restore_request::Column::Status.eq(WAITING))
        .all(&ctx.db)
        .await?;
    for request in waiting {
        let through = match serde_json::from_str(&request.requester) {
            Ok(Requester::Delivery { link }) => links.contains(&link),
            _ => false,
        };
        if through {
            end_waiting(ctx, request.id).await?;
        }
    }
    Ok(())
}

/// Whether what a waiting request was asked with is still there: its delivery link (not
/// revoked, not past its last day, which cannot be moved) and package (not deleted); a visitor's
/// access link (and every link it was shared from) likewise, and a photo asked for not deleted
/// since. One that is gone for good is ended unserved: nobody is mailed a link that could only be
/// refused. What the photographer may open again (a draft, a gallery's or a package's last day,
/// which can be moved) keeps it: it is served, and its link works once they do. A buyer's order
/// keeps even deleted photos, and the photographer their gallery: both are decided at the
/// download as ever.
pub async fn still_stands(ctx: &Ctx, request: &restore_request::Model, now: DateTime<Utc>) -> ServiceResult<bool> {
    use domain::links::has_ended;
    let requester = serde_json::from_str(&request.requester).map_err(|e| ServiceError::Internal(e.into()))?;
    Ok(match requester {
        Requester::Delivery { link } => {
            let found = delivery_link::Entity::find_by_id(link).one(&ctx.db).await?;
            let Some(link) = found.filter(|l| l.revoked_at.is_none() && !has_ended(l.expires_at, now)) else {
                return Ok(false);
            };
            let package = delivery_set::Entity::find_by_id(link.delivery_set_id).one(&ctx.db).await?;
            package.is_some_and(|p| p.deleted_at.is_none())
        }
        Requester::Visitor(visit) => {
            let link_works = match visit.link {
                Some(link) => crate::visitor::links::load_effective(ctx, request.gallery_id, link)
                    .await?
                    .is_some_and(|(_, effective)| !effective.revoked && !has_ended(effective.expires_at, now)),
                None => true,
            };
            link_works && (!visit.orders.is_empty() || any_shown(ctx, request).await?)
        }
        Requester::Owner { studio, epoch } => owner_stands(ctx, studio, epoch).await?,
        Requester::Order { .. } => true,
    })
}

/// Whether a photographer's request still speaks for the studio: no password reset since.
pub async fn owner_stands(ctx: &Ctx, studio: Uuid, epoch: Option<i32>) -> ServiceResult<bool> {
    let found = crate::entities::studio::Entity::find_by_id(studio).one(&ctx.db).await?;
    Ok(found.is_some_and(|s| epoch.is_none_or(|epoch| epoch == s.session_epoch)))
}

/// Whether a photo a request asked for is still in its gallery (not deleted).
async fn any_shown(ctx: &Ctx, request: &restore_request::Model) -> ServiceResult<bool> {
    let ids: Vec<Uuid> = serde_json::from_str(&request.images).map_err(|e| ServiceError::Internal(e.into()))?;
    for chunk in ids.chunks(500) {
        let shown = image::Entity::find()
            .filter(image::Column::Id.is_in(chunk.to_vec()))
            .filter(image::Column::DeletedAt.is_null())
            .count(&ctx.db)
            .await?;
        if shown > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Ends a request still waiting (`still_stands` said no).
pub async fn end_waiting(ctx: &Ctx, request: Uuid) -> ServiceResult<()> {
    restore_request::Entity::update_many()
        .col_expr(restore_request::Column::Status, sea_orm::sea_query::Expr::value(EXPIRED))
        .filter(restore_request::Column::Id.eq(request))
        .filter(restore_request::Column::Status.eq(WAITING))
        .exec(&ctx.db)
        .await?;
    Ok(())
}
