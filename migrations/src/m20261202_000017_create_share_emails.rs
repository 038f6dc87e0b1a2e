//! Every share email a visitor had sent: counted for the share limits (per link, per gallery)
//! and listed for the photographer with its recipient and note.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ShareEmails::Table)
                    .if_not_exists()
                    .col(uuid(ShareEmails::Id).primary_key())
                    .col(uuid(ShareEmails::GalleryId))
                    // The sharer's own access link.
                    .col(uuid(ShareEmails::FromLinkId))
                    // The link that was made and sent.
                    .col(uuid(ShareEmails::LinkId))
                    .col(string(ShareEmails::Recipient))
                    .col(text(ShareEmails::Note))
                    .col(timestamp_with_time_zone(ShareEmails::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShareEmails::Table, ShareEmails::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_share_emails_gallery", ShareEmails::GalleryId),
            ("ix_share_emails_from_link", ShareEmails::FromLinkId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(ShareEmails::Table)
                        .col(column)
                        .col(ShareEmails::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ShareEmails::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum ShareEmails {
    Table,
    Id,
    GalleryId,
    FromLinkId,
    LinkId,
    Recipient,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
