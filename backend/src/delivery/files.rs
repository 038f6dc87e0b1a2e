//! What a recipient's link reaches: the delivery page, the package's previews, each photo in the
//! package's sizes, and the whole package as one streaming ZIP. Each asks the policy with the
//! recipient's standing (`recipient`); every file sent is logged under the link.

use super::recipient::{Recipient, recipient};
use crate::ctx::Ctx;
use crate::downloads::files::file_for;
use crate::downloads::log::LogEntry;
use crate::downloads::single::SingleDownload;
use crate::downloads::zip::{Packed, ZipDownload, pack};
use crate::entities::{delivery_link, image, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StorageKey;
use crate::visitor::access::Viewer;
use chrono::{DateTime, Utc};
use domain::delivery::DeliveryPage;
use domain::downloads::Downloader;
use domain::ids::ImageId;
use domain::policy::{Action, DownloadSize, Preview, Role, ZipContents, may_view, preview};
use domain::rendition::RenditionSize;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Where a recipient's files are served: `{files}/zip/{size}`, `{files}/{image}/{size}`.
pub fn files_path(token: &str) -> String {
    format!("/delivery-files/{token}")
}

/// The delivery page; opening it is the link's "last opened".
pub async fn page(ctx: &Ctx, token: &str, viewer: &Viewer, now: DateTime<Utc>) -> ServiceResult<DeliveryPage> {
    let found = recipient(ctx, token, viewer, now).await?;
    found.admitted.check(Action::ViewGallery)?;
    delivery_link::Entity::update_many()
        .col_expr(delivery_link::Column::LastOpenedAt, Expr::value(now))
        .filter(delivery_link::Column::Id.eq(found.link.id))
        .exec(&ctx.db)
        .await?;
    let owner =
        studio::Entity::find_by_id(found.gallery.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let token = found.link.token.clone();
    let files = files_path(&token);
    let (shown, facts): (Vec<_>, Vec<_>) = found
        .images(ctx)
        .await?
        .into_iter()
        .filter(|(_, facts)| may_view(&found.admitted.actor, *facts, &found.admitted.facts))
        .unzip();
    let images = shown
        .iter()
        .map(|i| super::packages::delivery_image(i, format!("{files}/{}/{}", i.id, RenditionSize::Grid480.slug())))
        .collect();
    let (mut sizes, mut restore) = (Vec::new(), Vec::new());
    for size in found.admitted.facts.delivery.as_ref().map(|d| d.sizes.list()).unwrap_or_default() {
        sizes.push((size, crate::downloads::zip::weigh(ctx, &shown, size).await?));
        if facts.iter().any(|f| f.waits_for_restore(size)) {
            restore.push(size);
        }
    }
    let ends_at = match (found.link.expires_at, found.package.ends_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(DeliveryPage {
        brand: crate::gallery::pages::brand(owner),
        gallery_title: found.gallery.title.clone(),
        name: found.package.name.clone(),
        recipient: found.link.label.clone(),
        ends_at,
        sizes,
        images,
        restore,
        files,
    })
}

/// The stored preview of a package's photo in `size` (grid and screen sizes; HD and 4K where the
/// package delivers them).
pub async fn preview_key(
    ctx: &Ctx,
    token: &str,
    id: ImageId,
    size: RenditionSize,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<StorageKey> {
    let found = recipient(ctx, token, viewer, now).await?;
    let (_, facts) = found.image(ctx, id.0).await?;
    found.admitted.check(Action::ViewRendition { image: facts })?;
    match preview(&found.admitted.actor, size, facts, &found.admitted.facts) {
        Some(Preview::Clean) => Ok(StorageKey::Rendition(id, size)),
        _ => Err(ServiceError::NotFound),
    }
}

/// One photo of the package in one of its sizes.
pub async fn file(
    ctx: &Ctx,
    token: &str,
    id: ImageId,
    size: DownloadSize,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<SingleDownload> {
    let found = recipient(ctx, token, viewer, now).await?;
    let (image, facts) = found.image(ctx, id.0).await?;
    found.admitted.check(Action::Download { size, image: facts })?;
    crate::storage::integrity::ensure_sendable(&image, size)?;
    let file = file_for(ctx, &image, size).await?;
    let log = log_entry(&found, &image, size, file.size, false);
    Ok(SingleDownload { file, log, claim: None })
}

/// The whole package in one size, in its order, as a streaming ZIP.
pub async fn zip(
    ctx: &Ctx,
    token: &str,
    size: DownloadSize,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> ServiceResult<ZipDownload> {
    let found = recipient(ctx, token, viewer, now).await?;
    found.admitted.check(Action::DownloadZip { size, contents: ZipContents::All })?;
    let images = found.images(ctx).await?;
    let mut allowed = Vec::with_capacity(images.len());
    for (image, facts) in images {
        // Whatever the policy refuses (a photo deleted or unfinished) is left out; an archived
        // original stops the whole ZIP, since it must be restored first.
        match found.admitted.check(Action::Download { size, image: facts }) {
            Ok(()) => {}
            Err(ServiceError::Needs(need)) => return Err(ServiceError::Needs(need)),
            Err(_) => continue,
        }
        crate::storage::integrity::ensure_sendable(&image, size)?;
        allowed.push(image);
    }
    let files = crate::downloads::files::files_for(ctx, &allowed, size).await?;
    let mut packed = Vec::with_capacity(allowed.len());
    let mut log = Vec::with_capacity(allowed.len());
    for (image, file) in allowed.iter().zip(files) {
        log.push(log_entry(&found, image, size, file.size, true));
        packed.push(Packed { file, modified: image.created_at.naive_utc() });
    }
    if packed.is_empty() {
        return Err(ServiceError::Forbidden(
            "This delivery has no photos to download yet. Ask your photographer if you expected some.".to_owned(),
        ));
    }
    let file_name = format!("{}-{}-{}.zip", found.gallery.slug, file_slug(&found.package.name), size.token());
    Ok(pack(packed, Vec::new(), file_name, log))
}

fn log_entry(found: &Recipient, image: &image::Model, size: DownloadSize, bytes: u64, in_zip: bool) -> LogEntry {
    // The photographer trying the link out is logged as the photographer, not as its recipient.
    let recipient = !found.by_owner;
    LogEntry {
        gallery: found.gallery.id,
        image: image.id,
        file_name: image.file_name.clone(),
        link: recipient.then_some(found.link.id),
        who: Downloader::of_role(recipient.then_some(Role::PhotographerInvited)),
        email: None,
        person: None,
        size,
        bytes,
        in_zip,
        by_owner: found.by_owner,
    }
}

/// A package's name as part of a file name: lower-case letters, digits and dashes.
fn file_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "delivery".to_owned() } else { slug }
}

#[cfg(test)]
mod tests {
    #[test]
    fn package_names_make_safe_file_names() {
        assert_eq!(super::file_slug("Finals — Album 2026!"), "finals-album-2026");
        assert_eq!(super::file_slug("../../"), "delivery");
    }
}
