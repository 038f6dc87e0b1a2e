//! Periodic jobs: one row per kind that never leaves the queue. After each run the worker sets
//! it due again (`queue::reschedule`) instead of deleting it, so a crash, a restart or several
//! instances never multiply it; `ensure` creates the row once, at start-up.

use super::{queue, registry};
use crate::entities::job;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

/// Schedules each periodic job that has no row yet, due at once. Two instances starting at the
/// same moment may both add one; that only makes the job run twice as often, and it is safe.
pub async fn ensure<C: ConnectionTrait>(db: &C, now_ms: i64) -> Result<(), DbErr> {
    for kind in registry::all().filter(|r| r.periodic) {
        let scheduled = job::Entity::find().filter(job::Column::Kind.eq(kind.kind)).count(db).await?;
        if scheduled == 0 {
            queue::insert(db, kind.kind, kind.max_attempts, serde_json::Value::Null, now_ms).await?;
        }
    }
    Ok(())
}
