//! Galleries as the photographer keeps them: create, list, edit, publish, cover, password, public
//! link. The pages built from them are in `pages`.

use crate::ctx::Ctx;
use crate::entities::{comment, gallery, image};
use crate::error::{ServiceError, ServiceResult, is_unique_violation};
use crate::gallery::images::card_of;
use crate::gallery::records::load_owned;
use crate::studio::days;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::Utc;
use domain::card::ImageCard;
use domain::dto::{GalleryForm, GallerySummary};
use domain::gallery::{GalleryStatus, ImageStatus};
use domain::ids::{GalleryId, ImageId, StudioId};
use domain::validation;
use sea_orm::sea_query::{Alias, Expr, Order, Query, QueryStatementBuilder, SimpleExpr};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use std::net::IpAddr;
use uuid::Uuid;

/// Creates a draft gallery. With no slug given, one is derived from the title and made unique.
/// `client`: the address asking (a link already taken is counted against it and the studio).
pub async fn create(ctx: &Ctx, studio: StudioId, form: GalleryForm, client: IpAddr) -> ServiceResult<GalleryId> {
    let title = validation::gallery_title(&form.title)?;
    let chosen = form.slug.trim();
    let locked = slug_checks_open(ctx, studio, client).await.err();
    let mut base = match (chosen.is_empty(), locked) {
        (false, Some(refused)) => return Err(refused),
        (false, None) => validation::slug(chosen)?,
        (true, None) => validation::slugify(&title),
        // Locked out of finding links taken: a link made from the title gets a random ending at
        // once, so making galleries does not tell whether the plain one exists either.
        (true, Some(_)) => with_random_ending(&validation::slugify(&title)),
    };
    let now = Utc::now();
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let id = Uuid::now_v7();
    let mut numbered = 1;
    for _ in 1..=50 {
        let slug = if numbered == 1 { base.clone() } else { format!("{base}-{numbered}") };
        let row = gallery::ActiveModel {
            id: Set(id),
            studio_id: Set(studio.0),
            title: Set(title.clone()),
            slug: Set(slug.clone()),
            event_date: Set(form.event_date),
            status: Set(GalleryStatus::Draft.as_str().to_owned()),
            cover_image_id: Set(None),
            expires_at: Set(form.last_day.flatten().map(|day| days::end_of_last_day(zone, day))),
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
            price_sheet_id: Set(None),
            password_epoch: Set(0),
            keep_live: Set(false),
            deleted_at: Set(None),
        };
        match gallery::Entity::insert(row).exec(&ctx.db).await {
            Ok(_) => return Ok(GalleryId(id)),
            Err(err) if is_unique_violation(&err) && chosen.is_empty() => {
                // Another studio's link: counted once, and a random ending from here on (the next
                // number would say which links exist; a random one says nothing). One's own
                // links are numbered, as a photographer expects.
                if taken_by_another(ctx, studio, &slug).await? {
                    let _ = count(ctx, studio, client).await;
                    base = with_random_ending(&base);
                    numbered = 1;
                } else {
                    numbered += 1;
                }
            }
            Err(err) if is_unique_violation(&err) => return Err(slug_taken(ctx, studio, client, &slug).await?),
            Err(err) => return Err(err.into()),
        }
    }
    Err(slug_taken(ctx, studio, client, &base).await?)
}

/// `slug` with six random letters and digits after it.
fn with_random_ending(slug: &str) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let ending: String = (0..6).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    format!("{slug}-{ending}")
}

/// Whether `slug` is another studio's gallery's link (a collision with one's own tells nothing).
async fn taken_by_another(ctx: &Ctx, studio: StudioId, slug: &str) -> ServiceResult<bool> {
    let holder = gallery::Entity::find().filter(gallery::Column::Slug.eq(slug)).one(&ctx.db).await?;
    Ok(holder.is_some_and(|g| g.studio_id != studio.0))
}

/// Counts a link of another studio's found taken against the studio and the address: `Err` with
/// the 429 once that locks them out.
async fn count(ctx: &Ctx, studio: StudioId, client: IpAddr) -> ServiceResult<()> {
    secrets::spend(ctx, AttemptKind::SlugTaken, &studio.0.to_string(), client, Utc::now()).await
}

