//! A ZIP of many images in one size. The policy decides the ZIP as a whole (contents, size,
//! needs, the quota for all its new images at once) and then every entry on its own; whatever an
//! entry check refuses is left out, so nothing forbidden can be inside. The archive is laid out
//! from recorded sizes and CRC-32s before the first byte (see `zip_layout`), ends with a
//! `SHA256SUMS.txt` of what it holds, and can be served from any byte offset.

use super::files::{DownloadFile, files_for, sums_of};
use super::log::LogEntry;
use super::{Stage, quota};
use crate::ctx::Ctx;
use crate::downloads::zip_layout::{ZipEntry, ZipLayout, safe_unique_names};
use crate::entities::image;
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::ready_in_display_order;
use crate::gallery::records::sets_of;
use crate::storage::StorageKey;
use crate::visitor::access::{self, Admission, Viewer};
use crate::visitor::image_facts::GalleryImageFacts;
use crate::visitor::lookup::gallery_by_slug;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use domain::downloads::Downloader;
use domain::policy::{
    Action, Decision, DownloadSize, ZipContents, counts_against_quota, decide, without_quota, zip_quota,
};
use sha2::{Digest, Sha256};

/// The name of the checksum file at the end of every archive (`sha256sum -c` reads it).
pub const CHECKSUMS_NAME: &str = "SHA256SUMS.txt";

/// Where an entry's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Stored(StorageKey),
    Memory(Bytes),
}

/// A ZIP ready to stream.
#[derive(Debug, Clone)]
pub struct ZipDownload {
    pub layout: ZipLayout,
    /// One per entry of the layout, in the same order.
    pub sources: Vec<Source>,
    /// The archive's name (`wedding-ceremony-hd.zip`).
    pub file_name: String,
    /// A strong validator: the same archive gives the same tag, so a resumed download can check
    /// it is continuing the same bytes.
    pub etag: String,
    /// One log line per image, written when the archive is sent from its first byte.
    pub log: Vec<LogEntry>,
    /// Its images counted against the free high-res quota when it is sent (where they count).
    pub claim: Option<quota::PendingClaim>,
}

/// What a visitor asked to download as a ZIP.
#[derive(Debug, Clone, Copy)]
pub struct ZipRequest<'a> {
    /// The gallery's slug.
    pub slug: &'a str,
    pub contents: ZipContents,
    pub size: DownloadSize,
}

/// A ZIP the policy allowed, before anything is counted or made.
struct Planned {
    gallery: crate::entities::gallery::Model,
    admitted: Admission,
    sets: Vec<crate::entities::set::Model>,
    /// The images inside, in gallery order.
    chosen: Vec<image::Model>,
    /// Those not yet counted against the quota, sorted.
    uncounted: Vec<uuid::Uuid>,
    /// How many of them the quota counts.
    new: u32,
    /// The images it would hold that are in the archive: the ZIP waits for their restore.
    waiting: Vec<image::Model>,
}

impl Planned {
    /// Refuses with `Needs(Restore)` while any of its images is in the archive: a ZIP never
    /// leaves out what the visitor asked for.
    fn unless_waiting(self) -> ServiceResult<Self> {
        if self.waiting.is_empty() { Ok(self) } else { Err(ServiceError::Needs(domain::policy::Need::Restore)) }
    }
}

