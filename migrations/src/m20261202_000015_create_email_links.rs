//! One-time links sent by email: finishing a sign-up, resetting a password, joining a browser to
//! a visitor's proofing identity. Only a SHA-256 of the token is stored; a link works once, until
//! it expires.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailLinks::Table)
                    .if_not_exists()
                    .col(uuid(EmailLinks::Id).primary_key())
                    // `sign_up`, `password_reset`, `visitor_sign_in`.
                    .col(string(EmailLinks::Purpose))
                    .col(string_uniq(EmailLinks::TokenHash))
                    // The address it was sent to (lower-cased).
                    .col(string(EmailLinks::Email))
                    .col(uuid_null(EmailLinks::StudioId))
                    .col(uuid_null(EmailLinks::GalleryId))
                    // The access link a visitor's sign-in opens the gallery with.
                    .col(uuid_null(EmailLinks::AccessLinkId))
                    // What the purpose needs besides (a pending sign-up's name and password hash).
                    .col(text_null(EmailLinks::Payload))
                    .col(timestamp_with_time_zone(EmailLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailLinks::UsedAt))
                    .col(timestamp_with_time_zone(EmailLinks::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_email_links_purpose_email")
                    .table(EmailLinks::Table)
                    .col(EmailLinks::Purpose)
                    .col(EmailLinks::Email)
                    .col(EmailLinks::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EmailLinks::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum EmailLinks {
    Table,
    Id,
    Purpose,
    TokenHash,
    Email,
    StudioId,
    GalleryId,
    AccessLinkId,
    Payload,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}
