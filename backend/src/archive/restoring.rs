//! Restores: copying an image's archived files back to the live tier, checked, for the window a
//! request promised or for good (the photographer's "Restore"). `ServeRestores` answers every
//! waiting request of a gallery in one go, so requests for the same images share one restore,
//! and marks each ready with its mail in one transaction.

use super::files::{TierFile, tier_files};
use super::moves::{Direction, move_file, record, run_moves};
use crate::ctx::Ctx;
use crate::entities::restore_request::{FAILED, READY, WAITING};
use crate::entities::{gallery, image, restore_request, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::jobs::{JobError, JobKind, Next};
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail};
use crate::storage::StorageKey;
use chrono::{DateTime, Utc};
use domain::downloads::{DownloadTarget, human_bytes};
use domain::ids::ImageId;
use domain::policy::DownloadSize;
use futures::FutureExt;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::Instant;
use uuid::Uuid;

/// Copies `found`'s files back to the live tier (checked) and marks it live: until `until` (a
/// request's window; a longer one already promised is kept), or for good with `None`.
pub async fn restore_image(ctx: &Ctx, found: &image::Model, until: Option<DateTime<Utc>>) -> ServiceResult<u64> {
    let mut copied = 0;
    for file in tier_files(ctx, found).await? {
        copied += bring_back(ctx, found, &file).await?;
    }
    let live_for_good = found.original_live && found.restored_until.is_none();
    let mut live = image::Entity::update_many().col_expr(image::Column::OriginalLive, Expr::value(true));
    // For good (`None`), a window a visitor's restore set meanwhile stays: it is what their
    // link promised, should the gallery be archived again.
    if let Some(until) = until.filter(|_| !live_for_good) {
        let restored_until = found.restored_until.filter(|t| *t > until).unwrap_or(until);
        live = live.col_expr(image::Column::RestoredUntil, Expr::value(Some(restored_until)));
    }
    live.filter(image::Column::Id.eq(found.id)).exec(&ctx.db).await?;
    // An archive run of the same image (another worker) may have deleted the live copies this
    // restore found in place: it marks the row archived, deletes, then reads the row back and
    // copies them again if a restore marked it live meanwhile. A restore that marks it after that
    // read finds the files gone here, and copies them back itself: a row that says live always
    // has its files.
    for file in tier_files(ctx, found).await? {
        if matches!(ctx.storage.info(file.key).await, Err(object_store::Error::NotFound { .. })) {
            copied += bring_back(ctx, found, &file).await?;
        }
    }
    Ok(copied)
}

/// `move_file` out of the archive. The archive keeps every copy it was given (only a purge
/// deletes one, with its row), so an original missing there is lost: it is marked damaged, as a
/// spoilt copy is — its photographer is told which photo to upload again, and every restore
/// passes it by instead of failing on it for hours and holding back the gallery's other photos.
async fn bring_back(ctx: &Ctx, found: &image::Model, file: &TierFile) -> ServiceResult<u64> {
    match move_file(ctx, &ctx.archive, &ctx.storage, found.id, file).await {
        Err(ServiceError::NotFound) if matches!(file.key, StorageKey::Original(_)) && lost(ctx, found).await? => {
            let detail = format!("{} is missing from the archive", file.key.path());
            crate::storage::integrity::mark_damaged(ctx, found.id, &detail, Utc::now()).await?;
            Err(crate::storage::integrity::damaged(&found.file_name))
        }
        other => other,
    }
}

/// Whether `found`'s original is gone from the archive for good, not merely out of reach: the
/// archive answers (it takes a probe), it holds the archived original of another photo (it is
/// the archive, not an empty folder where a volume failed to mount), and not this one. (A
/// "not found" from the live side, a copy deleted by a run of the other direction meanwhile,
/// is no loss: the next try copies again.)
async fn lost(ctx: &Ctx, found: &image::Model) -> ServiceResult<bool> {
    let gone = |answer: Result<_, object_store::Error>| matches!(answer, Err(object_store::Error::NotFound { .. }));
    if !gone(ctx.archive.info(StorageKey::Original(ImageId(found.id))).await) || ctx.archive.check().await.is_err() {
        return Ok(false);
    }
    let others = image::Entity::find()
        .filter(image::Column::ArchivedAt.is_not_null())
        .filter(image::Column::DamagedAt.is_null())
        .filter(image::Column::Id.ne(found.id))
        .limit(3)
        .all(&ctx.db)
        .await?;
    let ids: Vec<uuid::Uuid> = others.iter().map(|o| o.id).collect();
    Ok(ctx.archive.holds_any_original(&ids).await)
}

