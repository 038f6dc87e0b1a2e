//! The downloads log: who (email, role, link), which image, which size, when, how many bytes.

use crate::ctx::Ctx;
use crate::entities::{access_link, delivery_link, delivery_set, download};
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use chrono::{DateTime, Utc};
use domain::downloads::{DownloadRecord, Downloader};
use domain::downloads_log::{DownloadTotals, DownloadsLog, group};
use domain::ids::{GalleryId, StudioId};
use domain::policy::DownloadSize;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One file sent (a ZIP gives one per entry).
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub gallery: Uuid,
    pub image: Uuid,
    /// The photo's file name, kept with the line (the photo may be removed for good later).
    pub file_name: String,
    pub link: Option<Uuid>,
    pub who: Downloader,
    /// The address given for the download, which labels the log (not proof of who it is).
    pub email: Option<String>,
    /// The address this browser holds (its person), which engagement credits the download to: a
    /// browser that typed an address someone else holds is counted without it.
    pub person: Option<String>,
    pub size: DownloadSize,
    pub bytes: u64,
    pub in_zip: bool,
    /// Sent to the gallery's own studio (logged, but not engagement).
    pub by_owner: bool,
}

/// Records files sent at `at`.
pub async fn record(ctx: &Ctx, entries: Vec<LogEntry>, at: DateTime<Utc>) -> ServiceResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows: Vec<download::ActiveModel> = entries
        .into_iter()
        .map(|e| download::ActiveModel {
            id: Set(Uuid::now_v7()),
            gallery_id: Set(e.gallery),
            image_id: Set(e.image),
            file_name: Set(Some(e.file_name)),
            link_id: Set(e.link),
            role: Set(e.who.token().map(str::to_owned)),
            email: Set(e.email),
            size: Set(e.size.token()),
            bytes: Set(e.bytes as i64),
            in_zip: Set(e.in_zip),
            created_at: Set(at),
        })
        .collect();
    // In batches, all or none: a statement binds at most 32,766 values on SQLite (11 a row), and
    // "Download all" of a 3,000-photo wedding is one log line per photo.
    let txn = crate::db::begin(&ctx.db).await?;
    for batch in rows.chunks(LOG_ROWS_PER_INSERT) {
        download::Entity::insert_many(batch.to_vec()).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Rows written by one insert (11 bound values each).
const LOG_ROWS_PER_INSERT: usize = 1_000;

/// How long a range that does not start at the first byte counts as the resume of a download
/// already logged (a download manager resuming after a dropped connection).
const RESUME_WINDOW: chrono::Duration = chrono::Duration::hours(24);

/// Records files sent at `at` by a request that asked for a range not starting at the first byte,
/// except those it resumes: a file already logged at the same size, by the same person and link,
/// within `RESUME_WINDOW`. Every entry is looked for, not only the first: a ZIP of the whole
/// gallery asked for from byte 1 after a small one that began with the same photo resumes only
/// that photo. A download asked for from byte 1 on (every byte but the first, which every JPEG
/// and ZIP shares) is thus logged like any other. Answers the entries it recorded.
pub async fn record_unless_resumed(
    ctx: &Ctx,
    entries: Vec<LogEntry>,
    at: DateTime<Utc>,
) -> ServiceResult<Vec<LogEntry>> {
    let Some(first) = entries.first().cloned() else { return Ok(Vec::new()) };
    // An order's ZIP holds each photo in the size it was bought in: a file is its photo and size.
    let mut sizes: Vec<String> = entries.iter().map(|e| e.size.token()).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut logged: HashSet<(Uuid, String)> = HashSet::new();
    let images: Vec<Uuid> = entries.iter().map(|e| e.image).collect();
    // (In batches: a database takes only so many parameters in one query.)
    for batch in images.chunks(1_000) {
        let mut earlier = download::Entity::find()
            .select_only()
            .column(download::Column::ImageId)
            .column(download::Column::Size)
            .filter(download::Column::GalleryId.eq(first.gallery))
            .filter(download::Column::ImageId.is_in(batch.to_vec()))
            .filter(download::Column::Size.is_in(sizes.clone()))
            .filter(download::Column::InZip.eq(first.in_zip))
            .filter(download::Column::CreatedAt.gt(at - RESUME_WINDOW));
        earlier = match &first.email {
            Some(email) => earlier.filter(download::Column::Email.eq(email.clone())),
            None => earlier.filter(download::Column::Email.is_null()),
        };
        earlier = match first.link {
            Some(link) => earlier.filter(download::Column::LinkId.eq(link)),
            None => earlier.filter(download::Column::LinkId.is_null()),
        };
        logged.extend(earlier.into_tuple::<(Uuid, String)>().all(&ctx.db).await?);
    }
    let new: Vec<LogEntry> = entries.into_iter().filter(|e| !logged.contains(&(e.image, e.size.token()))).collect();
    record(ctx, new.clone(), at).await?;
    Ok(new)
}

/// How many logged files the editor lists (a wedding's ZIP of originals is ~1,000).
const LISTED_FILES: u64 = 5_000;

/// The gallery's log: downloads newest first (a ZIP is one line), and totals over everything.
pub async fn list(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<DownloadsLog> {
    load_owned(ctx, studio, gallery).await?;
    let totals = totals(ctx, gallery).await?;
    let records = records(ctx, gallery, Some(LISTED_FILES)).await?;
    let truncated = records.len() as u64 == LISTED_FILES && totals.files > LISTED_FILES;
    Ok(DownloadsLog { totals, lines: group(records), truncated })
}

/// The whole log as CSV, one row per file sent, newest first.
pub async fn csv(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<String> {
    load_owned(ctx, studio, gallery).await?;
    Ok(domain::downloads_log::csv(&records(ctx, gallery, None).await?))
}

/// The files logged for `gallery`, newest first, at most `limit`.
async fn records(ctx: &Ctx, gallery: GalleryId, limit: Option<u64>) -> ServiceResult<Vec<DownloadRecord>> {
    let rows = download::Entity::find()
        .filter(download::Column::GalleryId.eq(gallery.0))
        .order_by_desc(download::Column::CreatedAt)
        // The order files were logged in (v7 ids), so a ZIP's photos keep their packing order.
        .order_by_asc(download::Column::Id)
        .limit(limit)
        .all(&ctx.db)
        .await?;
    let labels: HashMap<Uuid, String> = access_link::Entity::find()
        .filter(access_link::Column::GalleryId.eq(gallery.0))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.label))
        .chain(delivery_labels(ctx, gallery).await?)
        .collect();
    let records = rows
        .into_iter()
        .map(|row| DownloadRecord {
            at: row.created_at,
            email: row.email,
            who: Downloader::from_token(row.role.as_deref()),
            // Neither kind of link is ever deleted (revoked, or its delivery marked deleted).
            link_label: row.link_id.and_then(|id| labels.get(&id).cloned()),
            file_name: row.file_name.unwrap_or_else(|| "(a photo since removed)".to_owned()),
            size: DownloadSize::from_token(&row.size).map_or(row.size, |s| s.label()),
            bytes: row.bytes.max(0) as u64,
            in_zip: row.in_zip,
        })
        .collect();
    Ok(records)
}

/// The delivery links of `gallery` as the log names them: "Delivery “Finals” · Anna".
async fn delivery_labels(ctx: &Ctx, gallery: GalleryId) -> ServiceResult<Vec<(Uuid, String)>> {
    let packages: HashMap<Uuid, String> = delivery_set::Entity::find()
        .filter(delivery_set::Column::GalleryId.eq(gallery.0))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(delivery_link::Entity::find()
        .filter(delivery_link::Column::GalleryId.eq(gallery.0))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|l| {
            let package = packages.get(&l.delivery_set_id).map(String::as_str).unwrap_or_default();
            (l.id, format!("Delivery “{package}” · {}", l.label))
        })
        .collect())
}

