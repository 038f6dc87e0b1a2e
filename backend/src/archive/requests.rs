//! Restore requests. A download that needs archived files is answered `Needs(Restore)`; the
//! visitor is then told what a restore takes (`estimate`: the bytes over the measured restore
//! speed, after what is queued, plus the cold tier's delay) and may ask for it (`ask`). The
//! request keeps the download they tried and their standing (their visit: link, email, password
//! and PIN), so the emailed link downloads exactly as they would have, with every check of a live
//! download made again (`restored`). The same visitor asking twice gets one request and one mail.

use super::files::bytes_of;
use super::moves::measured_rate;
use super::restoring::ServeRestores;
use crate::ctx::Ctx;
use crate::downloads::zip::{ZipRequest, archived_images};
use crate::entities::{gallery, image, restore_request};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{Viewer, Visit};
use crate::visitor::lookup::gallery_by_slug;
use crate::visitor::reach::{Reached, image_in_reach};
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::archive::{RestoreAsked, RestoreEstimate, RestoreWish};
use domain::downloads::DownloadTarget;
use domain::policy::{Action, DownloadSize, Need};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, TransactionTrait};
use std::collections::HashMap;
use uuid::Uuid;

/// Being restored.
pub const WAITING: &str = "waiting";
/// Restored and emailed; its link works until `expires_at`.
pub const READY: &str = "ready";
/// Its link ran out.
pub const EXPIRED: &str = "expired";

/// How many requests one address may make in a gallery in an hour, and a gallery in all: each
/// sends a mail and moves bytes.
const PER_EMAIL_PER_HOUR: u64 = 5;
const PER_GALLERY_PER_HOUR: u64 = 30;

/// The archived images of the download `viewer` tried, with its gallery and their visit; refused,
/// or needing something else first, exactly as the download itself.
async fn wanted(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wish: RestoreWish,
    now: DateTime<Utc>,
) -> ServiceResult<(gallery::Model, Visit, Vec<image::Model>)> {
    let RestoreWish { target, size } = wish;
    let (g, visit, images) = match target {
        DownloadTarget::Image(id) => {
            let Reached { gallery: g, image: found, facts, admitted } = image_in_reach(ctx, viewer, id, now).await?;
            let images = match admitted.check(Action::Download { size, image: facts }) {
                Err(ServiceError::Needs(Need::Restore)) => vec![found],
                Err(refused) => return Err(refused),
                Ok(()) => Vec::new(),
            };
            (g, admitted.visit, images)
        }
        DownloadTarget::Zip(contents) => {
            let images = archived_images(ctx, viewer, ZipRequest { slug, contents, size }, now).await?;
            let (g, admitted) = gallery_by_slug(ctx, viewer, slug, now).await?;
            (g, admitted.visit, images)
        }
    };
    if g.slug != slug {
        return Err(ServiceError::NotFound);
    }
    if images.is_empty() {
        return Err(ServiceError::Conflict(
            "These photos are not in long-term storage any more: download them now.".to_owned(),
        ));
    }
    Ok((g, visit, images))
}

