//! A studio's session epoch: turned over by a password reset. A session is written only under
//! the epoch its sign-in read with the password, so a request that loaded a session before the
//! reset (or a sign-in that checked the old password) cannot bring a session back afterwards.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Studios::Table).add_column(integer(Studios::SessionEpoch).default(0)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Studios::Table).drop_column(Studios::SessionEpoch).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Studios {
    Table,
    SessionEpoch,
}
