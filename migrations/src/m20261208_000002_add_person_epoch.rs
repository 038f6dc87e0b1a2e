//! A person's epoch: turned over each time a browser proves the address (opens the sign-in link
//! emailed to it). A browser that holds a person only because it typed the address first holds it
//! for the epoch it typed it in; once the address's owner proves it elsewhere, such a browser
//! must prove it too. So whoever types an address before its owner loses it the moment the owner
//! signs in, and never reads what the owner and the photographer write afterwards.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(People::Table).add_column(integer(People::Epoch).default(0)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(People::Table).drop_column(People::Epoch).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum People {
    Table,
    Epoch,
}
