//! Invitations: the photographer emails one of the gallery's access links from the Invite tab,
//! with a note, under the studio's name, colour and logo. Replies go to the studio's contact
//! address. A visitor who unsubscribed from this studio's invitations is not mailed again (the
//! photographer is told so).

use crate::ctx::Ctx;
use crate::entities::{access_link, invitation, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail, unsubscribe};
use chrono::{DateTime, Utc};
use domain::engagement::notifications::{InvitationForm, InvitationView, MailDelivery, MailKind, NOTE_MAX};
use domain::ids::{GalleryId, LinkId, StudioId};
use domain::validation::FieldError;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Emails the link `link` of `gallery` to `form.to`.
pub async fn invite(
    ctx: &Ctx,
    studio_id: StudioId,
    gallery: GalleryId,
    link: LinkId,
    form: InvitationForm,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let g = load_owned(ctx, studio_id, gallery).await?;
    let row = access_link::Entity::find_by_id(link.0)
        .filter(access_link::Column::GalleryId.eq(g.id))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if row.revoked_at.is_some() || domain::links::has_ended(row.expires_at, now) {
        return Err(ServiceError::Invalid(FieldError::new(
            "link",
            "This link no longer opens the gallery (revoked or past its last day). Make a new one to invite someone.",
        )));
    }
    // The invited would meet a closed door: say so before the mail goes.
    if domain::gallery::GalleryStatus::parse(&g.status) != domain::gallery::GalleryStatus::Published {
        return Err(ServiceError::Conflict(
            "This gallery is a draft, so the link would not open it yet. Publish the gallery, then send the invitation."
                .to_owned(),
        ));
    }
    if domain::links::has_ended(g.expires_at, now) {
        return Err(ServiceError::Conflict(
            "This gallery is past its last day, so the link would not open it. Choose a later last day in Details, then send the invitation."
                .to_owned(),
        ));
    }
    let to = domain::validation::email(&form.to).map_err(|mut e| {
        e.field = "to".to_owned();
        e
    })?;
    let name = form.name.trim().to_owned();
    if name.chars().count() > 80 {
        return Err(FieldError::new("name", "Keep the name to 80 characters.").into());
    }
    if name.chars().any(domain::validation::is_hidden_char) {
        return Err(FieldError::new("name", "Remove the line breaks and control characters from the name.").into());
    }
    let note = domain::validation::with_plain_line_breaks(&form.note).trim().to_owned();
    if note.chars().count() > NOTE_MAX {
        return Err(FieldError::new("note", format!("Keep the note to {NOTE_MAX} characters.")).into());
    }
    if domain::validation::has_hidden(&note, true) {
        return Err(FieldError::new("note", "Remove the control characters from the note.").into());
    }
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    if unsubscribe::opted_out(&ctx.db, owner.id, &to, MailKind::Invitations).await? {
        return Err(FieldError::new(
            "to",
            format!("{to} asked not to get invitations from your studio, so we did not send one. Send the link yourself if they want it."),
        )
        .into());
    }
    within_limits(ctx, owner.id, now).await?;
    let origin = &ctx.config.public_origin;
    let txn = crate::db::begin(&ctx.db).await?;
    // The same link to the same address again within a minute is a second press of Send (or a
    // form sent twice by a slow connection): one mail, and the second is told so (a corrected
    // note waits the minute). Two such requests take turns on the link's row.
    crate::db::hold_rows::<access_link::Entity>(
        &txn,
        access_link::Column::Id,
        Condition::all().add(access_link::Column::Id.eq(row.id)),
    )
    .await?;
    let just_sent = invitation::Entity::find()
        .filter(invitation::Column::LinkId.eq(row.id))
        .filter(invitation::Column::Recipient.eq(to.as_str()))
        .filter(invitation::Column::CreatedAt.gt(now - chrono::Duration::seconds(SAME_INVITATION_SECS)))
        .one(&txn)
        .await?;
    if just_sent.is_some() {
        txn.rollback().await?;
        return Err(ServiceError::Conflict(format!(
            "This link went to {to} a moment ago. To send it again (with a corrected note, say), wait a minute."
        )));
    }
    let stop = unsubscribe::link(&txn, origin, owner.id, &to, MailKind::Invitations, now).await?;
    let mut paragraphs = vec![format!("{} invites you to see “{}”.", owner.name, g.title)];
    if !note.is_empty() {
        paragraphs.push(note);
    }
    let letter = Letter {
        brand: Brand::of(&owner, origin),
        greeting: if name.is_empty() { "Hello,".to_owned() } else { format!("Hello {name},") },
        paragraphs,
        sections: Vec::new(),
        action: Some(("Open the gallery".to_owned(), format!("{origin}/l/{}", row.token))),
        footer: vec!["This link is for you: anyone who has it can open the gallery as you.".to_owned()],
        unsubscribe: Some((stop.clone(), format!("gallery invitations from {}", owner.name))),
    };
    let message = OutgoingMail {
        to,
        to_name: Some(name).filter(|n| !n.is_empty()),
        subject: format!("{}: your gallery “{}”", owner.name, g.title),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: Some(owner.contact_email.clone()).filter(|e| !e.is_empty()),
        unsubscribe: Some(stop),
        gallery: Some(g.id),
    };
    let outbox_id = mail::queue(&txn, &message, now).await?;
    invitation::Entity::insert(invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        gallery_id: Set(g.id),
        link_id: Set(row.id),
        recipient: Set(message.to.clone()),
        outbox_id: Set(outbox_id),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Every invitation of a gallery, newest first, with what became of its mail: for the Invite tab.
pub async fn sent(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<InvitationView>> {
    load_owned(ctx, studio, gallery).await?;
    let rows = invitation::Entity::find()
        .filter(invitation::Column::GalleryId.eq(gallery.0))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let messages = mail::delivery::of(ctx, rows.iter().map(|r| r.outbox_id)).await?;
    let links: std::collections::HashMap<Uuid, access_link::Model> = access_link::Entity::find()
        .filter(access_link::Column::Id.is_in(rows.iter().map(|r| r.link_id)))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| InvitationView {
            at: r.created_at,
            recipient: r.recipient,
            link_label: links.get(&r.link_id).map(|l| l.label.clone()).unwrap_or_default(),
            delivery: messages.get(&r.outbox_id).cloned().unwrap_or(MailDelivery::Sending),
        })
        .collect())
}

/// How long a second, identical invitation (same link, same address) is taken for the first.
const SAME_INVITATION_SECS: i64 = 60;

/// Most invitations a studio sends in an hour, and in a day: a wedding's guest list fits; a
/// stolen account cannot make us a mass mailer under a studio's name.
const PER_HOUR: u64 = 100;
const PER_DAY: u64 = 400;

/// Refuses with 429 past the studio's invitation limits. The photographer's own invitations
/// count (each is an `invitations` row), not the shares their clients send.
async fn within_limits(ctx: &Ctx, studio: uuid::Uuid, now: DateTime<Utc>) -> ServiceResult<()> {
    use crate::entities::{gallery, invitation};
    use sea_orm::PaginatorTrait;
    use sea_orm::sea_query::Query;
    let galleries = Query::select()
        .column(gallery::Column::Id)
        .from(gallery::Entity)
        .and_where(gallery::Column::StudioId.eq(studio))
        .to_owned();
    let sent_since = |since: DateTime<Utc>| {
        invitation::Entity::find()
            .filter(invitation::Column::GalleryId.in_subquery(galleries.clone()))
            .filter(invitation::Column::CreatedAt.gt(since))
            .count(&ctx.db)
    };
    let (hour, day) =
        (sent_since(now - chrono::Duration::hours(1)).await?, sent_since(now - chrono::Duration::hours(24)).await?);
    let refusal = if day >= PER_DAY {
        Some((
            "Your studio has sent as many invitations as it may today. Try again tomorrow, or copy the links and send them yourself.",
            3600,
        ))
    } else if hour >= PER_HOUR {
        Some((
            "Your studio has sent as many invitations as it may this hour. Try again in a while, or copy the links and send them yourself.",
            600,
        ))
    } else {
        None
    };
    match refusal {
        Some((message, retry_after)) => Err(ServiceError::TooMany { message: message.to_owned(), retry_after }),
        None => Ok(()),
    }
}
