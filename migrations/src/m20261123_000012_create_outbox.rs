//! The mail outbox: every outgoing message is written here first (in the same transaction as the
//! job that sends it), so a message exists as long as it has not been sent, whatever happens to the
//! mail server or the process in between.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .if_not_exists()
                    .col(uuid(Outbox::Id).primary_key())
                    .col(string(Outbox::ToAddress))
                    .col(string_null(Outbox::ToName))
                    .col(text(Outbox::Subject))
                    .col(text(Outbox::BodyText))
                    .col(text_null(Outbox::BodyHtml))
                    .col(string_null(Outbox::ReplyTo))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    // Tries so far and how the last one ended: for the operator during an outage.
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(Outbox::LastAttemptAt))
                    .col(text_null(Outbox::LastError))
                    .to_owned(),
            )
            .await?;
        // "What is still waiting" is the question asked of this table.
        manager
            .create_index(Index::create().name("ix_outbox_sent_at").table(Outbox::Table).col(Outbox::SentAt).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    ToAddress,
    ToName,
    Subject,
    BodyText,
    BodyHtml,
    ReplyTo,
    CreatedAt,
    SentAt,
    Attempts,
    LastAttemptAt,
    LastError,
}
