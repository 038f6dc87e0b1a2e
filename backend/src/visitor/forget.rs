//! Forgetting a person of a gallery, at the photographer's request (a client asking to be erased):
//! everything the gallery keeps under their address goes or loses the address, in one
//! transaction. Their identity, select lists (and stars), comments, notes, the invitations and
//! shares mailed to them (with those mails), sign-in links and restore requests go; the downloads log, the quota and the engagement
//! counts keep their lines without the address (what was downloaded stays counted). Their orders
//! stay as they are: an order is the record of a sale, and its buyer's link to their files.

use crate::ctx::Ctx;
use crate::entities::{
    activity, activity_running, activity_total, annotation, comment, download, email_link, invitation, order, outbox,
    person, restore_request, select_list, share_email,
};
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use domain::ids::{GalleryId, StudioId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Forgets `raw_email` in a gallery of the studio; answers how many of their orders were kept.
/// An address the gallery never saw is forgotten all the same (nothing to do): the answer does
/// not say whether anyone used it.
pub async fn forget(ctx: &Ctx, studio: StudioId, gallery: GalleryId, raw_email: &str) -> ServiceResult<u64> {
    let g = load_owned(ctx, studio, gallery).await?;
    let email = domain::validation::email(raw_email)?;
    let txn = crate::db::begin(&ctx.db).await?;
    person::Entity::delete_many()
        .filter(person::Column::GalleryId.eq(g.id))
        .filter(person::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    // Their stars go with their lists.
    select_list::Entity::delete_many()
        .filter(select_list::Column::GalleryId.eq(g.id))
        .filter(select_list::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    comment::Entity::delete_many()
        .filter(comment::Column::GalleryId.eq(g.id))
        .filter(comment::Column::Email.eq(&email))
        .filter(comment::Column::FromStudio.eq(false))
        .exec(&txn)
        .await?;
    annotation::Entity::delete_many()
        .filter(annotation::Column::GalleryId.eq(g.id))
        .filter(annotation::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    // The invitations and shares mailed to them, and those mails in the outbox (sent or not).
    let shared: Vec<Option<Uuid>> = share_email::Entity::find()
        .select_only()
        .column(share_email::Column::OutboxId)
        .filter(share_email::Column::GalleryId.eq(g.id))
        .filter(share_email::Column::Recipient.eq(&email))
        .into_tuple()
        .all(&txn)
        .await?;
    let invited: Vec<Uuid> = invitation::Entity::find()
        .select_only()
        .column(invitation::Column::OutboxId)
        .filter(invitation::Column::GalleryId.eq(g.id))
        .filter(invitation::Column::Recipient.eq(&email))
        .into_tuple()
        .all(&txn)
        .await?;
    share_email::Entity::delete_many()
        .filter(share_email::Column::GalleryId.eq(g.id))
        .filter(share_email::Column::Recipient.eq(&email))
        .exec(&txn)
        .await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::GalleryId.eq(g.id))
        .filter(invitation::Column::Recipient.eq(&email))
        .exec(&txn)
        .await?;
    let mails: Vec<Uuid> = shared.into_iter().flatten().chain(invited).collect();
    for batch in mails.chunks(500) {
        outbox::Entity::delete_many()
            .filter(outbox::Column::Id.is_in(batch.to_vec()))
            .filter(outbox::Column::ToAddress.eq(&email))
            .exec(&txn)
            .await?;
    }
    email_link::Entity::delete_many()
        .filter(email_link::Column::GalleryId.eq(g.id))
        .filter(email_link::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    // A restore waiting for them is not served (its job finds nothing to mark ready).
    restore_request::Entity::delete_many()
        .filter(restore_request::Column::GalleryId.eq(g.id))
        .filter(restore_request::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    download::Entity::update_many()
        .col_expr(download::Column::Email, Expr::value(None::<String>))
        .filter(download::Column::GalleryId.eq(g.id))
        .filter(download::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    // The gallery's counts are kept on rows of their own (no address): only the person's go.
    activity::Entity::update_many()
        .col_expr(activity::Column::Email, Expr::value(None::<String>))
        .col_expr(activity::Column::Detail, Expr::value(None::<String>))
        .filter(activity::Column::GalleryId.eq(g.id))
        .filter(activity::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    activity_total::Entity::delete_many()
        .filter(activity_total::Column::GalleryId.eq(g.id))
        .filter(activity_total::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    activity_running::Entity::delete_many()
        .filter(activity_running::Column::GalleryId.eq(g.id))
        .filter(activity_running::Column::Email.eq(&email))
        .exec(&txn)
        .await?;
    let orders = order::Entity::find()
        .filter(order::Column::GalleryId.eq(g.id))
        .filter(order::Column::BuyerEmail.eq(&email))
        .count(&txn)
        .await?;
    txn.commit().await?;
    Ok(orders)
}
