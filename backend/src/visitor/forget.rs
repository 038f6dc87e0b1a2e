//! Forgetting a person of a gallery, at the photographer's request (a client asking to be erased):
//! everything the gallery keeps under their address goes or loses the address, in one
//! transaction. Their identity, select lists (and stars), comment threads (the studio's replies
//! too), notes, the invitations and shares mailed to them (with those mails), sign-in links and
//! restore requests go; the links they shared, the shares they sent and the selections they sent
//! the studio lose their name and address; the downloads log, the quota and the engagement counts
//! keep their lines without the address (what was downloaded stays counted). Their orders stay as
//! they are (with the restores asked for them): an order is the record of a sale, and its buyer's
//! link to their files. Every browser that held their identity, proven or not, lets go of it at
//! its next request (`access`).

use crate::archive::requester::Requester;
use crate::ctx::Ctx;
use crate::entities::{
    access_link, activity, activity_running, activity_total, annotation, comment, download, email_link, invitation,
    order, outbox, person, restore_request, select_list, share_email, studio,
};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use domain::dto::Forgotten;
use domain::ids::{GalleryId, StudioId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Forgets `raw_email` in a gallery of the studio.
pub async fn forget(ctx: &Ctx, studio: StudioId, gallery: GalleryId, raw_email: &str) -> ServiceResult<Forgotten> {
    let g = load_owned(ctx, studio, gallery).await?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let email = domain::validation::email_to_find(raw_email)?;
    let txn = crate::db::begin(&ctx.db).await?;
    let mut touched = 0;
    let names = names_of(&txn, g.id, &email).await?;
    let theirs = Theirs { txn: &txn, gallery: g.id, email: &email };
    touched += theirs.delete(person::Column::GalleryId, person::Column::Email).await?;
    // Their stars go with their lists.
    touched += theirs.delete(select_list::Column::GalleryId, select_list::Column::Email).await?;
    // Their threads, with the studio's replies (kept under the thread's address).
    touched += theirs.delete(comment::Column::GalleryId, comment::Column::Email).await?;
    touched += theirs.delete(annotation::Column::GalleryId, annotation::Column::Email).await?;
    touched += mails_to_them(&txn, &g, &email).await?;
    touched += what_they_sent(&txn, &g, &owner, &email, names).await?;
    touched += theirs.delete(email_link::Column::GalleryId, email_link::Column::Email).await?;
    touched += restores_for_them(&txn, g.id, &email).await?;
    touched += download::Entity::update_many()
        .col_expr(download::Column::Email, Expr::value(None::<String>))
        .filter(download::Column::GalleryId.eq(g.id))
        .filter(download::Column::Email.eq(&email))
        .exec(&txn)
        .await?
        .rows_affected;
    // The gallery's counts are kept on rows of their own (no address): only the person's go.
    touched += activity::Entity::update_many()
        .col_expr(activity::Column::Email, Expr::value(None::<String>))
        .col_expr(activity::Column::Detail, Expr::value(None::<String>))
        .filter(activity::Column::GalleryId.eq(g.id))
        .filter(activity::Column::Email.eq(&email))
        .exec(&txn)
        .await?
        .rows_affected;
    touched += theirs.delete(activity_total::Column::GalleryId, activity_total::Column::Email).await?;
    touched += theirs.delete(activity_running::Column::GalleryId, activity_running::Column::Email).await?;
    let orders_kept = order::Entity::find()
        .filter(order::Column::GalleryId.eq(g.id))
        .filter(order::Column::BuyerEmail.eq(&email))
        .count(&txn)
        .await?;
    txn.commit().await?;
    Ok(Forgotten { found: touched > 0 || orders_kept > 0, orders_kept })
}

/// The rows of one gallery kept under one address.
struct Theirs<'a> {
    txn: &'a DatabaseTransaction,
    gallery: Uuid,
    email: &'a str,
}

impl Theirs<'_> {
    /// Deletes the rows of `gallery`'s entity whose `email` column holds the address; answers
    /// how many went.
    async fn delete<C>(&self, gallery: C, email: C) -> ServiceResult<u64>
    where
        C: ColumnTrait,
        C::EntityName: EntityTrait,
    {
        Ok(<C::EntityName as EntityTrait>::delete_many()
            .filter(gallery.eq(self.gallery))
            .filter(email.eq(self.email))
            .exec(self.txn)
            .await?
            .rows_affected)
    }
}

