//! Galleries: create, list, edit, publish, and the client view a visitor sees.

use crate::access::{self, Viewer};
use crate::ctx::Ctx;
use crate::entities::{gallery, image, set, studio};
use crate::error::{ServiceError, ServiceResult, is_unique_violation};
use crate::images::{card_of, live_images_ordered, ready_in_display_order};
use chrono::{DateTime, Utc};
use domain::downloads::ClientAccess;
use domain::dto::{
    ClientGalleryView, EditorImage, GalleryEditorView, GalleryForm, GallerySummary, SetView, StudioBrand,
};
use domain::gallery::{GalleryStatus, ImageStatus};
use domain::ids::{GalleryId, ImageId, SetId, StudioId};
use domain::policy::Action;
use domain::validation;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tower_sessions::Session;
use uuid::Uuid;

/// Loads a gallery the studio owns; any other gallery is "not found".
pub async fn load_owned(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<gallery::Model> {
    let found = gallery::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    access::authorize_owner(studio, &found)?;
    Ok(found)
}

/// Creates a draft gallery. With no slug given, one is derived from the title and made unique.
pub async fn create(ctx: &Ctx, studio: StudioId, form: GalleryForm) -> ServiceResult<GalleryId> {
    let title = validation::gallery_title(&form.title)?;
    let chosen = form.slug.trim();
    let base = if chosen.is_empty() { validation::slugify(&title) } else { validation::slug(chosen)? };
    let now = Utc::now();
    let id = Uuid::now_v7();
    for attempt in 1..=50 {
        let slug = if attempt == 1 { base.clone() } else { format!("{base}-{attempt}") };
        let row = gallery::ActiveModel {
            id: Set(id),
            studio_id: Set(studio.0),
            title: Set(title.clone()),
            slug: Set(slug.clone()),
            event_date: Set(form.event_date),
            status: Set(GalleryStatus::Draft.as_str().to_owned()),
            cover_image_id: Set(None),
            expires_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            password_hash: Set(None),
            settings: Set(None),
            pin_hash: Set(None),
            pin_epoch: Set(0),
            quota_used: Set(0),
            store_mode: Set(false),
            // Only access links open a new gallery until the photographer turns this on.
            public_link: Set(false),
            password_epoch: Set(0),
        };
        match gallery::Entity::insert(row).exec(&ctx.db).await {
            Ok(_) => return Ok(GalleryId(id)),
            Err(err) if is_unique_violation(&err) && chosen.is_empty() => continue,
            Err(err) if is_unique_violation(&err) => return Err(slug_taken(&slug)),
            Err(err) => return Err(err.into()),
        }
    }
    Err(slug_taken(&base))
}

fn slug_taken(slug: &str) -> ServiceError {
    ServiceError::Conflict(format!("The link /g/{slug} is already taken. Choose another."))
}

/// Changes title, link and event date.
pub async fn update(ctx: &Ctx, studio: StudioId, id: GalleryId, form: GalleryForm) -> ServiceResult<()> {
    let current = load_owned(ctx, studio, id).await?;
    let title = validation::gallery_title(&form.title)?;
    let slug = if form.slug.trim().is_empty() { current.slug.clone() } else { validation::slug(&form.slug)? };
    let mut row: gallery::ActiveModel = current.into();
    row.title = Set(title);
    row.slug = Set(slug.clone());
    row.event_date = Set(form.event_date);
    row.updated_at = Set(Utc::now());
    match row.update(&ctx.db).await {
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => Err(slug_taken(&slug)),
        Err(err) => Err(err.into()),
    }
}

/// Publishes or unpublishes.
pub async fn set_status(ctx: &Ctx, studio: StudioId, id: GalleryId, status: GalleryStatus) -> ServiceResult<()> {
    let mut row: gallery::ActiveModel = load_owned(ctx, studio, id).await?.into();
    row.status = Set(status.as_str().to_owned());
    row.updated_at = Set(Utc::now());
    row.update(&ctx.db).await?;
    Ok(())
}

/// Makes an image of the gallery its cover.
pub async fn set_cover(ctx: &Ctx, studio: StudioId, id: GalleryId, image_id: ImageId) -> ServiceResult<()> {
    let current = load_owned(ctx, studio, id).await?;
    let image = image::Entity::find_by_id(image_id.0)
        .filter(image::Column::GalleryId.eq(current.id))
        .filter(image::Column::DeletedAt.is_null())
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut row: gallery::ActiveModel = current.into();
    row.cover_image_id = Set(Some(image.id));
    row.updated_at = Set(Utc::now());
    row.update(&ctx.db).await?;
    Ok(())
}

/// The studio's galleries, newest first.
pub async fn list(ctx: &Ctx, studio: StudioId) -> ServiceResult<Vec<GallerySummary>> {
    let rows = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(studio.0))
        .order_by_desc(gallery::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for g in rows {
        let live =
            image::Entity::find().filter(image::Column::GalleryId.eq(g.id)).filter(image::Column::DeletedAt.is_null());
        let image_count = live.clone().count(&ctx.db).await?;
        let cover = cover_of(ctx, &g).await?;
        out.push(GallerySummary {
            id: GalleryId(g.id),
            title: g.title,
            slug: g.slug,
            status: GalleryStatus::parse(&g.status),
            event_date: g.event_date,
            image_count,
            cover,
        });
    }
    Ok(out)
}

/// The cover image: the chosen one if it is still live and ready, else the first ready image.
async fn cover_of(ctx: &Ctx, g: &gallery::Model) -> ServiceResult<Option<domain::dto::ImageCard>> {
    let ready = image::Entity::find()
        .filter(image::Column::GalleryId.eq(g.id))
        .filter(image::Column::DeletedAt.is_null())
        .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()));
    if let Some(cover_id) = g.cover_image_id
        && let Some(found) = ready.clone().filter(image::Column::Id.eq(cover_id)).one(&ctx.db).await?
    {
        return Ok(Some(card_of(&found)));
    }
    Ok(ready
        .order_by_asc(image::Column::Position)
        .order_by_asc(image::Column::CreatedAt)
        .one(&ctx.db)
        .await?
        .map(|i| card_of(&i)))
}

