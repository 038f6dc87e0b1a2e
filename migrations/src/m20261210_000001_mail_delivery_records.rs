//! What became of the mail a photographer or their client sent from a gallery: every invitation
//! is recorded (who, which link, its outbox message), share emails name their outbox message
//! too, and the outbox says when the mail server refused a message for good. The Invite tab
//! shows each as sent, waiting, or refused with the server's words.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .if_not_exists()
                    .col(uuid(Invitations::Id).primary_key())
                    .col(uuid(Invitations::GalleryId))
                    .col(uuid(Invitations::LinkId))
                    .col(string(Invitations::Recipient))
                    .col(uuid(Invitations::OutboxId))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_invitations_gallery")
                    .table(Invitations::Table)
                    .col(Invitations::GalleryId)
                    .col(Invitations::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite alters a table one column at a time.
        manager
            .alter_table(
                Table::alter().table(ShareEmails::Table).add_column(uuid_null(ShareEmails::OutboxId)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(boolean(Outbox::RefusedForGood).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::RefusedForGood).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(ShareEmails::Table).drop_column(ShareEmails::OutboxId).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(Invitations::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    GalleryId,
    LinkId,
    Recipient,
    OutboxId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ShareEmails {
    Table,
    OutboxId,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    RefusedForGood,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
