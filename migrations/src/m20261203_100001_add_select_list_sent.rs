//! A select list the visitor sent to their photographer: when, and the note that went with it.
//! A sent list is closed to changes until the photographer reopens it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(SelectLists::Table)
                    .add_column(timestamp_with_time_zone_null(SelectLists::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table(SelectLists::Table).add_column(text_null(SelectLists::SentNote)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(SelectLists::Table).drop_column(SelectLists::SentNote).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(SelectLists::Table).drop_column(SelectLists::SentAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum SelectLists {
    Table,
    SentAt,
    SentNote,
}
