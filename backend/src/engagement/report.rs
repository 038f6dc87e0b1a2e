//! A gallery's report and the studio's overview, summed from the daily rows (`activity_days`):
//! a handful of grouped queries whose cost follows the days and photos in the range, never the
//! number of events. Only the owning studio reads them (another studio: not found).

use crate::ctx::Ctx;
use crate::entities::{activity_day, gallery, image};
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use chrono::{DateTime, NaiveDate, Utc};
use domain::engagement::EventKind;
use domain::engagement::report::{
    DayRow, GalleryLine, GalleryReport, ImageRow, PersonRow, ReportRange, StudioReport, TOP_IMAGES, Totals, every_day,
};
use domain::ids::{GalleryId, ImageId, StudioId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Select};
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
    let rows = || in_range(activity_day::Entity::find().filter(activity_day::Column::GalleryId.eq(g.id)), range);
    let totals = totals(kind_sums(ctx, rows().filter(everyone())).await?);
    let days = days(ctx, rows().filter(everyone()), range).await?;
    Ok(GalleryReport {
        gallery: id,
        title: g.title,
        range,
        today: Utc::now().date_naive(),
        totals,
        days,
        images: top_images(ctx, g.id, rows(), images).await?,
        people: people(ctx, rows()).await?,
    })
}

/// The studio's overview over `range`: its totals, its days, and its galleries with activity.
pub async fn studio(ctx: &Ctx, studio: StudioId, range: ReportRange) -> ServiceResult<StudioReport> {
    let rows = || {
        in_range(activity_day::Entity::find().filter(activity_day::Column::StudioId.eq(studio.0)), range)
            .filter(everyone())
    };
    let sums: Vec<(Uuid, String, i64)> = rows()
        .select_only()
        .column(activity_day::Column::GalleryId)
        .column(activity_day::Column::Kind)
        .column_as(sum_count(), "n")
        .group_by(activity_day::Column::GalleryId)
        .group_by(activity_day::Column::Kind)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut per_gallery: HashMap<Uuid, Vec<(String, i64)>> = HashMap::new();
    for (gallery, kind, n) in sums {
        per_gallery.entry(gallery).or_default().push((kind, n));
    }
    let titles: HashMap<Uuid, String> = gallery::Entity::find()
        .filter(gallery::Column::StudioId.eq(studio.0))
        .filter(gallery::Column::Id.is_in(per_gallery.keys().copied()))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.title))
        .collect();
    let mut galleries: Vec<GalleryLine> = per_gallery
        .into_iter()
        .filter_map(|(id, sums)| {
            Some(GalleryLine { gallery: GalleryId(id), title: titles.get(&id)?.clone(), totals: totals(sums) })
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
    Ok(StudioReport {
        range,
        today: Utc::now().date_naive(),
        totals: all,
        days: days(ctx, rows(), range).await?,
        galleries,
    })
}

/// Rows of the range.
fn in_range(query: Select<activity_day::Entity>, range: ReportRange) -> Select<activity_day::Entity> {
    query
        .filter(activity_day::Column::Day.gte(ReportRange::key(range.from)))
        .filter(activity_day::Column::Day.lte(ReportRange::key(range.to)))
}

/// The gallery-wide rows (not an image's or a person's share).
fn everyone() -> sea_orm::Condition {
    sea_orm::Condition::all().add(activity_day::Column::Image.eq("")).add(activity_day::Column::Email.eq(""))
}

fn sum_count() -> sea_orm::sea_query::SimpleExpr {
    Expr::cust("CAST(SUM(count) AS BIGINT)")
}

/// Sums per kind.
async fn kind_sums(ctx: &Ctx, query: Select<activity_day::Entity>) -> ServiceResult<Vec<(String, i64)>> {
    Ok(query
        .select_only()
        .column(activity_day::Column::Kind)
        .column_as(sum_count(), "n")
        .group_by(activity_day::Column::Kind)
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

/// Totals from sums per kind.
fn totals(sums: impl IntoIterator<Item = (String, i64)>) -> Totals {
    let mut t = Totals::default();
    for (kind, n) in sums {
        let n = n.max(0) as u64;
        match EventKind::parse(&kind) {
            Some(EventKind::Visit) => t.visits += n,
            Some(EventKind::Visitor) => t.visitors += n,
            Some(EventKind::View) => t.views += n,
            Some(EventKind::Email) => t.emails += n,
            Some(EventKind::Select) => t.selects += n,
            Some(EventKind::Comment) => t.comments += n,
            Some(EventKind::Annotation) => t.annotations += n,
            Some(EventKind::Share) => t.shares += n,
            Some(EventKind::Download) => t.downloads += n,
            Some(EventKind::Zip) => t.zips += n,
            Some(EventKind::Order) => t.orders += n,
            None => {}
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

/// Visits, visitors and downloads per day, every day of the range listed.
async fn days(ctx: &Ctx, rows: Select<activity_day::Entity>, range: ReportRange) -> ServiceResult<Vec<DayRow>> {
    let kinds = [EventKind::Visit, EventKind::Visitor, EventKind::Download].map(|k| k.token());
    let sums: Vec<(String, String, i64)> = rows
        .filter(activity_day::Column::Kind.is_in(kinds))
        .select_only()
        .column(activity_day::Column::Day)
        .column(activity_day::Column::Kind)
        .column_as(sum_count(), "n")
        .group_by(activity_day::Column::Day)
        .group_by(activity_day::Column::Kind)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut known: HashMap<NaiveDate, DayRow> = HashMap::new();
    for (day, kind, n) in sums {
        let Ok(date) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
        let row = known.entry(date).or_insert(DayRow { day: date, visits: 0, visitors: 0, downloads: 0 });
        let n = n.max(0) as u64;
        match EventKind::parse(&kind) {
            Some(EventKind::Visit) => row.visits += n,
            Some(EventKind::Visitor) => row.visitors += n,
            Some(EventKind::Download) => row.downloads += n,
            _ => {}
        }
    }
    Ok(every_day(range, &known.into_values().collect::<Vec<_>>()))
}

/// The photos most viewed, selected and downloaded (selects weigh most: they are the client's
/// choice; then downloads, then views).
async fn top_images(
    ctx: &Ctx,
    gallery: Uuid,
    rows: Select<activity_day::Entity>,
    limit: Option<usize>,
) -> ServiceResult<Vec<ImageRow>> {
    let kinds = [EventKind::View, EventKind::Select, EventKind::Download].map(|k| k.token());
    let sums: Vec<(String, String, i64)> = rows
        .filter(activity_day::Column::Image.ne(""))
        .filter(activity_day::Column::Email.eq(""))
        .filter(activity_day::Column::Kind.is_in(kinds))
        .select_only()
        .column(activity_day::Column::Image)
        .column(activity_day::Column::Kind)
        .column_as(sum_count(), "n")
        .group_by(activity_day::Column::Image)
        .group_by(activity_day::Column::Kind)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut per_image: HashMap<Uuid, (u64, u64, u64)> = HashMap::new();
    for (image, kind, n) in sums {
        let Ok(id) = image.parse::<Uuid>() else { continue };
        let entry = per_image.entry(id).or_default();
        let n = n.max(0) as u64;
        match EventKind::parse(&kind) {
            Some(EventKind::View) => entry.0 += n,
            Some(EventKind::Select) => entry.1 += n,
            Some(EventKind::Download) => entry.2 += n,
            _ => {}
        }
    }
    let mut ranked: Vec<(Uuid, (u64, u64, u64))> = per_image.into_iter().collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| (b.1, b.2, b.0).cmp(&(a.1, a.2, a.0)).then(a_id.cmp(b_id)));
    ranked.truncate(limit.unwrap_or(usize::MAX));
    let names: HashMap<Uuid, String> = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery))
        .filter(image::Column::Id.is_in(ranked.iter().map(|(id, _)| *id)))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.file_name))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|(id, (views, selects, downloads))| {
            // A photo deleted since is left out.
            let file_name = names.get(&id)?.clone();
            Some(ImageRow {
                image: ImageId(id),
                file_name,
                thumb: format!("/media/{id}/480"),
                views,
                selects,
                downloads,
            })
        })
        .collect())
}