/// Refuses (429) a studio or an address that found too many links of other studios taken,
/// before a chosen link is tried: the answer would otherwise still say whether it is free.
async fn slug_checks_open(ctx: &Ctx, studio: StudioId, client: IpAddr) -> ServiceResult<()> {
    secrets::ensure_subject_open(ctx, AttemptKind::SlugTaken, &studio.0.to_string(), client, Utc::now()).await
}

/// The refusal of a chosen link another gallery has, counted when it is another studio's
/// (`AttemptKind::SlugTaken`): 429 once that locks them out.
async fn slug_taken(ctx: &Ctx, studio: StudioId, client: IpAddr, slug: &str) -> ServiceResult<ServiceError> {
    let taken = ServiceError::Conflict(format!("The link /g/{slug} is already taken. Choose another."));
    if !taken_by_another(ctx, studio, slug).await? {
        return Ok(taken);
    }
    Ok(count(ctx, studio, client).await.err().unwrap_or(taken))
}

/// Changes title, link, event date and last day. `client` as for `create`.
pub async fn update(
    ctx: &Ctx,
    studio: StudioId,
    id: GalleryId,
    form: GalleryForm,
    client: IpAddr,
) -> ServiceResult<()> {
    let current = load_owned(ctx, studio, id).await?;
    let title = validation::gallery_title(&form.title)?;
    let slug = if form.slug.trim().is_empty() { current.slug.clone() } else { validation::slug(&form.slug)? };
    if slug != current.slug {
        slug_checks_open(ctx, studio, client).await?;
    }
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let expires_at = match form.last_day {
        Some(day) => days::keep_or_end(zone, day, current.expires_at, Utc::now()),
        None => current.expires_at,
    };
    // A day already past is refused when chosen, not when an expired gallery's details are saved
    // again with the day it already has.
    if expires_at != current.expires_at && domain::links::has_ended(expires_at, Utc::now()) {
        return Err(domain::validation::FieldError::new(
            "last_day",
            "Choose a last day from today on, or leave it empty to keep the gallery open.",
        )
        .into());
    }
    let mut row: gallery::ActiveModel = current.into();
    row.title = Set(title);
    row.slug = Set(slug.clone());
    row.event_date = Set(form.event_date);
    row.expires_at = Set(expires_at);
    row.updated_at = Set(Utc::now());
    match row.update(&ctx.db).await {
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => Err(slug_taken(ctx, studio, client, &slug).await?),
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

/// The studio's galleries, newest first (not those it deleted: `deleted_galleries::list`). Five
/// reads whatever the number of galleries: the galleries, their photo counts, their unread
/// comments, their chosen covers, and the first ready photo of those without one.
pub async fn list(ctx: &Ctx, studio: StudioId) -> ServiceResult<Vec<GallerySummary>> {
    let rows = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::DeletedAt.is_null())
        .order_by_desc(gallery::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let listed = || {
        Query::select()
            .column(gallery::Column::Id)
            .from(gallery::Entity)
            .and_where(gallery::Column::StudioId.eq(studio.0))
            .and_where(gallery::Column::DeletedAt.is_null())
            .to_owned()
    };
    let counted: Vec<(Uuid, i64)> = image::Entity::find()
        .select_only()
        .column(image::Column::GalleryId)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "photos")
        .filter(image::Column::GalleryId.in_subquery(listed()))
        .filter(image::Column::DeletedAt.is_null())
        .group_by(image::Column::GalleryId)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    // Clients' comments not read yet, for every gallery in one grouped count.
    let unread: Vec<(Uuid, i64)> = comment::Entity::find()
        .select_only()
        .column(comment::Column::GalleryId)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "unread")
        .filter(comment::Column::GalleryId.in_subquery(listed()))
        .filter(comment::Column::FromStudio.eq(false))
        .filter(comment::Column::ReadAt.is_null())
        .group_by(comment::Column::GalleryId)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let counted: HashMap<Uuid, u64> = counted.into_iter().map(|(id, n)| (id, n.max(0) as u64)).collect();
    let unread: HashMap<Uuid, u64> = unread.into_iter().map(|(id, n)| (id, n.max(0) as u64)).collect();
    let mut covers = covers_of(ctx, &rows).await?;
    let now = Utc::now();
    Ok(rows
        .into_iter()
        .map(|g| GallerySummary {
            id: GalleryId(g.id),
            expired: domain::links::has_ended(g.expires_at, now),
            image_count: counted.get(&g.id).copied().unwrap_or(0),
            cover: covers.remove(&g.id),
            unread_comments: unread.get(&g.id).copied().unwrap_or(0),
            status: GalleryStatus::parse(&g.status),
            event_date: g.event_date,
            title: g.title,
            slug: g.slug,
        })
        .collect())
}

