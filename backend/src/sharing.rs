//! Share: a main client makes a client-invited link — for everything they see, or some of its
//! sets — to copy, or to have emailed through the outbox. The new link can never reach further
//! than the sharer's own: its sets are within theirs and it ends when theirs does.

use crate::access::{self, Viewer};
use crate::ctx::Ctx;
use crate::entities::studio;
use crate::error::{ServiceError, ServiceResult, invalid};
use crate::mail::{self, OutgoingMail};
use chrono::{DateTime, Utc};
use domain::links::{LinkForm, MAX_SHARE_NOTE, ShareForm, SharedLink, shared_link_sets};
use domain::policy::{Action, Role};
use sea_orm::{EntityTrait, TransactionTrait};

/// Makes the link and, when asked, queues the email in the same transaction.
pub async fn share(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    form: ShareForm,
    now: DateTime<Utc>,
) -> ServiceResult<SharedLink> {
    let g = crate::galleries::find_by_slug(ctx, slug).await?;
    let admitted = access::authorize(ctx, viewer, &g, Action::Share, now).await?;
    let Some(origin) = admitted.link.clone() else {
        // The owner shares from the Invite tab; a guest was refused by the policy above.
        return Err(ServiceError::Forbidden(
            "Share links are made by your clients; invite people from the Invite tab.".to_owned(),
        ));
    };
    let own = crate::links::to_policy(&origin).sets;
    let sets = shared_link_sets(own.as_deref(), form.sets)?;
    let email_to = form.email_to.trim();
    let recipient = if email_to.is_empty() { None } else { Some(domain::validation::email(email_to)?) };
    let note = form.note.trim();
    if note.chars().count() > MAX_SHARE_NOTE {
        return Err(invalid("note", format!("Keep the note under {MAX_SHARE_NOTE} characters.")));
    }
    let sharer = admitted.visit.name.clone().or_else(|| admitted.visit.email.clone());
    let label = match &sharer {
        Some(who) => format!("Shared by {who}"),
        None => "Shared by a main client".to_owned(),
    };
    let label: String = label.chars().take(80).collect();
    let link_form = LinkForm { label, role: Role::ClientInvited, sets, expires_on: None };
    let txn = ctx.db.begin().await?;
    let made = crate::links::insert(&txn, ctx, &g, link_form, Some(&origin)).await?;
    let url = format!("{}{}", ctx.config.public_origin, made.path);
    if let Some(to) = &recipient {
        let owner = studio::Entity::find_by_id(g.studio_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
        let who = sharer.clone().unwrap_or_else(|| "Someone".to_owned());
        let mut text = format!(
            "{who} would like to show you the gallery \"{}\", photographed by {}.\n\nOpen it here:\n{url}\n",
            g.title, owner.name
        );
        if !note.is_empty() {
            text.push_str(&format!("\nTheir note:\n{note}\n"));
        }
        let message = OutgoingMail {
            to: to.clone(),
            to_name: None,
            subject: format!("{who} shared \"{}\" with you", g.title),
            text,
            html: None,
            reply_to: admitted.visit.email.clone(),
        };
        mail::queue(&txn, &message, now).await?;
    }
    txn.commit().await?;
    Ok(SharedLink { url, sent_to: recipient })
}
