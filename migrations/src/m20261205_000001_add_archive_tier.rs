//! The archive tier: where each image's original stands (`archived_at`: a verified copy is in the
//! archive; `original_live`: a copy is in the live tier; `restored_until`: that live copy is a
//! restore, taken back at this time), a gallery kept live by hand (`keep_live`), visitors'
//! restore requests, and the measured speed of every move between tiers (for estimates).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for column in [
            timestamp_with_time_zone_null(Images::ArchivedAt),
            boolean(Images::OriginalLive).default(true).to_owned(),
            timestamp_with_time_zone_null(Images::RestoredUntil),
        ] {
            manager.alter_table(Table::alter().table(Images::Table).add_column(column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Galleries::Table)
                    .add_column(boolean(Galleries::KeepLive).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RestoreRequests::Table)
                    .if_not_exists()
                    .col(uuid(RestoreRequests::Id).primary_key())
                    // The SHA-256 of the emailed link's secret, made when the request is ready (the secret
                    // itself is only in the mail).
                    .col(string_null(RestoreRequests::TokenHash).unique_key())
                    .col(uuid(RestoreRequests::GalleryId))
                    // Who asked, as JSON: a gallery visitor's visit (link, email, password and PIN
                    // epochs) or a delivery link: the emailed link downloads as they would, with
                    // the same checks.
                    .col(text(RestoreRequests::Requester))
                    .col(string(RestoreRequests::Email))
                    // `domain::downloads::DownloadTarget` as JSON, and the size's token.
                    .col(text(RestoreRequests::Target))
                    .col(string(RestoreRequests::Size))
                    // The images it waits for, as a JSON list of ids.
                    .col(text(RestoreRequests::Images))
                    .col(big_integer(RestoreRequests::Bytes))
                    .col(string(RestoreRequests::Status))
                    .col(timestamp_with_time_zone(RestoreRequests::CreatedAt))
                    .col(timestamp_with_time_zone_null(RestoreRequests::ReadyAt))
                    .col(timestamp_with_time_zone_null(RestoreRequests::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RestoreRequests::Table, RestoreRequests::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_restore_requests_gallery")
                    .table(RestoreRequests::Table)
                    .col(RestoreRequests::GalleryId)
                    .col(RestoreRequests::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_images_restored_until")
                    .table(Images::Table)
                    .col(Images::RestoredUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TierMoves::Table)
                    .if_not_exists()
                    .col(big_integer(TierMoves::Id).primary_key().auto_increment())
                    // `archive` or `restore`.
                    .col(string(TierMoves::Direction))
                    .col(big_integer(TierMoves::Bytes))
                    .col(big_integer(TierMoves::Millis))
                    .col(timestamp_with_time_zone(TierMoves::FinishedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TierMoves::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RestoreRequests::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_images_restored_until").table(Images::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Galleries::Table).drop_column(Galleries::KeepLive).to_owned()).await?;
        for column in [Images::RestoredUntil, Images::OriginalLive, Images::ArchivedAt] {
            manager.alter_table(Table::alter().table(Images::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Images {
    Table,
    ArchivedAt,
    OriginalLive,
    RestoredUntil,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
    KeepLive,
}

#[derive(DeriveIden)]
enum RestoreRequests {
    Table,
    Id,
    TokenHash,
    GalleryId,
    Requester,
    Email,
    Target,
    Size,
    Images,
    Bytes,
    Status,
    CreatedAt,
    ReadyAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum TierMoves {
    Table,
    Id,
    Direction,
    Bytes,
    Millis,
    FinishedAt,
}
