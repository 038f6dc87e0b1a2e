//! Access links: a secret token carrying a role, an optional set scope and expiry; revoked links
//! stay (revoked_at set) so the log can still name them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccessLinks::Table)
                    .if_not_exists()
                    .col(uuid(AccessLinks::Id).primary_key())
                    .col(uuid(AccessLinks::GalleryId))
                    .col(string_uniq(AccessLinks::Token))
                    .col(string(AccessLinks::Role))
                    .col(string(AccessLinks::Label))
                    // JSON array of set ids; NULL: the whole gallery.
                    .col(text_null(AccessLinks::Sets))
                    .col(timestamp_with_time_zone_null(AccessLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccessLinks::RevokedAt))
                    // The link a main client shared from, for client-invited links.
                    .col(uuid_null(AccessLinks::SharedFrom))
                    .col(timestamp_with_time_zone(AccessLinks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccessLinks::Table, AccessLinks::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_access_links_gallery")
                    .table(AccessLinks::Table)
                    .col(AccessLinks::GalleryId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AccessLinks::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AccessLinks {
    Table,
    Id,
    GalleryId,
    Token,
    Role,
    Label,
    Sets,
    ExpiresAt,
    RevokedAt,
    SharedFrom,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