/// Restores what a gallery's waiting requests ask for, then emails each requester.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServeRestores {
    pub gallery: Uuid,
}

/// How often a gallery's restores are tried before its waiting requests fail: with the waits
/// below, about ten hours — an archive tier down for an afternoon must not fail everyone who asked.
const RESTORE_ATTEMPTS: i32 = 16;

/// The longest wait between two tries.
const RESTORE_RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(3600);

impl JobKind for ServeRestores {
    const KIND: &'static str = "serve_restores";
    const MAX_ATTEMPTS: i32 = RESTORE_ATTEMPTS;

    /// Half a minute, doubling, at most an hour.
    fn retry_delay(_: &Ctx, attempts: i32) -> Option<std::time::Duration> {
        Some((std::time::Duration::from_secs(30) * (1u32 << attempts.clamp(0, 10))).min(RESTORE_RETRY_MAX))
    }

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        serve_restores(ctx, self.gallery).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Done)
    }

    /// After every try failed (the archive unreachable for hours, say), nobody is left waiting in
    /// silence: each waiting request fails with a mail to its requester, and the photographer is
    /// told once. A new request may be made later.
    async fn give_up(self, ctx: &Ctx) -> Result<(), sea_orm::DbErr> {
        fail_waiting(ctx, self.gallery, Utc::now()).await.map_err(|e| sea_orm::DbErr::Custom(e.to_string()))
    }
}

crate::register_job!(ServeRestores);

