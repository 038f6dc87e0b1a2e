//! The pages built from a gallery: the photographer's editor, and the client view a visitor sees
//! (at the public address or an access link) with what they may download.

use super::client_pages::ClientListing;
use super::records::{load_owned, sets_of};
use crate::ctx::Ctx;
use crate::entities::set;
use crate::entities::{gallery, image, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::settings_of;
use crate::visitor::access::{self, Viewer};
use crate::visitor::image_facts::{GalleryImageFacts, card_as_seen};
use chrono::{DateTime, Utc};
use domain::downloads::ClientAccess;
use domain::dto::{ClientGalleryView, GalleryEditorView, SetView, StudioBrand};
use domain::gallery::GalleryStatus;
use domain::gallery_page::{GalleryPage, PageWanted};
use domain::ids::{GalleryId, ImageId, SetId, StudioId};
use domain::policy::{Action, Bought, may_view};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;
use uuid::Uuid;

/// The photographer's editor: the gallery's details, settings and sets (its photos come a page
/// at a time from `editor_photos`).
pub async fn editor_view(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<GalleryEditorView> {
    let g = load_owned(ctx, studio, id).await?;
    let sets = sets_of(ctx, g.id).await?;
    let settings = settings_of(&g);
    let zone = crate::studio::days::zone_of(&ctx.db, studio.0).await?;
    Ok(GalleryEditorView {
        id,
        title: g.title,
        slug: g.slug,
        status: GalleryStatus::parse(&g.status),
        event_date: g.event_date,
        last_day: g.expires_at.map(|end| crate::studio::days::last_day(zone, end)),
        ends_at_hour: g.expires_at.and_then(|end| crate::studio::days::hour_off_midnight(zone, end)),
        expired: domain::links::has_ended(g.expires_at, chrono::Utc::now()),
        cover_image_id: g.cover_image_id.map(ImageId),
        has_password: g.password_hash.is_some(),
        public_link: g.public_link,
        has_pin: g.pin_hash.is_some(),
        store_mode: g.store_mode,
        settings,
        download_sets: sets.iter().filter(|s| s.allow_downloads).map(|s| SetId(s.id)).collect(),
        sets: sets.into_iter().map(|s| SetView { id: domain::ids::SetId(s.id), name: s.name }).collect(),
        max_upload_bytes: ctx.config.limits.max_bytes,
    })
}

/// What this viewer may download in the gallery at `/g/{slug}` now (the quota badge refreshes
/// from it after each download).
pub async fn client_access(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<ClientAccess> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    let counted = visible_counted(ctx, &admitted, g.id).await?;
    let uncovered = match admitted.purchases.whole_gallery().any() {
        true => {
            let sets = visible_sets(ctx, &admitted, g.id).await?;
            uncovered(ctx, &admitted, &ClientListing::count(ctx, &admitted, g.id, &sets).await?).await?
        }
        false => Vec::new(),
    };
    let (bought, bought_gallery) = (admitted.purchases.per_photo(), admitted.purchases.whole_gallery());
    let facts = domain::policy::facts_told_to(&admitted.actor, admitted.facts);
    Ok(ClientAccess { actor: admitted.actor, facts, counted, bought, bought_gallery, uncovered })
}

/// The photos the viewer sees (`listed`) that their whole-gallery licences do not all cover
/// (added since an order was placed), with what they do cover: few, where the licences cover
/// thousands.
async fn uncovered(
    ctx: &Ctx,
    admitted: &access::Admission,
    listed: &ClientListing<'_>,
) -> ServiceResult<Vec<(ImageId, Bought)>> {
    let whole = admitted.purchases.whole_gallery();
    if !whole.any() {
        return Ok(Vec::new());
    }
    Ok(listed
        .ids_among(ctx, admitted.purchases.left_out())
        .await?
        .into_iter()
        .map(|id| (ImageId(id), admitted.purchases.covered_of(id)))
        .filter(|(_, covered)| *covered != whole)
        .collect())
}

/// The images already counted against the quota, as far as this viewer needs to know: the
/// owner sees all, a main client (with a quota) those within their link; nobody else any.
async fn visible_counted(ctx: &Ctx, admitted: &access::Admission, gallery: Uuid) -> ServiceResult<Vec<ImageId>> {
    if !domain::policy::sees_quota_count(&admitted.actor, &admitted.facts) {
        return Ok(Vec::new());
    }
    let known = GalleryImageFacts::load(ctx, admitted, gallery).await?;
    let ids: Vec<Uuid> = known.counted().iter().copied().collect();
    let images = image::Entity::find().filter(image::Column::Id.is_in(ids)).all(&ctx.db).await?;
    Ok(images
        .into_iter()
        .filter(|i| admitted.check(Action::ViewRendition { image: known.of(i) }).is_ok())
        .map(|i| ImageId(i.id))
        .collect())
}

/// The client gallery at `/g/{slug}`, as the policy lets this viewer see it.
///
/// `counted`: whether the request is a visit for the engagement report (anything but a HEAD: see
/// `counts_as_visit` in the app).
pub async fn client_view(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wanted: PageWanted,
    counted: bool,
    now: DateTime<Utc>,
) -> ServiceResult<ClientGalleryView> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    let path = format!("/g/{}", g.slug);
    let counting = counted.then_some(Counting { client: viewer.client, now });
    view_admitted(ctx, g, admitted, path, wanted, counting).await
}

/// A page view that counts as a visit: who (their address, hashed) and when.
struct Counting {
    client: std::net::IpAddr,
    now: DateTime<Utc>,
}

/// One more page of the client gallery at `/g/{slug}` (or a link's page: the session opened it),
/// as the browser scrolls or the lightbox moves past what it has.
pub async fn client_page(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wanted: PageWanted,
    now: DateTime<Utc>,
) -> ServiceResult<GalleryPage> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    let sets = visible_sets(ctx, &admitted, g.id).await?;
    ClientListing::count(ctx, &admitted, g.id, &sets).await?.page(ctx, wanted).await
}

