//! The storage sweep (`Job::SweepStorage`, periodic): removes what crashes leave in storage and
//! no row refers to — temporary objects under `incoming/`, a local store's half-written staging
//! files (`originals/<id>#1`), originals, renditions, download sizes and logos whose image or
//! studio row does not exist, and the live copies of originals and download sizes whose row says
//! they are in the archive only (an archive run or a restore's expiry that stopped between its
//! row and its delete). In the archive tier it removes the same crash leftovers and objects of
//! rows that do not exist. Only objects older than the grace period go: a younger one may be an
//! upload between its copy and its row's commit, or a restore about to mark its row. Each run logs
//! what it removed.

use crate::ctx::Ctx;
use crate::entities::{image, studio};
use crate::error::ServiceResult;
use crate::jobs::{JobError, JobKind, Next};
use crate::storage::INCOMING;
use crate::storage::pairing::{self, Tier};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use object_store::path::Path as ObjectPath;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How many candidate objects are checked against the database at once.
const BATCH: usize = 500;

/// What one sweep removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    /// Objects under `incoming/` (copies that never got renamed).
    pub incoming: usize,
    /// Local staging files (`name#1`) of writes a crash interrupted.
    pub staging: usize,
    /// Originals, renditions, watermarked previews, download sizes and logos of rows that do not
    /// exist.
    pub unreferenced: usize,
    /// Their bytes, together.
    pub bytes: u64,
}

impl SweepReport {
    /// Everything removed.
    pub fn removed(&self) -> usize {
        self.incoming + self.staging + self.unreferenced
    }
}

/// Remove stored objects no row refers to, left by crashes. Periodic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepStorage;

impl JobKind for SweepStorage {
    const KIND: &'static str = "sweep_storage";
    // A failed run waits its back-off and tries again; it is never given up.
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        run(ctx).await
    }
}

crate::register_job!(SweepStorage);

