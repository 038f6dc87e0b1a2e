//! A visitor's identity in one gallery. Giving an email address records downloads under it at
//! once; proofing (selects, comments, annotations) belongs to the *person* the address stands for,
//! and only a browser that holds that person may read or change it. The first browser to give an
//! address here starts the person and holds it; any other browser — the same client on a phone,
//! or someone typing another's address — must open the sign-in link emailed to the address.
//! Nothing another person wrote is ever shown or changed on the strength of a typed address.

use crate::ctx::Ctx;
use crate::entities::{access_link, gallery, person, studio};
use crate::error::{ServiceError, ServiceResult, is_unique_violation};
use crate::mail::{self, OutgoingMail};
use crate::visitor::access::{self, Viewer};
use crate::visitor::secrets;
use crate::visitor::secrets::email_links::{self, NewLink, Purpose};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;

/// Most identities one browser holds in one gallery (a family sharing a laptop, say).
const MAX_PEOPLE_PER_VISIT: usize = 8;

/// Gives an email address (and optionally the name to sign with) for the gallery at `slug`.
/// A new address starts a person held by this browser; an address already in use here is
/// remembered for downloads, and a sign-in link is emailed to it for proofing (unless this browser
/// already holds it).
pub async fn give_email(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    slug: &str,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let email = domain::validation::email(email)?;
    let name = match name.trim() {
        "" => None,
        given => Some(domain::comments::validate_author(given)?),
    };
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(domain::policy::Action::ViewGallery)?;
    let held = admitted.visit.people.contains(&email);
    if !held {
        let subject = g.id.to_string();
        secrets::spend(ctx, secrets::AttemptKind::PersonStarted, &subject, viewer.client, now).await?;
    }
    let started_at = if held { None } else { start_person(ctx, &g, &email, name.as_deref(), now).await? };
    if !held && started_at.is_none() {
        // Someone holds this address here already. Downloads may be recorded with it; proofing
        // waits for the emailed link. Sent also while proofing is off (or the gallery a shop): it
        // may be on by the time this browser stars a photo, and the page then says the link was
        // emailed. A throttled resend is not this request's failure.
        match send_sign_in_link(ctx, viewer, &g, &email, admitted.link_id(), now).await {
            Ok(()) | Err(ServiceError::TooMany { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    let given = email.clone();
    access::update_visit(session, g.id, |visit| {
        visit.email = Some(email.clone());
        if name.is_some() {
            visit.name = name;
        }
        if let Some(at) = started_at {
            visit.people.retain(|p| p != &email);
            visit.people.insert(0, email.clone());
            visit.people.truncate(MAX_PEOPLE_PER_VISIT);
            // Held for being first, not proven: it lapses once the address is proven elsewhere.
            visit.proven.retain(|p| p != &email);
            visit.held_since.insert(email.clone(), at.timestamp_micros());
            visit.held_since.retain(|held, _| visit.people.contains(held));
        }
    })
    .await?;
    crate::engagement::hooks::email_given(ctx, &g, &admitted, &given, now).await;
    // Who this browser speaks for has changed.
    access::renew(session).await
}

/// Emails the sign-in link again for the address this browser gave (the "Send it again" button).
pub async fn resend_sign_in_link(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<()> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(domain::policy::Action::ViewGallery)?;
    let Some(email) = admitted.visit.email.clone() else {
        return Err(ServiceError::Needs(domain::policy::Need::Email));
    };
    if admitted.visit.person().is_some() {
        return Ok(());
    }
    send_sign_in_link(ctx, viewer, &g, &email, admitted.link_id(), now).await
}

/// The page behind an emailed sign-in link: which address and gallery it is for, without using
/// it up.
pub async fn sign_in_link_details(
    ctx: &Ctx,
    viewer: &Viewer,
    token: &str,
    now: DateTime<Utc>,
) -> ServiceResult<domain::dto::VisitorSignIn> {
    let found = email_links::peek(ctx, Purpose::VisitorSignIn, token, viewer.client, now).await?;
    let g = gallery_of(ctx, found.gallery_id).await?;
    Ok(domain::dto::VisitorSignIn { email: found.email, gallery_title: g.title })
}

/// Uses a sign-in link: this browser now holds the person (and opens the gallery with the link
/// the request came from). Returns the path of the gallery page to go to.
pub async fn join(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    token: &str,
    now: DateTime<Utc>,
) -> ServiceResult<String> {
    let found = email_links::redeem(ctx, &ctx.db, Purpose::VisitorSignIn, token, viewer.client, now).await?;
    let g = gallery_of(ctx, found.gallery_id).await?;
    // The address is proven: every browser that held it only for having typed it first lets go
    // (someone who typed it before its owner reads nothing of theirs from now on).
    person::Entity::update_many()
        .col_expr(person::Column::Epoch, Expr::col(person::Column::Epoch).add(1))
        .filter(person::Column::GalleryId.eq(g.id))
        .filter(person::Column::Email.eq(found.email.clone()))
        .exec(&ctx.db)
        .await?;
    let mut holder = person::Entity::find_by_id((g.id, found.email.clone())).one(&ctx.db).await?;
    if holder.is_none() {
        // Proven before anyone started the person (a buyer's address): this browser starts it,
        // so its hold names a person like every other.
        start_person(ctx, &g, &found.email, None, now).await?;
        holder = person::Entity::find_by_id((g.id, found.email.clone())).one(&ctx.db).await?;
    }
    // The link of whoever asked for the email lets a new browser in, but never takes the place of
    // a working link this browser already came by (the asker's may be a narrower one).
    let own = match viewer.visit(g.id).link {
        Some(id) => {
            let sharing = domain::policy::effective_switches(&access::facts_for(ctx, &g, now).await?).sharing;
            crate::visitor::links::load_effective(ctx, g.id, id)
                .await?
                .filter(|(_, effective)| effective.works(sharing, now))
                .map(|(row, _)| row)
        }
        None => None,
    };
    let link = match own {
        Some(own) => Some(own),
        None => match found.access_link_id {
            Some(id) => access_link::Entity::find_by_id(id).one(&ctx.db).await?,
            None => None,
        },
    };
    access::update_visit(session, g.id, |visit| {
        if let Some(link) = &link {
            visit.link = Some(link.id);
        }
        visit.email = Some(found.email.clone());
        match &holder {
            Some(person) => visit.held_since.insert(found.email.clone(), person.created_at.timestamp_micros()),
            None => visit.held_since.remove(&found.email),
        };
        if let Some(name) = holder.and_then(|p| p.name) {
            visit.name = Some(name);
        }
        visit.people.retain(|p| p != &found.email);
        visit.people.insert(0, found.email.clone());
        visit.people.truncate(MAX_PEOPLE_PER_VISIT);
        visit.proven.retain(|p| p != &found.email && visit.people.contains(p));
        visit.proven.push(found.email.clone());
        visit.held_since.retain(|held, _| visit.people.contains(held));
    })
    .await?;
    access::renew(session).await?;
    Ok(match link {
        Some(link) => format!("/l/{}", link.token),
        None => format!("/g/{}", g.slug),
    })
}

/// Starts the person for `email` in `g`: answers when it was started, or `None` when someone
/// already holds it. The time is kept to the microsecond, as both databases keep it, since a hold
/// names its person by it (`Visit::held_since`).
async fn start_person(
    ctx: &Ctx,
    g: &gallery::Model,
    email: &str,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<Option<DateTime<Utc>>> {
    let started_at = now.trunc_subsecs(6);
    let row = person::ActiveModel {
        gallery_id: Set(g.id),
        email: Set(email.to_owned()),
        name: Set(name.map(str::to_owned)),
        created_at: Set(started_at),
        epoch: Set(0),
    };
    match person::Entity::insert(row).exec_without_returning(&ctx.db).await {
        Ok(_) => Ok(Some(started_at)),
        Err(err) if is_unique_violation(&err) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// Emails `email` a link that joins the browser that opens it to the person, within the limits
/// for emails (`secrets::spend_mail`).
async fn send_sign_in_link(
    ctx: &Ctx,
    viewer: &Viewer,
    g: &gallery::Model,
    email: &str,
    access_link: Option<uuid::Uuid>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    secrets::spend_mail(ctx, &format!("visitor:{}", g.id), email, viewer.client, now).await?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let txn = crate::db::begin(&ctx.db).await?;
    let link = NewLink { email: email.to_owned(), gallery: Some(g.id), access_link, ..NewLink::default() };
    let token = email_links::issue(&txn, Purpose::VisitorSignIn, link, now).await?;
    let url = format!("{}{}", ctx.config.public_origin, Purpose::VisitorSignIn.path(&token));
    let text = format!(
        "Hello,\n\nsomeone (we hope you) asked to continue with your selects and comments in the gallery \"{}\" by {} on another device or browser.\n\n\
         Open this link on the device you want to use (it works once, for one hour):\n{url}\n\n\
         If it was not you, ignore this email: nothing of yours is shown without this link.\n",
        g.title, owner.name
    );
    let message = OutgoingMail {
        to: email.to_owned(),
        to_name: None,
        subject: sign_in_subject(&g.title),
        text,
        html: None,
        reply_to: None,
        unsubscribe: None,
        gallery: Some(g.id),
    };
    mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The gallery a sign-in link is for; one its photographer deleted is gone.
async fn gallery_of(ctx: &Ctx, id: Option<uuid::Uuid>) -> ServiceResult<gallery::Model> {
    let id = id.ok_or(ServiceError::NotFound)?;
    gallery::Entity::find_by_id(id)
        .filter(gallery::Column::DeletedAt.is_null())
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The subject of a visitor's sign-in link mail (`forget` finds those mails by it).
pub(crate) fn sign_in_subject(title: &str) -> String {
    format!("Your sign-in link for \"{title}\"")
}
