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

/// Claims and runs one job if any is due; returns whether one ran.
pub async fn run_once(ctx: &Ctx, worker: &str, now_ms: i64) -> Result<bool, sea_orm::DbErr> {
    let lease = i64::try_from(ctx.config.job_lease.as_millis()).unwrap_or(i64::MAX);
    let Some(claimed) = queue::claim(&ctx.db, worker, now_ms, lease).await? else { return Ok(false) };
    let Some(kind) = registry::find(&claimed.kind) else {
        tracing::error!(job = claimed.id, kind = %claimed.kind, "no such kind of job; leaving it dead");
        queue::bury(&ctx.db, claimed.id, "no such kind of job in this version").await?;
        return Ok(true);
    };
    if claimed.exhausted() {
        tracing::error!(job = claimed.id, "job died on every attempt; giving up");
        queue::bury(&ctx.db, claimed.id, "every attempt ended with the worker dying").await?;
        kind.give_up(ctx, claimed.payload.clone()).await?;
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
    finish(ctx, kind, &claimed, outcome).await?;
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
    outcome: Result<Next, JobError>,
) -> Result<(), sea_orm::DbErr> {
    match outcome {
        Ok(Next::Done) => queue::complete(&ctx.db, claimed.id).await,
        Ok(Next::Again(after)) => {
            let after_ms = i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
            queue::reschedule(&ctx.db, claimed.id, Utc::now().timestamp_millis().saturating_add(after_ms)).await
        }
        Err(JobError::Transient(error)) => {
            tracing::warn!(job = claimed.id, attempt = claimed.attempts, %error, "job failed; will retry");
            if claimed.attempts >= claimed.max_attempts {
                queue::bury(&ctx.db, claimed.id, &error).await?;
                kind.give_up(ctx, claimed.payload.clone()).await
            } else {
                let now = Utc::now().timestamp_millis();
                match kind.retry_delay(ctx, claimed.attempts) {
                    Some(delay) => {
                        let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
                        queue::retry_at(&ctx.db, claimed, &error, now.saturating_add(delay_ms)).await
                    }
                    None => queue::retry_later(&ctx.db, claimed, &error, now).await,
                }
            }
        }
    }
}
