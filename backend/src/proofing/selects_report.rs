//! The photographer's view of selects: each person's lists with thumbnails and counts, a list as
//! a Lightroom Classic / Capture One filter, and every list as CSV.

use crate::ctx::Ctx;
use crate::entities::{image, select, select_list};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::card_of;
use domain::ids::{GalleryId, SelectListId, StudioId};
use domain::select_export::{CsvRow, ExportFormat, csv, filter_text};
use domain::selects::{PersonList, PersonSelects};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// Every person's lists in the gallery, people in the order they first made a list, images in
/// the order they were starred (deleted photos left out).
pub async fn by_person(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<PersonSelects>> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let lists = select_list::Entity::find()
        .filter(select_list::Column::GalleryId.eq(gallery.0))
        .order_by_asc(select_list::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let rows = select::Entity::find()
        .filter(select::Column::ListId.is_in(lists.iter().map(|l| l.id).collect::<Vec<_>>()))
        .order_by_asc(select::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let images: HashMap<Uuid, image::Model> = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::DeletedAt.is_null())
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut people: Vec<PersonSelects> = Vec::new();
    for list in lists {
        let cards =
            rows.iter().filter(|r| r.list_id == list.id).filter_map(|r| images.get(&r.image_id)).map(card_of).collect();
        let entry = PersonList {
            id: SelectListId(list.id),
            name: list.name,
            images: cards,
            sent_at: list.sent_at,
            sent_note: list.sent_note,
        };
        match people.iter_mut().find(|p| p.email == list.email) {
            Some(person) => person.lists.push(entry),
            None => people.push(PersonSelects { email: list.email, lists: vec![entry] }),
        }
    }
    Ok(people)
}

/// One list's file names as a filter for `format`.
pub async fn filter(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    list: SelectListId,
    format: ExportFormat,
) -> ServiceResult<String> {
    let people = by_person(ctx, studio, gallery).await?;
    let found = people.iter().flat_map(|p| p.lists.iter()).find(|l| l.id == list).ok_or(ServiceError::NotFound)?;
    let names: Vec<String> = found.images.iter().map(|c| c.file_name.clone()).collect();
    Ok(filter_text(format, &names))
}

/// Every list of every person as CSV.
pub async fn csv_export(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<String> {
    let people = by_person(ctx, studio, gallery).await?;
    let rows: Vec<CsvRow<'_>> = people
        .iter()
        .flat_map(|p| {
            p.lists.iter().flat_map(move |l| {
                l.images.iter().map(move |c| CsvRow { file_name: &c.file_name, list: &l.name, email: &p.email })
            })
        })
        .collect();
    Ok(csv(&rows))
}