/// Decides a ZIP: the whole (contents, size, needs, quota), then every entry.
async fn plan(ctx: &Ctx, viewer: &Viewer, request: ZipRequest<'_>, now: DateTime<Utc>) -> ServiceResult<Planned> {
    let ZipRequest { slug, contents, size, .. } = request;
    let (g, admitted) = gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::DownloadZip { size, contents })?;
    let sets = sets_of(ctx, g.id).await?;
    if let ZipContents::Set(set) = contents
        && !sets.iter().any(|s| s.id == set.0)
    {
        return Err(ServiceError::NotFound);
    }
    let known = GalleryImageFacts::load(ctx, &admitted, g.id).await?;
    let counted = known.counted();
    let selects: Vec<uuid::Uuid> = match contents {
        ZipContents::Selects => {
            crate::proofing::selects::selected_images(ctx, &admitted, g.id).await?.into_iter().map(|i| i.0).collect()
        }
        _ => Vec::new(),
    };
    let (chosen, waiting) = entries(ctx, &admitted, &sets, g.id, request, &selects, &known).await?;
    // A known-damaged original would arrive broken inside the archive: refuse, naming it.
    for found in &chosen {
        crate::storage::integrity::ensure_sendable(found, size)?;
    }
    if chosen.is_empty() && waiting.is_empty() {
        return Err(ServiceError::Forbidden(match contents {
            ZipContents::Selects => {
                "You have not starred any photos you can download yet. Star some, then download your selects."
                    .to_owned()
            }
            _ => {
                "There are no photos you can download here yet. Ask your photographer if you expected some.".to_owned()
            }
        }));
    }
    // Sorted, so two overlapping ZIPs claim in the same order (no lock-order deadlock).
    let mut uncounted: Vec<uuid::Uuid> = chosen.iter().filter(|i| !counted.contains(&i.id)).map(|i| i.id).collect();
    uncounted.sort_unstable();
    let counts = counts_against_quota(&admitted.actor, size, &admitted.facts);
    let new = if counts { uncounted.len() as u32 } else { 0 };
    // The photos waiting in the archive will count too once restored: a ZIP the quota cannot
    // hold whole is refused now, not after a restore it could never be downloaded from.
    let waiting_new = waiting.iter().filter(|i| counts && !counted.contains(&i.id)).count() as u32;
    access::into_result(zip_quota(&admitted.actor, size, new + waiting_new, &admitted.facts))?;
    Ok(Planned { gallery: g, admitted, sets, chosen, uncounted, new, waiting })
}

