//! A gallery can be deleted: from then on nobody reaches anything of it, its
//! photographer can bring it back for `KEEP_DELETED_DAYS`, and then it goes for good
//! (`backend::gallery::purge`), indexed by when it was deleted.

use crate::indexes;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[indexes::Named] = &[("ix_galleries_deleted", "galleries", &["deleted_at"])];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Galleries::Table)
                    .add_column(timestamp_with_time_zone_null(Galleries::DeletedAt))
                    .to_owned(),
            )
            .await?;
        indexes::create(manager, INDEXES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        indexes::drop(manager, INDEXES).await?;
        manager.alter_table(Table::alter().table(Galleries::Table).drop_column(Galleries::DeletedAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    DeletedAt,
}
