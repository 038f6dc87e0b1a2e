//! Studios: a photographer's account, with the branding its galleries carry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Studios::Table)
                    .if_not_exists()
                    .col(uuid(Studios::Id).primary_key())
                    .col(string(Studios::Name))
                    // Stored lower-cased so the unique index means "one account per address".
                    .col(string_uniq(Studios::Email))
                    .col(string(Studios::PasswordHash))
                    .col(string(Studios::AccentColor))
                    .col(string(Studios::ContactEmail))
                    .col(string_null(Studios::LogoKey))
                    .col(timestamp_with_time_zone(Studios::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Studios::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Studios {
    Table,
    Id,
    Name,
    Email,
    PasswordHash,
    AccentColor,
    ContactEmail,
    LogoKey,
    CreatedAt,
}
