//! The scrub (`Job::ScrubOriginals`, periodic): re-reads stored originals at a bounded rate and
//! checks each against its recorded length and CRC-32, oldest-checked first, so every original is
//! read back once per cycle. A match is recorded on the row (`verified_at`); a mismatch marks the
//! original damaged, emails the photographer once, and downloads refuse it from then on
//! (`integrity`). Each run reads about ten seconds' worth of the rate, then the job waits as long
//! as that reading "cost", so the average stays at `scrub_rate` without holding a worker idle.

use crate::ctx::Ctx;
use crate::entities::image;
use crate::error::ServiceResult;
use crate::jobs::{JobError, JobKind, Next};
use crate::storage::StorageKey;
use chrono::{DateTime, Utc};
use domain::ids::ImageId;
use futures::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How many seconds of the rate one run reads at most.
const RUN_SECONDS: u64 = 10;
/// The wait when there is nothing to read (no originals, or the scrub is off).
const IDLE: Duration = Duration::from_secs(3600);

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    /// Originals read back.
    pub checked: usize,
    /// Of those, found not to match.
    pub damaged: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// Re-read a share of the stored originals and check them against their checksums. Periodic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScrubOriginals;

impl JobKind for ScrubOriginals {
    const KIND: &'static str = "scrub_originals";
    // A failed run waits its back-off and tries again; it is never given up.
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        run(ctx).await
    }
}

crate::register_job!(ScrubOriginals);

