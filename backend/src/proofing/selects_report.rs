//! The photographer's view of selects: each person's lists with thumbnails and counts, a list as
//! a Lightroom Classic / Capture One filter, and every list as CSV.

use crate::ctx::Ctx;
use crate::entities::{image, select, select_list};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::card_of;
use domain::ids::{GalleryId, SelectListId, StudioId};
use domain::select_export::{CsvRow, ExportFormat, csv, filter_text};
use domain::selects::{PersonList, PersonSelects, SHOWN_PER_LIST};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The gallery's lists, oldest first, and each list's live photos in the order they were starred.
/// Only ids are read for the stars (a wedding's guests may star tens of thousands).
struct Starred {
    lists: Vec<select_list::Model>,
    photos: HashMap<Uuid, Vec<Uuid>>,
}

impl Starred {
    async fn of(ctx: &Ctx, gallery: GalleryId, only: Option<SelectListId>) -> ServiceResult<Self> {
        let mut query = select_list::Entity::find().filter(select_list::Column::GalleryId.eq(gallery.0));
        if let Some(list) = only {
            query = query.filter(select_list::Column::Id.eq(list.0));
        }
        let lists = query.order_by_asc(select_list::Column::CreatedAt).all(&ctx.db).await?;
        let live: HashSet<Uuid> = image::Entity::find()
            .select_only()
            .column(image::Column::Id)
            .filter(image::Column::GalleryId.eq(gallery.0))
            .filter(image::Column::DeletedAt.is_null())
            .into_tuple::<Uuid>()
            .all(&ctx.db)
            .await?
            .into_iter()
            .collect();
        let mut photos: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let ids: Vec<Uuid> = lists.iter().map(|l| l.id).collect();
        for chunk in ids.chunks(500) {
            let stars: Vec<(Uuid, Uuid)> = select::Entity::find()
                .select_only()
                .column(select::Column::ListId)
                .column(select::Column::ImageId)
                .filter(select::Column::ListId.is_in(chunk.iter().copied()))
                .order_by_asc(select::Column::CreatedAt)
                .into_tuple()
                .all(&ctx.db)
                .await?;
            for (list, photo) in stars.into_iter().filter(|(_, photo)| live.contains(photo)) {
                photos.entry(list).or_default().push(photo);
            }
        }
        Ok(Self { lists, photos })
    }

    fn of_list(&self, list: Uuid) -> &[Uuid] {
        self.photos.get(&list).map(Vec::as_slice).unwrap_or_default()
    }
}

/// The rows of `ids`, a few hundred a query.
async fn rows_of(ctx: &Ctx, ids: &HashSet<Uuid>) -> ServiceResult<HashMap<Uuid, image::Model>> {
    let ids: Vec<Uuid> = ids.iter().copied().collect();
    let mut rows = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let found = image::Entity::find().filter(image::Column::Id.is_in(chunk.iter().copied())).all(&ctx.db).await?;
        rows.extend(found.into_iter().map(|i| (i.id, i)));
    }
    Ok(rows)
}

/// Every person's lists in the gallery, people in the order they first made a list: each list's
/// count, and the first [`SHOWN_PER_LIST`] of its photos in the order they were starred (deleted
/// photos left out). The rest reach the photographer as a filter or the CSV, so the tab costs the
/// same however many photos the guests starred.
pub async fn by_person(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<PersonSelects>> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let starred = Starred::of(ctx, gallery, None).await?;
    let shown: HashSet<Uuid> =
        starred.lists.iter().flat_map(|l| starred.of_list(l.id).iter().take(SHOWN_PER_LIST).copied()).collect();
    let rows = rows_of(ctx, &shown).await?;
    let mut people: Vec<PersonSelects> = Vec::new();
    for list in &starred.lists {
        let photos = starred.of_list(list.id);
        let entry = PersonList {
            id: SelectListId(list.id),
            name: list.name.clone(),
            count: photos.len() as u32,
            images: photos.iter().take(SHOWN_PER_LIST).filter_map(|id| rows.get(id)).map(card_of).collect(),
            sent_at: list.sent_at,
            sent_note: list.sent_note.clone(),
        };
        match people.iter_mut().find(|p| p.email == list.email) {
            Some(person) => person.lists.push(entry),
            None => people.push(PersonSelects { email: list.email.clone(), lists: vec![entry] }),
        }
    }
    Ok(people)
}

/// One list's file names, every one of them, as a filter for `format`.
pub async fn filter(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    list: SelectListId,
    format: ExportFormat,
) -> ServiceResult<String> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let starred = Starred::of(ctx, gallery, Some(list)).await?;
    let found = starred.lists.first().ok_or(ServiceError::NotFound)?;
    let photos = starred.of_list(found.id);
    let rows = rows_of(ctx, &photos.iter().copied().collect()).await?;
    let names: Vec<String> = photos.iter().filter_map(|id| rows.get(id)).map(|i| i.file_name.clone()).collect();
    Ok(filter_text(format, &names))
}

/// Every list of every person as CSV, every photo of each.
pub async fn csv_export(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<String> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let starred = Starred::of(ctx, gallery, None).await?;
    let all: HashSet<Uuid> = starred.photos.values().flatten().copied().collect();
    let rows = rows_of(ctx, &all).await?;
    // Person by person (in the order they first made a list), as the tab shows them.
    let mut people: Vec<&str> = Vec::new();
    for list in &starred.lists {
        if !people.contains(&list.email.as_str()) {
            people.push(&list.email);
        }
    }
    let mut lists: Vec<&select_list::Model> = starred.lists.iter().collect();
    lists.sort_by_key(|l| people.iter().position(|p| *p == l.email));
    let csv_rows: Vec<CsvRow<'_>> = lists
        .into_iter()
        .flat_map(|l| {
            let rows = &rows;
            starred.of_list(l.id).iter().filter_map(move |id| rows.get(id)).map(move |i| CsvRow {
                file_name: &i.file_name,
                list: &l.name,
                email: &l.email,
            })
        })
        .collect();
    Ok(csv(&csv_rows))
}