/// Everyone who gave an email, with what they did in the range, most recently seen first.
async fn people(ctx: &Ctx, rows: Select<activity_day::Entity>) -> ServiceResult<Vec<PersonRow>> {
    let sums: Vec<(String, String, i64, DateTime<Utc>)> = rows
        .filter(activity_day::Column::Email.ne(""))
        .select_only()
        .column(activity_day::Column::Email)
        .column(activity_day::Column::Kind)
        .column_as(sum_count(), "n")
        .column_as(activity_day::Column::LastAt.max(), "last_at")
        .group_by(activity_day::Column::Email)
        .group_by(activity_day::Column::Kind)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut per_person: HashMap<String, PersonRow> = HashMap::new();
    for (email, kind, n, last_at) in sums {
        let row = per_person.entry(email.clone()).or_insert(PersonRow {
            email,
            visits: 0,
            selects: 0,
            downloads: 0,
            comments: 0,
            last_seen: last_at,
        });
        row.last_seen = row.last_seen.max(last_at);
        let n = n.max(0) as u64;
        match EventKind::parse(&kind) {
            Some(EventKind::Visit) => row.visits += n,
            Some(EventKind::Select) => row.selects += n,
            Some(EventKind::Download) => row.downloads += n,
            Some(EventKind::Comment) => row.comments += n,
            _ => {}
        }
    }
    let mut people: Vec<PersonRow> = per_person.into_values().collect();
    people.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then_with(|| a.email.cmp(&b.email)));
    Ok(people)
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