/// Each gallery's cover, by gallery id: the chosen photo if it is still live and ready, else the
/// first ready photo in the gallery's order. Two reads for any number of galleries.
async fn covers_of(ctx: &Ctx, galleries: &[gallery::Model]) -> ServiceResult<HashMap<Uuid, ImageCard>> {
    let ready = || {
        image::Entity::find()
            .filter(image::Column::DeletedAt.is_null())
            .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()))
    };
    let chosen: HashMap<Uuid, Uuid> =
        galleries.iter().filter_map(|g| g.cover_image_id.map(|cover| (cover, g.id))).collect();
    let mut covers: HashMap<Uuid, ImageCard> = HashMap::new();
    if !chosen.is_empty() {
        for found in ready().filter(image::Column::Id.is_in(chosen.keys().copied())).all(&ctx.db).await? {
            // A cover id names a photo of its own gallery; anything else is not its cover.
            if chosen.get(&found.id) == Some(&found.gallery_id) {
                covers.insert(found.gallery_id, card_of(&found));
            }
        }
    }
    let without: Vec<Uuid> = galleries.iter().map(|g| g.id).filter(|id| !covers.contains_key(id)).collect();
    if without.is_empty() {
        return Ok(covers);
    }
    // For each gallery without a cover, the id of its first ready photo (a correlated subquery).
    use sea_orm::sea_query::ExprTrait;
    let first = Alias::new("first");
    let mut first_ready = Query::select();
    first_ready
        .column((first.clone(), image::Column::Id))
        .from_as(image::Entity, first.clone())
        .and_where(Expr::col((first.clone(), image::Column::GalleryId)).equals((gallery::Entity, gallery::Column::Id)))
        .and_where(Expr::col((first.clone(), image::Column::DeletedAt)).is_null())
        .and_where(Expr::col((first.clone(), image::Column::Status)).eq(ImageStatus::Ready.as_str()))
        .order_by((first.clone(), image::Column::Position), Order::Asc)
        .order_by((first, image::Column::CreatedAt), Order::Asc)
        .limit(1);
    let firsts = Query::select()
        .expr(SimpleExpr::SubQuery(None, Box::new(first_ready.into_sub_query_statement())))
        .from(gallery::Entity)
        .and_where(gallery::Column::Id.is_in(without))
        .to_owned();
    for found in ready().filter(image::Column::Id.in_subquery(firsts)).all(&ctx.db).await? {
        covers.insert(found.gallery_id, card_of(&found));
    }
    Ok(covers)
}

/// Sets (`Some`) or removes (`None`) the gallery password. Either way every earlier unlock ends:
/// visitors who knew the old password are asked again.
pub async fn set_password(ctx: &Ctx, studio: StudioId, id: GalleryId, password: Option<&str>) -> ServiceResult<()> {
    let current = load_owned(ctx, studio, id).await?;
    let hash = match password {
        None => None,
        Some(raw) => {
            let password = validation::gallery_password(raw)?;
            Some(crate::visitor::secrets::hash(ctx, password).await?)
        }
    };
    // The epoch moves on from what the row holds when written, not from what was read before
    // the slow hash: two saves at once must end the unlocks of both passwords.
    gallery::Entity::update_many()
        .col_expr(gallery::Column::PasswordHash, Expr::value(hash))
        .col_expr(
            gallery::Column::PasswordEpoch,
            sea_orm::sea_query::ExprTrait::add(Expr::col(gallery::Column::PasswordEpoch), 1),
        )
        .col_expr(gallery::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(gallery::Column::Id.eq(current.id))
        .exec(&ctx.db)
        .await?;
    // A pause earned by guesses at the old password would only shut clients out of the new one
    // (anyone who reached the prompt could otherwise keep a gallery closed, hour after hour).
    crate::visitor::secrets::forget(ctx, crate::visitor::secrets::AttemptKind::GalleryPassword, &id.0.to_string())
        .await?;
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
