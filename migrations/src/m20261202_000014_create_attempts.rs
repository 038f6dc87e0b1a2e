//! Attempts at anything secret (PIN, gallery password, sign-in, emailed links, unknown gallery
//! addresses), counted in the database so throttles survive restarts and hold across instances.
//! A row is written before a secret is compared and removed when it was right, so what remains
//! are failures. Replaces the PIN's own table (its rows are short-lived throttle state).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Attempts::Table)
                    .if_not_exists()
                    .col(uuid(Attempts::Id).primary_key())
                    // What was tried: `pin`, `gallery_password`, `sign_in`, …
                    .col(string(Attempts::Kind))
                    // What it was tried on: a gallery id, an account's email, … (empty: nothing
                    // in particular, e.g. an unknown address).
                    .col(string(Attempts::Subject))
                    // The client's address (IPv6 by /64).
                    .col(string(Attempts::ClientAddr))
                    .col(timestamp_with_time_zone(Attempts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("ix_attempts_kind_subject", Attempts::Subject), ("ix_attempts_kind_addr", Attempts::ClientAddr)]
        {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Attempts::Table)
                        .col(Attempts::Kind)
                        .col(column)
                        .col(Attempts::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }
        manager.drop_table(Table::drop().table(PinAttempts::Table).if_exists().to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Attempts::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Attempts {
    Table,
    Id,
    Kind,
    Subject,
    ClientAddr,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PinAttempts {
    Table,
}