/// How many images of `gallery` the viewer sees (one grouped count).
pub async fn visible_count(ctx: &Ctx, admitted: &access::Admission, gallery: Uuid) -> ServiceResult<usize> {
    let sets = visible_sets(ctx, admitted, gallery).await?;
    Ok(ClientListing::count(ctx, admitted, gallery, &sets).await?.total as usize)
}

/// Every image of `gallery` the viewer sees, in the order of the client gallery's pages.
pub async fn visible_rows(ctx: &Ctx, admitted: &access::Admission, gallery: Uuid) -> ServiceResult<Vec<image::Model>> {
    let sets = visible_sets(ctx, admitted, gallery).await?;
    ClientListing::count(ctx, admitted, gallery, &sets).await?.all_rows(ctx).await
}

/// The gallery's sets the viewer may see, in order.
async fn visible_sets(ctx: &Ctx, admitted: &access::Admission, gallery: Uuid) -> ServiceResult<Vec<set::Model>> {
    Ok(sets_of(ctx, gallery)
        .await?
        .into_iter()
        .filter(|s| admitted.check(Action::ViewSet { set: SetId(s.id) }).is_ok())
        .collect())
}

/// How a request for a link's page came: whether it counts as a visit (not a link preview or a
/// prefetch), and whether another site sent the browser (`Sec-Fetch-Site`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    pub counted: bool,
    pub from_elsewhere: bool,
}

/// The client gallery at `/l/{token}`: opens the access link for this session first. The page
/// stays at the link's address (never the gallery's public one).
pub async fn client_view_by_link(
    ctx: &Ctx,
    session: &Session,
    token: &str,
    client: std::net::IpAddr,
    arrival: Arrival,
    wanted: PageWanted,
    now: DateTime<Utc>,
) -> ServiceResult<ClientGalleryView> {
    let Arrival { counted, from_elsewhere } = arrival;
    let g = crate::visitor::lookup::gallery_by_link(ctx, session, token, client, from_elsewhere, now).await?;
    let viewer = access::viewer(session, client).await?;
    let admitted = access::admission_at(ctx, &viewer, &g, now, access::Address::Link).await?;
    let path = format!("/l/{}", token.trim().to_ascii_lowercase());
    view_admitted(ctx, g, admitted, path, wanted, counted.then_some(Counting { client, now })).await
}

