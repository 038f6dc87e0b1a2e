//! Galleries and their ordered sets.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Galleries::Table)
                    .if_not_exists()
                    .col(uuid(Galleries::Id).primary_key())
                    .col(uuid(Galleries::StudioId))
                    .col(string(Galleries::Title))
                    // The public URL is /g/{slug}: unique across the whole instance.
                    .col(string_uniq(Galleries::Slug))
                    .col(date_null(Galleries::EventDate))
                    .col(string(Galleries::Status))
                    // No foreign key: images reference galleries, and a cycle would complicate
                    // deletes on SQLite. The backend clears it when the cover image goes.
                    .col(uuid_null(Galleries::CoverImageId))
                    .col(timestamp_with_time_zone_null(Galleries::ExpiresAt))
                    .col(timestamp_with_time_zone(Galleries::CreatedAt))
                    .col(timestamp_with_time_zone(Galleries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Galleries::Table, Galleries::StudioId)
                            .to(Studios::Table, Studios::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_galleries_studio")
                    .table(Galleries::Table)
                    .col(Galleries::StudioId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sets::Table)
                    .if_not_exists()
                    .col(uuid(Sets::Id).primary_key())
                    .col(uuid(Sets::GalleryId))
                    .col(string(Sets::Name))
                    .col(integer(Sets::Position))
                    .col(timestamp_with_time_zone(Sets::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sets::Table, Sets::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_sets_gallery").table(Sets::Table).col(Sets::GalleryId).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Sets::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Galleries::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Studios {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
    StudioId,
    Title,
    Slug,
    EventDate,
    Status,
    CoverImageId,
    ExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sets {
    Table,
    Id,
    GalleryId,
    Name,
    Position,
    CreatedAt,
}
