//! Forgetting the days past keeping.
//!
//! Each key's running totals start again from zero at the earliest day kept: its rows before it
//! are deleted and their last total is taken off its later rows and its totals row, so nothing
//! older than what is kept remains, not even inside a sum. The cost, every six hours, is a
//! rewrite of the later rows of the keys that had events on the days that just went; each key
//! is done in a transaction of its own, so a request recording to it waits for that key only.

use super::{running, total};
use chrono::NaiveDate;
use domain::engagement::report::ReportRange;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};
use uuid::Uuid;

/// A key as stored (its kind's token is not parsed: a row of any kind is forgotten).
type StoredKey = (Uuid, String, String, String);

/// Forgets the days before `earliest`. A key with no later day is forgotten whole.
pub async fn forget_before<C>(db: &C, earliest: NaiveDate) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let cutoff = ReportRange::key(earliest);
    loop {
        let mut keys: Vec<StoredKey> = running::Entity::find()
            .filter(running::Column::Day.lt(cutoff.as_str()))
            .select_only()
            .columns([
                running::Column::GalleryId,
                running::Column::Kind,
                running::Column::Image,
                running::Column::Email,
            ])
            .distinct()
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if keys.is_empty() {
            return Ok(());
        }
        keys.sort();
        for key in &keys {
            let txn = crate::db::begin(db).await?;
            forget_key(&txn, key, &cutoff).await?;
            txn.commit().await?;
        }
    }
}

/// One key's part of `forget_before`.
async fn forget_key<C: ConnectionTrait>(db: &C, key: &StoredKey, cutoff: &str) -> Result<(), DbErr> {
    let (gallery, kind, image, email) = key;
    let totals_row = Condition::all()
        .add(total::Column::GalleryId.eq(*gallery))
        .add(total::Column::Kind.eq(kind.as_str()))
        .add(total::Column::Image.eq(image.as_str()))
        .add(total::Column::Email.eq(email.as_str()));
    let running_rows = Condition::all()
        .add(running::Column::GalleryId.eq(*gallery))
        .add(running::Column::Kind.eq(kind.as_str()))
        .add(running::Column::Image.eq(image.as_str()))
        .add(running::Column::Email.eq(email.as_str()));
    // A write first: it takes the key's lock (the totals row in PostgreSQL, the write lock in
    // SQLite) before anything is read, so what is read below cannot change before it is used.
    total::Entity::update_many()
        .col_expr(total::Column::Total, Expr::col(total::Column::Total))
        .filter(totals_row.clone())
        .exec(db)
        .await?;
    let base: Option<i64> = running::Entity::find()
        .filter(running_rows.clone())
        .filter(running::Column::Day.lt(cutoff))
        .select_only()
        .column(running::Column::Total)
        .order_by_desc(running::Column::Day)
        .into_tuple()
        .one(db)
        .await?;
    let Some(base) = base else { return Ok(()) };
    running::Entity::delete_many()
        .filter(running_rows.clone())
        .filter(running::Column::Day.lt(cutoff))
        .exec(db)
        .await?;
    running::Entity::update_many()
        .col_expr(running::Column::Total, Expr::col(running::Column::Total).sub(base))
        .filter(running_rows)
        .exec(db)
        .await?;
    total::Entity::update_many()
        .col_expr(total::Column::Total, Expr::col(total::Column::Total).sub(base))
        .filter(totals_row.clone())
        .exec(db)
        .await?;
    total::Entity::delete_many().filter(totals_row).filter(total::Column::LastDay.lt(cutoff)).exec(db).await.map(drop)
}
