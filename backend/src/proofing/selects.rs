//! A visitor's selects: starring images into their named lists, and the lists themselves. Lists
//! belong to the email the visitor gave in this gallery; nobody else's lists are ever read here.

use super::person::person;
use crate::ctx::Ctx;
use crate::entities::{gallery, image, select, select_list, studio};
use crate::error::{ServiceError, ServiceResult, invalid};
use crate::mail::OutgoingMail;
use crate::visitor::access::{Admission, Viewer};
use crate::visitor::image_facts::{GalleryImageFacts, card_as_seen};
use crate::visitor::reach::image_in_reach;
use crate::visitor::secrets::AttemptKind;
use chrono::{DateTime, Utc};
use domain::card::ImageCard;
use domain::engagement::EventKind;
use domain::ids::{GalleryId, ImageId, SelectListId, StudioId};
use domain::policy::Action;
use domain::selects::{
    DEFAULT_LIST_NAME, MAX_LISTS, MySelects, SelectListView, sent_list_refusal, validate_list_name,
    validate_selection_note,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set,
};
use uuid::Uuid;

/// The visitor's lists in the gallery at `slug` (empty until they have given an email, or when
/// selects are off).
pub async fn mine(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<MySelects> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    lists_for(ctx, &admitted, g.id).await
}

/// The lists of the admitted visitor, with only the images they can still see.
pub async fn lists_for(ctx: &Ctx, admitted: &Admission, gallery: Uuid) -> ServiceResult<MySelects> {
    if admitted.check(Action::SelectLists).is_err() {
        return Ok(MySelects::default());
    }
    let email = person(admitted)?;
    load(ctx, admitted, gallery, &email).await
}