/// The job: one sweep, then again after `sweep_every`.
pub async fn run(ctx: &Ctx) -> Result<Next, JobError> {
    let report = sweep_storage(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
    tracing::info!(
        removed = report.removed(),
        incoming = report.incoming,
        staging = report.staging,
        unreferenced = report.unreferenced,
        bytes = report.bytes,
        "storage sweep removed {} leftover objects ({:.1} MB)",
        report.removed(),
        report.bytes as f64 / 1e6
    );
    Ok(Next::Again(ctx.config.sweep_every))
}

/// A stored object a row should refer to.
struct Candidate {
    path: ObjectPath,
    size: u64,
    owner: Owner,
}

/// Whose row keeps an object.
#[derive(Clone, Copy)]
enum Owner {
    /// A preview: kept while the image's row exists.
    Image(Uuid),
    /// An original or a download size: kept while the row says it is live.
    Original(Uuid),
    Studio(Uuid),
}

/// Removes every leftover older than `now - sweep_grace`, in the live tier and the archive.
pub async fn sweep_storage(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<SweepReport> {
    let grace = chrono::Duration::from_std(ctx.config.sweep_grace).unwrap_or(chrono::Duration::MAX);
    let cutoff = now.checked_sub_signed(grace).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let mut report = SweepReport::default();
    sweep_tier(ctx, Tier::Live, cutoff, &mut report).await?;
    sweep_tier(ctx, Tier::Archive, cutoff, &mut report).await?;
    Ok(report)
}

/// Sweeps the store of `tier`. In the archive only its staging files, `incoming/` and objects of
/// rows that do not exist go: an archive copy of a live image is a checked spare a later archive
/// run reuses.
async fn sweep_tier(ctx: &Ctx, tier: Tier, cutoff: DateTime<Utc>, report: &mut SweepReport) -> ServiceResult<()> {
    let store = tier.store(ctx);
    // Its rows are another database's (a volume swapped under a running server): every object
    // would look unreferenced.
    if !pairing::is_own(ctx, tier).await? {
        tracing::error!(
            ?tier,
            "the storage sweep left a store alone: its mark `proofroom-store` is not this database's (see the start's check)"
        );
        return Ok(());
    }
    let cutoff_time = std::time::SystemTime::from(cutoff);
    // The walk of a large folder takes a while: on a blocking thread, so the runtime's threads keep
    // serving requests and this job's own lease keeps being renewed meanwhile.
    let walker = store.clone();
    let (staging, bytes) = tokio::task::spawn_blocking(move || {
        let (mut staging, mut bytes) = (0usize, 0u64);
        for (path, size, modified) in walker.staging_files() {
            if modified < cutoff_time && std::fs::remove_file(&path).is_ok() {
                staging += 1;
                bytes += size;
            }
        }
        (staging, bytes)
    })
    .await
    .map_err(|e| crate::error::ServiceError::Internal(anyhow::anyhow!("the storage sweep's walk stopped: {e}")))?;
    report.staging += staging;
    report.bytes += bytes;

    let mut listing = store.list();
    let mut batch = Vec::new();
    while let Some(meta) = listing.next().await {
        let meta = meta?;
        if meta.last_modified >= cutoff {
            continue;
        }
        let mut parts = meta.location.parts();
        let (Some(first), second) = (parts.next(), parts.next()) else { continue };
        let id = second.and_then(|part| Uuid::parse_str(part.as_ref()).ok());
        let owner = match (first.as_ref(), id) {
            (INCOMING, _) => {
                store.delete_path(&meta.location).await?;
                report.incoming += 1;
                report.bytes += meta.size;
                continue;
            }
            ("originals" | "downloads", Some(id)) if tier == Tier::Live => Owner::Original(id),
            ("originals" | "downloads" | "renditions" | "watermarked", Some(id)) => Owner::Image(id),
            ("studios", Some(id)) => Owner::Studio(id),
            _ => continue,
        };
        batch.push(Candidate { path: meta.location, size: meta.size, owner });
        if batch.len() >= BATCH {
            remove_unreferenced(ctx, store, std::mem::take(&mut batch), report).await?;
        }
    }
    remove_unreferenced(ctx, store, batch, report).await
}

/// Removes the candidates whose row does not exist (or, for a live original, says it is not live).
async fn remove_unreferenced(
    ctx: &Ctx,
    store: &crate::storage::Storage,
    batch: Vec<Candidate>,
    report: &mut SweepReport,
) -> ServiceResult<()> {
    let images: Vec<Uuid> = batch
        .iter()
        .filter_map(|c| match c.owner {
            Owner::Image(id) | Owner::Original(id) => Some(id),
            Owner::Studio(_) => None,
        })
        .collect();
    let studios: Vec<Uuid> =
        batch.iter().filter_map(|c| if let Owner::Studio(id) = c.owner { Some(id) } else { None }).collect();
    // Each known image, and whether its original is live.
    let known_images: HashMap<Uuid, bool> = if images.is_empty() {
        HashMap::new()
    } else {
        image::Entity::find()
            .select_only()
            .column(image::Column::Id)
            .column(image::Column::OriginalLive)
            .filter(image::Column::Id.is_in(images))
            .into_tuple::<(Uuid, bool)>()
            .all(&ctx.db)
            .await?
            .into_iter()
            .collect()
    };
    let known_studios: HashSet<Uuid> = if studios.is_empty() {
        HashSet::new()
    } else {
        studio::Entity::find()
            .select_only()
            .column(studio::Column::Id)
            .filter(studio::Column::Id.is_in(studios))
            .into_tuple::<Uuid>()
            .all(&ctx.db)
            .await?
            .into_iter()
            .collect()
    };
    for candidate in batch {
        let referenced = match candidate.owner {
            Owner::Image(id) => known_images.contains_key(&id),
            Owner::Original(id) => known_images.get(&id).copied().unwrap_or(false),
            Owner::Studio(id) => known_studios.contains(&id),
        };
        if !referenced && !restored_meanwhile(ctx, &candidate).await? {
            store.delete_path(&candidate.path).await?;
            report.unreferenced += 1;
            report.bytes += candidate.size;
        }
    }
    Ok(())
}

/// A live copy of an archived original found unreferenced may have been taken up by a restore
/// since the batch was read (a restore reuses a checked copy it finds): its row is read again
/// just before the delete.
async fn restored_meanwhile(ctx: &Ctx, candidate: &Candidate) -> ServiceResult<bool> {
    let Owner::Original(id) = candidate.owner else { return Ok(false) };
    Ok(image::Entity::find_by_id(id).one(&ctx.db).await?.is_some_and(|found| found.original_live))
}
