//! Share: a main client makes a client-invited link — for everything they see, or some of its
//! sets — to copy, or to have emailed through the outbox. The new link can never reach further
//! than the sharer's own, and dies with it (`links::load_effective`). Share emails are limited
//! per link and per gallery, carry a plain-text note without web addresses, and are listed for
//! the photographer.

use crate::ctx::Ctx;
use crate::entities::{share_email, studio};
use crate::error::{ServiceError, ServiceResult, invalid};
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail, unsubscribe};
use crate::visitor::access::Viewer;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::engagement::notifications::MailKind;
use domain::ids::{GalleryId, LinkId, StudioId};
use domain::links::{LinkForm, MAX_SHARE_NOTE, ShareForm, SharedEmailView, SharedLink, shared_link_sets};
use domain::policy::{Action, Role};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// How a link is labelled when its sharer gave no name or address (or was forgotten since).
pub(crate) const ANONYMOUS_SHARE: &str = "Shared by a main client";

/// The label of a link shared by `who` (a name or an address; `None`: unknown), as the Links
/// tab lists it: at most 80 characters. Forgetting a person looks for theirs by it.
pub(crate) fn share_label(who: Option<&str>) -> String {
    match who {
        Some(who) => format!("Shared by {who}").chars().take(80).collect(),
        None => ANONYMOUS_SHARE.to_owned(),
    }
}

