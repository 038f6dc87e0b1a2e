//! Downloads: the log (one row per file, ZIP entries included), the high-res quota's claims (one
//! per distinct image: the primary key is what makes "counts once" exact), and the size and
//! checksums of every derived file (so a ZIP's layout is known before its first byte).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Downloads::Table)
                    .if_not_exists()
                    .col(uuid(Downloads::Id).primary_key())
                    .col(uuid(Downloads::GalleryId))
                    .col(uuid(Downloads::ImageId))
                    .col(uuid_null(Downloads::LinkId))
                    // NULL: the photographer's own download.
                    .col(string_null(Downloads::Role))
                    .col(string_null(Downloads::Email))
                    .col(string(Downloads::Size))
                    .col(big_integer(Downloads::Bytes))
                    .col(boolean(Downloads::InZip))
                    .col(timestamp_with_time_zone(Downloads::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Downloads::Table, Downloads::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_downloads_gallery_created")
                    .table(Downloads::Table)
                    .col(Downloads::GalleryId)
                    .col(Downloads::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuotaClaims::Table)
                    .if_not_exists()
                    .col(uuid(QuotaClaims::GalleryId))
                    .col(uuid(QuotaClaims::ImageId))
                    .col(uuid_null(QuotaClaims::LinkId))
                    .col(timestamp_with_time_zone(QuotaClaims::CreatedAt))
                    .primary_key(Index::create().col(QuotaClaims::GalleryId).col(QuotaClaims::ImageId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(QuotaClaims::Table, QuotaClaims::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImageFiles::Table)
                    .if_not_exists()
                    .col(uuid(ImageFiles::ImageId))
                    // The download size token (`4k`, `hd`, `web-1200`, `box-3000x2000`).
                    .col(string(ImageFiles::Variant))
                    .col(big_integer(ImageFiles::ByteSize))
                    .col(big_integer(ImageFiles::Crc32))
                    .col(string(ImageFiles::Sha256))
                    .primary_key(Index::create().col(ImageFiles::ImageId).col(ImageFiles::Variant))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImageFiles::Table, ImageFiles::ImageId)
                            .to(Images::Table, Images::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [ImageFiles::Table.into_iden(), QuotaClaims::Table.into_iden(), Downloads::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Downloads {
    Table,
    Id,
    GalleryId,
    ImageId,
    LinkId,
    Role,
    Email,
    Size,
    Bytes,
    InZip,
    CreatedAt,
}

#[derive(DeriveIden)]
enum QuotaClaims {
    Table,
    GalleryId,
    ImageId,
    LinkId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ImageFiles {
    Table,
    ImageId,
    Variant,
    ByteSize,
    Crc32,
    Sha256,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Images {
    Table,
    Id,
}
