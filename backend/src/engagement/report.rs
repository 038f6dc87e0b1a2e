//! A gallery's report and the studio's overview, read from the running counts
//! (`engagement::counts`): a few queries whose cost follows the photos and people with activity,
//! never the number of events nor the length of the range. Only the owning studio reads them
//! (another studio: not found).

use super::counts::{self, Count};
use crate::ctx::Ctx;
use crate::entities::{activity_total, gallery, image};
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use crate::studio::days;
use chrono::NaiveDate;
use domain::engagement::EventKind;
use domain::engagement::report::{
    DayRow, GalleryLine, GalleryReport, ImageRow, PersonRow, ReportRange, StudioReport, TOP_IMAGES, Totals, every_day,
};
use domain::ids::{GalleryId, ImageId, StudioId};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The report of `gallery` over `range`.
pub async fn gallery(ctx: &Ctx, studio: StudioId, id: GalleryId, range: ReportRange) -> ServiceResult<GalleryReport> {
    gallery_with(ctx, studio, id, range, Some(TOP_IMAGES)).await
}

/// The report, listing `images` photos at most (`None`: every photo with activity).
async fn gallery_with(
    ctx: &Ctx,
    studio: StudioId,
    id: GalleryId,
    range: ReportRange,
    images: Option<usize>,
) -> ServiceResult<GalleryReport> {
    let g = load_owned(ctx, studio, id).await?;
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let of_gallery = || Condition::all().add(activity_total::Column::GalleryId.eq(g.id));
    let everyone = counts::over(&ctx.db, of_gallery().add(everyone()), range).await?;
    let image_kinds = [EventKind::View, EventKind::Select, EventKind::Download];
    let per_image = of_gallery()
        .add(activity_total::Column::Image.ne(""))
        .add(activity_total::Column::Email.eq(""))
        .add(activity_total::Column::Kind.is_in(image_kinds.map(|k| k.token())));
    // Every kind a person did counts towards when they were last seen.
    let per_person = of_gallery().add(activity_total::Column::Email.ne(""));
    Ok(GalleryReport {
        gallery: id,
        title: g.title,
        range,
        today: days::day_in(zone, chrono::Utc::now()),
        time_zone: zone.name().to_owned(),
        totals: totals(&everyone),
        days: days(ctx, &[g.id], range).await?,
        images: top_images(ctx, g.id, counts::over(&ctx.db, per_image, range).await?, images).await?,
        people: people(counts::over(&ctx.db, per_person, range).await?),
    })
}

/// The studio's overview over `range`: its totals, its days, and its galleries with activity.
pub async fn studio(ctx: &Ctx, studio: StudioId, range: ReportRange) -> ServiceResult<StudioReport> {
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    let keys = Condition::all().add(activity_total::Column::StudioId.eq(studio.0)).add(everyone());
    let mut per_gallery: HashMap<Uuid, Vec<Count>> = HashMap::new();
    for count in counts::over(&ctx.db, keys, range).await? {
        per_gallery.entry(count.key.gallery).or_default().push(count);
    }
    // A deleted gallery has no line (its report cannot be opened), so it is not in the totals,
    // which add the lines up.
    let titles: HashMap<Uuid, String> = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::Id.is_in(per_gallery.keys().copied()))
        .filter(gallery::Column::DeletedAt.is_null())
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.title))
        .collect();
    let mut galleries: Vec<GalleryLine> = per_gallery
        .iter()
        .filter_map(|(id, counts)| {
            Some(GalleryLine { gallery: GalleryId(*id), title: titles.get(id)?.clone(), totals: totals(counts) })
        })
        .collect();
    galleries.sort_by(|a, b| {
        (b.totals.visits + b.totals.downloads)
            .cmp(&(a.totals.visits + a.totals.downloads))
            .then_with(|| a.title.cmp(&b.title))
    });
    let mut all = Totals::default();
    for line in &galleries {
        add(&mut all, &line.totals);
    }
    let ids: Vec<Uuid> = galleries.iter().map(|line| line.gallery.0).collect();
    Ok(StudioReport {
        range,
        today: days::day_in(zone, chrono::Utc::now()),
        time_zone: zone.name().to_owned(),
        totals: all,
        days: days(ctx, &ids, range).await?,
        galleries,
    })
}

/// The gallery-wide keys (not an image's or a person's share).
fn everyone() -> Condition {
    Condition::all().add(activity_total::Column::Image.eq("")).add(activity_total::Column::Email.eq(""))
}

/// Totals from the gallery-wide counts.
fn totals(counts: &[Count]) -> Totals {
    let mut t = Totals::default();
    for count in counts {
        let n = count.count.max(0) as u64;
        match count.key.kind {
            EventKind::Visit => t.visits += n,
            EventKind::Visitor => t.visitors += n,
            EventKind::View => t.views += n,
            EventKind::Email => t.emails += n,
            EventKind::Select => t.selects += n,
            EventKind::Comment => t.comments += n,
            EventKind::Annotation => t.annotations += n,
            EventKind::Share => t.shares += n,
            EventKind::Download => t.downloads += n,
            EventKind::Zip => t.zips += n,
            EventKind::Order => t.orders += n,
        }
    }
    t
}

fn add(to: &mut Totals, more: &Totals) {
    to.visits += more.visits;
    to.visitors += more.visitors;
    to.views += more.views;
    to.emails += more.emails;
    to.selects += more.selects;
    to.comments += more.comments;
    to.annotations += more.annotations;
    to.shares += more.shares;
    to.downloads += more.downloads;
    to.zips += more.zips;
    to.orders += more.orders;
}