/// What restoring the download `viewer` tried would take.
pub async fn estimate(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wish: RestoreWish,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreEstimate> {
    let (_, visit, images) = wanted(ctx, viewer, slug, wish, now).await?;
    let bytes = bytes_of(ctx, &images).await?;
    Ok(RestoreEstimate { photos: images.len() as u32, bytes, seconds: wait_for(ctx, bytes).await?, email: visit.email })
}

/// Seconds until `bytes` more are restored: the cold tier's delay, what is queued before them
/// and these bytes at the measured speed, and a worker's poll.
async fn wait_for(ctx: &Ctx, bytes: u64) -> ServiceResult<u64> {
    let queued: Vec<i64> = restore_request::Entity::find()
        .select_only()
        .column(restore_request::Column::Bytes)
        .filter(restore_request::Column::Status.eq(WAITING))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let queued: u64 = queued.into_iter().map(|b| b.max(0) as u64).sum();
    let rate = measured_rate(ctx).await?.max(1.0);
    let copying = ((queued + bytes) as f64 / rate).ceil() as u64;
    Ok(ctx.config.restore_delay.as_secs() + copying + ctx.config.job_poll.as_secs().max(1))
}

/// Asks for a restore of the download `viewer` tried, to be emailed to `email`.
pub async fn ask(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wish: RestoreWish,
    email: &str,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreAsked> {
    let email = domain::validation::email(email)?;
    let (g, visit, images) = wanted(ctx, viewer, slug, wish, now).await?;
    let target = serde_json::to_string(&wish.target).map_err(|e| ServiceError::Internal(e.into()))?;
    let same = restore_request::Entity::find()
        .filter(restore_request::Column::GalleryId.eq(g.id))
        .filter(restore_request::Column::Status.eq(WAITING))
        .filter(restore_request::Column::Email.eq(&email))
        .filter(restore_request::Column::Target.eq(&target))
        .filter(restore_request::Column::Size.eq(wish.size.token()))
        .one(&ctx.db)
        .await?;
    if same.is_some() {
        return Ok(RestoreAsked { email, seconds: wait_for(ctx, 0).await? });
    }
    within_limits(ctx, g.id, &email, now).await?;
    let bytes = bytes_of(ctx, &images).await?;
    let seconds = wait_for(ctx, bytes).await?;
    let ids: Vec<Uuid> = images.iter().map(|i| i.id).collect();
    // The session's cart is nobody else's business; the rest is the visitor's standing.
    let kept = Visit { cart: None, ..visit };
    let mut secret = [0u8; 16];
    rand::rng().fill_bytes(&mut secret);
    let row = restore_request::ActiveModel {
        id: Set(Uuid::now_v7()),
        token: Set(hex::encode(secret)),
        gallery_id: Set(g.id),
        visit: Set(serde_json::to_string(&kept).map_err(|e| ServiceError::Internal(e.into()))?),
        email: Set(email.clone()),
        target: Set(target),
        size: Set(wish.size.token()),
        images: Set(serde_json::to_string(&ids).map_err(|e| ServiceError::Internal(e.into()))?),
        bytes: Set(i64::try_from(bytes).unwrap_or(i64::MAX)),
        status: Set(WAITING.to_owned()),
        created_at: Set(now),
        ready_at: Set(None),
        expires_at: Set(None),
    };
    let txn = ctx.db.begin().await?;
    restore_request::Entity::insert(row).exec_without_returning(&txn).await?;
    crate::jobs::queue::enqueue(&txn, &ServeRestores { gallery: g.id }, now.timestamp_millis()).await?;
    txn.commit().await?;
    Ok(RestoreAsked { email, seconds })
}

/// Refuses past the request limits (each request sends a mail and moves bytes).
async fn within_limits(ctx: &Ctx, gallery: Uuid, email: &str, now: DateTime<Utc>) -> ServiceResult<()> {
    let hour_ago = now - chrono::Duration::hours(1);
    let recent = || {
        restore_request::Entity::find()
            .filter(restore_request::Column::GalleryId.eq(gallery))
            .filter(restore_request::Column::CreatedAt.gt(hour_ago))
    };
    let by_email = recent().filter(restore_request::Column::Email.eq(email)).count(&ctx.db).await?;
    let in_gallery = recent().count(&ctx.db).await?;
    if by_email >= PER_EMAIL_PER_HOUR || in_gallery >= PER_GALLERY_PER_HOUR {
        return Err(ServiceError::TooMany {
            message: "Many restores were asked for in this gallery in the last hour. Try again in an hour.".to_owned(),
            retry_after: 3600,
        });
    }
    Ok(())
}

/// A ready request, reached by its emailed link: the download it is for, and the requester's
/// standing to decide it with (no session: the link is the credential).
#[derive(Debug)]
pub struct Restored {
    pub request: restore_request::Model,
    pub gallery: gallery::Model,
    pub viewer: Viewer,
    pub target: DownloadTarget,
    pub size: DownloadSize,
}

/// The request behind an emailed link. Tokens that lead nowhere count as misses for the client
/// address, as for every link.
pub async fn restored(ctx: &Ctx, token: &str, client: std::net::IpAddr, now: DateTime<Utc>) -> ServiceResult<Restored> {
    secrets::ensure_open(ctx, AttemptKind::Lookup, client, now).await?;
    let token = token.trim().to_ascii_lowercase();
    let found = if token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        restore_request::Entity::find().filter(restore_request::Column::Token.eq(&token)).one(&ctx.db).await?
    } else {
        None
    };
    let Some(request) = found else {
        secrets::record_miss(ctx, AttemptKind::Lookup, client, now).await?;
        return Err(ServiceError::NotFound);
    };
    let g = gallery::Entity::find_by_id(request.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    if request.status == WAITING {
        return Err(ServiceError::Conflict(
            "Your photos are still being restored. We will email you as soon as they are ready.".to_owned(),
        ));
    }
    if request.status == EXPIRED || request.expires_at.is_none_or(|at| at <= now) {
        let days = (ctx.config.restore_window.as_secs() / 86_400).max(1);
        return Err(ServiceError::Forbidden(format!(
            "This download link has run out: restored photos stay ready for {days} days. Ask for them again from the gallery."
        )));
    }
    let unreadable = |e: serde_json::Error| ServiceError::Internal(e.into());
    let mut visit: Visit = serde_json::from_str(&request.visit).map_err(unreadable)?;
    // Whoever opens the link received it at this address: downloads are recorded with it.
    visit.email.get_or_insert_with(|| request.email.clone());
    let target: DownloadTarget = serde_json::from_str(&request.target).map_err(unreadable)?;
    let size = DownloadSize::from_token(&request.size).ok_or(ServiceError::NotFound)?;
    let viewer = Viewer { studio: None, visits: HashMap::from([(g.id, visit)]), client, cross_site: false };
    Ok(Restored { request, gallery: g, viewer, target, size })
}
