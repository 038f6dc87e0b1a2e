//! Trust: the gallery's public link switch (off: only access links open it; new galleries start
//! off), and a password epoch that moves with every password change so earlier unlocks end.
//! Galleries made before the switch existed keep their public address open, as they were
//! shared; the photographer turns it off in the editor.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Galleries::Table)
                    .add_column(boolean(Galleries::PublicLink).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Galleries::Table)
                    .add_column(integer(Galleries::PasswordEpoch).default(0))
                    .to_owned(),
            )
            .await?;
        manager.exec_stmt(Query::update().table(Galleries::Table).value(Galleries::PublicLink, true).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Galleries::PublicLink, Galleries::PasswordEpoch] {
            manager.alter_table(Table::alter().table(Galleries::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    PublicLink,
    PasswordEpoch,
}
