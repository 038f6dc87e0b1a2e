//! Finding the gallery a visitor asks for: by its address (`/g/{slug}`) or by an access link's
//! token (`/l/{token}`). Anything hidden from the visitor — an unknown slug or token, a draft, a
//! gallery whose public link is off — answers exactly like a missing gallery, and counts as a miss
//! for the client address: after `AttemptKind::Lookup`'s limit the client gets 429 instead, for
//! misses and for what the public address alone would show them. People holding real links are
//! never slowed: a known token always opens, and a session's own standing always counts.

use crate::ctx::Ctx;
use crate::entities::{access_link, gallery};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{self, Admission, Viewer};
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::net::IpAddr;
use tower_sessions::Session;

/// The gallery at `slug` as `viewer` stands in it (allowed, asked for the password, or told their
/// link is dead where the public link does not make them a guest); callers check their own action
/// on the admission. Hidden means a miss.
pub async fn gallery_by_slug(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    now: DateTime<Utc>,
) -> ServiceResult<(gallery::Model, Admission)> {
    let found = match domain::validation::slug(slug) {
        Ok(slug) => gallery::Entity::find().filter(gallery::Column::Slug.eq(slug)).one(&ctx.db).await?,
        Err(_) => None,
    };
    let Some(g) = found else { return miss(ctx, viewer.client, now).await };
    let admitted = access::admission(ctx, viewer, &g, now).await?;
    if matches!(admitted.check(Action::ViewGallery), Err(ServiceError::NotFound)) {
        return miss(ctx, viewer.client, now).await;
    }
    // Standing that comes from the address alone (a guest) is what a slug-guesser gets: a client
    // past the limit gets 429 for it too, so a hit looks like every other answer.
    if !admitted.is_owner() && admitted.link.is_none() {
        secrets::ensure_open(ctx, AttemptKind::Lookup, viewer.client, now).await?;
    }
    Ok((g, admitted))
}

/// Opens an access link: this session now visits its gallery with the link's role and sets (a
/// privilege change, so the session gets a new id). A revoked or expired link still opens, so the
/// page can say what happened and whom to ask; an unknown token is a miss.
///
/// One exception: when the session already visits the gallery with another link that still works
/// and the request came from another site (`from_elsewhere`: a page elsewhere sent the browser
/// here), the session's link is not replaced on that page's word; the visitor is asked
/// (`Need::SwitchLink`) and answers with a same-site POST (`choose_link`). Otherwise any site could
/// quietly put a client's browser on a narrower link of the same gallery, under which their
/// selects, comments and downloads would then be recorded. A link followed from a mail program
/// is from elsewhere too, but it asks only someone who already has another working link here.
pub async fn gallery_by_link(
    ctx: &Ctx,
    session: &Session,
    token: &str,
    client: IpAddr,
    from_elsewhere: bool,
    now: DateTime<Utc>,
) -> ServiceResult<gallery::Model> {
    let (link, g) = link_and_gallery(ctx, token, client, now).await?;
    let current = access::viewer(session, client).await?.visit(g.id).link;
    if current != Some(link.id) {
        let held = match current {
            Some(id) => crate::visitor::links::load_effective(ctx, g.id, id).await?.map(|(_, held)| held),
            None => None,
        };
        let sharing = domain::policy::effective_switches(&access::stored_facts(&g, now)).sharing;
        if !domain::links::switches_at_once(held.as_ref(), from_elsewhere, sharing, now) {
            return Err(ServiceError::Needs(domain::policy::Need::SwitchLink));
        }
        switch_to(session, g.id, link.id).await?;
    }
    Ok(g)
}

/// The visitor's answer to `Need::SwitchLink`: `switch` opens the gallery with the link at
/// `token`; otherwise the session keeps the link it had. Answers the page to go to.
pub async fn choose_link(
    ctx: &Ctx,
    session: &Session,
    token: &str,
    switch: bool,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<String> {
    let (link, g) = link_and_gallery(ctx, token, client, now).await?;
    let current = access::viewer(session, client).await?.visit(g.id).link;
    let kept = match current {
        Some(id) if !switch && id != link.id => access_link::Entity::find_by_id(id).one(&ctx.db).await?,
        _ => None,
    };
    if let Some(kept) = kept {
        return Ok(format!("/l/{}", kept.token));
    }
    if current != Some(link.id) {
        switch_to(session, g.id, link.id).await?;
    }
    Ok(format!("/l/{}", link.token))
}

/// The link at `token` and its gallery; an unknown token is a miss.
async fn link_and_gallery(
    ctx: &Ctx,
    token: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<(access_link::Model, gallery::Model)> {
    let token = token.trim().to_ascii_lowercase();
    let found = if token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        access_link::Entity::find().filter(access_link::Column::Token.eq(&token)).one(&ctx.db).await?
    } else {
        None
    };
    let Some(link) = found else { return miss(ctx, client, now).await };
    let g = gallery::Entity::find_by_id(link.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    Ok((link, g))
}

async fn switch_to(session: &Session, gallery: uuid::Uuid, link: uuid::Uuid) -> ServiceResult<()> {
    access::update_visit(session, gallery, |visit| visit.link = Some(link)).await?;
    access::renew(session).await
}

/// The slug of the gallery a visitor's page shows, from the page's path: `/g/{slug}`, or an
/// access link `/l/{token}` (a link's page shows no slug before the password is given).
pub async fn slug_of_page(ctx: &Ctx, path: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<String> {
    if let Some(slug) = path.strip_prefix("/g/") {
        return Ok(slug.to_owned());
    }
    let token = path.strip_prefix("/l/").unwrap_or_default();
    let (_, g) = link_and_gallery(ctx, token, client, now).await?;
    Ok(g.slug)
}

/// Counts a miss and answers "not found", or 429 once the client has had too many.
async fn miss<T>(ctx: &Ctx, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<T> {
    secrets::record_miss(ctx, AttemptKind::Lookup, client, now).await?;
    Err(ServiceError::NotFound)
}
