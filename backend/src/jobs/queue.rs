//! Enqueue, claim, finish and retry jobs. Times are unix milliseconds passed in by the caller, so
//! tests can move the clock.

use super::JobKind;
use crate::entities::job;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// How often a job is tried before it is left as dead (with its last error kept), unless its kind
/// says otherwise (`JobKind::MAX_ATTEMPTS`).
pub const MAX_ATTEMPTS: i32 = 5;

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    /// The stored kind name (`JobKind::KIND`).
    pub kind: String,
    /// The job's payload (the kind's type, as JSON).
    pub payload: serde_json::Value,
    pub attempts: i32,
    pub max_attempts: i32,
    /// When it was queued (ms).
    pub created_at: i64,
}

impl Claimed {
    /// Every attempt was used up by workers that died mid-job: give up without running it again.
    pub fn exhausted(&self) -> bool {
        self.attempts > self.max_attempts
    }
}

/// Adds a job (in the caller's transaction when given one, so the job exists iff its row does).
pub async fn enqueue<C: ConnectionTrait, J: JobKind>(db: &C, job: &J, now_ms: i64) -> Result<i64, DbErr> {
    let payload = serde_json::to_value(job).map_err(|e| DbErr::Custom(e.to_string()))?;
    insert(db, J::KIND, J::MAX_ATTEMPTS, payload, now_ms).await
}

/// Adds many jobs of one kind, a few hundred rows a statement (a whole gallery's photos: one
/// insert each would hold the database's write lock for as many round trips).
pub async fn enqueue_many<C: ConnectionTrait, J: JobKind>(
    db: &C,
    jobs: impl IntoIterator<Item = J>,
    now_ms: i64,
) -> Result<(), DbErr> {
    let rows: Vec<job::ActiveModel> = jobs
        .into_iter()
        .map(|job| {
            Ok(row(
                J::KIND,
                J::MAX_ATTEMPTS,
                serde_json::to_value(&job).map_err(|e| DbErr::Custom(e.to_string()))?,
                now_ms,
            ))
        })
        .collect::<Result<_, DbErr>>()?;
    for chunk in rows.chunks(500) {
        job::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Adds a row of `kind` with `payload`, stored as `{"kind": …, "payload": …}` (the shape rows have
/// always had, so rows queued by an older version still read).
pub(super) async fn insert<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    max_attempts: i32,
    payload: serde_json::Value,
    now_ms: i64,
) -> Result<i64, DbErr> {
    Ok(job::Entity::insert(row(kind, max_attempts, payload, now_ms)).exec(db).await?.last_insert_id)
}

/// A new row of `kind` with `payload`, due at `now_ms`.
fn row(kind: &str, max_attempts: i32, payload: serde_json::Value, now_ms: i64) -> job::ActiveModel {
    let envelope = serde_json::json!({ "kind": kind, "payload": payload });
    job::ActiveModel {
        kind: Set(kind.to_owned()),
        payload: Set(envelope.to_string()),
        attempts: Set(0),
        max_attempts: Set(max_attempts),
        run_after: Set(now_ms),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now_ms),
        ..Default::default()
    }
}

/// The `run_after` of a job given up on.
pub const NEVER: i64 = i64::MAX;

/// Runnable now: due, not leased (or its lease lapsed), and either attempts left, or its last
/// attempt died with the lease held — then it is claimed once more, only to be given up, so the
/// image it was for does not stay "processing" for ever. A job whose giving up failed too (or
/// whose worker died while giving up) still holds its lapsed lease, and is claimed again to give
/// up again: only `bury`, after the giving up, lets go of it.
fn claimable(now_ms: i64) -> sea_orm::Condition {
    let free =
        sea_orm::Condition::any().add(job::Column::LockedUntil.is_null()).add(job::Column::LockedUntil.lt(now_ms));
    let attempts_left = Expr::col(job::Column::Attempts).lt(Expr::col(job::Column::MaxAttempts));
    let died_on_last = sea_orm::Condition::all()
        .add(Expr::col(job::Column::Attempts).gte(Expr::col(job::Column::MaxAttempts)))
        .add(job::Column::LockedUntil.is_not_null());
    sea_orm::Condition::all()
        .add(job::Column::RunAfter.lte(now_ms))
        .add(free)
        .add(sea_orm::Condition::any().add(attempts_left).add(died_on_last))
}

/// Claims the oldest runnable job for `worker` for `lease_ms`. Two workers racing for the same
/// row: the conditional update lets exactly one win; the loser tries the next candidate.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    worker: &str,
    now_ms: i64,
    lease_ms: i64,
) -> Result<Option<Claimed>, DbErr> {
    loop {
        let candidates: Vec<i64> = job::Entity::find()
            .select_only()
            .column(job::Column::Id)
            .filter(claimable(now_ms))
            .order_by_asc(job::Column::Id)
            .limit(8)
            .into_tuple()
            .all(db)
            .await?;
        if candidates.is_empty() {
            return Ok(None);
        }
        for id in candidates {
            let won = job::Entity::update_many()
                .col_expr(job::Column::LockedUntil, Expr::value(Some(now_ms + lease_ms)))
                .col_expr(job::Column::LockedBy, Expr::value(Some(worker.to_owned())))
                .col_expr(job::Column::Attempts, Expr::col(job::Column::Attempts).add(1))
                .filter(job::Column::Id.eq(id))
                .filter(claimable(now_ms))
                .exec(db)
                .await?
                .rows_affected
                == 1;
            if !won {
                continue;
            }
            let Some(row) = job::Entity::find_by_id(id).one(db).await? else { continue };
            let payload = match serde_json::from_str::<serde_json::Value>(&row.payload) {
                // Unit kinds were stored without a payload.
                Ok(mut envelope) => envelope.get_mut("payload").map(serde_json::Value::take).unwrap_or_default(),
                Err(e) => {
                    // Unreadable payload: keep it for inspection, never retry.
                    bury(db, id, worker, &format!("unreadable payload: {e}")).await?;
                    continue;
                }
            };
            return Ok(Some(Claimed {
                id,
                kind: row.kind,
                payload,
                attempts: row.attempts,
                max_attempts: row.max_attempts,
                created_at: row.created_at,
            }));
        }
    }
}

