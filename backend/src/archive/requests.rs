//! Restore requests. A download that needs archived files is answered `Needs(Restore)`; the
//! visitor is then told what a restore takes (`estimate`: the bytes over the measured restore
//! speed, after what is queued, plus the cold tier's delay) and may ask for it (`ask`). The
//! request keeps the download they tried and their standing (`Requester`: a gallery visitor's
//! visit — link, email, password and PIN —, a delivery link or an order), so the emailed link downloads
//! exactly as they would have, with every check of a live download made again (`restored`). The
//! same person asking twice for the same download gets one request and one mail.

use super::files::bytes_of;
use super::moves::measured_rate;
use super::requester::Requester;
use super::restoring::ServeRestores;
use crate::ctx::Ctx;
use crate::delivery::recipient::recipient;
use crate::downloads::zip::{ZipRequest, archived_images};
use crate::entities::restore_request::{EXPIRED, WAITING};
use crate::entities::{delivery_link, gallery, image, order, restore_request};
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{OwnOrder, Viewer, Visit};
use crate::visitor::lookup::gallery_by_slug;
use crate::visitor::reach::{Reached, image_in_reach};
use crate::visitor::secrets::hashing::token_digest;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::archive::{RestoreAsked, RestoreEstimate, RestoreWish};
use domain::downloads::DownloadTarget;
use domain::ids::StudioId;
use domain::policy::{Action, Actor, DownloadSize, Need, ZipContents};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// What asking for a restore needs: whose, which images, and the download to serve once done.
struct Wanted {
    gallery: gallery::Model,
    requester: Requester,
    /// The address they gave the gallery before, offered as where to send the link.
    known_email: Option<String>,
    target: DownloadTarget,
    size: DownloadSize,
    images: Vec<image::Model>,
}

/// How many requests one address may make in a gallery in an hour, and a gallery in all: each
/// sends a mail and moves bytes.
const PER_EMAIL_PER_HOUR: u64 = 5;
const PER_GALLERY_PER_HOUR: u64 = 30;

/// The archived images of the download `viewer` tried in a gallery, with their standing; refused,
/// or needing something else first, exactly as the download itself.
async fn wanted(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wish: RestoreWish,
    now: DateTime<Utc>,
) -> ServiceResult<Wanted> {
    let RestoreWish { target, size } = wish;
    let (g, admitted, images) = match target {
        DownloadTarget::Image(id) => {
            let Reached { gallery: g, image: found, facts, admitted } = image_in_reach(ctx, viewer, id, now).await?;
            let images = match admitted.check(Action::Download { size, image: facts }) {
                Err(ServiceError::Needs(Need::Restore)) => vec![found],
                Err(refused) => return Err(refused),
                Ok(()) => Vec::new(),
            };
            (g, admitted, images)
        }
        DownloadTarget::Zip(contents) => {
            let images = archived_images(ctx, viewer, ZipRequest { slug, contents, size }, now).await?;
            let (g, admitted) = gallery_by_slug(ctx, viewer, slug, now).await?;
            (g, admitted, images)
        }
    };
    if g.slug != slug {
        return Err(ServiceError::NotFound);
    }
    let visit = admitted.visit;
    let known_email = visit.email.clone();
    let requester = if admitted.actor == Actor::Owner {
        let owner = crate::entities::studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?;
        Requester::Owner { studio: g.studio_id, epoch: owner.map(|s| s.session_epoch) }
    } else {
        // The session's cart and its orders' link secrets are nobody else's business; the
        // orders' ids stay, so what was bought is still the visitor's when the link is opened.
        let orders = visit.orders.iter().map(|o| OwnOrder { id: o.id, token: String::new() }).collect();
        Requester::Visitor(Visit { cart: None, orders, ..visit })
    };
    Wanted { gallery: g, requester, known_email, target, size, images }.unless_live()
}

/// The archived images of a delivery set in `size`, for the recipient holding `token`; refused as
/// its ZIP would be.
async fn wanted_in_delivery(
    ctx: &Ctx,
    viewer: &Viewer,
    token: &str,
    size: DownloadSize,
    now: DateTime<Utc>,
) -> ServiceResult<Wanted> {
    let found = recipient(ctx, token, viewer, now).await?;
    found.admitted.check(Action::DownloadZip { size, contents: ZipContents::All })?;
    let images = found
        .images(ctx)
        .await?
        .into_iter()
        .filter(|(_, facts)| {
            matches!(
                found.admitted.check(Action::Download { size, image: *facts }),
                Err(ServiceError::Needs(Need::Restore))
            )
        })
        .map(|(image, _)| image)
        .collect();
    let wanted = Wanted {
        gallery: found.gallery,
        requester: Requester::Delivery { link: found.link.id },
        known_email: None,
        target: DownloadTarget::Zip(ZipContents::All),
        size,
        images,
    };
    wanted.unless_live()
}

