//! Comments: each person's conversation with the photographer about one image. A visitor reads
//! only their own thread (their comments and the replies to them); the photographer reads every
//! thread in the gallery's inbox, with unread state, and replies into a thread.

use super::person::{person, signature};
use crate::ctx::Ctx;
use crate::entities::{comment, gallery, image, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::card_of;
use crate::visitor::access::{self, Viewer};
use crate::visitor::reach::image_in_reach;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::comments::{
    CommentView, GalleryComments, INBOX_PAGE, Inbox, InboxComment, InboxPage, InboxThread, validate_author,
    validate_comment,
};
use domain::engagement::EventKind;
use domain::ids::{CommentId, GalleryId, ImageId, StudioId};
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;
use tower_sessions::Session;
use uuid::Uuid;

/// The visitor's thread on one image (empty until this browser holds their identity).
pub async fn thread(ctx: &Ctx, viewer: &Viewer, id: ImageId, now: DateTime<Utc>) -> ServiceResult<Vec<CommentView>> {
    let reached = image_in_reach(ctx, viewer, id, now).await?;
    if reached.admitted.check(Action::ReadAllProofing).is_ok() {
        let rows = comments_where(ctx, comment::Column::ImageId.eq(reached.image.id)).await?;
        return Ok(rows.into_iter().map(view).collect());
    }
    // With comments off (or in a shop) a visitor's thread is not shown, as the UI hides it.
    let switched_off = reached.admitted.denies(Action::Comment { image: reached.facts });
    let Some(email) = reached.admitted.visit.person().filter(|_| !switched_off).map(str::to_owned) else {
        return Ok(Vec::new());
    };
    let rows = comment::Entity::find()
        .filter(comment::Column::ImageId.eq(reached.image.id))
        .filter(comment::Column::Email.eq(email))
        .order_by_asc(comment::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    Ok(rows.into_iter().map(view).collect())
}

/// A visitor comments on an image, signed with `name` (remembered for this gallery).
pub async fn add(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    id: ImageId,
    name: &str,
    body: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<CommentView>> {
    let reached = image_in_reach(ctx, viewer, id, now).await?;
    reached.admitted.check(Action::Comment { image: reached.facts })?;
    let email = person(&reached.admitted)?;
    let body = validate_comment(body)?;
    let author = if name.trim().is_empty() { signature(&reached.admitted) } else { validate_author(name)? };
    secrets::spend(ctx, AttemptKind::CommentPosted, &reached.gallery.id.to_string(), viewer.client, now).await?;
    let row = comment::ActiveModel {
        id: Set(Uuid::now_v7()),
        gallery_id: Set(reached.gallery.id),
        image_id: Set(reached.image.id),
        author: Set(author.clone()),
        email: Set(Some(email)),
        link_id: Set(reached.admitted.link.as_ref().map(|l| l.id)),
        from_studio: Set(false),
        body: Set(body.clone()),
        created_at: Set(now),
        read_at: Set(None),
    };
    comment::Entity::insert(row).exec(&ctx.db).await?;
    let (g, image) = (&reached.gallery, reached.image.id);
    crate::engagement::hooks::proofed(ctx, EventKind::Comment, g, &reached.admitted, image, Some(body), now).await;
    access::update_visit(session, reached.gallery.id, |visit| visit.name = Some(author)).await?;
    thread(ctx, viewer, id, now).await
}

/// The gallery's inbox: threads per image and person, unread first, then newest.
pub async fn inbox(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Inbox> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let in_gallery = comment::Column::GalleryId.eq(gallery.0);
    let rows = comments_where(ctx, in_gallery.clone()).await?;
    let images = images_commented(ctx, in_gallery).await?;
    Ok(threads_of(rows, &images))
}

/// One page of the studio's inbox (`page` from 1; a page past the end answers the last): the
/// studio's galleries with comments, those with unread ones first, then the one a client wrote in
/// last, each with its threads. Its cost follows the page, not the studio's history: one grouped
/// read ranks the galleries, then only the page's galleries, comments and photos are read.
pub async fn studio_inbox(ctx: &Ctx, studio: StudioId, page: u32) -> ServiceResult<InboxPage> {
    let mut ranked = ranked_galleries(ctx, studio).await?;
    ranked.sort_by_key(|(id, latest, unread)| (*unread == 0, std::cmp::Reverse(*latest), *id));
    let total = u32::try_from(ranked.len()).unwrap_or(u32::MAX);
    let pages = total.div_ceil(INBOX_PAGE).max(1);
    let page = page.clamp(1, pages);
    let shown: Vec<Uuid> =
        ranked.iter().skip(((page - 1) * INBOX_PAGE) as usize).take(INBOX_PAGE as usize).map(|r| r.0).collect();
    let on_page = || comment::Column::GalleryId.is_in(shown.iter().copied());
    let titles: HashMap<Uuid, String> = gallery::Entity::find()
        .filter(gallery::Column::Id.is_in(shown.iter().copied()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.title))
        .collect();
    let rows = comments_where(ctx, on_page()).await?;
    let images = images_commented(ctx, on_page()).await?;
    let mut by_gallery: HashMap<Uuid, Vec<comment::Model>> = HashMap::new();
    for row in rows {
        by_gallery.entry(row.gallery_id).or_default().push(row);
    }
    let galleries = shown
        .into_iter()
        .filter_map(|id| {
            let inbox = threads_of(by_gallery.remove(&id)?, &images);
            Some(GalleryComments { id: GalleryId(id), title: titles.get(&id)?.clone(), inbox })
        })
        .collect();
    Ok(InboxPage { galleries, page, pages, total })
}

/// Per gallery of the studio with a client's comment (not those it deleted: their threads cannot
/// be answered until brought back): when a client last wrote, and how many of their comments are
/// unread. One grouped read.
async fn ranked_galleries(ctx: &Ctx, studio: StudioId) -> ServiceResult<Vec<(Uuid, DateTime<Utc>, i64)>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, Query};
    let of_studio = comment::Column::GalleryId.in_subquery(
        Query::select()
            .column(gallery::Column::Id)
            .from(gallery::Entity)
            .and_where(gallery::Column::StudioId.eq(studio.0))
            .and_where(gallery::Column::DeletedAt.is_null())
            .to_owned(),
    );
    Ok(comment::Entity::find()
        .select_only()
        .column(comment::Column::GalleryId)
        .column_as(sea_orm::sea_query::ExprTrait::max(Expr::col(comment::Column::CreatedAt)), "latest")
        .column_as(Expr::cust("CAST(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) AS BIGINT)"), "unread")
        .filter(of_studio)
        .filter(comment::Column::FromStudio.eq(false))
        .group_by(comment::Column::GalleryId)
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

/// The photos the comments matching `condition` are on, by id.
async fn images_commented(
    ctx: &Ctx,
    condition: sea_orm::sea_query::SimpleExpr,
) -> ServiceResult<HashMap<Uuid, image::Model>> {
    use sea_orm::sea_query::Query;
    let commented =
        Query::select().column(comment::Column::ImageId).from(comment::Entity).and_where(condition).to_owned();
    let images = image::Entity::find().filter(image::Column::Id.in_subquery(commented)).all(&ctx.db).await?;
    Ok(images.into_iter().map(|i| (i.id, i)).collect())
}

/// One gallery's comments (oldest first) as threads, a photo and a person each: unread ones
/// first, then the one written in last.
fn threads_of(rows: Vec<comment::Model>, images: &HashMap<Uuid, image::Model>) -> Inbox {
    let mut threads: Vec<(InboxThread, DateTime<Utc>)> = Vec::new();
    let mut index: HashMap<(Uuid, Option<String>), usize> = HashMap::new();
    let mut unread = 0;
    for row in rows {
        let Some(img) = images.get(&row.image_id) else { continue };
        let is_unread = row.read_at.is_none() && !row.from_studio;
        unread += u32::from(is_unread);
        let created = row.created_at;
        let key = (img.id, row.email.clone());
        let item = InboxComment { email: row.email.clone(), unread: is_unread, comment: view(row) };
        match index.get(&key) {
            Some(&at) => {
                let (thread, latest) = &mut threads[at];
                thread.comments.push(item);
                *latest = created;
            }
            None => {
                index.insert(key, threads.len());
                threads.push((InboxThread { image: card_of(img), comments: vec![item] }, created));
            }
        }
    }
    threads.sort_by_key(|(t, latest)| (!t.comments.iter().any(|c| c.unread), std::cmp::Reverse(*latest)));
    Inbox { threads: threads.into_iter().map(|(t, _)| t).collect(), unread }
}

/// The photographer replies in one person's thread on one image; the thread is then read.
pub async fn reply(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    image: ImageId,
    to: &str,
    body: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Inbox> {
    let g = crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let to = domain::validation::email_to_find(to)?;
    let body = validate_comment(body)?;
    let asked = comment::Entity::find()
        .filter(comment::Column::GalleryId.eq(g.id))
        .filter(comment::Column::ImageId.eq(image.0))
        .filter(comment::Column::Email.eq(&to))
        .filter(comment::Column::FromStudio.eq(false))
        .one(&ctx.db)
        .await?;
    // Replies go into a thread a visitor started: never to an address of the studio's choosing.
    let Some(asked) = asked else { return Err(ServiceError::NotFound) };
    let owner = studio::Entity::find_by_id(studio.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let row = comment::ActiveModel {
        id: Set(Uuid::now_v7()),
        gallery_id: Set(g.id),
        image_id: Set(image.0),
        author: Set(owner.name),
        email: Set(asked.email),
        link_id: Set(None),
        from_studio: Set(true),
        body: Set(body),
        created_at: Set(now),
        read_at: Set(Some(now)),
    };
    comment::Entity::insert(row).exec(&ctx.db).await?;
    mark_read(ctx, studio, gallery, image, &to, now).await
}

/// Marks one thread read.
pub async fn mark_read(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    image: ImageId,
    email: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Inbox> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let email = domain::validation::email_to_find(email)?;
    comment::Entity::update_many()
        .col_expr(comment::Column::ReadAt, sea_orm::sea_query::Expr::value(now))
        .filter(comment::Column::GalleryId.eq(gallery.0))
        .filter(comment::Column::ImageId.eq(image.0))
        .filter(comment::Column::Email.eq(&email))
        .filter(comment::Column::ReadAt.is_null())
        .exec(&ctx.db)
        .await?;
    inbox(ctx, studio, gallery).await
}

async fn comments_where(ctx: &Ctx, condition: sea_orm::sea_query::SimpleExpr) -> ServiceResult<Vec<comment::Model>> {
    Ok(comment::Entity::find().filter(condition).order_by_asc(comment::Column::CreatedAt).all(&ctx.db).await?)
}

fn view(row: comment::Model) -> CommentView {
    CommentView {
        id: CommentId(row.id),
        image_id: ImageId(row.image_id),
        author: row.author,
        from_studio: row.from_studio,
        body: row.body,
        created_at: row.created_at,
    }
}