/// The names they went by in this gallery (as a person, signing comments and notes, and buying):
/// the links they shared are labelled with one of them, or with their address.
async fn names_of(txn: &DatabaseTransaction, gallery: Uuid, email: &str) -> ServiceResult<BTreeSet<String>> {
    let mut names: BTreeSet<String> = person::Entity::find_by_id((gallery, email.to_owned()))
        .one(txn)
        .await?
        .and_then(|p| p.name)
        .into_iter()
        .collect();
    let signed: Vec<String> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Author)
        .filter(comment::Column::GalleryId.eq(gallery))
        .filter(comment::Column::Email.eq(email))
        .filter(comment::Column::FromStudio.eq(false))
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    let drew: Vec<String> = annotation::Entity::find()
        .select_only()
        .column(annotation::Column::Author)
        .filter(annotation::Column::GalleryId.eq(gallery))
        .filter(annotation::Column::Email.eq(email))
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    // A buyer's checkout name is what a share from that browser is signed with.
    let bought: Vec<String> = order::Entity::find()
        .select_only()
        .column(order::Column::BuyerName)
        .filter(order::Column::GalleryId.eq(gallery))
        .filter(order::Column::BuyerEmail.eq(email))
        .distinct()
        .into_tuple()
        .all(txn)
        .await?;
    names.extend(signed.into_iter().chain(drew).chain(bought));
    Ok(names)
}

/// The invitations and shares mailed to them, and those mails in the outbox (sent or not); the
/// sign-in links and restore notices mailed to them about this gallery (known by their subject:
/// such mails to them about any gallery of the same title go too).
async fn mails_to_them(
    txn: &DatabaseTransaction,
    g: &crate::entities::gallery::Model,
    email: &str,
) -> ServiceResult<u64> {
    let gallery = g.id;
    let shared: Vec<Option<Uuid>> = share_email::Entity::find()
        .select_only()
        .column(share_email::Column::OutboxId)
        .filter(share_email::Column::GalleryId.eq(gallery))
        .filter(share_email::Column::Recipient.eq(email))
        .into_tuple()
        .all(txn)
        .await?;
    let invited: Vec<Uuid> = invitation::Entity::find()
        .select_only()
        .column(invitation::Column::OutboxId)
        .filter(invitation::Column::GalleryId.eq(gallery))
        .filter(invitation::Column::Recipient.eq(email))
        .into_tuple()
        .all(txn)
        .await?;
    let mut touched = share_email::Entity::delete_many()
        .filter(share_email::Column::GalleryId.eq(gallery))
        .filter(share_email::Column::Recipient.eq(email))
        .exec(txn)
        .await?
        .rows_affected;
    touched += invitation::Entity::delete_many()
        .filter(invitation::Column::GalleryId.eq(gallery))
        .filter(invitation::Column::Recipient.eq(email))
        .exec(txn)
        .await?
        .rows_affected;
    let mails: Vec<Uuid> = shared.into_iter().flatten().chain(invited).collect();
    for batch in mails.chunks(500) {
        outbox::Entity::delete_many()
            .filter(outbox::Column::Id.is_in(batch.to_vec()))
            .filter(outbox::Column::ToAddress.eq(email))
            .exec(txn)
            .await?;
    }
    let about_it = [
        crate::visitor::identity::sign_in_subject(&g.title),
        crate::archive::restoring::ready_subject(&g.title),
        crate::archive::restoring::failed_subject(&g.title),
    ];
    touched += outbox::Entity::delete_many()
        .filter(outbox::Column::ToAddress.eq(email))
        .filter(outbox::Column::Subject.is_in(about_it))
        .exec(txn)
        .await?
        .rows_affected;
    Ok(touched)
}