/// The photos of a paid order whose bought files are in the archive, for its buyer.
async fn wanted_in_order(ctx: &Ctx, viewer: &Viewer, token: &str, now: DateTime<Utc>) -> ServiceResult<Wanted> {
    let (found, g, images) = crate::store::order_files::archived_bought(ctx, token, viewer, now).await?;
    let wanted = Wanted {
        gallery: g,
        requester: Requester::Order { order: found.id },
        known_email: Some(found.buyer_email),
        target: DownloadTarget::Zip(ZipContents::All),
        // An order's ZIP holds each photo in the size it was bought in; the request names the
        // largest, as the ZIP it serves is the order's own.
        size: DownloadSize::Original,
        images,
    };
    wanted.unless_live()
}

impl Wanted {
    /// Refuses when nothing of it is in the archive (any more).
    fn unless_live(self) -> ServiceResult<Self> {
        if self.images.is_empty() {
            return Err(ServiceError::Conflict(
                "These photos are not in long-term storage any more: download them now.".to_owned(),
            ));
        }
        Ok(self)
    }

    async fn estimate(self, ctx: &Ctx) -> ServiceResult<RestoreEstimate> {
        let bytes = bytes_of(ctx, &self.images).await?;
        let seconds = wait_for(ctx, bytes).await?;
        let window_days = (ctx.config.restore_window.as_secs() / 86_400).clamp(1, u32::MAX.into()) as u32;
        Ok(RestoreEstimate { photos: self.images.len() as u32, bytes, seconds, email: self.known_email, window_days })
    }
}

