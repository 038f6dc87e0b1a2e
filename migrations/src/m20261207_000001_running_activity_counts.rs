//! Activity counts as running totals, so a report's cost no longer follows the length of its range.
//!
//! A key is one gallery's count of one kind of event: its total (`image` and `email` empty), or
//! one image's or one person's share of it. `activity_totals` holds each key's count so far, and
//! `activity_running` holds, for each day the key had events, its count up to the end of that
//! day. A range's count is then the running total on its last day less the one before its first
//! day: two look-ups per key, for a week or for 13 months.
//!
//! The daily counts (`activity_days`) are carried over, summed day by day, then dropped.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ActivityTotals::Table)
                    .if_not_exists()
                    .col(uuid(ActivityTotals::GalleryId))
                    // `domain::engagement::EventKind`'s token.
                    .col(string(ActivityTotals::Kind))
                    // Empty, or an image id.
                    .col(string(ActivityTotals::Image))
                    // Empty, or a person's email.
                    .col(string(ActivityTotals::Email))
                    .col(uuid(ActivityTotals::StudioId))
                    .col(big_integer(ActivityTotals::Total))
                    // The key's last day with events (`YYYY-MM-DD`, UTC), and its last event.
                    .col(string(ActivityTotals::LastDay))
                    .col(timestamp_with_time_zone(ActivityTotals::LastAt))
                    .primary_key(
                        Index::create()
                            .col(ActivityTotals::GalleryId)
                            .col(ActivityTotals::Kind)
                            .col(ActivityTotals::Image)
                            .col(ActivityTotals::Email),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActivityTotals::Table, ActivityTotals::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_totals_studio")
                    .table(ActivityTotals::Table)
                    .col(ActivityTotals::StudioId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityRunning::Table)
                    .if_not_exists()
                    .col(uuid(ActivityRunning::GalleryId))
                    .col(string(ActivityRunning::Kind))
                    .col(string(ActivityRunning::Image))
                    .col(string(ActivityRunning::Email))
                    // `YYYY-MM-DD`, UTC.
                    .col(string(ActivityRunning::Day))
                    // The key's count up to the end of this day.
                    .col(big_integer(ActivityRunning::Total))
                    // The key's last event on this day.
                    .col(timestamp_with_time_zone(ActivityRunning::LastAt))
                    .primary_key(
                        Index::create()
                            .col(ActivityRunning::GalleryId)
                            .col(ActivityRunning::Kind)
                            .col(ActivityRunning::Image)
                            .col(ActivityRunning::Email)
                            .col(ActivityRunning::Day),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActivityRunning::Table, ActivityRunning::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Forgetting finds the days past keeping without reading every row.
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_running_day")
                    .table(ActivityRunning::Table)
                    .col(ActivityRunning::Day)
                    .to_owned(),
            )
            .await?;
        // The same SQL on SQLite and PostgreSQL (window functions: SQLite 3.25 and later).
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO activity_running (gallery_id, kind, image, email, day, total, last_at) \
             SELECT gallery_id, kind, image, email, day, \
                    SUM(count) OVER (PARTITION BY gallery_id, kind, image, email ORDER BY day), last_at \
             FROM activity_days",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO activity_totals (gallery_id, kind, image, email, studio_id, total, last_day, last_at) \
             SELECT d.gallery_id, d.kind, d.image, d.email, g.studio_id, SUM(d.count), MAX(d.day), MAX(d.last_at) \
             FROM activity_days d JOIN galleries g ON g.id = d.gallery_id \
             GROUP BY d.gallery_id, d.kind, d.image, d.email, g.studio_id",
        )
        .await?;
        manager.drop_table(Table::drop().table(ActivityDays::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum ActivityTotals {
    Table,
    GalleryId,
    Kind,
    Image,
    Email,
    StudioId,
    Total,
    LastDay,
    LastAt,
}

#[derive(DeriveIden)]
enum ActivityRunning {
    Table,
    GalleryId,
    Kind,
    Image,
    Email,
    Day,
    Total,
    LastAt,
}

#[derive(DeriveIden)]
enum ActivityDays {
    Table,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
