//! What the scrub and verified reads learn about a stored original: when its bytes last matched
//! their checksum, and when they were found not to (such an original is refused from then on).

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
                    .table(Images::Table)
                    .add_column(timestamp_with_time_zone_null(Images::VerifiedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Images::Table)
                    .add_column(timestamp_with_time_zone_null(Images::DamagedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Images::Table).drop_column(Images::DamagedAt).to_owned()).await?;
        manager.alter_table(Table::alter().table(Images::Table).drop_column(Images::VerifiedAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Images {
    Table,
    VerifiedAt,
    DamagedAt,
}