/// What restoring the download `viewer` tried would take.
pub async fn estimate(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    wish: RestoreWish,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreEstimate> {
    wanted(ctx, viewer, slug, wish, now).await?.estimate(ctx).await
}

/// What restoring a delivery set's archived files in `size` would take.
pub async fn estimate_delivery(
    ctx: &Ctx,
    viewer: &Viewer,
    token: &str,
    size: DownloadSize,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreEstimate> {
    wanted_in_delivery(ctx, viewer, token, size, now).await?.estimate(ctx).await
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

/// What restoring a paid order's archived files would take, for its buyer.
pub async fn estimate_order(
    ctx: &Ctx,
    viewer: &Viewer,
    token: &str,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreEstimate> {
    wanted_in_order(ctx, viewer, token, now).await?.estimate(ctx).await
}

/// Asks for a restore of a paid order's archived files, to be emailed to `email`.
pub async fn ask_order(
    ctx: &Ctx,
    viewer: &Viewer,
    token: &str,
    email: &str,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreAsked> {
    let email = domain::validation::email(email)?;
    let wanted = wanted_in_order(ctx, viewer, token, now).await?;
    record(ctx, wanted, email, viewer.client, now).await
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
    let wanted = wanted(ctx, viewer, slug, wish, now).await?;
    record(ctx, wanted, email, viewer.client, now).await
}

/// Asks for a restore of a delivery set's archived files in `size`, to be emailed to `email`.
pub async fn ask_delivery(
    ctx: &Ctx,
    viewer: &Viewer,
    token: &str,
    size: DownloadSize,
    email: &str,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreAsked> {
    let email = domain::validation::email(email)?;
    let wanted = wanted_in_delivery(ctx, viewer, token, size, now).await?;
    record(ctx, wanted, email, viewer.client, now).await
}

/// Stores the request and queues its job (one transaction); the same person asking again for the
/// same download while it waits is answered from the request already there.
async fn record(
    ctx: &Ctx,
    wanted: Wanted,
    email: String,
    client: std::net::IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<RestoreAsked> {
    let unwritable = |e: serde_json::Error| ServiceError::Internal(e.into());
    let Wanted { gallery: g, requester, target, size, images, .. } = wanted;
    let by_owner = matches!(requester, Requester::Owner { .. });
    let requester = serde_json::to_string(&requester).map_err(unwritable)?;
    let target = serde_json::to_string(&target).map_err(unwritable)?;
    let same = || {
        restore_request::Entity::find()
            .filter(restore_request::Column::GalleryId.eq(g.id))
            .filter(restore_request::Column::Status.eq(WAITING))
            .filter(restore_request::Column::Email.eq(&email))
            .filter(restore_request::Column::Requester.eq(&requester))
            .filter(restore_request::Column::Target.eq(&target))
            .filter(restore_request::Column::Size.eq(size.token()))
    };
    if same().one(&ctx.db).await?.is_some() {
        return Ok(RestoreAsked { email, seconds: wait_for(ctx, 0).await? });
    }
    within_limits(ctx, g.id, &email, now).await?;
    // Each request mails the address typed, which need not be the asker's: besides the limits
    // per address mailed and per gallery above, what one asking address may make us send.
    if !by_owner {
        secrets::spend(ctx, AttemptKind::RestoreAsked, &g.id.to_string(), client, now).await?;
    }
    let bytes = bytes_of(ctx, &images).await?;
    let seconds = wait_for(ctx, bytes).await?;
    let ids: Vec<Uuid> = images.iter().map(|i| i.id).collect();
    let row = restore_request::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(None),
        gallery_id: Set(g.id),
        requester: Set(requester.clone()),
        email: Set(email.clone()),
        target: Set(target.clone()),
        size: Set(size.token()),
        images: Set(serde_json::to_string(&ids).map_err(unwritable)?),
        bytes: Set(i64::try_from(bytes).unwrap_or(i64::MAX)),
        status: Set(WAITING.to_owned()),
        created_at: Set(now),
        ready_at: Set(None),
        expires_at: Set(None),
    };
    let txn = crate::db::begin(&ctx.db).await?;
    // A double tap: the gallery's row is held (written to itself) and the same request looked
    // for again under it, so the second finds the first and nothing is restored or mailed twice.
    crate::db::hold_rows::<gallery::Entity>(
        &txn,
        gallery::Column::Id,
        Condition::all().add(gallery::Column::Id.eq(g.id)),
    )
    .await?;
    if same().one(&txn).await?.is_some() {
        txn.rollback().await?;
        return Ok(RestoreAsked { email, seconds });
    }
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

/// A ready request, reached by its emailed link: the download it is for, and who downloads it.
#[derive(Debug)]
pub struct Restored {
    pub request: restore_request::Model,
    pub gallery: gallery::Model,
    pub size: DownloadSize,
    pub serve: Serve,
}

/// How a ready request's download is decided and served.
#[derive(Debug)]
pub enum Serve {
    /// As the gallery visitor's own download: their standing (no session: the link is the
    /// credential) and what they tried.
    Visitor { viewer: Viewer, target: DownloadTarget },
    /// As the recipient's ZIP of their delivery set, through their link (revoked or ended: refused).
    Delivery { token: String, viewer: Viewer },
    /// As the buyer's ZIP of their order (refunded or cancelled: refused).
    Order { order: Box<order::Model>, viewer: Viewer },
}

/// The request behind an emailed link. Tokens that lead nowhere count as misses for the client
/// address, as for every link.
pub async fn restored(ctx: &Ctx, token: &str, client: std::net::IpAddr, now: DateTime<Utc>) -> ServiceResult<Restored> {
    secrets::ensure_open(ctx, AttemptKind::Lookup, client, now).await?;
    let token = token.trim().to_ascii_lowercase();
    let found = if token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        restore_request::Entity::find()
            .filter(restore_request::Column::TokenHash.eq(token_digest(&token)))
            .one(&ctx.db)
            .await?
    } else {
        None
    };
    let Some(request) = found else {
        secrets::record_miss(ctx, AttemptKind::Lookup, client, now).await?;
        return Err(ServiceError::NotFound);
    };
    let g = gallery::Entity::find_by_id(request.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    if request.status == EXPIRED || request.expires_at.is_none_or(|at| at <= now) {
        let days = (ctx.config.restore_window.as_secs() / 86_400).max(1);
        return Err(ServiceError::Forbidden(format!(
            "This download link has run out: restored photos stay ready for {days} days. Ask for them again from the gallery."
        )));
    }
    let unreadable = |e: serde_json::Error| ServiceError::Internal(e.into());
    let size = DownloadSize::from_token(&request.size).ok_or(ServiceError::NotFound)?;
    let nobody = Viewer { studio: None, visits: HashMap::new(), client, cross_site: false };
    let serve = match serde_json::from_str(&request.requester).map_err(unreadable)? {
        Requester::Visitor(mut visit) => {
            // Whoever opens the link received it at this address: downloads are recorded with it.
            visit.email.get_or_insert_with(|| request.email.clone());
            let target = serde_json::from_str(&request.target).map_err(unreadable)?;
            Serve::Visitor { viewer: Viewer { visits: HashMap::from([(g.id, visit)]), ..nobody }, target }
        }
        Requester::Owner { studio, epoch } => {
            if !super::requester::owner_stands(ctx, studio, epoch).await? {
                return Err(ServiceError::Forbidden(
                    "This download link ended when the studio's password was reset. Ask for the photos again from the gallery."
                        .to_owned(),
                ));
            }
            // Still the gallery's photographer (a gallery moved to another studio is not theirs).
            let target = serde_json::from_str(&request.target).map_err(unreadable)?;
            Serve::Visitor { viewer: Viewer { studio: Some(StudioId(studio)), ..nobody }, target }
        }
        Requester::Delivery { link } => {
            let link = delivery_link::Entity::find_by_id(link).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
            Serve::Delivery { token: link.token, viewer: nobody }
        }
        Requester::Order { order } => {
            let order = order::Entity::find_by_id(order).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
            Serve::Order { order: Box::new(order), viewer: nobody }
        }
    };
    Ok(Restored { request, gallery: g, size, serve })
}
