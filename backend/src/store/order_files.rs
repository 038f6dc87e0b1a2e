//! What a buyer downloads from their order page: each bought photo in exactly the size its
//! licence grants, and all of them in one ZIP with the licence terms. The order's secret link is
//! the buyer's identity here (`Actor::Buyer`); the policy allows only paid lines, so a cancelled
//! or refunded order opens nothing from the next request on. Every file is logged under the
//! buyer's email.

use super::order_records::{lines_of, status_of};
use super::orders::by_token;
use super::purchases::Purchases;
use crate::ctx::Ctx;
use crate::downloads::files::{DownloadFile, file_for, files_for};
use crate::downloads::log::LogEntry;
use crate::downloads::single::SingleDownload;
use crate::downloads::zip::{Packed, ZipDownload, entry_names, pack};
use crate::entities::{gallery, image, order, order_image, order_line, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::live_images_ordered;
use crate::storage::StorageKey;
use crate::visitor::access::{self, Admission, Viewer, Visit};
use crate::visitor::image_facts::GalleryImageFacts;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use domain::downloads::Downloader;
use domain::ids::ImageId;
use domain::policy::{Action, Actor, DownloadSize, Need, Preview, preview};
use domain::rendition::RenditionSize;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// The name of the licence terms inside an order's ZIP.
pub const LICENCE_NAME: &str = "LICENCE.txt";

/// The order behind `token` and the buyer's standing in its gallery.
async fn buyer(
    ctx: &Ctx,
    token: &str,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<(order::Model, gallery::Model, Admission)> {
    buyer_of(ctx, by_token(ctx, token, viewer.client, now).await?, viewer, now).await
}

/// The buyer's standing in the gallery of `found`.
async fn buyer_of(
    ctx: &Ctx,
    found: order::Model,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<(order::Model, gallery::Model, Admission)> {
    let g = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let mut facts = access::facts_for(ctx, &g, now).await?;
    // A download another site started is refused here as in the gallery (the policy's rule).
    facts.request.cross_site = viewer.cross_site;
    let purchases = if status_of(&found).grants() {
        Purchases::of_paid(ctx, found.gallery_id, &[found.id]).await?
    } else {
        Purchases::default()
    };
    let visit =
        Visit { email: Some(found.buyer_email.clone()), name: Some(found.buyer_name.clone()), ..Visit::default() };
    let admitted = Admission { actor: Actor::Buyer, facts, link: None, visit, purchases };
    Ok((found, g, admitted))
}

/// An image of the order's gallery with its facts as the buyer sees them.
async fn image_of(
    ctx: &Ctx,
    g: &gallery::Model,
    admitted: &Admission,
    id: ImageId,
) -> ServiceResult<(image::Model, domain::policy::ImageFacts)> {
    let found = image::Entity::find_by_id(id.0)
        .one(&ctx.db)
        .await?
        .filter(|i| i.gallery_id == g.id)
        .ok_or(ServiceError::NotFound)?;
    let facts = GalleryImageFacts::load_one(ctx, admitted, &found).await?.of(&found);
    Ok((found, facts))
}

/// One bought file.
pub async fn file(
    ctx: &Ctx,
    token: &str,
    id: ImageId,
    size: DownloadSize,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<SingleDownload> {
    let (found_order, g, admitted) = buyer(ctx, token, viewer, now).await?;
    let (found, facts) = image_of(ctx, &g, &admitted, id).await?;
    admitted.check(Action::Download { size, image: facts })?;
    crate::storage::integrity::ensure_sendable(&found, size)?;
    let file = file_for(ctx, &found, size).await?;
    let log = log_entry(&found_order, &found, size, file.size, false);
    Ok(SingleDownload { file, log, claim: None })
}

/// The small preview the order page shows of a photo of the order: clean once its licence is
/// paid, watermarked before.
pub async fn thumb(
    ctx: &Ctx,
    token: &str,
    id: ImageId,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<StorageKey> {
    let (found_order, g, admitted) = buyer(ctx, token, viewer, now).await?;
    // Only the photos the page shows: a line of one photo (a whole-gallery line shows none, and
    // must not open every photo of the gallery by id).
    let in_order = lines_of(ctx, found_order.id).await?.iter().any(|l| l.image_id == Some(id.0));
    if !in_order {
        return Err(ServiceError::NotFound);
    }
    let (_, facts) = image_of(ctx, &g, &admitted, id).await?;
    let size = RenditionSize::Grid480;
    match preview(&admitted.actor, size, facts, &admitted.facts) {
        Some(Preview::Clean) => Ok(StorageKey::Rendition(id, size)),
        Some(Preview::Watermarked) => Ok(StorageKey::Watermarked(id, size)),
        None => Err(ServiceError::NotFound),
    }
}

/// Every bought file of a paid order in one ZIP, each photo in each size it was bought in, with
/// the licence terms.
pub async fn zip(ctx: &Ctx, token: &str, viewer: &Viewer, now: DateTime<Utc>) -> ServiceResult<ZipDownload> {
    zip_of(ctx, by_token(ctx, token, viewer.client, now).await?, viewer, now).await
}

/// The ZIP of the order `found` (reached by its link, or by a restore's emailed link).
pub async fn zip_of(ctx: &Ctx, found: order::Model, viewer: &Viewer, now: DateTime<Utc>) -> ServiceResult<ZipDownload> {
    let (found_order, g, admitted) = buyer_of(ctx, found, viewer, now).await?;
    if !status_of(&found_order).grants() {
        return Err(ServiceError::Forbidden("This order is not paid yet: its downloads open once it is.".to_owned()));
    }
    let (lines, wanted) = bought_files(ctx, &found_order, &g).await?;
    let (rows, facts) = images_of(ctx, &g, &admitted, &wanted).await?;
    let mut chosen: Vec<(&image::Model, DownloadSize)> = Vec::with_capacity(wanted.len());
    for (id, size) in &wanted {
        let Some(found) = rows.get(id) else { continue };
        // Whatever the policy refuses is left out; a file in long-term
        // storage stops the whole ZIP, since it must be restored first.
        match admitted.check(Action::Download { size: *size, image: facts.of(found) }) {
            Ok(()) => {}
            Err(ServiceError::Needs(need)) => return Err(ServiceError::Needs(need)),
            Err(_) => continue,
        }
        // A damaged original stops the ZIP with its sentence, as in every other ZIP (sent, it
        // would break the transfer partway at its checksum).
        crate::storage::integrity::ensure_sendable(found, *size)?;
        chosen.push((found, *size));
    }
    // The files' records, size by size, a few queries for thousands of photos.
    let mut files: HashMap<(uuid::Uuid, DownloadSize), DownloadFile> = HashMap::new();
    let sizes: Vec<DownloadSize> = chosen.iter().map(|(_, size)| *size).collect::<HashSet<_>>().into_iter().collect();
    for size in sizes {
        let of_size: Vec<image::Model> = chosen.iter().filter(|(_, s)| *s == size).map(|(i, _)| (*i).clone()).collect();
        let made = files_for(ctx, &of_size, size).await?;
        files.extend(of_size.iter().map(|i| (i.id, size)).zip(made));
    }
    let mut packed = Vec::with_capacity(chosen.len());
    let mut packed_ids = Vec::with_capacity(chosen.len());
    let mut log = Vec::with_capacity(chosen.len());
    for (found, size) in chosen {
        let Some(file) = files.remove(&(found.id, size)) else { continue };
        log.push(log_entry(&found_order, found, size, file.size, true));
        packed.push(Packed { file, modified: found.created_at.naive_utc() });
        packed_ids.push((found.id, size));
    }
    if packed.is_empty() {
        return Err(ServiceError::Forbidden(
            "None of this order's photos can be downloaded any more. Ask the photographer.".to_owned(),
        ));
    }
    let owner =
        crate::entities::studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    // The licence terms name every photo a whole-gallery licence covers, those since deleted too
    // (as a photo's own licence names it).
    let covered = if lines.iter().any(|l| l.image_id.is_none()) {
        covered_by(ctx, &found_order).await?.into_iter().map(|c| (c.image_id, c.file_name)).collect()
    } else {
        Vec::new()
    };
    // The licence names each file as the ZIP holds it ("IMG_1 (2).jpg" beside another
    // "IMG_1.jpg"), so the buyer can tell which file each licence covers.
    let extras = [LICENCE_NAME];
    let names = entry_names(&packed, &extras);
    let in_zip: HashMap<(uuid::Uuid, DownloadSize), &str> =
        packed_ids.iter().copied().zip(names[1 + extras.len()..].iter().map(String::as_str)).collect();
    let licence = Bytes::from(licence_text(&found_order, &g, &owner, &lines, &covered, &in_zip));
    let file_name = format!("{}-order-{}.zip", g.slug, found_order.number.to_ascii_lowercase());
    Ok(pack(packed, vec![(LICENCE_NAME.to_owned(), licence)], file_name, log))
}

/// The rows of the photos of `wanted` in `g`, read a few hundred at a time, by id, and their facts
/// as the buyer sees them (the gallery's quota claims read once): a whole-gallery licence of
/// thousands of photos is a few queries, not several a photo.
async fn images_of(
    ctx: &Ctx,
    g: &gallery::Model,
    admitted: &Admission,
    wanted: &[(uuid::Uuid, DownloadSize)],
) -> ServiceResult<(HashMap<uuid::Uuid, image::Model>, GalleryImageFacts)> {
    let ids: Vec<uuid::Uuid> = wanted.iter().map(|(id, _)| *id).collect::<HashSet<_>>().into_iter().collect();
    let mut rows = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let found = image::Entity::find()
            .filter(image::Column::GalleryId.eq(g.id))
            .filter(image::Column::Id.is_in(chunk.iter().copied()))
            .all(&ctx.db)
            .await?;
        rows.extend(found.into_iter().map(|i| (i.id, i)));
    }
    let facts = GalleryImageFacts::load(ctx, admitted, g.id).await?;
    Ok((rows, facts))
}

/// The order's lines, and every file they bought: a bundle line is every photo it covers (those
/// the gallery shows in its order, then those deleted since).
async fn bought_files(
    ctx: &Ctx,
    found: &order::Model,
    g: &gallery::Model,
) -> ServiceResult<(Vec<order_line::Model>, Vec<(uuid::Uuid, DownloadSize)>)> {
    let lines = lines_of(ctx, found.id).await?;
    let mut wanted: Vec<(uuid::Uuid, DownloadSize)> = Vec::new();
    let mut seen: HashSet<(uuid::Uuid, DownloadSize)> = HashSet::new();
    let mut covered: Option<Vec<uuid::Uuid>> = None;
    for line in &lines {
        let Some(size) = DownloadSize::from_token(&line.size) else { continue };
        let images: Vec<uuid::Uuid> = match line.image_id {
            Some(id) => vec![id],
            None => match &covered {
                Some(ids) => ids.clone(),
                None => covered.insert(covered_photos(ctx, found, g).await?).clone(),
            },
        };
        for id in images {
            if seen.insert((id, size)) {
                wanted.push((id, size));
            }
        }
    }
    Ok((lines, wanted))
}

/// The photos of `g` the whole-gallery licences of `found` cover: those the gallery shows, in its
/// order, then those deleted from it since (bought, they stay the buyer's), as the buyer saw them.
async fn covered_photos(ctx: &Ctx, found: &order::Model, g: &gallery::Model) -> ServiceResult<Vec<uuid::Uuid>> {
    let covers: Vec<uuid::Uuid> = covered_by(ctx, found).await?.into_iter().map(|c| c.image_id).collect();
    let wanted: HashSet<uuid::Uuid> = covers.iter().copied().collect();
    let mut photos: Vec<uuid::Uuid> =
        live_images_ordered(ctx, g.id).await?.into_iter().map(|i| i.id).filter(|id| wanted.contains(id)).collect();
    let shown: HashSet<uuid::Uuid> = photos.iter().copied().collect();
    photos.extend(covers.into_iter().filter(|id| !shown.contains(id)));
    Ok(photos)
}

/// Every photo the whole-gallery licences of `found` cover (deleted ones too), in the order the
/// buyer saw them.
async fn covered_by(ctx: &Ctx, found: &order::Model) -> ServiceResult<Vec<order_image::Model>> {
    Ok(order_image::Entity::find()
        .filter(order_image::Column::OrderId.eq(found.id))
        .order_by_asc(order_image::Column::Position)
        .order_by_asc(order_image::Column::ImageId)
        .all(&ctx.db)
        .await?)
}

/// The photos of a paid order whose bought files wait in long-term storage, for its buyer
/// (`token`); and the order.
pub async fn archived_bought(
    ctx: &Ctx,
    token: &str,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<(order::Model, gallery::Model, Vec<image::Model>)> {
    let (found_order, g, admitted) = buyer(ctx, token, viewer, now).await?;
    if !status_of(&found_order).grants() {
        return Err(ServiceError::Forbidden("This order is not paid yet: its downloads open once it is.".to_owned()));
    }
    let (_, wanted) = bought_files(ctx, &found_order, &g).await?;
    let (rows, facts) = images_of(ctx, &g, &admitted, &wanted).await?;
    let mut waiting: Vec<image::Model> = Vec::new();
    let mut listed: HashSet<uuid::Uuid> = HashSet::new();
    for (id, size) in wanted {
        let Some(found) = rows.get(&id) else { continue };
        let download = Action::Download { size, image: facts.of(found) };
        let needs_restore = matches!(admitted.check(download), Err(ServiceError::Needs(Need::Restore)));
        if needs_restore && listed.insert(found.id) {
            waiting.push(found.clone());
        }
    }
    Ok((found_order, g, waiting))
}

fn log_entry(o: &order::Model, image: &image::Model, size: DownloadSize, bytes: u64, in_zip: bool) -> LogEntry {
    LogEntry {
        gallery: o.gallery_id,
        image: image.id,
        file_name: image.file_name.clone(),
        link: None,
        who: Downloader::Buyer,
        email: Some(o.buyer_email.clone()),
        // The buyer, who holds the order.
        person: Some(o.buyer_email.clone()),
        size,
        bytes,
        in_zip,
        by_owner: false,
    }
}

/// The licence terms of an order, as the photographer wrote each licence's description.
fn licence_text(
    o: &order::Model,
    g: &gallery::Model,
    owner: &studio::Model,
    lines: &[order_line::Model],
    covered: &[(uuid::Uuid, String)],
    in_zip: &HashMap<(uuid::Uuid, DownloadSize), &str>,
) -> String {
    let mut text = format!(
        "Licences bought from {studio}\r\nOrder {number}, placed {placed} by {buyer} <{email}>\r\nGallery: {gallery}\r\n\r\n",
        studio = owner.name,
        number = o.number,
        placed = o.created_at.format("%Y-%m-%d"),
        buyer = o.buyer_name,
        email = o.buyer_email,
        gallery = g.title,
    );
    let mut products: Vec<(&str, &str, &str)> = Vec::new();
    for line in lines {
        let key = (line.product_name.as_str(), line.product_description.as_str(), line.size.as_str());
        if !products.contains(&key) {
            products.push(key);
        }
    }
    for (name, description, token) in products {
        let size = DownloadSize::from_token(token);
        let label = size.map(|s| s.label()).unwrap_or_default();
        // The name in the ZIP, or the photo's own (a photo since deleted is named all the same).
        let named = |image: uuid::Uuid, file_name: &'_ str| -> String {
            size.and_then(|size| in_zip.get(&(image, size))).map_or_else(|| file_name.to_owned(), |n| (*n).to_owned())
        };
        text.push_str(&format!("{name} ({label})\r\n"));
        if !description.trim().is_empty() {
            text.push_str(&format!("{}\r\n", description.trim().replace('\n', "\r\n")));
        }
        text.push_str("Photos:\r\n");
        for line in lines.iter().filter(|l| l.product_name == name && l.size == token) {
            match line.image_id {
                Some(image) => text.push_str(&format!("  - {}\r\n", named(image, &line.file_name))),
                // A whole-gallery licence covers the photos its buyer could see when ordering:
                // named, so the buyer can show what they bought.
                None => {
                    text.push_str(&format!("  - {}\r\n", line.file_name));
                    for (image, file_name) in covered {
                        text.push_str(&format!("    - {}\r\n", named(*image, file_name)));
                    }
                }
            }
        }
        text.push_str("\r\n");
    }
    text.push_str(&format!(
        "Copyright in every photo stays with {}. These licences are for the buyer named above only.\r\n",
        owner.name
    ));
    text
}