async fn load(ctx: &Ctx, admitted: &Admission, gallery: Uuid, email: &str) -> ServiceResult<MySelects> {
    let lists = select_list::Entity::find()
        .filter(select_list::Column::GalleryId.eq(gallery))
        .filter(select_list::Column::Email.eq(email))
        .order_by_asc(select_list::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let ids: Vec<Uuid> = lists.iter().map(|l| l.id).collect();
    let rows = select::Entity::find()
        .filter(select::Column::ListId.is_in(ids))
        .order_by_asc(select::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let image_ids: Vec<Uuid> = rows.iter().map(|r| r.image_id).collect();
    let known = GalleryImageFacts::rows_only();
    let visible: Vec<Uuid> = image::Entity::find()
        .filter(image::Column::Id.is_in(image_ids))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|i| admitted.check(Action::ViewRendition { image: known.of(i) }).is_ok())
        .map(|i| i.id)
        .collect();
    Ok(MySelects {
        lists: lists
            .into_iter()
            .map(|l| SelectListView {
                id: SelectListId(l.id),
                images: rows
                    .iter()
                    .filter(|r| r.list_id == l.id && visible.contains(&r.image_id))
                    .map(|r| ImageId(r.image_id))
                    .collect(),
                name: l.name,
                sent_at: l.sent_at,
            })
            .collect(),
    })
}

/// Stars (`on`) or un-stars an image in one of the visitor's lists (`None`: their first list,
/// made as "Favourites" when they have none). Answers the lists as they are now.
pub async fn star(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    list: Option<SelectListId>,
    on: bool,
    now: DateTime<Utc>,
) -> ServiceResult<MySelects> {
    let reached = image_in_reach(ctx, viewer, id, now).await?;
    reached.admitted.check(Action::Select { image: reached.facts })?;
    let email = person(&reached.admitted)?;
    let list = match list {
        Some(list) => owned_list(ctx, reached.gallery.id, &email, list).await?,
        None => default_list(ctx, reached.gallery.id, &email, now).await?,
    };
    open_for_changes(&list)?;
    // The list is held while it changes, and only while not sent: a list sent meanwhile (its
    // mail names what it held) takes no star after it.
    let txn = crate::db::begin(&ctx.db).await?;
    let open = Condition::all().add(select_list::Column::Id.eq(list.id)).add(select_list::Column::SentAt.is_null());
    if crate::db::hold_rows::<select_list::Entity>(&txn, select_list::Column::Id, open).await? != 1 {
        txn.rollback().await?;
        let sent_at = select_list::Entity::find_by_id(list.id).one(&ctx.db).await?.and_then(|l| l.sent_at);
        return Err(ServiceError::Forbidden(
            sent_list_refusal(&list.name, Some(sent_at.unwrap_or(now))).unwrap_or_default(),
        ));
    }
    let added = if on {
        let row = select::ActiveModel { list_id: Set(list.id), image_id: Set(reached.image.id), created_at: Set(now) };
        // Starring twice (two tabs, a double tap) is the same as once, and counts once.
        select::Entity::insert(row)
            .on_conflict(OnConflict::columns([select::Column::ListId, select::Column::ImageId]).do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await?
    } else {
        select::Entity::delete_by_id((list.id, reached.image.id)).exec(&txn).await?;
        0
    };
    txn.commit().await?;
    if added == 1 {
        let (g, image) = (&reached.gallery, reached.image.id);
        crate::engagement::hooks::proofed(ctx, EventKind::Select, g, &reached.admitted, image, None, now).await;
    }
    load(ctx, &reached.admitted, reached.gallery.id, &email).await
}

/// Makes a new named list.
pub async fn create_list(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<MySelects> {
    let (admitted, gallery, email) = list_owner(ctx, viewer, slug, now).await?;
    let name = validate_list_name(name)?;
    let too_many =
        || invalid("name", format!("You can keep up to {MAX_LISTS} lists; remove one you have not sent first."));
    if count_lists(ctx, gallery, &email).await? >= MAX_LISTS {
        return Err(too_many());
    }
    let id = insert_list(&ctx.db, gallery, &email, &name, now).await.map_err(|e| taken(e, &name))?;
    // Counted again once made: of two lists made at once past the limit, neither stays.
    if count_lists(ctx, gallery, &email).await? > MAX_LISTS {
        select_list::Entity::delete_by_id(id).exec(&ctx.db).await?;
        return Err(too_many());
    }
    load(ctx, &admitted, gallery, &email).await
}

/// How many lists the person at `email` keeps in `gallery`.
async fn count_lists(ctx: &Ctx, gallery: Uuid, email: &str) -> ServiceResult<usize> {
    use sea_orm::PaginatorTrait;
    let lists = select_list::Entity::find()
        .filter(select_list::Column::GalleryId.eq(gallery))
        .filter(select_list::Column::Email.eq(email))
        .count(&ctx.db)
        .await?;
    Ok(lists as usize)
}

/// Renames one of the visitor's lists.
pub async fn rename_list(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    list: SelectListId,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<MySelects> {
    let (admitted, gallery, email) = list_owner(ctx, viewer, slug, now).await?;
    let name = validate_list_name(name)?;
    let found = owned_list(ctx, gallery, &email, list).await?;
    open_for_changes(&found)?;
    let id = found.id;
    let row = select_list::ActiveModel { id: Set(id), name: Set(name.clone()), ..Default::default() };
    row.update(&ctx.db).await.map_err(|e| taken(e, &name))?;
    load(ctx, &admitted, gallery, &email).await
}

/// Deletes one of the visitor's lists and its stars.
pub async fn delete_list(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    list: SelectListId,
    now: DateTime<Utc>,
) -> ServiceResult<MySelects> {
    let (admitted, gallery, email) = list_owner(ctx, viewer, slug, now).await?;
    let found = owned_list(ctx, gallery, &email, list).await?;
    open_for_changes(&found)?;
    let id = found.id;
    select::Entity::delete_many().filter(select::Column::ListId.eq(id)).exec(&ctx.db).await?;
    select_list::Entity::delete_by_id(id).exec(&ctx.db).await?;
    load(ctx, &admitted, gallery, &email).await
}

/// The photos of one of the visitor's lists, in the order they were starred, as this visitor
/// sees them (watermarked where their previews are): the favourites view and its "Send".
pub async fn list_cards(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    list: SelectListId,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<ImageCard>> {
    let (admitted, gallery, email) = list_owner(ctx, viewer, slug, now).await?;
    let id = owned_list(ctx, gallery, &email, list).await?.id;
    let starred: Vec<Uuid> = select::Entity::find()
        .filter(select::Column::ListId.eq(id))
        .order_by_asc(select::Column::CreatedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.image_id)
        .collect();
    let known = GalleryImageFacts::load(ctx, &admitted, gallery).await?;
    let mut rows: Vec<image::Model> = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery))
        .filter(image::Column::Id.is_in(starred.clone()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|i| admitted.check(Action::ViewRendition { image: known.of(i) }).is_ok())
        .collect();
    rows.sort_by_key(|i| starred.iter().position(|s| *s == i.id));
    Ok(rows.iter().map(|i| card_as_seen(&admitted, i, known.of(i))).collect())
}

/// Sends one of the visitor's lists to the photographer, with an optional `note`: the list is
/// marked sent (closed to changes until the photographer reopens it) and the photographer gets an
/// email, in one transaction, so neither happens without the other.
pub async fn send_list(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    list: SelectListId,
    note: &str,
    now: DateTime<Utc>,
) -> ServiceResult<MySelects> {
    let (admitted, gallery, email) = list_owner(ctx, viewer, slug, now).await?;
    let note = validate_selection_note(note)?;
    let found = owned_list(ctx, gallery, &email, list).await?;
    open_for_changes(&found)?;
    let id = found.id;
    let mine = load(ctx, &admitted, gallery, &email).await?;
    let Some(sent) = mine.lists.iter().find(|l| l.id.0 == id) else { return Err(ServiceError::NotFound) };
    if sent.images.is_empty() {
        return Err(ServiceError::Forbidden(format!(
            "“{}” has no photos yet. Star the ones you love, then send it.",
            sent.name
        )));
    }
    // Each list sent is an email to the studio, and anyone who gives an address may send one.
    let sender = format!("{gallery}:{email}");
    crate::visitor::secrets::spend(ctx, AttemptKind::SelectionSent, &sender, viewer.client, now).await?;
    let g = gallery::Entity::find_by_id(gallery).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let who = match admitted.visit.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => format!("{name} ({email})"),
        None => email.clone(),
    };
    let editor = format!("{}/studio/galleries/{}?tab=selects", ctx.config.public_origin, g.id);
    let said = if note.is_empty() { String::new() } else { format!("\nTheir note:\n{note}\n") };
    let sent_note = Some(note.clone()).filter(|n| !n.is_empty());
    let txn = crate::db::begin(&ctx.db).await?;
    // Only a list not sent meanwhile (a double tap, a second tab): one mail for one sending.
    let marked = select_list::Entity::update_many()
        .col_expr(select_list::Column::SentAt, Expr::value(Some(now)))
        .col_expr(select_list::Column::SentNote, Expr::value(sent_note))
        .filter(select_list::Column::Id.eq(id))
        .filter(select_list::Column::SentAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        txn.rollback().await?;
        return Err(ServiceError::Conflict(format!("“{}” was sent to the photographer already.", sent.name)));
    }
    // Counted once the list is closed (a star holds the list while it lands): the mail names
    // what the list holds, a star made a moment before included.
    let live = sea_orm::sea_query::Query::select()
        .column(image::Column::Id)
        .from(image::Entity)
        .and_where(image::Column::GalleryId.eq(gallery))
        .and_where(image::Column::DeletedAt.is_null())
        .to_owned();
    let held = select::Entity::find()
        .filter(select::Column::ListId.eq(id))
        .filter(select::Column::ImageId.in_subquery(live))
        .count(&txn)
        .await?;
    if held == 0 {
        txn.rollback().await?;
        return Err(ServiceError::Forbidden(format!(
            "“{}” has no photos yet. Star the ones you love, then send it.",
            sent.name
        )));
    }
    let photos = domain::words::photos(held);
    let message = OutgoingMail {
        to: owner.email.clone(),
        to_name: Some(owner.name.clone()),
        subject: selection_subject(&who, &g.title),
        text: format!(
            "Hello {},\n\n{who} sent you their list \"{}\" from your gallery \"{}\": {photos}.\n{said}\n\
             The list is closed to changes until you reopen it. See it, and copy its file names for\n\
             Lightroom or Capture One, in the gallery's Selects tab:\n\n{editor}\n",
            owner.name, sent.name, g.title
        ),
        html: None,
        // Answering the email answers the client.
        reply_to: Some(email.clone()),
        unsubscribe: None,
        gallery: Some(gallery),
    };
    crate::mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    load(ctx, &admitted, gallery, &email).await
}

/// The photographer reopens a sent list: the visitor may change it again (and send it again).
pub async fn reopen_list(ctx: &Ctx, studio: StudioId, gallery: GalleryId, list: SelectListId) -> ServiceResult<()> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let found = select_list::Entity::find_by_id(list.0)
        .filter(select_list::Column::GalleryId.eq(gallery.0))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let row =
        select_list::ActiveModel { id: Set(found.id), sent_at: Set(None), sent_note: Set(None), ..Default::default() };
    row.update(&ctx.db).await?;
    Ok(())
}

/// Refuses any change to a list its owner has sent (the photographer is working from it).
fn open_for_changes(list: &select_list::Model) -> ServiceResult<()> {
    match sent_list_refusal(&list.name, list.sent_at) {
        Some(why) => Err(ServiceError::Forbidden(why)),
        None => Ok(()),
    }
}

/// The distinct images the admitted visitor selected (any list), for "Download my selects" and
/// the contact sheet. Empty for the owner and anyone without selects.
pub async fn selected_images(ctx: &Ctx, admitted: &Admission, gallery: Uuid) -> ServiceResult<Vec<ImageId>> {
    Ok(lists_for(ctx, admitted, gallery).await?.distinct_images())
}

async fn list_owner(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    now: DateTime<Utc>,
) -> ServiceResult<(Admission, Uuid, String)> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    admitted.check(Action::SelectLists)?;
    let email = person(&admitted)?;
    Ok((admitted, g.id, email))
}

/// `list` when it is this person's list in this gallery; anyone else's is "not found".
async fn owned_list(ctx: &Ctx, gallery: Uuid, email: &str, list: SelectListId) -> ServiceResult<select_list::Model> {
    select_list::Entity::find_by_id(list.0)
        .filter(select_list::Column::GalleryId.eq(gallery))
        .filter(select_list::Column::Email.eq(email))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The person's first list, made as "Favourites" when they have none.
async fn default_list(ctx: &Ctx, gallery: Uuid, email: &str, now: DateTime<Utc>) -> ServiceResult<select_list::Model> {
    let first = || {
        select_list::Entity::find()
            .filter(select_list::Column::GalleryId.eq(gallery))
            .filter(select_list::Column::Email.eq(email))
            .order_by_asc(select_list::Column::CreatedAt)
            .one(&ctx.db)
    };
    if let Some(list) = first().await? {
        return Ok(list);
    }
    // Two first stars at once both try to make it; the unique name decides, and both use it.
    if let Err(err) = insert_list(&ctx.db, gallery, email, DEFAULT_LIST_NAME, now).await
        && !crate::error::is_unique_violation(&err)
    {
        return Err(err.into());
    }
    first().await?.ok_or(ServiceError::NotFound)
}

async fn insert_list<C: ConnectionTrait>(
    db: &C,
    gallery: Uuid,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, sea_orm::DbErr> {
    let id = Uuid::now_v7();
    let row = select_list::ActiveModel {
        id: Set(id),
        gallery_id: Set(gallery),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        created_at: Set(now),
        sent_at: Set(None),
        sent_note: Set(None),
    };
    select_list::Entity::insert(row).exec(db).await?;
    Ok(id)
}

fn taken(err: sea_orm::DbErr, name: &str) -> ServiceError {
    if crate::error::is_unique_violation(&err) {
        invalid("name", format!("You already have a list called “{name}”."))
    } else {
        err.into()
    }
}

/// The subject of the mail telling the studio `who` sent their selection (`visitor::forget` finds
/// those mails by it, and names nobody in it).
pub(crate) fn selection_subject(who: &str, title: &str) -> String {
    format!("{who} sent their selection from \"{title}\"")
}