/// Fails the gallery's waiting requests, telling each requester and the photographer.
pub async fn fail_waiting(ctx: &Ctx, gallery: Uuid, now: DateTime<Utc>) -> ServiceResult<()> {
    let Some(g) = gallery::Entity::find_by_id(gallery).one(&ctx.db).await? else { return Ok(()) };
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let txn = crate::db::begin(&ctx.db).await?;
    let found = restore_request::Entity::find()
        .filter(restore_request::Column::GalleryId.eq(gallery))
        .filter(restore_request::Column::Status.eq(WAITING))
        .all(&txn)
        .await?;
    // Each closed only if still waiting: two give-ups at once (two instances) must not both mail
    // a requester, nor one close a request another run just served.
    let mut waiting = Vec::with_capacity(found.len());
    for request in found {
        let closed = restore_request::Entity::update_many()
            .col_expr(restore_request::Column::Status, Expr::value(FAILED))
            .filter(restore_request::Column::Id.eq(request.id))
            .filter(restore_request::Column::Status.eq(WAITING))
            .exec(&txn)
            .await?;
        if closed.rows_affected == 1 {
            waiting.push(request);
        }
    }
    if waiting.is_empty() {
        return Ok(());
    }
    let contact = Some(owner.contact_email.clone()).filter(|e| !e.is_empty());
    for request in &waiting {
        let mail = OutgoingMail {
            to: request.email.clone(),
            to_name: None,
            subject: failed_subject(&g.title),
            text: format!(
                "We are sorry: the photos you asked for could not be brought back from long-term storage. {} has been told and will be in touch; you can also ask again from the gallery later.\n\n{}\n",
                owner.name, owner.name
            ),
            html: None,
            reply_to: contact.clone(),
            unsubscribe: None,
            gallery: Some(g.id),
        };
        to_requester(&txn, &mail, now, request.id).await?;
    }
    let who: Vec<&str> = waiting.iter().map(|r| r.email.as_str()).collect();
    let notice = OutgoingMail {
        to: owner.email.clone(),
        to_name: Some(owner.name.clone()),
        subject: format!("Originals of “{}” could not be restored", g.title),
        text: format!(
            "Restoring archived originals of “{}” failed after several tries, so {} request(s) were closed and their senders told: {}.\n\nThe archive storage may be unreachable or a copy in it damaged; the server log says what failed. Once it is fixed, \"Restore all originals\" in the gallery's Access & downloads tab brings them back, and your clients can ask again.\n",
            g.title,
            waiting.len(),
            who.join(", ")
        ),
        html: None,
        reply_to: None,
        unsubscribe: None,
        gallery: Some(g.id),
    };
    mail::queue(&txn, &notice, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The work of `ServeRestores`, resumable: images already live are not copied again, and a
/// request is marked ready (with its mail) only once all its images are live. Requests that
/// arrive meanwhile are served in the same run.
pub async fn serve_restores(ctx: &Ctx, gallery: Uuid) -> ServiceResult<()> {
    let window = chrono::Duration::from_std(ctx.config.restore_window).unwrap_or(chrono::Duration::days(7));
    // Each round serves what is waiting; requests that arrive meanwhile, or images taken back
    // meanwhile, get another round. Past a few, the job is tried again later.
    for _ in 0..ROUNDS {
        let mut waiting = Vec::new();
        let asked = restore_request::Entity::find()
            .filter(restore_request::Column::GalleryId.eq(gallery))
            .filter(restore_request::Column::Status.eq(WAITING))
            .order_by_asc(restore_request::Column::CreatedAt)
            .all(&ctx.db)
            .await?;
        for request in asked {
            if super::requester::still_stands(ctx, &request, Utc::now()).await? {
                waiting.push(request);
            } else {
                super::requester::end_waiting(ctx, request.id).await?;
            }
        }
        if waiting.is_empty() {
            return Ok(());
        }
        let mut ids = BTreeSet::new();
        for request in &waiting {
            ids.extend(images_of(request)?);
        }
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let mut cold = Vec::new();
        for chunk in ids.chunks(500) {
            cold.extend(
                image::Entity::find()
                    .filter(image::Column::Id.is_in(chunk.to_vec()))
                    .filter(image::Column::OriginalLive.eq(false))
                    // A deleted photo too: one its buyer keeps (sold by name) is asked for by
                    // its order; the restore's end takes it back like any other.
                    .filter(image::Column::DamagedAt.is_null())
                    .all(&ctx.db)
                    .await?,
            );
        }
        if !cold.is_empty() && !ctx.config.restore_delay.is_zero() {
            tokio::time::sleep(ctx.config.restore_delay).await;
        }
        let started = Instant::now();
        let copied =
            run_moves(cold.iter().map(|found| restore_image(ctx, found, Some(Utc::now() + window)).boxed()).collect())
                .await?;
        record(ctx, Direction::Restore, copied, started.elapsed(), Utc::now()).await?;
        let ready_at = Utc::now();
        // The link works to the end of the day its window ends on, in the studio's time zone:
        // the day its mail names, whole.
        let studio = gallery::Entity::find_by_id(gallery).one(&ctx.db).await?.map(|g| g.studio_id);
        let zone = match studio {
            Some(studio) => crate::studio::days::zone_of(&ctx.db, studio).await?,
            None => chrono_tz::UTC,
        };
        let expires_at =
            crate::studio::days::end_of_last_day(zone, crate::studio::days::day_in(zone, ready_at + window));
        let txn = crate::db::begin(&ctx.db).await?;
        for request in &waiting {
            mark_ready(&txn, ctx, request, ready_at, expires_at).await?;
        }
        txn.commit().await?;
    }
    Err(ServiceError::Busy("restore requests kept arriving or their images kept moving; trying again".to_owned()))
}

/// Rounds of `serve_restores` in one run.
const ROUNDS: usize = 5;

/// The ids a request waits for.
fn images_of(request: &restore_request::Model) -> ServiceResult<Vec<Uuid>> {
    serde_json::from_str(&request.images).map_err(|e| ServiceError::Internal(e.into()))
}

/// Whether every image of a request is live again, or past restoring (found damaged: its download
/// then says so).
async fn all_back(txn: &DatabaseTransaction, ids: &[Uuid]) -> ServiceResult<bool> {
    for chunk in ids.chunks(500) {
        let cold = image::Entity::find()
            .filter(image::Column::Id.is_in(chunk.to_vec()))
            .filter(image::Column::OriginalLive.eq(false))
            .filter(image::Column::DamagedAt.is_null())
            .count(txn)
            .await?;
        if cold > 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Marks a request ready until `expires_at`, keeps its images live that long, and queues its mail.
async fn mark_ready(
    txn: &DatabaseTransaction,
    ctx: &Ctx,
    request: &restore_request::Model,
    ready_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> ServiceResult<()> {
    let ids = images_of(request)?;
    // An image taken back (or archived by hand) since it was restored: the next round restores it.
    if !all_back(txn, &ids).await? {
        return Ok(());
    }
    // The link's secret is made now and kept only as a hash: the mail holds the secret.
    let mut secret = [0u8; 16];
    rand::rng().fill_bytes(&mut secret);
    let token = hex::encode(secret);
    let marked = restore_request::Entity::update_many()
        .col_expr(restore_request::Column::Status, Expr::value(READY))
        .col_expr(
            restore_request::Column::TokenHash,
            Expr::value(Some(crate::visitor::secrets::hashing::token_digest(&token))),
        )
        .col_expr(restore_request::Column::ReadyAt, Expr::value(Some(ready_at)))
        .col_expr(restore_request::Column::ExpiresAt, Expr::value(Some(expires_at)))
        .filter(restore_request::Column::Id.eq(request.id))
        .filter(restore_request::Column::Status.eq(WAITING))
        .exec(txn)
        .await?;
    if marked.rows_affected == 0 {
        return Ok(()); // another worker served it
    }
    for chunk in ids.chunks(500) {
        image::Entity::update_many()
            .col_expr(image::Column::RestoredUntil, Expr::value(Some(expires_at)))
            .filter(image::Column::Id.is_in(chunk.to_vec()))
            // A photo the photographer restored for good (no window) gets the one promised too:
            // archived again, it stays until the link runs out.
            .filter(
                sea_orm::Condition::any().add(image::Column::RestoredUntil.lt(expires_at)).add(
                    sea_orm::Condition::all()
                        .add(image::Column::RestoredUntil.is_null())
                        .add(image::Column::ArchivedAt.is_not_null())
                        // (A photo lost from the archive is no photo to take back later.)
                        .add(image::Column::DamagedAt.is_null()),
                ),
            )
            .exec(txn)
            .await?;
    }
    let g = gallery::Entity::find_by_id(request.gallery_id).one(txn).await?.ok_or(ServiceError::NotFound)?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(txn).await?.ok_or(ServiceError::NotFound)?;
    let mail = ready_mail(ctx, request, &token, &g, &owner, ids.len(), expires_at);
    to_requester(txn, &mail, ready_at, request.id).await
}

/// Queues a requester's mail. A studio contact address the outbox refuses (kept under earlier
/// checks) only loses the mail its Reply-To; a requester's address it refuses closes that
/// request unserved, alone (its link never works: no secret is kept), while the round's
/// transaction, and every other requester's mail in it, goes on.
async fn to_requester(
    txn: &DatabaseTransaction,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
    request: Uuid,
) -> ServiceResult<()> {
    let refused = match mail::queue(txn, mail, now).await {
        Err(ServiceError::Invalid(problem)) if problem.field == "reply_to" => {
            let without = OutgoingMail { reply_to: None, ..mail.clone() };
            mail::queue(txn, &without, now).await
        }
        queued => queued,
    };
    match refused {
        Err(ServiceError::Invalid(problem)) => {
            tracing::warn!(%request, field = %problem.field, "a restore request's address cannot be mailed: closed unserved");
            restore_request::Entity::update_many()
                .col_expr(restore_request::Column::Status, Expr::value(FAILED))
                .col_expr(restore_request::Column::TokenHash, Expr::value(Option::<String>::None))
                .col_expr(restore_request::Column::ReadyAt, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(restore_request::Column::ExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
                .filter(restore_request::Column::Id.eq(request))
                .exec(txn)
                .await?;
            Ok(())
        }
        queued => queued.map(|_| ()),
    }
}

/// "Your photos from “Anna & Ben” are ready to download".
fn ready_mail(
    ctx: &Ctx,
    request: &restore_request::Model,
    token: &str,
    g: &gallery::Model,
    owner: &studio::Model,
    photos: usize,
    expires_at: DateTime<Utc>,
) -> OutgoingMail {
    let url = format!("{}{}", ctx.config.public_origin, link_path(token));
    let size = DownloadSize::from_token(&request.size).map_or_else(|| request.size.clone(), |s| s.label());
    let what = match serde_json::from_str::<DownloadTarget>(&request.target) {
        Ok(DownloadTarget::Image(_)) => format!("The photo you asked for ({size}) is ready"),
        _ => format!(
            "The {photos} photo{} you asked for are back from long-term storage; the ZIP holds them in {size} ({} restored)",
            if photos == 1 { "" } else { "s" },
            human_bytes(request.bytes.max(0) as u64)
        ),
    };
    let until = domain::dates::long_date(crate::studio::days::last_day(crate::studio::days::zone(owner), expires_at));
    let letter = Letter {
        brand: Brand::of(owner, &ctx.config.public_origin),
        greeting: "Hello,".to_owned(),
        paragraphs: vec![format!("{what}.")],
        sections: Vec::new(),
        action: Some(("Download here".to_owned(), url)),
        footer: vec![format!(
            "The link works until {until}. After that the originals go back to long-term storage; you can ask for them again from the gallery."
        )],
        unsubscribe: None,
    };
    OutgoingMail {
        to: request.email.clone(),
        to_name: None,
        subject: ready_subject(&g.title),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: Some(owner.contact_email.clone()).filter(|e| !e.is_empty()),
        unsubscribe: None,
        gallery: Some(g.id),
    }
}

/// The address of a ready request's downloads.
pub fn link_path(token: &str) -> String {
    format!("/restored/{token}")
}

/// Restores every archived image of a gallery for good (the photographer's "Restore").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreGallery {
    pub gallery: Uuid,
}

impl JobKind for RestoreGallery {
    const KIND: &'static str = "restore_gallery";
    /// The photographer asked for it: a storage outage delays it, never drops it.
    const PATIENT: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        restore_gallery(ctx, self.gallery).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Done)
    }
}

crate::register_job!(RestoreGallery);

/// The work of `RestoreGallery`, resumable: images already live are skipped. Visitors' restores
/// keep their windows: while the gallery is kept live they end nothing (`expire_restores` passes
/// it by), and archived again, it spares them until they end, as their links promised.
pub async fn restore_gallery(ctx: &Ctx, gallery: Uuid) -> ServiceResult<()> {
    let started = Instant::now();
    let mut copied = 0;
    loop {
        // "Archive now" since this job was queued: the later choice stands, and this run stops,
        // leaving visitors' restores their windows.
        let wanted = gallery::Entity::find_by_id(gallery).one(&ctx.db).await?;
        if wanted.is_none_or(|g| !g.keep_live) {
            return record(ctx, Direction::Restore, copied, started.elapsed(), Utc::now()).await;
        }
        let batch = image::Entity::find()
            .filter(image::Column::GalleryId.eq(gallery))
            .filter(image::Column::OriginalLive.eq(false))
            .filter(image::Column::DeletedAt.is_null())
            .filter(image::Column::DamagedAt.is_null())
            .order_by_asc(image::Column::Id)
            .limit(100)
            .all(&ctx.db)
            .await?;
        if batch.is_empty() {
            break;
        }
        copied += run_moves(batch.iter().map(|found| restore_image(ctx, found, None).boxed()).collect()).await?;
    }
    record(ctx, Direction::Restore, copied, started.elapsed(), Utc::now()).await
}

/// The subject of the mail telling a requester their photos are ready (`visitor::forget` finds
/// those mails by it).
pub(crate) fn ready_subject(title: &str) -> String {
    format!("Your photos from “{title}” are ready to download")
}

/// The subject of the mail telling a requester their photos could not be restored.
pub(crate) fn failed_subject(title: &str) -> String {
    format!("Your photos from “{title}” could not be restored")
}
