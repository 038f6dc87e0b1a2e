//! Forgetting carts nobody came back to (`ForgetOldCarts`, periodic, daily). A cart is known to
//! one visitor's session only, and every new browser may fill one (up to `cart::MAX_LINES`
//! lines): without an end, abandoned carts would only grow. A line is kept `KEPT_FOR` after it
//! was added, as shops keep a basket; a buyer who comes back later adds it again.

use crate::ctx::Ctx;
use crate::entities::cart_line;
use crate::jobs::{JobError, JobKind, Next};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(24 * 3600);

/// How long a line stays in a cart.
pub const KEPT_FOR: chrono::Duration = chrono::Duration::days(30);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetOldCarts;

impl JobKind for ForgetOldCarts {
    const KIND: &'static str = "forget_old_carts";
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        forget(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Again(EVERY))
    }
}

crate::register_job!(ForgetOldCarts);

/// Deletes every cart line added more than `KEPT_FOR` before `now`; answers how many.
pub async fn forget(ctx: &Ctx, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let gone =
        cart_line::Entity::delete_many().filter(cart_line::Column::AddedAt.lt(now - KEPT_FOR)).exec(&ctx.db).await?;
    Ok(gone.rows_affected)
}
