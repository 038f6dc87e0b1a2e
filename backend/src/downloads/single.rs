//! One image in one size: checked by the policy, counted against the quota, then sent.

use super::files::{DownloadFile, file_for};
use super::log::LogEntry;
use super::{Stage, quota};
use crate::ctx::Ctx;
use crate::entities::gallery;
use crate::error::ServiceResult;
use crate::visitor::access::Viewer;
use crate::visitor::reach::{Reached, image_in_reach};
use chrono::{DateTime, Utc};
use domain::downloads::Downloader;
use domain::ids::ImageId;
use domain::policy::{Action, DownloadSize};
use sea_orm::EntityTrait;

/// A single download, allowed.
#[derive(Debug, Clone)]
pub struct SingleDownload {
    pub file: DownloadFile,
    /// The log line to write when the file is sent from its first byte.
    pub log: LogEntry,
    /// The image counted against the free high-res quota when the file is sent (where it counts).
    pub claim: Option<quota::PendingClaim>,
}

/// Decides a single download, at `stage`: at [`Stage::Send`] its file is made if needed, and
/// what it counts against the high-res quota is given to count when it is sent (`None` only at
/// [`Stage::Check`]).
pub async fn single(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    size: DownloadSize,
    now: DateTime<Utc>,
    stage: Stage,
) -> ServiceResult<Option<SingleDownload>> {
    let Reached { gallery: g, image: found, facts: image, admitted } = image_in_reach(ctx, viewer, id, now).await?;
    admitted.check(Action::Download { size, image })?;
    crate::storage::integrity::ensure_sendable(&found, size)?;
    let claim = match image.already_counted {
        true => None,
        false => quota::PendingClaim::of(&admitted, g.id, vec![found.id], size),
    };
    if stage == Stage::Check && claim.is_none() {
        return Ok(None);
    }
    // The file first: a size that cannot be made must not cost a free download.
    let file = file_for(ctx, &found, size).await?;
    if stage == Stage::Check {
        if let Some(claim) = claim {
            claim.settle(ctx).await?;
        }
        return Ok(None);
    }
    let log = LogEntry {
        gallery: g.id,
        image: found.id,
        file_name: found.file_name.clone(),
        link: admitted.link.as_ref().map(|l| l.id),
        who: Downloader::of_role(admitted.role()),
        email: admitted.visit.email.clone(),
        person: admitted.visit.person().map(str::to_owned),
        size,
        bytes: file.size,
        in_zip: false,
        by_owner: admitted.is_owner(),
    };
    Ok(Some(SingleDownload { file, log, claim }))
}

/// The page to go back to from a refused download of `image`: its gallery's address, which
/// opens for anyone who could see the image (the session's own standing counts there).
pub async fn gallery_page(ctx: &Ctx, image: ImageId) -> ServiceResult<Option<String>> {
    let Some(found) = crate::entities::image::Entity::find_by_id(image.0).one(&ctx.db).await? else { return Ok(None) };
    Ok(gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.map(|g| format!("/g/{}", g.slug)))
}
