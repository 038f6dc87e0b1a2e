//! Workers: loops that claim jobs and run them until shutdown, renewing each running job's lease
//! by a heartbeat.

use super::queue::{self, Claimed};
use super::registry::{self, Registration};
use super::{JobError, Next};
use crate::ctx::Ctx;
use chrono::Utc;
use tokio::sync::watch;

/// Starts `count` worker loops; they stop when `shutdown` turns true.
pub fn spawn(ctx: Ctx, count: usize, shutdown: watch::Receiver<bool>) -> Vec<tokio::task::JoinHandle<()>> {
    (0..count.max(1))
        .map(|n| {
            let ctx = ctx.clone();
            let mut shutdown = shutdown.clone();
            // Unique across hosts and restarts: a lease is renewed only by the worker that holds it,
            // so two workers must never share a name (two hosts may share a pid, and HOSTNAME is
            // often unset under a service manager).
            let name = format!(
                "{}-{}-{n}-{}",
                ctx.config.instance,
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            );
            tokio::spawn(async move {
                loop {
                    if *shutdown.borrow() {
                        break;
                    }
                    let worked = match run_once(&ctx, &name, Utc::now().timestamp_millis()).await {
                        Ok(worked) => worked,
                        Err(e) => {
                            tracing::warn!(error = %e, "job queue unavailable");
                            false
                        }
                    };
                    if !worked {
                        tokio::select! {
                            _ = tokio::time::sleep(ctx.config.job_poll) => {}
                            _ = shutdown.changed() => {}
                        }
                    }
                }
            })
        })
        .collect()
}

/// How long a job of a kind this version does not know waits before an instance looks at it again.
const UNKNOWN_KIND_WAIT_MS: i64 = 10 * 60 * 1000;
/// How long such a job is passed on before it is taken for a kind no version has any more.
const UNKNOWN_KIND_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// Claims and runs one job if any is due; returns whether one ran.
pub async fn run_once(ctx: &Ctx, worker: &str, now_ms: i64) -> Result<bool, sea_orm::DbErr> {
    let lease = i64::try_from(ctx.config.job_lease.as_millis()).unwrap_or(i64::MAX);
    let Some(claimed) = queue::claim(&ctx.db, worker, now_ms, lease).await? else { return Ok(false) };
    let Some(kind) = registry::find(&claimed.kind) else {
        // Queued by a newer version (instances are upgraded one after another): left to an
        // instance that knows it. One no version has run for a day is of a kind since removed:
        // left dead for the operator.
        if now_ms - claimed.created_at > UNKNOWN_KIND_KEPT_MS {
            tracing::error!(job = claimed.id, kind = %claimed.kind, "no such kind of job for a day; leaving it dead");
            queue::bury(&ctx.db, claimed.id, worker, "no such kind of job in any version running").await?;
        } else {
            tracing::warn!(job = claimed.id, kind = %claimed.kind, "no such kind of job in this version; leaving it to others");
            let later = now_ms + UNKNOWN_KIND_WAIT_MS;
            queue::pass_on(&ctx.db, &claimed, worker, "no such kind of job in this version", later).await?;
        }
        return Ok(true);
    };
    if claimed.exhausted() {
        tracing::error!(job = claimed.id, "job died on every attempt; giving up");
        give_up(ctx, kind, &claimed, worker, "every attempt ended with the worker dying").await?;
        return Ok(true);
    }
    let outcome = tokio::select! {
        outcome = kind.run(ctx, claimed.payload.clone()) => outcome,
        () = heartbeat(ctx, claimed.id, worker) => {
            // Lost the lease (the database said another worker holds it): stop, and leave the
            // job to the one that has it.
            tracing::warn!(job = claimed.id, "lost the job's lease to another worker; stopping");
            return Ok(true);
        }
    };
    finish(ctx, kind, &claimed, worker, outcome).await?;
    Ok(true)
}

/// Renews the lease every third of its length while the job runs, so a live worker keeps its job
/// however long it takes and a dead worker's job is free again one lease (seconds) after it
/// died. Returns only when the lease was taken over; a database hiccup is retried at the next
/// beat (the lease still has two thirds to run).
async fn heartbeat(ctx: &Ctx, id: i64, worker: &str) {
    let lease = ctx.config.job_lease;
    let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
    loop {
        tokio::time::sleep(lease / 3).await;
        let until = Utc::now().timestamp_millis().saturating_add(lease_ms);
        match queue::extend(&ctx.db, id, worker, until).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => tracing::warn!(job = id, error = %e, "could not renew a job's lease"),
        }
    }
}

async fn finish(
    ctx: &Ctx,
    kind: &Registration,
    claimed: &Claimed,
    worker: &str,
    outcome: Result<Next, JobError>,
) -> Result<(), sea_orm::DbErr> {
    let still_ours = match outcome {
        Ok(Next::Done) => queue::complete(&ctx.db, claimed.id, worker).await?,
        Ok(Next::Again(after)) => {
            let after_ms = i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
            let at = Utc::now().timestamp_millis().saturating_add(after_ms);
            queue::reschedule(&ctx.db, claimed.id, worker, at).await?
        }
        Err(JobError::Transient(error)) => {
            tracing::warn!(job = claimed.id, attempt = claimed.attempts, %error, "job failed; will retry");
            if claimed.attempts >= claimed.max_attempts {
                return give_up(ctx, kind, claimed, worker, &error).await;
            }
            let now = Utc::now().timestamp_millis();
            match kind.retry_delay(ctx, claimed.attempts) {
                Some(delay) => {
                    let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
                    queue::retry_at(&ctx.db, claimed, worker, &error, now.saturating_add(delay_ms)).await?
                }
                None => queue::retry_later(&ctx.db, claimed, worker, &error, now).await?,
            }
        }
    };
    if !still_ours {
        tracing::warn!(job = claimed.id, "the job's lease lapsed and another worker took it; leaving it to that one");
    }
    Ok(())
}

/// The job's last attempt failed: its kind's giving up runs first (marking the image failed,
/// telling who waited), and only then is the job left dead. A worker that dies in between, or a
/// giving up that fails, leaves the job leased on its last attempt, so it is claimed again and
/// given up again once the lease lapses (giving up may run twice, never not at all). A worker
/// whose lease another took over gives up nothing: the job is the other worker's.
async fn give_up(
    ctx: &Ctx,
    kind: &Registration,
    claimed: &Claimed,
    worker: &str,
    error: &str,
) -> Result<(), sea_orm::DbErr> {
    let lease = i64::try_from(ctx.config.job_lease.as_millis()).unwrap_or(i64::MAX);
    let until = Utc::now().timestamp_millis().saturating_add(lease);
    if !queue::extend(&ctx.db, claimed.id, worker, until).await? {
        tracing::warn!(job = claimed.id, "the job's lease lapsed and another worker took it; not giving up");
        return Ok(());
    }
    if let Err(e) = kind.give_up(ctx, claimed.payload.clone()).await {
        if claimed.attempts <= claimed.max_attempts + GIVE_UP_TRIES {
            tracing::warn!(job = claimed.id, error = %e, "giving up on a job failed; tried again once its lease lapses");
            return Ok(());
        }
        tracing::error!(job = claimed.id, error = %e, "giving up on a job failed every time; leaving it dead");
    }
    queue::bury(&ctx.db, claimed.id, worker, error).await?;
    Ok(())
}

/// How many more claims a job whose giving up fails gets (one a lease apart) before it is left
/// dead without it.
const GIVE_UP_TRIES: i32 = 5;