/// Renews `worker`'s lease on job `id` until `until_ms` (the heartbeat of a running job).
/// Returns false when the lease is no longer this worker's: another worker took the job over.
pub async fn extend<C: ConnectionTrait>(db: &C, id: i64, worker: &str, until_ms: i64) -> Result<bool, DbErr> {
    let renewed = job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(Some(until_ms)))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LockedBy.eq(worker))
        .filter(job::Column::LockedUntil.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(renewed == 1)
}

// The ways a job is finished below take the worker's name and change the row only while that
// worker still holds it: a worker whose lease lapsed (a stalled process, a database that could
// not be reached to renew it) may find another worker running the job when it finishes, and must
// then neither delete the row under it, nor free its lease, nor leave it dead. Each answers
// whether the row was still this worker's.

/// The job is done: it leaves the queue.
pub async fn complete<C: ConnectionTrait>(db: &C, id: i64, worker: &str) -> Result<bool, DbErr> {
    let done = job::Entity::delete_many()
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// A periodic job ran: it stays in the queue, due again at `run_after_ms`, with its attempts
/// and error cleared.
pub async fn reschedule<C: ConnectionTrait>(db: &C, id: i64, worker: &str, run_after_ms: i64) -> Result<bool, DbErr> {
    let done = job::Entity::update_many()
        .col_expr(job::Column::Attempts, Expr::value(0))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<i64>::None))
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(job::Column::RunAfter, Expr::value(run_after_ms))
        .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The usual wait after `attempts` failed tries: one second, doubling, up to about 17 minutes.
pub fn backoff_ms(attempts: i32) -> i64 {
    1_000i64 << attempts.clamp(0, 10)
}

/// The attempt failed: release the lease and retry later with exponential back-off (the
/// attempt count was charged at claim time).
pub async fn retry_later<C: ConnectionTrait>(
    db: &C,
    claimed: &Claimed,
    worker: &str,
    error: &str,
    now_ms: i64,
) -> Result<bool, DbErr> {
    retry_at(db, claimed, worker, error, now_ms + backoff_ms(claimed.attempts)).await
}

/// The attempt failed: release the lease and run the job again from `run_after_ms` on.
pub async fn retry_at<C: ConnectionTrait>(
    db: &C,
    claimed: &Claimed,
    worker: &str,
    error: &str,
    run_after_ms: i64,
) -> Result<bool, DbErr> {
    release(claimed, worker, error, run_after_ms, None).exec(db).await.map(|done| done.rows_affected == 1)
}

/// The update that gives `claimed` back (held by `worker`), due again at `run_after_ms`, with
/// `error` kept, leased until `leased_until` (`None`: claimable at once when due).
fn release(
    claimed: &Claimed,
    worker: &str,
    error: &str,
    run_after_ms: i64,
    leased_until: Option<i64>,
) -> sea_orm::UpdateMany<job::Entity> {
    job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(leased_until))
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(job::Column::RunAfter, Expr::value(run_after_ms))
        .col_expr(job::Column::LastError, Expr::value(Some(error.to_owned())))
        .filter(job::Column::Id.eq(claimed.id))
        .filter(job::Column::LockedBy.eq(worker))
}

/// Leaves a job this worker cannot run (a kind from a newer version, during a rolling upgrade)
/// to the others: the attempt given back, due again at `run_after_ms`. It stays "leased" by
/// nobody until then: a job whose last attempt died is claimable only with a lease held (to be
/// given up), and must stay so for the version that knows it.
pub async fn pass_on<C: ConnectionTrait>(
    db: &C,
    claimed: &Claimed,
    worker: &str,
    error: &str,
    run_after_ms: i64,
) -> Result<bool, DbErr> {
    release(claimed, worker, error, run_after_ms, Some(run_after_ms))
        .col_expr(job::Column::Attempts, Expr::col(job::Column::Attempts).sub(1))
        .exec(db)
        .await
        .map(|done| done.rows_affected == 1)
}

/// Leaves a job dead: never claimed again, kept with its error for the operator.
pub async fn bury<C: ConnectionTrait>(db: &C, id: i64, worker: &str, error: &str) -> Result<bool, DbErr> {
    let done = job::Entity::update_many()
        .col_expr(job::Column::Attempts, Expr::col(job::Column::MaxAttempts))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<i64>::None))
        .col_expr(job::Column::LastError, Expr::value(Some(error.to_owned())))
        // Never due again: out of the range every worker's poll reads (`claimable`).
        .col_expr(job::Column::RunAfter, Expr::value(NEVER))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}
