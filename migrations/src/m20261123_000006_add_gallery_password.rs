//! The optional gallery password (Argon2id hash; visitors give it once per session).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Galleries::Table).add_column(string_null(Galleries::PasswordHash)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Galleries::Table).drop_column(Galleries::PasswordHash).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    PasswordHash,
}
