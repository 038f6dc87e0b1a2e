//! Which store each tier of this database is kept in (`storage_marks`): the same id is written
//! into the store itself (`proofroom-store`), so a database and a store that do not belong
//! together are found at start, before the storage sweep deletes, as unreferenced, every photo of
//! a store whose database is another (see `backend::storage::pairing`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StorageMarks::Table)
                    .if_not_exists()
                    .col(string(StorageMarks::Tier).primary_key())
                    .col(uuid(StorageMarks::Mark))
                    .col(timestamp_with_time_zone(StorageMarks::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(StorageMarks::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum StorageMarks {
    Table,
    Tier,
    Mark,
    CreatedAt,
}
