//! Last days end at midnight in the studio's time zone; they used to end at midnight UTC. The
//! ends already chosen (a gallery's, an access link's, a delivery set's and its links') move to
//! midnight of the same day where their studio is, so each still shows, and ends on, the day its
//! photographer chose. Studios in UTC, and ends that are not a midnight UTC, are left as they are.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::prelude::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each table with a last day, and its column.
const ENDS: [(&str, &str); 4] = [
    ("galleries", "expires_at"),
    ("access_links", "expires_at"),
    ("delivery_sets", "ends_at"),
    ("delivery_links", "expires_at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        move_last_days(manager.get_connection()).await
    }

    /// The moments moved cannot be told from those chosen later: they stay.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

/// Moves every last day stored as a midnight UTC to midnight of the same day in its studio's
/// time zone (public for its test, which makes such rows first).
pub async fn move_last_days<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let id = || Alias::new("id");
    let studios = Query::select()
        .columns([id(), Alias::new("time_zone")])
        .from(Alias::new("studios"))
        .and_where(Expr::col(Alias::new("time_zone")).ne("UTC"))
        .to_owned();
    for studio in db.query_all(&studios).await? {
        let studio_id: Uuid = studio.try_get("", "id")?;
        let zone: String = studio.try_get("", "time_zone")?;
        let Ok(zone) = zone.parse::<Tz>() else { continue };
        let galleries = Query::select()
            .column(id())
            .from(Alias::new("galleries"))
            .and_where(Expr::col(Alias::new("studio_id")).eq(studio_id))
            .to_owned();
        for (table, column) in ENDS {
            let of_studio = match table {
                "galleries" => Expr::col(Alias::new("studio_id")).eq(studio_id),
                _ => Expr::col(Alias::new("gallery_id")).in_subquery(galleries.clone()),
            };
            let rows = Query::select()
                .columns([id(), Alias::new(column)])
                .from(Alias::new(table))
                .and_where(of_studio)
                .and_where(Expr::col(Alias::new(column)).is_not_null())
                .to_owned();
            for row in db.query_all(&rows).await? {
                let row_id: Uuid = row.try_get("", "id")?;
                let end: DateTime<Utc> = row.try_get("", column)?;
                if end.time() != NaiveTime::MIN {
                    continue;
                }
                let day = (end - Duration::seconds(1)).date_naive();
                let moved = start_of(zone, day.succ_opt().unwrap_or(day));
                let update = Query::update()
                    .table(Alias::new(table))
                    .value(Alias::new(column), moved)
                    .and_where(Expr::col(id()).eq(row_id))
                    .to_owned();
                db.execute(&update).await?;
            }
        }
    }
    Ok(())
}

/// The first moment of `day` in `zone` (where a clock change skips midnight, the first hour that
/// exists), as `backend::studio::days::start_of` reckons it at this migration's date.
fn start_of(zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    (0..24)
        .filter_map(|hour| day.and_hms_opt(hour, 0, 0))
        .find_map(|local| zone.from_local_datetime(&local).earliest())
        .map_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(), |t| t.with_timezone(&Utc))
}
