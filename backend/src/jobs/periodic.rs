//! Periodic jobs: one row per kind that never leaves the queue. After each run the worker sets
//! it due again (`queue::reschedule`) instead of deleting it, so a crash, a restart or several
//! instances never multiply it; `ensure` creates the row once, at start-up.

use super::{queue, registry};
use crate::entities::job;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
};

/// The PostgreSQL advisory lock `ensure` runs under ("PRperiod" in ASCII).
const ENSURE_LOCK: i64 = 0x5052_7065_7269_6f64;

/// Schedules each periodic job that has no row yet (or whose row was left dead), due at once.
/// Instances starting together on PostgreSQL take turns (an advisory lock held until the
/// transaction ends), so each kind gets one row however many start. (SQLite serves one machine,
/// where one instance runs.)
pub async fn ensure(db: &DatabaseConnection, now_ms: i64) -> Result<(), DbErr> {
    let txn = crate::db::begin(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({ENSURE_LOCK})")).await?;
    }
    for kind in registry::all().filter(|r| r.periodic) {
        let scheduled = job::Entity::find().filter(job::Column::Kind.eq(kind.kind)).count(&txn).await?;
        if scheduled == 0 {
            queue::insert(&txn, kind.kind, kind.max_attempts, serde_json::Value::Null, now_ms).await?;
        }
        // A periodic row left dead (by an older version that did not know it, or after its
        // giving up) would never run again: it is due again.
        job::Entity::update_many()
            .col_expr(job::Column::Attempts, Expr::value(0))
            .col_expr(job::Column::LockedUntil, Expr::value(Option::<i64>::None))
            .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
            .col_expr(job::Column::RunAfter, Expr::value(now_ms))
            .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
            .filter(job::Column::Kind.eq(kind.kind))
            .filter(job::Column::RunAfter.eq(queue::NEVER))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}
