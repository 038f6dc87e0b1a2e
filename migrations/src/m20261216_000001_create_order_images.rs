//! The photos a whole-gallery licence covers (`order_images`): those its buyer could see when
//! the order was placed, with their names and order then. Before this, such a licence covered every photo of the gallery at the
//! time of each download, including photos added after payment and sets the buyer never saw.
//!
//! Orders placed before are given the photos of their gallery that were there when they were
//! placed (what the buyer's link saw then is not known; an order's gallery is a shop, where every
//! visitor sees the photos the link reaches). Their downloads, logged without a role, are marked
//! as the buyer's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrderImages::Table)
                    .if_not_exists()
                    .col(uuid(OrderImages::OrderId))
                    // No foreign key: the record of a sale outlives a photo purged from the
                    // gallery (its name stays in the licence terms).
                    .col(uuid(OrderImages::ImageId))
                    .col(string(OrderImages::FileName))
                    .col(integer(OrderImages::Position))
                    .primary_key(Index::create().col(OrderImages::OrderId).col(OrderImages::ImageId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderImages::Table, OrderImages::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_order_images_image")
                    .table(OrderImages::Table)
                    .col(OrderImages::ImageId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO order_images (order_id, image_id, file_name, position) \
                 SELECT DISTINCT o.id, i.id, i.file_name, i.position FROM orders o \
                 JOIN order_lines l ON l.order_id = o.id AND l.image_id IS NULL \
                 JOIN images i ON i.gallery_id = o.gallery_id AND i.created_at <= o.created_at \
                 AND (i.deleted_at IS NULL OR i.deleted_at > o.created_at)",
            )
            .await?;
        // Order downloads were logged without a role, which the log reads as the photographer's
        // own: they are the buyer's (`domain::downloads::Downloader::Buyer`).
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE downloads SET role = 'buyer' \
                 WHERE role IS NULL AND link_id IS NULL AND email IS NOT NULL \
                 AND EXISTS (SELECT 1 FROM orders o WHERE o.gallery_id = downloads.gallery_id \
                 AND o.buyer_email = downloads.email)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OrderImages::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum OrderImages {
    Table,
    OrderId,
    ImageId,
    FileName,
    Position,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}
