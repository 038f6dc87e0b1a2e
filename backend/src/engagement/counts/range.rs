//! What a range of days holds.

use super::{Key, latest, running, total};
use chrono::{DateTime, NaiveDate, Utc};
use domain::engagement::EventKind;
use domain::engagement::report::ReportRange;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// One key's count over a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub key: Key,
    pub count: i64,
    /// Its last event in the range (when `count` is above zero).
    pub last_at: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct CountRow {
    gallery_id: Uuid,
    kind: String,
    image: String,
    email: String,
    upto: Option<i64>,
    before: Option<i64>,
    last_at: Option<DateTime<Utc>>,
}

/// The counts over `range` of the keys `keys` picks (a condition on `activity_totals`), those
/// with none left out.
pub async fn over<C: ConnectionTrait>(db: &C, keys: Condition, range: ReportRange) -> Result<Vec<Count>, DbErr> {
    use running::Column as R;
    use total::Column as T;
    let (from, to) = (ReportRange::key(range.from), ReportRange::key(range.to));
    // Ties a running row to the outer query's key.
    let same_key = Condition::all()
        .add(Expr::col((running::Entity, R::GalleryId)).equals((total::Entity, T::GalleryId)))
        .add(Expr::col((running::Entity, R::Kind)).equals((total::Entity, T::Kind)))
        .add(Expr::col((running::Entity, R::Image)).equals((total::Entity, T::Image)))
        .add(Expr::col((running::Entity, R::Email)).equals((total::Entity, T::Email)));
    let up_to_end = || Expr::col((running::Entity, R::Day)).lte(to.as_str());
    // A key with no day after the range: its totals row is its running total at the range's end.
    let settled = || Expr::col((total::Entity, T::LastDay)).lte(to.as_str());
    let mut query = Query::select();
    query
        .columns([
            (total::Entity, T::GalleryId),
            (total::Entity, T::Kind),
            (total::Entity, T::Image),
            (total::Entity, T::Email),
        ])
        .expr_as(
            Expr::case(settled(), Expr::col((total::Entity, T::Total))).finally(latest(
                same_key.clone(),
                R::Total,
                up_to_end(),
            )),
            Alias::new("upto"),
        )
        .expr_as(
            latest(same_key.clone(), R::Total, Expr::col((running::Entity, R::Day)).lt(from.as_str())),
            Alias::new("before"),
        )
        .expr_as(
            Expr::case(settled(), Expr::col((total::Entity, T::LastAt))).finally(latest(
                same_key,
                R::LastAt,
                up_to_end(),
            )),
            Alias::new("last_at"),
        )
        .from(total::Entity)
        .cond_where(keys);
    let rows = CountRow::find_by_statement(db.get_database_backend().build(&query)).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let count = row.upto.unwrap_or(0) - row.before.unwrap_or(0);
            let kind = EventKind::parse(&row.kind)?;
            let key = Key { gallery: row.gallery_id, kind, image: row.image, email: row.email };
            (count > 0).then_some(Count { key, count, last_at: row.last_at })
        })
        .collect())
}

/// Each day's count of `kinds` in each of `galleries` (everyone's, not a share), over `range`;
/// days without any are left out. One statement, so a late event or forgetting committed
/// meanwhile cannot set a day against the day before it.
pub async fn per_day<C: ConnectionTrait>(
    db: &C,
    galleries: &[Uuid],
    kinds: &[EventKind],
    range: ReportRange,
) -> Result<Vec<(Key, NaiveDate, i64)>, DbErr> {
    if galleries.is_empty() {
        return Ok(Vec::new());
    }
    use running::Column as R;
    let mut days = Query::select();
    days.columns([R::GalleryId, R::Kind, R::Day])
        .expr_as(
            Expr::cust("total - LAG(total, 1, CAST(0 AS BIGINT)) OVER (PARTITION BY gallery_id, kind ORDER BY day)"),
            Alias::new("n"),
        )
        .from(running::Entity)
        .and_where(R::GalleryId.is_in(galleries.iter().copied()))
        .and_where(R::Kind.is_in(kinds.iter().map(|k| k.token())))
        .and_where(R::Image.eq(""))
        .and_where(R::Email.eq(""))
        .and_where(R::Day.lte(ReportRange::key(range.to)));
    let mut query = Query::select();
    query
        .columns([R::GalleryId, R::Kind, R::Day])
        .column(Alias::new("n"))
        .from_subquery(days, Alias::new("days"))
        .and_where(Expr::col(R::Day).gte(ReportRange::key(range.from)));
    let rows = DayCount::find_by_statement(db.get_database_backend().build(&query)).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let kind = EventKind::parse(&row.kind)?;
            let day = NaiveDate::parse_from_str(&row.day, "%Y-%m-%d").ok()?;
            Some((Key::all(row.gallery_id, kind), day, row.n))
        })
        .collect())
}

#[derive(FromQueryResult)]
struct DayCount {
    gallery_id: Uuid,
    kind: String,
    day: String,
    n: i64,
}