/// The images of a ZIP that are in the archive (empty when it can be downloaded now), with the
/// same decision as the ZIP itself otherwise.
pub async fn archived_images(
    ctx: &Ctx,
    viewer: &Viewer,
    request: ZipRequest<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<image::Model>> {
    Ok(plan(ctx, viewer, request, now).await?.waiting)
}

/// What a ZIP would hold, for the menu to say before it starts: the same decision as the ZIP
/// itself (a refusal or a need answers the same), nothing counted or made. Sizes not made yet are
/// estimated from the original's bytes per pixel.
pub async fn summary(
    ctx: &Ctx,
    viewer: &Viewer,
    request: ZipRequest<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<domain::downloads::ZipSummary> {
    let planned = plan(ctx, viewer, request, now).await?.unless_waiting()?;
    weigh(ctx, &planned.chosen, request.size).await
}

/// What a ZIP of `images` in `size` weighs: the recorded length of every file already made, an
/// estimate from the original's bytes per pixel for the others (then not `exact`).
pub async fn weigh(
    ctx: &Ctx,
    images: &[image::Model],
    size: DownloadSize,
) -> ServiceResult<domain::downloads::ZipSummary> {
    let made: std::collections::HashMap<uuid::Uuid, i64> = if size == DownloadSize::Original {
        std::collections::HashMap::new()
    } else {
        let ids: Vec<uuid::Uuid> = images.iter().map(|i| i.id).collect();
        let mut found = std::collections::HashMap::new();
        // Bounded statements, whatever the gallery's size.
        for chunk in ids.chunks(500) {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let rows = crate::entities::image_file::Entity::find()
                .filter(crate::entities::image_file::Column::ImageId.is_in(chunk.to_vec()))
                .filter(crate::entities::image_file::Column::Variant.eq(size.token()))
                .all(&ctx.db)
                .await?;
            found.extend(rows.into_iter().map(|r| (r.image_id, r.byte_size)));
        }
        found
    };
    let mut exact = true;
    let mut bytes = 0_u64;
    for found in images {
        bytes += match (size, made.get(&found.id)) {
            (DownloadSize::Original, _) => found.byte_size.max(0) as u64,
            (_, Some(&length)) => length.max(0) as u64,
            (_, None) => {
                exact = false;
                estimate(found, size)
            }
        };
    }
    Ok(domain::downloads::ZipSummary { photos: images.len() as u32, bytes, exact })
}

/// A size's bytes before it is made: the original's bytes per pixel, over the fewer pixels (never
/// more than the original).
fn estimate(found: &image::Model, size: DownloadSize) -> u64 {
    let (width, height) = (found.width.max(1) as u32, found.height.max(1) as u32);
    let (w, h) = size.fit().map_or((width, height), |fit| domain::rendition::fit_dims(width, height, fit));
    let share = (f64::from(w) * f64::from(h)) / (f64::from(width) * f64::from(height));
    (found.byte_size.max(0) as f64 * share.min(1.0)) as u64
}

/// Decides a ZIP, at `stage`: at [`Stage::Send`] its files are made if needed, and its new
/// high-res images given to count against the quota (all or none) as it is sent (`None` only at
/// [`Stage::Check`]).
pub async fn zip(
    ctx: &Ctx,
    viewer: &Viewer,
    request: ZipRequest<'_>,
    now: DateTime<Utc>,
    stage: Stage,
) -> ServiceResult<Option<ZipDownload>> {
    let ZipRequest { contents, size, .. } = request;
    let Planned { gallery: g, admitted, sets, chosen, uncounted, new, .. } =
        plan(ctx, viewer, request, now).await?.unless_waiting()?;
    let claim = match new {
        0 => None,
        _ => quota::PendingClaim::of(&admitted, g.id, uncounted, size),
    };
    if stage == Stage::Check && claim.is_none() {
        return Ok(None);
    }
    // The files first: a size that cannot be made must not cost free downloads.
    let files = files_for(ctx, &chosen, size).await?;
    if stage == Stage::Check {
        if let Some(claim) = claim {
            claim.settle(ctx).await?;
        }
        return Ok(None);
    }
    let name_prefix = match contents {
        ZipContents::All => "all".to_owned(),
        ZipContents::Selects => "selects".to_owned(),
        ZipContents::Set(set) => {
            sets.iter().find(|s| s.id == set.0).map_or_else(|| "set".to_owned(), |s| s.name.clone())
        }
    };
    let file_name = format!("{}-{}-{}.zip", g.slug, name_prefix, size.token());
    let file_name = safe_unique_names([file_name.as_str()]).pop().unwrap_or(file_name);
    Ok(Some(ZipDownload { claim, ..assemble(&admitted, g.id, &chosen, files, size, file_name) }))
}

/// The images of the ZIP, in gallery order, each allowed by the policy on its own; then those the
/// policy would allow once restored from the archive.
async fn entries(
    ctx: &Ctx,
    admitted: &Admission,
    sets: &[crate::entities::set::Model],
    gallery: uuid::Uuid,
    request: ZipRequest<'_>,
    selects: &[uuid::Uuid],
    known: &GalleryImageFacts,
) -> ServiceResult<(Vec<image::Model>, Vec<image::Model>)> {
    let ZipRequest { contents, size, .. } = request;
    // The order of the gallery page.
    let ordered = ready_in_display_order(ctx, gallery, sets).await?;
    let facts = without_quota(&admitted.facts);
    let (mut allowed, mut waiting) = (Vec::new(), Vec::new());
    for found in ordered.into_iter().filter(|i| match contents {
        ZipContents::All => true,
        ZipContents::Set(set) => i.set_id == Some(set.0),
        ZipContents::Selects => selects.contains(&i.id),
    }) {
        match decide(&admitted.actor, Action::Download { size, image: known.of(&found) }, &facts) {
            Decision::Allow => allowed.push(found),
            Decision::Needs(domain::policy::Need::Restore) => waiting.push(found),
            _ => {}
        }
    }
    Ok((allowed, waiting))
}

fn assemble(
    admitted: &Admission,
    gallery: uuid::Uuid,
    chosen: &[image::Model],
    files: Vec<DownloadFile>,
    size: DownloadSize,
    file_name: String,
) -> ZipDownload {
    let log = chosen
        .iter()
        .zip(&files)
        .map(|(found, file)| LogEntry {
            gallery,
            image: found.id,
            file_name: found.file_name.clone(),
            link: admitted.link.as_ref().map(|l| l.id),
            who: Downloader::of_role(admitted.role()),
            email: admitted.visit.email.clone(),
            person: admitted.visit.person().map(str::to_owned),
            size,
            bytes: file.size,
            in_zip: true,
            by_owner: admitted.is_owner(),
        })
        .collect();
    let packed = chosen.iter().zip(files).map(|(found, file)| Packed { file, modified: found.created_at.naive_utc() });
    pack(packed.collect(), Vec::new(), file_name, log)
}

/// One stored file of an archive: saved under its own name (made unique within the archive).
#[derive(Debug, Clone)]
pub struct Packed {
    pub file: DownloadFile,
    pub modified: chrono::NaiveDateTime,
}

/// The entry names `pack` gives, in the order they are handed out (not the archive's order): the
/// checksum file's, then the extras', then the files'. The first two are reserved first, so a
/// photo uploaded under one of them gets " (2)" and never two entries share a name; the files'
/// names are `names[1 + extras.len()..]`.
pub fn entry_names(files: &[Packed], extras: &[&str]) -> Vec<String> {
    safe_unique_names(
        [CHECKSUMS_NAME].into_iter().chain(extras.iter().copied()).chain(files.iter().map(|f| f.file.name.as_str())),
    )
}

/// Lays out an archive of `files`, then `extras` (made files, such as a licence), then the
/// checksum file of everything before it.
pub fn pack(files: Vec<Packed>, extras: Vec<(String, Bytes)>, file_name: String, log: Vec<LogEntry>) -> ZipDownload {
    let reserved = 1 + extras.len();
    let extra_names: Vec<&str> = extras.iter().map(|(name, _)| name.as_str()).collect();
    let names = entry_names(&files, &extra_names);
    let mut sums = String::new();
    let mut entries = Vec::with_capacity(files.len() + reserved);
    let mut sources = Vec::with_capacity(files.len() + reserved);
    let mut latest = chrono::NaiveDateTime::default();
    for (packed, name) in files.iter().zip(&names[reserved..]) {
        sums.push_str(&format!("{}  {}\n", packed.file.sha256, name));
        latest = latest.max(packed.modified);
        entries.push(ZipEntry {
            name: name.clone(),
            size: packed.file.size,
            crc32: packed.file.crc32,
            modified: packed.modified,
        });
        sources.push(Source::Stored(packed.file.key));
    }
    for ((_, bytes), name) in extras.into_iter().zip(&names[1..reserved]) {
        let (length, crc32, sha256) = sums_of(&bytes);
        sums.push_str(&format!("{sha256}  {name}\n"));
        entries.push(ZipEntry { name: name.clone(), size: length, crc32, modified: latest });
        sources.push(Source::Memory(bytes));
    }
    let sums = Bytes::from(sums);
    let (length, crc32, _) = sums_of(&sums);
    entries.push(ZipEntry { name: CHECKSUMS_NAME.to_owned(), size: length, crc32, modified: latest });
    sources.push(Source::Memory(sums));
    let mut tag = Sha256::new();
    for entry in &entries {
        tag.update(format!("{}\0{}\0{}\0{}\n", entry.name, entry.size, entry.crc32, entry.modified).as_bytes());
    }
    let etag = format!("\"zip-{}\"", &hex::encode(tag.finalize())[..32]);
    ZipDownload { layout: ZipLayout::new(entries), sources, file_name, etag, log, claim: None }
}
