//! Adding to the counts as events are recorded.

use super::{Key, latest, running, total};
use chrono::{DateTime, Utc};
use domain::engagement::EventKind;
use domain::engagement::report::ReportRange;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// Adds `counts` at `at` (on `day`, the studio's) to their keys (in the caller's transaction).
/// `studios` gives each gallery's studio.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    studios: &HashMap<Uuid, Uuid>,
    mut counts: Vec<(Key, i64)>,
    day: chrono::NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let day = ReportRange::key(day);
    counts.sort_by(|(a, _), (b, _)| a.order().cmp(&b.order()));
    for chunk in counts.chunks(500) {
        let so_far = add_to_totals(db, studios, chunk, &day, at).await?;
        let mut today = Vec::with_capacity(chunk.len());
        for (key, n) in chunk {
            match so_far.get(key) {
                // Nothing after this day: the key's running total today is its total so far.
                Some(row) if row.last_day == day => today.push(running::ActiveModel {
                    gallery_id: Set(key.gallery),
                    kind: Set(key.kind.token().to_owned()),
                    image: Set(key.image.clone()),
                    email: Set(key.email.clone()),
                    day: Set(day.clone()),
                    total: Set(row.total),
                    last_at: Set(at),
                }),
                // A day before the key's last (an event recorded late, e.g. by an instance a
                // moment behind at midnight): every later day's total grows too.
                _ => add_before_last_day(db, key, &day, *n, at).await?,
            }
        }
        if !today.is_empty() {
            let excluded = |column: running::Column| Expr::col((Alias::new("excluded"), column));
            let upsert = OnConflict::columns([
                running::Column::GalleryId,
                running::Column::Kind,
                running::Column::Image,
                running::Column::Email,
                running::Column::Day,
            ])
            .value(running::Column::Total, excluded(running::Column::Total))
            .value(running::Column::LastAt, later(running::Entity, running::Column::LastAt))
            .to_owned();
            running::Entity::insert_many(today).on_conflict(upsert).exec_without_returning(db).await?;
        }
    }
    Ok(())
}

/// Adds to the keys' totals; returns each key's row as it now is.
async fn add_to_totals<C: ConnectionTrait>(
    db: &C,
    studios: &HashMap<Uuid, Uuid>,
    counts: &[(Key, i64)],
    day: &str,
    at: DateTime<Utc>,
) -> Result<HashMap<Key, total::Model>, DbErr> {
    use total::Column;
    let mut insert = Query::insert();
    insert.into_table(total::Entity).columns([
        Column::GalleryId,
        Column::Kind,
        Column::Image,
        Column::Email,
        Column::StudioId,
        Column::Total,
        Column::LastDay,
        Column::LastAt,
    ]);
    for (key, n) in counts {
        insert.values_panic([
            key.gallery.into(),
            key.kind.token().into(),
            key.image.as_str().into(),
            key.email.as_str().into(),
            studios.get(&key.gallery).copied().unwrap_or_default().into(),
            (*n).into(),
            day.into(),
            at.into(),
        ]);
    }
    let excluded = |column: Column| Expr::col((Alias::new("excluded"), column));
    insert
        .on_conflict(
            OnConflict::columns([Column::GalleryId, Column::Kind, Column::Image, Column::Email])
                .value(Column::Total, Expr::col((total::Entity, Column::Total)).add(excluded(Column::Total)))
                .value(Column::LastDay, later(total::Entity, Column::LastDay))
                .value(Column::LastAt, later(total::Entity, Column::LastAt))
                .to_owned(),
        )
        .returning_all();
    let rows = total::Entity::find().from_raw_sql(db.get_database_backend().build(&insert)).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let key = Key {
                gallery: row.gallery_id,
                kind: EventKind::parse(&row.kind)?,
                image: row.image.clone(),
                email: row.email.clone(),
            };
            Some((key, row))
        })
        .collect())
}

/// On conflict: the later of the row's value and the one being written (days and times compare
/// as text in SQLite and as values in PostgreSQL, in the same order).
fn later<T, C>(table: T, column: C) -> SimpleExpr
where
    T: sea_orm::Iden + Copy + 'static,
    C: sea_orm::Iden + Copy + 'static,
{
    let incoming = Expr::col((Alias::new("excluded"), column));
    Expr::case(incoming.clone().gt(Expr::col((table, column))), incoming).finally(Expr::col((table, column))).into()
}

/// Adds `n` on `day`, a day before the key's last: to that day's running total (made from the
/// day before it if new) and to every later one.
async fn add_before_last_day<C: ConnectionTrait>(
    db: &C,
    key: &Key,
    day: &str,
    n: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    use running::Column;
    running::Entity::update_many()
        .col_expr(Column::Total, Expr::col(Column::Total).add(n))
        .filter(key.running_rows())
        .filter(Column::Day.gt(day))
        .exec(db)
        .await?;
    let before = Expr::expr(SimpleExpr::FunctionCall(sea_orm::sea_query::Func::coalesce([
        latest(key.running_rows(), Column::Total, Column::Day.lt(day)),
        0i64.into(),
    ])));
    let mut insert = Query::insert();
    insert
        .into_table(running::Entity)
        .columns([
            Column::GalleryId,
            Column::Kind,
            Column::Image,
            Column::Email,
            Column::Day,
            Column::Total,
            Column::LastAt,
        ])
        .values_panic([
            key.gallery.into(),
            key.kind.token().into(),
            key.image.as_str().into(),
            key.email.as_str().into(),
            day.into(),
            before.add(n),
            at.into(),
        ])
        .on_conflict(
            OnConflict::columns([Column::GalleryId, Column::Kind, Column::Image, Column::Email, Column::Day])
                .value(Column::Total, Expr::col((running::Entity, Column::Total)).add(n))
                .value(Column::LastAt, later(running::Entity, Column::LastAt))
                .to_owned(),
        );
    db.execute(&insert).await.map(drop)
}