/// Makes the link and, when asked, queues the email in the same transaction (within the share
/// limits, with a note of plain text and no web addresses, and logged for the photographer).
pub async fn share(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    form: ShareForm,
    now: DateTime<Utc>,
) -> ServiceResult<SharedLink> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::Share)?;
    // The policy lets only a main client's link share: the owner and guests have none.
    let Some(origin) = admitted.link.clone() else { return Err(ServiceError::NotFound) };
    let own = crate::visitor::links::to_policy(&origin).scope;
    let sets = shared_link_sets(own.sets(), form.sets)?;
    let email_to = form.email_to.trim();
    let recipient = if email_to.is_empty() { None } else { Some(domain::validation::email(email_to)?) };
    let note = share_note(&form.note)?;
    // The sharer's own link allowance is looked at first (nothing counted: one who has made their
    // links for the hour must not spend the gallery's shared email allowance), then the emails are
    // counted, then the link (so an email refused spends no link).
    let link = origin.id.to_string();
    secrets::ensure_subject_open(ctx, AttemptKind::ShareLinkMade, &link, viewer.client, now).await?;
    if recipient.is_some() {
        // Counted before anything is sent, where every instance's requests are counted
        // (`secrets`): requests at the same moment cannot all pass the same count.
        secrets::spend(ctx, AttemptKind::ShareFromLink, &link, viewer.client, now).await?;
        secrets::spend(ctx, AttemptKind::ShareFromGallery, &g.id.to_string(), viewer.client, now).await?;
    }
    // A share is mailed under the studio's name, as its invitations are: someone who asked not to
    // get those is not mailed a share either. Asked after the emails are counted, so addresses
    // cannot be tried one after another to learn who was once invited; nothing is made.
    if let Some(to) = &recipient
        && unsubscribe::opted_out(&ctx.db, g.studio_id, to, MailKind::Invitations).await?
    {
        return Err(invalid(
            "email_to",
            format!(
                "{to} asked not to get gallery invitations from this studio, so we cannot email them. Copy the link instead and send it to them yourself."
            ),
        ));
    }
    secrets::spend(ctx, AttemptKind::ShareLinkMade, &link, viewer.client, now).await?;
    // How the sharer is named, on the link and in the mail: their name, unless it reads as a web
    // address (it would put a link under the studio's name), else their email address: only one
    // whose identity this browser holds (`Visit::person`), never an address merely typed while
    // someone else holds it, which would send mail "from" them with replies going to them.
    let from = admitted.visit.person().map(str::to_owned);
    let sharer =
        admitted.visit.name.clone().filter(|name| !domain::links::has_web_address(name)).or_else(|| from.clone());
    let label = share_label(sharer.as_deref());
    let link_form = LinkForm { label, role: Role::ClientInvited, sets, expires_on: None };
    let txn = crate::db::begin(&ctx.db).await?;
    let made = crate::visitor::links::insert(&txn, &g, link_form, Some(&origin)).await?;
    let url = format!("{}{}", ctx.config.public_origin, made.path);
    if let Some(to) = &recipient {
        let owner = studio::Entity::find_by_id(g.studio_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        let stop = unsubscribe::link(&txn, &ctx.config.public_origin, owner.id, to, MailKind::Invitations, now).await?;
        let who = sharer.clone().unwrap_or_else(|| "Someone".to_owned());
        let mut paragraphs =
            vec![format!("{who} would like to show you the gallery “{}”, photographed by {}.", g.title, owner.name)];
        if !note.is_empty() {
            paragraphs.push(format!("Their note:\n{note}"));
        }
        // The studio's template: the note is the visitor's words, escaped and without links
        // (`share_note`), so the only link is the gallery's own.
        let letter = Letter {
            brand: Brand::of(&owner, &ctx.config.public_origin),
            greeting: "Hello,".to_owned(),
            paragraphs,
            sections: Vec::new(),
            action: Some(("Open the gallery".to_owned(), url.clone())),
            footer: from.iter().map(|from| format!("A reply goes to {from}.")).collect(),
            unsubscribe: Some((stop.clone(), format!("gallery invitations from {}", owner.name))),
        };
        let message = OutgoingMail {
            to: to.clone(),
            to_name: None,
            subject: format!("{who} shared “{}” with you", g.title),
            text: letter.text(),
            html: Some(letter.html()),
            reply_to: from.clone(),
            unsubscribe: Some(stop),
            gallery: Some(g.id),
        };
        let outbox_id = mail::queue(&txn, &message, now).await?;
        share_email::Entity::insert(share_email::ActiveModel {
            id: Set(Uuid::now_v7()),
            gallery_id: Set(g.id),
            from_link_id: Set(origin.id),
            link_id: Set(made.id.0),
            recipient: Set(to.clone()),
            note: Set(note.clone()),
            created_at: Set(now),
            outbox_id: Set(Some(outbox_id)),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    if recipient.is_some() {
        crate::engagement::hooks::shared(ctx, &g, &admitted, now).await;
    }
    Ok(SharedLink { url, sent_to: recipient })
}

/// A share note: plain text, bounded, and without web addresses (the email carries the gallery's
/// own link; anything else would make us a relay for someone's links under the studio's name).
fn share_note(raw: &str) -> ServiceResult<String> {
    let note = domain::validation::with_plain_line_breaks(raw);
    let note = note.trim();
    if note.chars().count() > MAX_SHARE_NOTE {
        return Err(invalid("note", format!("Keep the note under {MAX_SHARE_NOTE} characters.")));
    }
    if domain::validation::has_hidden(note, true) {
        return Err(invalid("note", "Remove the control characters from the note."));
    }
    if domain::links::has_web_address(note) {
        return Err(invalid(
            "note",
            "Leave web addresses out of the note: the email already carries the gallery's link.",
        ));
    }
    Ok(note.to_owned())
}

/// Every share email of a gallery, newest first, for the photographer's Invite tab.
pub async fn emails(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<SharedEmailView>> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let sent = share_email::Entity::find()
        .filter(share_email::Column::GalleryId.eq(gallery.0))
        .order_by_desc(share_email::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let links: Vec<Uuid> = sent.iter().flat_map(|s| [s.from_link_id, s.link_id]).collect();
    let messages = mail::delivery::of(ctx, sent.iter().filter_map(|s| s.outbox_id)).await?;
    let labels: std::collections::HashMap<Uuid, crate::entities::access_link::Model> =
        crate::entities::access_link::Entity::find()
            .filter(crate::entities::access_link::Column::Id.is_in(links))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
    Ok(sent
        .into_iter()
        .map(|s| SharedEmailView {
            at: s.created_at,
            recipient: s.recipient,
            note: s.note,
            shared_by: labels.get(&s.from_link_id).map(|l| l.label.clone()).unwrap_or_default(),
            link: LinkId(s.link_id),
            revoked: labels.get(&s.link_id).is_none_or(|l| l.revoked_at.is_some()),
            delivery: s.outbox_id.and_then(|id| messages.get(&id).cloned()),
        })
        .collect())
}
