//! The gallery an outbox message is about (`outbox.gallery_id`), for mail that carries its
//! visitors' addresses or words (invitations, shares, sign-in links, restores, selects): purging
//! the gallery removes those records too. Invitations and shares sent before this are found by
//! their own rows; other mail sent before this keeps no gallery (its bodies were blanked an hour
//! after sending).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Outbox::Table).add_column(uuid_null(Outbox::GalleryId)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_gallery")
                    .table(Outbox::Table)
                    .col(Outbox::GalleryId)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for table in ["invitations", "share_emails"] {
            db.execute_unprepared(&format!(
                "UPDATE outbox SET gallery_id = (SELECT t.gallery_id FROM {table} t WHERE t.outbox_id = outbox.id) \
                 WHERE gallery_id IS NULL AND id IN (SELECT outbox_id FROM {table} WHERE outbox_id IS NOT NULL)"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_outbox_gallery").table(Outbox::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::GalleryId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    GalleryId,
}