/// Visits, visitors and downloads per day in `galleries`, every day of the range listed.
async fn days(ctx: &Ctx, galleries: &[Uuid], range: ReportRange) -> ServiceResult<Vec<DayRow>> {
    let kinds = [EventKind::Visit, EventKind::Visitor, EventKind::Download];
    let mut known: HashMap<NaiveDate, DayRow> = HashMap::new();
    for (key, day, n) in counts::per_day(&ctx.db, galleries, &kinds, range).await? {
        let row = known.entry(day).or_insert(DayRow { day, visits: 0, visitors: 0, downloads: 0 });
        let n = n.max(0) as u64;
        match key.kind {
            EventKind::Visit => row.visits += n,
            EventKind::Visitor => row.visitors += n,
            EventKind::Download => row.downloads += n,
            _ => {}
        }
    }
    Ok(every_day(range, &known.into_values().collect::<Vec<_>>()))
}

/// Photos whose names one query reads (well under every database's limit of bound values).
const NAMES_PER_READ: usize = 500;

/// The photos most viewed, selected and downloaded (selects weigh most: they are the client's
/// choice; then downloads, then views).
async fn top_images(
    ctx: &Ctx,
    gallery: Uuid,
    counts: Vec<Count>,
    limit: Option<usize>,
) -> ServiceResult<Vec<ImageRow>> {
    let mut per_image: HashMap<Uuid, (u64, u64, u64)> = HashMap::new();
    for count in counts {
        let Ok(id) = count.key.image.parse::<Uuid>() else { continue };
        let entry = per_image.entry(id).or_default();
        let n = count.count.max(0) as u64;
        match count.key.kind {
            EventKind::View => entry.0 += n,
            EventKind::Select => entry.1 += n,
            EventKind::Download => entry.2 += n,
            _ => {}
        }
    }
    let mut ranked: Vec<(Uuid, (u64, u64, u64))> = per_image.into_iter().collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| (b.1, b.2, b.0).cmp(&(a.1, a.2, a.0)).then(a_id.cmp(b_id)));
    // Names are read a batch at a time in rank order, and photos removed for good since are
    // skipped before counting to `limit`: the report lists `limit` photos whenever that many
    // with activity remain.
    let limit = limit.unwrap_or(usize::MAX);
    let mut rows = Vec::new();
    for batch in ranked.chunks(NAMES_PER_READ) {
        if rows.len() >= limit {
            break;
        }
        let names: HashMap<Uuid, String> = image::Entity::find()
            .filter(image::Column::GalleryId.eq(gallery))
            .filter(image::Column::Id.is_in(batch.iter().map(|(id, _)| *id)))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.file_name))
            .collect();
        let room = limit - rows.len();
        rows.extend(
            batch
                .iter()
                .filter_map(|(id, (views, selects, downloads))| {
                    let file_name = names.get(id)?.clone();
                    Some(ImageRow {
                        image: ImageId(*id),
                        file_name,
                        thumb: format!("/media/{id}/480"),
                        views: *views,
                        selects: *selects,
                        downloads: *downloads,
                    })
                })
                .take(room),
        );
    }
    Ok(rows)
}

/// Everyone who gave an email, with what they did in the range, most recently seen first.
fn people(counts: Vec<Count>) -> Vec<PersonRow> {
    let mut per_person: HashMap<String, PersonRow> = HashMap::new();
    for count in counts {
        let Some(last_at) = count.last_at else { continue };
        let row = per_person.entry(count.key.email.clone()).or_insert(PersonRow {
            email: count.key.email,
            visits: 0,
            selects: 0,
            downloads: 0,
            comments: 0,
            annotations: 0,
            last_seen: last_at,
        });
        row.last_seen = row.last_seen.max(last_at);
        let n = count.count.max(0) as u64;
        match count.key.kind {
            EventKind::Visit => row.visits += n,
            EventKind::Select => row.selects += n,
            EventKind::Download => row.downloads += n,
            EventKind::Comment => row.comments += n,
            EventKind::Annotation => row.annotations += n,
            _ => {}
        }
    }
    let mut people: Vec<PersonRow> = per_person.into_values().collect();
    people.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then_with(|| a.email.cmp(&b.email)));
    people
}

/// Which table of a report a CSV holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Days,
    Images,
    People,
    Galleries,
}

impl Table {
    pub fn parse(name: &str) -> Option<Table> {
        match name {
            "days.csv" => Some(Table::Days),
            "images.csv" => Some(Table::Images),
            "people.csv" => Some(Table::People),
            "galleries.csv" => Some(Table::Galleries),
            _ => None,
        }
    }
}

/// A table of a gallery's report as CSV (every photo with activity for `Images`, not only the
/// top ones).
pub async fn gallery_csv(
    ctx: &Ctx,
    studio: StudioId,
    id: GalleryId,
    range: ReportRange,
    table: Table,
) -> ServiceResult<String> {
    use domain::engagement::csv;
    let report = gallery_with(ctx, studio, id, range, None).await?;
    Ok(match table {
        Table::Days => csv::days(&report.days),
        Table::People => csv::people(&report.people),
        Table::Images => csv::images(&report.images),
        Table::Galleries => return Err(crate::error::ServiceError::NotFound),
    })
}

/// A table of the studio's overview as CSV.
pub async fn studio_csv(ctx: &Ctx, studio_id: StudioId, range: ReportRange, table: Table) -> ServiceResult<String> {
    use domain::engagement::csv;
    let report = studio(ctx, studio_id, range).await?;
    Ok(match table {
        Table::Days => csv::days(&report.days),
        Table::Galleries => csv::galleries(&report.galleries),
        Table::Images | Table::People => return Err(crate::error::ServiceError::NotFound),
    })
}