/// The studio's branding for the page that asks for a gallery's password, at `page_path` (`/g/…`
/// or `/l/…`): the gallery stays hidden until then, its photographer need not. Only where the
/// viewer may know the gallery exists (the same lookup, throttled for guessers, as the gallery).
pub async fn brand_before_password(
    ctx: &Ctx,
    viewer: &Viewer,
    page_path: &str,
    now: DateTime<Utc>,
) -> ServiceResult<StudioBrand> {
    let slug = crate::visitor::lookup::slug_of_page(ctx, page_path, viewer.client, now).await?;
    let (g, _) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, &slug, now).await?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    Ok(brand(owner))
}

/// A studio's public branding.
pub(crate) fn brand(owner: studio::Model) -> StudioBrand {
    StudioBrand {
        logo_url: crate::studio::settings::logo_url(&owner),
        name: owner.name,
        // Darkened where white text on it, or it as text on white, would not read.
        accent_color: domain::brand::readable_accent(&owner.accent_color),
        // Only an address the photographer chose to show; never the sign-in address.
        contact_email: Some(owner.contact_email).filter(|e| !e.is_empty()),
    }
}

async fn view_admitted(
    ctx: &Ctx,
    g: gallery::Model,
    admitted: access::Admission,
    path: String,
    wanted: PageWanted,
    counting: Option<Counting>,
) -> ServiceResult<ClientGalleryView> {
    admitted.check(Action::ViewGallery)?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    // A link limited to sets shows those sets only (and no unassigned images).
    let sets = visible_sets(ctx, &admitted, g.id).await?;
    // One page of what the policy lets this viewer see: set by set, then unassigned ones.
    let listed = ClientListing::count(ctx, &admitted, g.id, &sets).await?;
    let page = listed.page(ctx, wanted).await?;
    if let Some(Counting { client, now }) = counting {
        crate::engagement::hooks::visit(ctx, &g, &admitted, client, now).await;
        // A shared `?image=` link opens that photo large, when it is one this viewer sees.
        if let PageWanted::Holding(image) = wanted
            && page.images.iter().any(|card| card.id == image)
        {
            crate::engagement::hooks::view(ctx, &g, &admitted, image.0, client, now).await;
        }
    }
    let tabs = listed.tabs.clone();
    let cover = cover_as_seen(ctx, &admitted, &g, &listed, &page).await?;
    let counted = visible_counted(ctx, &admitted, g.id).await?;
    let uncovered = uncovered(ctx, &admitted, &listed).await?;
    let (bought, bought_gallery) = (admitted.purchases.per_photo(), admitted.purchases.whole_gallery());
    let selects = crate::proofing::selects::lists_for(ctx, &admitted, g.id).await?;
    let visitor_name = admitted.visit.name.clone();
    let is_owner_preview = admitted.is_owner();
    let facts = domain::policy::facts_told_to(&admitted.actor, admitted.facts);
    Ok(ClientGalleryView {
        title: g.title,
        slug: g.slug,
        path,
        event_date: g.event_date,
        studio: brand(owner),
        cover,
        sets: sets.into_iter().map(|s| SetView { id: domain::ids::SetId(s.id), name: s.name }).collect(),
        tabs,
        page,
        is_owner_preview,
        access: ClientAccess { actor: admitted.actor, facts, counted, bought, bought_gallery, uncovered },
        selects,
        visitor_name,
    })
}

/// The cover as this viewer's grid has it (watermarked where theirs are): the chosen one if the
/// viewer sees it, else the first photo they see (never a scan of the whole gallery).
async fn cover_as_seen(
    ctx: &Ctx,
    admitted: &access::Admission,
    g: &gallery::Model,
    listed: &ClientListing<'_>,
    page: &GalleryPage,
) -> ServiceResult<Option<domain::card::ImageCard>> {
    if let Some(chosen) = g.cover_image_id {
        let row = image::Entity::find_by_id(chosen)
            .filter(image::Column::GalleryId.eq(g.id))
            .filter(image::Column::DeletedAt.is_null())
            .one(&ctx.db)
            .await?;
        if let Some(row) = row {
            let known = GalleryImageFacts::load_one(ctx, admitted, &row).await?;
            if may_view(&admitted.actor, known.of(&row), &admitted.facts) {
                return Ok(Some(card_as_seen(admitted, &row, known.of(&row))));
            }
        }
    }
    if page.index == 0 {
        return Ok(page.images.first().cloned());
    }
    let first = listed.page(ctx, PageWanted::First).await?;
    Ok(first.images.into_iter().next())
}
