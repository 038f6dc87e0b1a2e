//! Delivery sets: private packages of a gallery's images (`delivery_sets`), the images each holds
//! in the photographer's order (`delivery_images`), and the recipients' links to them
//! (`delivery_links`, apart from access links so no gallery route can ever take one for a way
//! into the gallery).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeliverySets::Table)
                    .if_not_exists()
                    .col(uuid(DeliverySets::Id).primary_key())
                    .col(uuid(DeliverySets::GalleryId))
                    .col(string(DeliverySets::Name))
                    // `domain::policy::OfferedSizes` as JSON: the package's own sizes.
                    .col(text(DeliverySets::Sizes))
                    .col(timestamp_with_time_zone_null(DeliverySets::EndsAt))
                    .col(timestamp_with_time_zone(DeliverySets::CreatedAt))
                    // Deleted by the photographer: kept, so its links answer "not found" without
                    // counting as guesses, and the downloads log still names them.
                    .col(timestamp_with_time_zone_null(DeliverySets::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliverySets::Table, DeliverySets::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_sets_gallery")
                    .table(DeliverySets::Table)
                    .col(DeliverySets::GalleryId)
                    .col(DeliverySets::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeliveryImages::Table)
                    .if_not_exists()
                    .col(uuid(DeliveryImages::DeliverySetId))
                    .col(uuid(DeliveryImages::ImageId))
                    .col(integer(DeliveryImages::Position))
                    .primary_key(Index::create().col(DeliveryImages::DeliverySetId).col(DeliveryImages::ImageId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryImages::Table, DeliveryImages::DeliverySetId)
                            .to(DeliverySets::Table, DeliverySets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryImages::Table, DeliveryImages::ImageId)
                            .to(Images::Table, Images::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_images_image")
                    .table(DeliveryImages::Table)
                    .col(DeliveryImages::ImageId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeliveryLinks::Table)
                    .if_not_exists()
                    .col(uuid(DeliveryLinks::Id).primary_key())
                    .col(uuid(DeliveryLinks::DeliverySetId))
                    .col(uuid(DeliveryLinks::GalleryId))
                    .col(string(DeliveryLinks::Token).unique_key())
                    .col(string(DeliveryLinks::Label))
                    .col(timestamp_with_time_zone_null(DeliveryLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(DeliveryLinks::RevokedAt))
                    .col(timestamp_with_time_zone_null(DeliveryLinks::LastOpenedAt))
                    .col(timestamp_with_time_zone(DeliveryLinks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryLinks::Table, DeliveryLinks::DeliverySetId)
                            .to(DeliverySets::Table, DeliverySets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_links_set")
                    .table(DeliveryLinks::Table)
                    .col(DeliveryLinks::DeliverySetId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            [DeliveryLinks::Table.into_iden(), DeliveryImages::Table.into_iden(), DeliverySets::Table.into_iden()]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum DeliverySets {
    Table,
    Id,
    GalleryId,
    Name,
    Sizes,
    EndsAt,
    CreatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum DeliveryImages {
    Table,
    DeliverySetId,
    ImageId,
    Position,
}

#[derive(DeriveIden)]
enum DeliveryLinks {
    Table,
    Id,
    DeliverySetId,
    GalleryId,
    Token,
    Label,
    ExpiresAt,
    RevokedAt,
    LastOpenedAt,
    CreatedAt,
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