/// Counts every download of `gallery`: one query, whatever the log's length. A ZIP's files share
/// their moment, so distinct moments of ZIP lines count the ZIPs.
async fn totals(ctx: &Ctx, gallery: GalleryId) -> ServiceResult<DownloadTotals> {
    let count = |sql: &str| Expr::cust(format!("CAST({sql} AS BIGINT)"));
    let row: Option<(i64, i64, i64, i64, i64)> = download::Entity::find()
        .select_only()
        .column_as(count("COUNT(DISTINCT CASE WHEN in_zip THEN created_at END)"), "zips")
        .column_as(count("COALESCE(SUM(CASE WHEN in_zip THEN 0 ELSE 1 END), 0)"), "singles")
        .column_as(count("COUNT(*)"), "files")
        .column_as(count("COALESCE(SUM(bytes), 0)"), "bytes")
        .column_as(count("COUNT(DISTINCT email)"), "people")
        .filter(download::Column::GalleryId.eq(gallery.0))
        .into_tuple()
        .one(&ctx.db)
        .await?;
    let (zips, singles, files, bytes, people) = row.unwrap_or_default();
    let n = |v: i64| v.max(0) as u64;
    Ok(DownloadTotals { zips: n(zips), singles: n(singles), files: n(files), bytes: n(bytes), people: n(people) })
}
