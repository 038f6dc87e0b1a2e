//! Engagement and notifications: every recorded event (`activity`, kept 13 months), the daily
//! counts reports read (`activity_days`: one row per gallery, day and kind, and per image and per
//! person beside it, kept up to date as events are recorded), the day's visitor hashes that make
//! "unique visitors" (`activity_visitors`) and the random salt they are made with
//! (`activity_salts`, deleted after two days so a hash can no longer be traced back to an
//! address), the digests sent (`digests`: one per studio and local day), the unsubscribe links
//! mailed (`unsubscribes`), the studio's notification settings and the outbox's
//! `List-Unsubscribe` address.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Activity::Table)
                    .if_not_exists()
                    .col(uuid(Activity::Id).primary_key())
                    .col(uuid(Activity::StudioId))
                    .col(uuid(Activity::GalleryId))
                    // `domain::engagement::EventKind`'s token.
                    .col(string(Activity::Kind))
                    .col(timestamp_with_time_zone(Activity::At))
                    .col(uuid_null(Activity::ImageId))
                    .col(string_null(Activity::Email))
                    .col(uuid_null(Activity::LinkId))
                    .col(string_null(Activity::Role))
                    // A download's size token.
                    .col(string_null(Activity::Size))
                    // The day's salted hash of the visitor's address (visits and views only).
                    .col(string_null(Activity::Visitor))
                    // Files in a ZIP; 1 otherwise.
                    .col(integer(Activity::Count).default(1))
                    // A comment's first words (for the digest).
                    .col(string_null(Activity::Detail))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Activity::Table, Activity::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_activity_gallery_visitor", vec![Activity::GalleryId, Activity::Visitor, Activity::At]),
            (
                "ix_activity_gallery_kind_email",
                vec![Activity::GalleryId, Activity::Kind, Activity::Email, Activity::At],
            ),
            ("ix_activity_studio_at", vec![Activity::StudioId, Activity::At]),
            ("ix_activity_at", vec![Activity::At]),
        ] {
            let mut index = Index::create().name(name).table(Activity::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ActivityDays::Table)
                    .if_not_exists()
                    .col(uuid(ActivityDays::GalleryId))
                    // `YYYY-MM-DD` in UTC.
                    .col(string(ActivityDays::Day))
                    .col(string(ActivityDays::Kind))
                    // Empty: the gallery's total; otherwise an image id (per-image rows).
                    .col(string(ActivityDays::Image))
                    // Empty: everyone; otherwise a person's email (per-person rows).
                    .col(string(ActivityDays::Email))
                    .col(uuid(ActivityDays::StudioId))
                    .col(big_integer(ActivityDays::Count))
                    .col(timestamp_with_time_zone(ActivityDays::LastAt))
                    .primary_key(
                        Index::create()
                            .col(ActivityDays::GalleryId)
                            .col(ActivityDays::Day)
                            .col(ActivityDays::Kind)
                            .col(ActivityDays::Image)
                            .col(ActivityDays::Email),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActivityDays::Table, ActivityDays::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_days_studio")
                    .table(ActivityDays::Table)
                    .col(ActivityDays::StudioId)
                    .col(ActivityDays::Day)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityVisitors::Table)
                    .if_not_exists()
                    .col(uuid(ActivityVisitors::GalleryId))
                    .col(string(ActivityVisitors::Day))
                    .col(string(ActivityVisitors::Visitor))
                    .primary_key(
                        Index::create()
                            .col(ActivityVisitors::GalleryId)
                            .col(ActivityVisitors::Day)
                            .col(ActivityVisitors::Visitor),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivitySalts::Table)
                    .if_not_exists()
                    .col(string(ActivitySalts::Day).primary_key())
                    .col(string(ActivitySalts::Salt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Digests::Table)
                    .if_not_exists()
                    .col(uuid(Digests::StudioId))
                    // The studio's local day the digest is for.
                    .col(string(Digests::Day))
                    // Events up to this moment are in it; the next digest starts here.
                    .col(timestamp_with_time_zone(Digests::Until))
                    .col(integer(Digests::Events))
                    .col(uuid_null(Digests::OutboxId))
                    .primary_key(Index::create().col(Digests::StudioId).col(Digests::Day))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Unsubscribes::Table)
                    .if_not_exists()
                    // The SHA-256 of the link's secret; the secret is only in the mail.
                    .col(string(Unsubscribes::TokenHash).primary_key())
                    .col(uuid(Unsubscribes::StudioId))
                    .col(string(Unsubscribes::Email))
                    .col(string(Unsubscribes::Kind))
                    .col(timestamp_with_time_zone(Unsubscribes::CreatedAt))
                    .col(timestamp_with_time_zone_null(Unsubscribes::UsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_unsubscribes_who")
                    .table(Unsubscribes::Table)
                    .col(Unsubscribes::StudioId)
                    .col(Unsubscribes::Email)
                    .col(Unsubscribes::Kind)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for column in [
            string(Studios::TimeZone).default("UTC").to_owned(),
            integer(Studios::DigestHour).default(8).to_owned(),
            boolean(Studios::NotifyDigest).default(true).to_owned(),
            boolean(Studios::NotifySecurity).default(true).to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Studios::Table).add_column(column).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Outbox::Table).add_column(text_null(Outbox::Unsubscribe)).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Activity {
    Table,
    Id,
    StudioId,
    GalleryId,
    Kind,
    At,
    ImageId,
    Email,
    LinkId,
    Role,
    Size,
    Visitor,
    Count,
    Detail,
}

#[derive(DeriveIden)]
enum ActivityDays {
    Table,
    GalleryId,
    Day,
    Kind,
    Image,
    Email,
    StudioId,
    Count,
    LastAt,
}

#[derive(DeriveIden)]
enum ActivityVisitors {
    Table,
    GalleryId,
    Day,
    Visitor,
}

#[derive(DeriveIden)]
enum ActivitySalts {
    Table,
    Day,
    Salt,
}

#[derive(DeriveIden)]
enum Digests {
    Table,
    StudioId,
    Day,
    Until,
    Events,
    OutboxId,
}

#[derive(DeriveIden)]
enum Unsubscribes {
    Table,
    TokenHash,
    StudioId,
    Email,
    Kind,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Studios {
    Table,
    TimeZone,
    DigestHour,
    NotifyDigest,
    NotifySecurity,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Unsubscribe,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
