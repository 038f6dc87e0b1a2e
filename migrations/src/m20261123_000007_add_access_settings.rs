//! Per-gallery access settings (switches, sizes, rights, quota, email tracking as one JSON value),
//! the download PIN (hashed) with its epoch, the quota's running count, and per-set "allow
//! downloads". SQLite alters one column per statement, hence one call per column.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let galleries = [
            // NULL: every setting at its default.
            text_null(Galleries::Settings),
            string_null(Galleries::PinHash),
            // Bumped whenever the PIN changes: sessions verified under an older epoch must ask again.
            integer(Galleries::PinEpoch).default(0).to_owned(),
            // Distinct images counted against the high-res quota (kept with the claims in one
            // transaction; the conditional update on this row is what makes the quota exact).
            integer(Galleries::QuotaUsed).default(0).to_owned(),
        ];
        for mut column in galleries {
            manager.alter_table(Table::alter().table(Galleries::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter().table(Sets::Table).add_column(boolean(Sets::AllowDownloads).default(false)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Sets::Table).drop_column(Sets::AllowDownloads).to_owned()).await?;
        for column in [Galleries::Settings, Galleries::PinHash, Galleries::PinEpoch, Galleries::QuotaUsed] {
            manager.alter_table(Table::alter().table(Galleries::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Settings,
    PinHash,
    PinEpoch,
    QuotaUsed,
}

#[derive(DeriveIden)]
enum Sets {
    Table,
    AllowDownloads,
}
