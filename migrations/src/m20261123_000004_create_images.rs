//! Images: one row per uploaded original, with what ingest learnt about it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Images::Table)
                    .if_not_exists()
                    .col(uuid(Images::Id).primary_key())
                    .col(uuid(Images::GalleryId))
                    .col(uuid_null(Images::SetId))
                    .col(integer(Images::Position))
                    .col(string(Images::FileName))
                    .col(string(Images::Format))
                    .col(big_integer(Images::ByteSize))
                    .col(string(Images::Sha256))
                    // CRC32 of the original, kept so a ZIP's size and headers are known up front.
                    .col(big_integer(Images::Crc32))
                    .col(integer(Images::Width))
                    .col(integer(Images::Height))
                    .col(small_integer(Images::Orientation))
                    .col(timestamp_null(Images::CapturedAt))
                    .col(string_null(Images::Camera))
                    .col(string(Images::Status))
                    .col(string_null(Images::Failure))
                    .col(timestamp_with_time_zone_null(Images::DeletedAt))
                    .col(timestamp_with_time_zone(Images::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Images::Table, Images::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Images::Table, Images::SetId)
                            .to(Sets::Table, Sets::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // Identical bytes in one gallery are one image: the database, not a race, decides.
        manager
            .create_index(
                Index::create()
                    .name("uq_images_gallery_sha256")
                    .table(Images::Table)
                    .col(Images::GalleryId)
                    .col(Images::Sha256)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Images::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sets {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Images {
    Table,
    Id,
    GalleryId,
    SetId,
    Position,
    FileName,
    Format,
    ByteSize,
    Sha256,
    Crc32,
    Width,
    Height,
    Orientation,
    CapturedAt,
    Camera,
    Status,
    Failure,
    DeletedAt,
    CreatedAt,
}
