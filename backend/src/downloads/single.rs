//! One image in one size: checked by the policy, counted against the quota, then sent.

use super::files::{DownloadFile, file_for};
use super::log::LogEntry;
use super::quota;
use crate::ctx::Ctx;
use crate::entities::gallery;
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{self, Viewer};
use crate::visitor::reach::{Reached, image_in_reach};
use chrono::{DateTime, Utc};
use domain::ids::ImageId;
use domain::policy::{Action, DownloadSize, counts_against_quota};
use sea_orm::EntityTrait;

/// A single download, allowed and (when `commit`) counted.
#[derive(Debug, Clone)]
pub struct SingleDownload {
    pub file: DownloadFile,
    /// The log line to write when the file is sent from its first byte.
    pub log: LogEntry,
}

/// Decides a single download. With `commit`, the image is counted against the high-res quota
/// (when it counts) and its file made if needed; without, only the decision is taken (the menu's
/// check before the browser navigates).
pub async fn single(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    size: DownloadSize,
    now: DateTime<Utc>,
    commit: bool,
) -> ServiceResult<Option<SingleDownload>> {
    let Reached { gallery: g, image: found, facts: image, admitted } = image_in_reach(ctx, viewer, id, now).await?;
    admitted.check(Action::Download { size, image })?;
    crate::storage::integrity::ensure_sendable(&found, size)?;
    if !commit {
        return Ok(None);
    }
    // The file first: a size that cannot be made must not cost a free download.
    let file = file_for(ctx, &found, size).await?;
    if !image.already_counted && counts_against_quota(&admitted.actor, size, &admitted.facts) {
        let quota = admitted.facts.downloads.high_res_quota.unwrap_or(0);
        let link = admitted.link.as_ref().map(|l| l.id);
        if !quota::claim(ctx, g.id, &[found.id], quota, link).await? {
            // Another client took the last one: decide again on the new count, for its sentence.
            let g = gallery::Entity::find_by_id(g.id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
            let again = access::admission(ctx, viewer, &g, now).await?;
            again.check(Action::Download { size, image })?;
            return Err(ServiceError::Forbidden("The free high-res downloads have all been used.".to_owned()));
        }
    }
    let log = LogEntry {
        gallery: g.id,
        image: found.id,
        link: admitted.link.as_ref().map(|l| l.id),
        role: admitted.role(),
        email: admitted.visit.email.clone(),
        size,
        bytes: file.size,
        in_zip: false,
        by_owner: admitted.is_owner(),
    };
    Ok(Some(SingleDownload { file, log }))
}

/// The page to go back to from a refused download of `image`: its gallery's address, which
/// opens for anyone who could see the image (the session's own standing counts there).
pub async fn gallery_page(ctx: &Ctx, image: ImageId) -> ServiceResult<Option<String>> {
    let Some(found) = crate::entities::image::Entity::find_by_id(image.0).one(&ctx.db).await? else { return Ok(None) };
    Ok(gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.map(|g| format!("/g/{}", g.slug)))
}