/// What they sent stops naming them: the links they shared (labelled with one of their `names`
/// or their address; another person of the same name loses it from their links' labels too), the share mails they sent (subject, reply address, their note) and the selections
/// they sent the studio (subject, reply address; bodies of mail already sent are blanked).
async fn what_they_sent(
    txn: &DatabaseTransaction,
    g: &crate::entities::gallery::Model,
    owner: &studio::Model,
    email: &str,
    names: BTreeSet<String>,
) -> ServiceResult<u64> {
    let labels: Vec<String> = std::iter::once(email.to_owned())
        .chain(names)
        .map(|who| crate::visitor::sharing::share_label(Some(&who)))
        .collect();
    let their_links: Vec<Uuid> = access_link::Entity::find()
        .select_only()
        .column(access_link::Column::Id)
        .filter(access_link::Column::GalleryId.eq(g.id))
        .filter(access_link::Column::Label.is_in(labels))
        .into_tuple()
        .all(txn)
        .await?;
    let mut touched = 0;
    for batch in their_links.chunks(500) {
        touched += access_link::Entity::update_many()
            .col_expr(access_link::Column::Label, Expr::value(crate::visitor::sharing::ANONYMOUS_SHARE))
            .filter(access_link::Column::Id.is_in(batch.to_vec()))
            .exec(txn)
            .await?
            .rows_affected;
    }
    // Their shares: the share mails of this gallery whose replies went to them, or that made
    // one of the links labelled with their name and sent replies to nobody (another person of
    // the same name who gave their address keeps their own).
    let shares: Vec<(Option<Uuid>, Uuid)> = share_email::Entity::find()
        .select_only()
        .column(share_email::Column::OutboxId)
        .column(share_email::Column::LinkId)
        .filter(share_email::Column::GalleryId.eq(g.id))
        .into_tuple()
        .all(txn)
        .await?;
    let linked: BTreeSet<Uuid> = their_links.iter().copied().collect();
    let mut theirs: BTreeSet<Uuid> = BTreeSet::new();
    for batch in shares.chunks(500) {
        let by_mail: Vec<Uuid> = batch.iter().filter_map(|(mail, _)| *mail).collect();
        let replies: Vec<(Uuid, Option<String>)> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Id)
            .column(outbox::Column::ReplyTo)
            .filter(outbox::Column::Id.is_in(by_mail))
            .into_tuple()
            .all(txn)
            .await?;
        let replies: std::collections::BTreeMap<Uuid, Option<String>> = replies.into_iter().collect();
        for (mail, link) in batch {
            let Some(mail) = mail else { continue };
            let theirs_by_reply = replies.get(mail).is_some_and(|to| to.as_deref() == Some(email));
            let theirs_by_link = linked.contains(link) && replies.get(mail).is_some_and(Option::is_none);
            if theirs_by_reply || theirs_by_link {
                theirs.insert(*mail);
            }
        }
    }
    let theirs: Vec<Uuid> = theirs.into_iter().collect();
    // Shares recorded before their mail was (no outbox row to go by): their notes, by their link.
    for batch in their_links.chunks(500) {
        touched += share_email::Entity::update_many()
            .col_expr(share_email::Column::Note, Expr::value(""))
            .filter(share_email::Column::LinkId.is_in(batch.to_vec()))
            .filter(share_email::Column::OutboxId.is_null())
            .exec(txn)
            .await?
            .rows_affected;
    }
    for batch in theirs.chunks(500) {
        touched += share_email::Entity::update_many()
            .col_expr(share_email::Column::Note, Expr::value(""))
            .filter(share_email::Column::OutboxId.is_in(batch.to_vec()))
            .exec(txn)
            .await?
            .rows_affected;
        anonymise(txn, batch, &format!("“{}” was shared with you", g.title)).await?;
    }
    // Their selections, mailed to the studio with the reply going to them.
    use crate::proofing::selects::selection_subject;
    let selection = selection_subject("", &g.title);
    let to_studio: Vec<(Uuid, String)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .column(outbox::Column::Subject)
        .filter(outbox::Column::ToAddress.eq(&owner.email))
        .filter(outbox::Column::ReplyTo.eq(email))
        .into_tuple()
        .all(txn)
        .await?;
    let selections: Vec<Uuid> =
        to_studio.into_iter().filter(|(_, subject)| subject.ends_with(&selection)).map(|(id, _)| id).collect();
    for batch in selections.chunks(500) {
        anonymise(txn, batch, &selection_subject("A client", &g.title)).await?;
    }
    touched += selections.len() as u64;
    Ok(touched)
}

/// Gives the mails `ids` the subject `subject` and no reply address, and blanks the bodies of
/// those already sent (one still waiting goes out with its words, which its sender asked for,
/// and is blanked an hour after it went, as every mail is).
async fn anonymise(txn: &DatabaseTransaction, ids: &[Uuid], subject: &str) -> ServiceResult<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Subject, Expr::value(subject))
        .col_expr(outbox::Column::ReplyTo, Expr::value(None::<String>))
        .filter(outbox::Column::Id.is_in(ids.to_vec()))
        .exec(txn)
        .await?;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::BodyText, Expr::value(""))
        .col_expr(outbox::Column::BodyHtml, Expr::value(None::<String>))
        .filter(outbox::Column::Id.is_in(ids.to_vec()))
        .filter(outbox::Column::SentAt.is_not_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The restore requests mailed to them or asked from a browser that held their address, but those
/// made for an order they keep. A waiting one is then not served (its job finds nothing to mark
/// ready).
async fn restores_for_them(txn: &DatabaseTransaction, gallery: Uuid, email: &str) -> ServiceResult<u64> {
    let asked: Vec<(Uuid, String, String)> = restore_request::Entity::find()
        .select_only()
        .column(restore_request::Column::Id)
        .column(restore_request::Column::Email)
        .column(restore_request::Column::Requester)
        .filter(restore_request::Column::GalleryId.eq(gallery))
        .into_tuple()
        .all(txn)
        .await?;
    let gone: Vec<Uuid> = asked
        .into_iter()
        .filter(|(_, to, requester)| match serde_json::from_str(requester) {
            Ok(Requester::Order { .. }) => false,
            Ok(Requester::Visitor(visit)) => {
                to == email || visit.email.as_deref() == Some(email) || visit.people.iter().any(|p| p == email)
            }
            _ => to == email,
        })
        .map(|(id, _, _)| id)
        .collect();
    let mut touched = 0;
    for batch in gone.chunks(500) {
        touched += restore_request::Entity::delete_many()
            .filter(restore_request::Column::Id.is_in(batch.to_vec()))
            .exec(txn)
            .await?
            .rows_affected;
    }
    Ok(touched)
}