/// The job: one run, then again when the rate allows.
pub async fn run(ctx: &Ctx) -> Result<Next, JobError> {
    let rate = ctx.config.scrub_rate;
    if rate == 0 {
        return Ok(Next::Again(IDLE));
    }
    let done = scrub_some(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
    if done.checked == 0 {
        return Ok(Next::Again(IDLE));
    }
    if done.damaged > 0 {
        tracing::error!(damaged = done.damaged, checked = done.checked, "scrub: damaged originals found");
    } else {
        tracing::debug!(checked = done.checked, bytes = done.bytes, "scrub: originals verified");
    }
    Ok(Next::Again(Duration::from_secs_f64(done.bytes as f64 / rate as f64).max(Duration::from_secs(1))))
}

/// Reads back the originals checked longest ago (never-checked first), about `RUN_SECONDS` of
/// `scrub_rate` (at least one), and records what it finds.
pub async fn scrub_some(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<Scrubbed> {
    let budget = ctx.config.scrub_rate.max(1).saturating_mul(RUN_SECONDS);
    let mut done = Scrubbed::default();
    // Never checked first (NULLs sort differently on SQLite and PostgreSQL, hence two queries),
    // then the longest ago; damaged ones are not read again, nor originals in the archive only
    // (their copy was verified as it was written, and reading a cold tier costs).
    let never = image::Entity::find()
        .filter(image::Column::OriginalLive.eq(true))
        .filter(image::Column::VerifiedAt.is_null())
        .filter(image::Column::DamagedAt.is_null())
        .order_by_asc(image::Column::CreatedAt)
        .limit(200)
        .all(&ctx.db)
        .await?;
    let oldest = image::Entity::find()
        .filter(image::Column::OriginalLive.eq(true))
        .filter(image::Column::VerifiedAt.is_not_null())
        .filter(image::Column::DamagedAt.is_null())
        .order_by_asc(image::Column::VerifiedAt)
        .limit(200)
        .all(&ctx.db)
        .await?;
    // Whether the store has shown it is the real one, once a missing original asked.
    let mut store_answers = None;
    for found in never.into_iter().chain(oldest) {
        if done.checked > 0 && done.bytes >= budget {
            break;
        }
        let outcome = read_back(ctx, &found).await?;
        if outcome == Some(Found::Missing) {
            if store_answers.is_none() {
                store_answers = Some(holds_other_originals(ctx, found.id).await?);
            }
            if store_answers == Some(false) {
                // A volume that did not mount, a wrong folder or prefix: every original would be
                // "missing", and marking them damaged would outlive the mend. Passed by (not
                // counted as read), and asked again on a later run, once an original read back
                // before answers again.
                tracing::error!(image = %found.id, "scrub: an original is missing and the store holds none read back before");
                continue;
            }
        }
        if outcome.is_none() {
            // An original read back whole: this is the store.
            store_answers = Some(true);
        }
        let outcome = outcome.map(Found::detail);
        done.checked += 1;
        done.bytes += found.byte_size.max(0) as u64;
        match outcome {
            None => {
                image::Entity::update_many()
                    .col_expr(image::Column::VerifiedAt, Expr::value(Some(now)))
                    .filter(image::Column::Id.eq(found.id))
                    .exec(&ctx.db)
                    .await?;
            }
            // Archived while it was being read: its live copy went on purpose.
            Some(_) if !still_live(ctx, found.id).await? => {}
            Some(detail) => {
                done.damaged += 1;
                crate::storage::integrity::mark_damaged(ctx, found.id, &detail, now).await?;
            }
        }
    }
    Ok(done)
}

/// Whether the image's original is still in the live tier (its row may have changed since read).
async fn still_live(ctx: &Ctx, id: uuid::Uuid) -> ServiceResult<bool> {
    Ok(image::Entity::find_by_id(id).one(&ctx.db).await?.is_some_and(|i| i.original_live))
}

/// What reading an original back found wrong.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Missing,
    Differs(String),
}

impl Found {
    fn detail(self) -> String {
        match self {
            Found::Missing => "the stored original is missing".to_owned(),
            Found::Differs(detail) => detail,
        }
    }
}

/// Whether the live store holds the original of another photo (a few are asked): it is the
/// store, not an empty folder where a volume failed to mount. Those it gave back whole before
/// are asked first, the latest ones (a batch of uploads that all went astray proves nothing
/// about the store); before anything was ever read back (a scrub newly turned on), the newest
/// uploads. With none to ask, nothing is proven, and a missing original waits.
async fn holds_other_originals(ctx: &Ctx, except: uuid::Uuid) -> ServiceResult<bool> {
    let live = || {
        image::Entity::find()
            .filter(image::Column::OriginalLive.eq(true))
            .filter(image::Column::DamagedAt.is_null())
            .filter(image::Column::Id.ne(except))
    };
    let mut others = live()
        .filter(image::Column::VerifiedAt.is_not_null())
        .order_by_desc(image::Column::VerifiedAt)
        .limit(3)
        .all(&ctx.db)
        .await?;
    if others.is_empty() {
        others = live().order_by_desc(image::Column::CreatedAt).limit(3).all(&ctx.db).await?;
    }
    let ids: Vec<uuid::Uuid> = others.iter().map(|o| o.id).collect();
    Ok(ctx.storage.holds_any_original(&ids).await)
}

/// Reads `found`'s original whole; `None` when it matches its recorded length and CRC-32, else
/// what is wrong. Other storage errors are returned.
async fn read_back(ctx: &Ctx, found: &image::Model) -> ServiceResult<Option<Found>> {
    let key = StorageKey::Original(ImageId(found.id));
    let mut stream = match ctx.storage.stream(key, None).await {
        Ok(stream) => stream,
        Err(object_store::Error::NotFound { .. }) => return Ok(Some(Found::Missing)),
        Err(e) => return Err(e.into()),
    };
    let (mut len, mut crc) = (0u64, crc32fast::Hasher::new());
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        len += chunk.len() as u64;
        crc.update(&chunk);
    }
    let (expected_len, expected_crc) = (found.byte_size.max(0) as u64, found.crc32 as u32);
    let actual = crc.finalize();
    Ok(if len != expected_len {
        Some(Found::Differs(format!("{len} bytes stored, {expected_len} recorded")))
    } else if actual != expected_crc {
        Some(Found::Differs(format!("CRC-32 {actual:08x} stored, {expected_crc:08x} recorded")))
    } else {
        None
    })
}
