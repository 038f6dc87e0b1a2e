//! Forgetting (`ForgetOldActivity`, periodic, every six hours): events and counts older than
//! 13 months, the addresses in the download log as old, and visitor hashes and their salts once their day is over (kept through the next
//! day only), after which a hash cannot be traced back to an address.

use super::counts;
use crate::ctx::Ctx;
use crate::entities::{activity, activity_salt, activity_visitor, download};
use crate::jobs::{JobError, JobKind, Next};
use chrono::{DateTime, Days, Utc};
use domain::engagement::report::ReportRange;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(6 * 3600);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetOldActivity;

impl JobKind for ForgetOldActivity {
    const KIND: &'static str = "forget_old_activity";
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        forget(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Again(EVERY))
    }
}

crate::register_job!(ForgetOldActivity);

/// Deletes what is past keeping at `now`.
pub async fn forget(ctx: &Ctx, now: DateTime<Utc>) -> Result<(), DbErr> {
    let today = now.date_naive();
    // What the range keeps as seen from the day before: a studio west of UTC may still be on it,
    // and its report offers that day's earliest. (Not UTC's earliest less a day: at a month's
    // end the months clamp, and 1 March's earliest less a day is 31 January where 28 February's
    // is the 28th.)
    let earliest = ReportRange::earliest(today - Days::new(1));
    let cutoff = earliest.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
    activity::Entity::delete_many().filter(activity::Column::At.lt(cutoff)).exec(&ctx.db).await?;
    counts::forget_before(&ctx.db, earliest).await?;
    // The download log keeps what was downloaded (the counts, the sizes, the files) for the
    // gallery's life, and whose address it was only as long as the activity.
    download::Entity::update_many()
        .col_expr(download::Column::Email, Expr::value(Option::<String>::None))
        .filter(download::Column::CreatedAt.lt(cutoff))
        .filter(download::Column::Email.is_not_null())
        .exec(&ctx.db)
        .await?;
    let yesterday = ReportRange::key(today - Days::new(1));
    activity_visitor::Entity::delete_many()
        .filter(activity_visitor::Column::Day.lt(yesterday.clone()))
        .exec(&ctx.db)
        .await?;
    activity_salt::Entity::delete_many().filter(activity_salt::Column::Day.lt(yesterday)).exec(&ctx.db).await?;
    Ok(())
}
