//! An index in the order client pages read a gallery's images (set by set, by position), with the
//! columns every listing filters on: a page of a 10,000-photo gallery is an index range, not a
//! sort of the whole gallery, and the per-set counts read the index alone, never the rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_images_gallery_set_order")
                    .table(Images::Table)
                    .col(Images::GalleryId)
                    .col(Images::SetId)
                    .col(Images::Status)
                    .col(Images::DeletedAt)
                    .col(Images::Position)
                    .col(Images::CreatedAt)
                    .col(Images::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_images_gallery_set_order").table(Images::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Images {
    Table,
    GalleryId,
    SetId,
    Status,
    DeletedAt,
    Position,
    CreatedAt,
    Id,
}