/// Sets of a gallery in order.
pub async fn sets_of(ctx: &Ctx, gallery_id: Uuid) -> ServiceResult<Vec<set::Model>> {
    Ok(set::Entity::find()
        .filter(set::Column::GalleryId.eq(gallery_id))
        .order_by_asc(set::Column::Position)
        .order_by_asc(set::Column::CreatedAt)
        .order_by_asc(set::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// Everything the photographer's editor shows.
pub async fn editor_view(ctx: &Ctx, studio: StudioId, id: GalleryId) -> ServiceResult<GalleryEditorView> {
    let g = load_owned(ctx, studio, id).await?;
    let sets = sets_of(ctx, g.id).await?;
    let images = live_images_ordered(ctx, g.id).await?;
    let deleted = image::Entity::find()
        .filter(image::Column::GalleryId.eq(g.id))
        .filter(image::Column::DeletedAt.is_not_null())
        .order_by_desc(image::Column::DeletedAt)
        .all(&ctx.db)
        .await?;
    let settings = access::settings_of(&g);
    Ok(GalleryEditorView {
        id,
        title: g.title,
        slug: g.slug,
        status: GalleryStatus::parse(&g.status),
        event_date: g.event_date,
        cover_image_id: g.cover_image_id.map(ImageId),
        has_password: g.password_hash.is_some(),
        public_link: g.public_link,
        has_pin: g.pin_hash.is_some(),
        settings,
        download_sets: sets.iter().filter(|s| s.allow_downloads).map(|s| SetId(s.id)).collect(),
        sets: sets.into_iter().map(|s| SetView { id: domain::ids::SetId(s.id), name: s.name }).collect(),
        images: images.iter().map(editor_image).collect(),
        deleted: deleted.iter().map(editor_image).collect(),
    })
}

fn editor_image(i: &image::Model) -> EditorImage {
    EditorImage {
        card: card_of(i),
        byte_size: i.byte_size.max(0) as u64,
        captured_at: i.captured_at,
        camera: i.camera.clone(),
        failure: i.failure.clone(),
        deleted_at: i.deleted_at,
    }
}

/// Sets (`Some`) or removes (`None`) the gallery password. Either way every earlier unlock ends:
/// visitors who knew the old password are asked again.
pub async fn set_password(ctx: &Ctx, studio: StudioId, id: GalleryId, password: Option<&str>) -> ServiceResult<()> {
    let current = load_owned(ctx, studio, id).await?;
    let hash = match password {
        None => None,
        Some(raw) => {
            let password = validation::gallery_password(raw)?;
            Some(crate::secrets::hash(ctx, password).await?)
        }
    };
    let epoch = current.password_epoch.wrapping_add(1);
    let mut row: gallery::ActiveModel = current.into();
    row.password_hash = Set(hash);
    row.password_epoch = Set(epoch);
    row.updated_at = Set(Utc::now());
    row.update(&ctx.db).await?;
    Ok(())
}

/// Turns the public link on or off: with it on, anyone with the gallery's address views it as a
/// guest; off, only access links open it.
pub async fn set_public_link(ctx: &Ctx, studio: StudioId, id: GalleryId, on: bool) -> ServiceResult<()> {
    let mut row: gallery::ActiveModel = load_owned(ctx, studio, id).await?.into();
    row.public_link = Set(on);
    row.updated_at = Set(Utc::now());
    row.update(&ctx.db).await?;
    Ok(())
}

/// Checks a visitor's gallery password (throttled: `secrets::AttemptKind::GalleryPassword`) and
/// remembers it for the session, which gets a new id. A gallery the visitor may not see at all is
/// "not found", whatever the password.
pub async fn unlock(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    slug: &str,
    password: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    match admitted.check(Action::ViewGallery) {
        Ok(()) | Err(ServiceError::Needs(domain::policy::Need::Password)) => {}
        Err(other) => return Err(other),
    }
    let Some(stored) = g.password_hash.clone() else { return Ok(()) };
    let subject = g.id.to_string();
    let kind = crate::secrets::AttemptKind::GalleryPassword;
    match crate::secrets::check(ctx, kind, &subject, viewer.client, password, Some(stored), now).await? {
        crate::secrets::Checked::Right => {
            access::update_visit(session, g.id, |visit| visit.password_epoch = Some(g.password_epoch)).await?;
            access::renew(session).await
        }
        crate::secrets::Checked::Wrong { .. } => Err(ServiceError::Forbidden(
            "That password is not right. Check it with your photographer and try again.".to_owned(),
        )),
    }
}

/// What this viewer may download in the gallery at `/g/{slug}` now (the quota badge refreshes
/// from it after each download).
pub async fn client_access(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<ClientAccess> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    let counted = visible_counted(ctx, &admitted, g.id).await?;
    Ok(ClientAccess { actor: admitted.actor, facts: admitted.facts, counted })
}

/// The images already counted against the quota, as far as this viewer needs to know: the
/// owner sees all, a main client (with a quota) those within their link; nobody else any.
async fn visible_counted(ctx: &Ctx, admitted: &access::Admission, gallery: Uuid) -> ServiceResult<Vec<ImageId>> {
    if !admitted.is_owner() && !domain::policy::shares_quota(&admitted.actor, &admitted.facts) {
        return Ok(Vec::new());
    }
    let counted = crate::downloads::quota::counted(ctx, gallery).await?;
    let ids: Vec<Uuid> = counted.iter().map(|i| i.0).collect();
    let images = image::Entity::find().filter(image::Column::Id.is_in(ids)).all(&ctx.db).await?;
    Ok(images
        .into_iter()
        .filter(|i| admitted.check(Action::ViewRendition { set: i.set_id.map(SetId) }).is_ok())
        .map(|i| ImageId(i.id))
        .collect())
}

/// The client gallery at `/g/{slug}`, as the policy lets this viewer see it.
pub async fn client_view(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    now: DateTime<Utc>,
) -> ServiceResult<ClientGalleryView> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    let path = format!("/g/{}", g.slug);
    view_admitted(ctx, g, admitted, path).await
}

/// The client gallery at `/l/{token}`: opens the access link for this session first. The page
/// stays at the link's address (never the gallery's public one).
pub async fn client_view_by_link(
    ctx: &Ctx,
    session: &Session,
    token: &str,
    client: std::net::IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<ClientGalleryView> {
    let g = crate::visitor::lookup::gallery_by_link(ctx, session, token, client, now).await?;
    let viewer = access::viewer(session, client).await?;
    let admitted = access::admission(ctx, &viewer, &g, now).await?;
    let path = format!("/l/{}", token.trim().to_ascii_lowercase());
    view_admitted(ctx, g, admitted, path).await
}

async fn view_admitted(
    ctx: &Ctx,
    g: gallery::Model,
    admitted: access::Admission,
    path: String,
) -> ServiceResult<ClientGalleryView> {
    admitted.check(Action::ViewGallery)?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    // A link limited to sets shows those sets only (and no unassigned images).
    let sets: Vec<_> = sets_of(ctx, g.id)
        .await?
        .into_iter()
        .filter(|s| admitted.check(Action::ViewRendition { set: Some(SetId(s.id)) }).is_ok())
        .collect();
    let unassigned_visible = admitted.check(Action::ViewRendition { set: None }).is_ok();
    // Visitors see only finished images (no grey "processing" tiles), set by set, then the
    // unassigned ones when the link covers them.
    let images: Vec<_> = ready_in_display_order(ctx, g.id, &sets)
        .await?
        .iter()
        .filter(|i| unassigned_visible || i.set_id.is_some())
        .map(card_of)
        .collect();
    let cover = cover_of(ctx, &g).await?.filter(|c| images.iter().any(|i| i.id == c.id));
    let counted = visible_counted(ctx, &admitted, g.id).await?;
    let selects = crate::proofing::selects::lists_for(ctx, &admitted, g.id).await?;
    let visitor_name = admitted.visit.name.clone();
    Ok(ClientGalleryView {
        title: g.title,
        slug: g.slug,
        path,
        event_date: g.event_date,
        studio: StudioBrand {
            logo_url: crate::studios::logo_url(&owner),
            name: owner.name,
            accent_color: owner.accent_color,
            // Only an address the photographer chose to show; never the sign-in address.
            contact_email: Some(owner.contact_email).filter(|e| !e.is_empty()),
        },
        cover,
        sets: sets.into_iter().map(|s| SetView { id: domain::ids::SetId(s.id), name: s.name }).collect(),
        images,
        is_owner_preview: admitted.is_owner(),
        access: ClientAccess { actor: admitted.actor, facts: admitted.facts, counted },
        selects,
        visitor_name,
    })
}
