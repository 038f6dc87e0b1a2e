//! The download PIN, as a visitor gives it: checked through `secrets` (throttled per address and
//! standing, per standing — the access link, or the public link — and per address; see
//! `secrets::AttemptKind::Pin`; and across the gallery's standings, `PinGallery`). When wrong PINs
//! lock PIN entry for a standing, the photographer gets an email: visitors with that link cannot
//! download until it passes, and someone may be guessing.

use crate::ctx::Ctx;
use crate::entities::{gallery, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail};
use crate::visitor::access;
use crate::visitor::secrets::{self, AttemptKind, Checked};
use chrono::{DateTime, Utc};
use domain::engagement::notifications::MailKind;
use domain::policy::Action;
use sea_orm::EntityTrait;
use tower_sessions::Session;

/// Checks a visitor's PIN for the gallery at `slug` and remembers it for the session.
pub async fn give(
    ctx: &Ctx,
    session: &Session,
    viewer: &access::Viewer,
    slug: &str,
    pin: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    let Some(stored) = g.pin_hash.clone() else { return Ok(()) };
    // Only someone who could download once the PIN is given may try one: no free guesses for
    // links without downloads.
    if domain::policy::allowed_sizes(&admitted.actor, &admitted.facts).is_empty() {
        return Err(ServiceError::Forbidden(
            "Downloads are not open to your link, so there is no PIN to give. Ask your photographer.".to_owned(),
        ));
    }
    let gallery_subject = g.id.to_string();
    secrets::ensure_subject_open(ctx, AttemptKind::PinGallery, &gallery_subject, viewer.client, now).await?;
    // Counted by the standing it is given with: the access link, or the public link. A share
    // link counts as the link it was shared from (making share links gives no more guesses), so
    // guesses through the public link lock the public link only, never the clients' own links.
    let standing = match &admitted.link {
        Some(link) => link.shared_from.unwrap_or(link.id).to_string(),
        None => "public".to_owned(),
    };
    let subject = format!("{gallery_subject}:{standing}");
    match secrets::check(ctx, AttemptKind::Pin, &subject, viewer.client, pin.trim(), Some(stored), now).await? {
        Checked::Right => {
            access::update_visit(session, g.id, |visit| visit.pin_epoch = Some(g.pin_epoch)).await?;
            // A privilege change: a session id fixed before it is worthless after it.
            access::renew(session).await
        }
        Checked::Wrong { locked_now } => {
            // …and across the gallery's standings: the one that locks the whole gallery tells
            // the photographer too.
            let gallery_locked =
                secrets::count_wrong(ctx, AttemptKind::PinGallery, &gallery_subject, viewer.client, now).await?;
            if locked_now || gallery_locked {
                tell_photographer(ctx, &g, now).await?;
            }
            Err(ServiceError::Forbidden(
                "That PIN is not right. Check it with your photographer and try again.".to_owned(),
            ))
        }
    }
}

/// The security notice that PIN entry is locked (unless the studio switched those off).
async fn tell_photographer(ctx: &Ctx, g: &gallery::Model, now: DateTime<Utc>) -> ServiceResult<()> {
    let Some(owner) = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await? else { return Ok(()) };
    if !owner.notify_security {
        return Ok(());
    }
    let origin = &ctx.config.public_origin;
    let txn = crate::db::begin(&ctx.db).await?;
    let stop = mail::unsubscribe::link(&txn, origin, owner.id, &owner.email, MailKind::Security, now).await?;
    let letter = Letter {
        brand: Brand::to_studio(&owner),
        greeting: format!("Hello {},", owner.name),
        paragraphs: vec![
            format!(
                "PIN entry for your gallery “{}” was locked for 24 hours after 10 wrong PINs given through one of its links (or 30 through all of them).",
                g.title
            ),
            "Visitors who already gave the PIN can still download. Others cannot until the lock ends, through that link or, after 30, any link.".to_owned(),
            "If your clients are locked out, set a new PIN in the gallery's Access & downloads tab and send it to them; if nobody you know was trying, someone may be guessing it.".to_owned(),
        ],
        sections: Vec::new(),
        action: Some(("Open the gallery".to_owned(), format!("{origin}/studio/galleries/{}", g.id))),
        footer: Vec::new(),
        unsubscribe: Some((stop.clone(), MailKind::Security.described().to_owned())),
    };
    let message = OutgoingMail {
        to: owner.email.clone(),
        to_name: Some(owner.name.clone()),
        subject: format!("PIN entry locked for \"{}\"", g.title),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: None,
        unsubscribe: Some(stop),
        // The studio's own security record: it names no visitor, and outlives the gallery.
        gallery: None,
    };
    mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    Ok(())
}
