//! PIN attempts, kept in the database so the throttle survives restarts and holds across
//! instances. A row is written before the PIN is compared and removed when it was right, so what
//! remains are failures.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PinAttempts::Table)
                    .if_not_exists()
                    .col(uuid(PinAttempts::Id).primary_key())
                    .col(uuid(PinAttempts::GalleryId))
                    .col(string(PinAttempts::ClientAddr))
                    .col(timestamp_with_time_zone(PinAttempts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PinAttempts::Table, PinAttempts::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("ix_pin_attempts_gallery", PinAttempts::GalleryId), ("ix_pin_attempts_addr", PinAttempts::ClientAddr)]
        {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(PinAttempts::Table)
                        .col(column)
                        .col(PinAttempts::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PinAttempts::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PinAttempts {
    Table,
    Id,
    GalleryId,
    ClientAddr,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
