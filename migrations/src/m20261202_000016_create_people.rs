//! Visitor identities: the people of a gallery, one per email address. Selects, comments and
//! annotations belong to a person; the browser that first gave the address holds the identity,
//! any other joins it only through a sign-in link emailed to the address. Everyone who already
//! proofed under an address becomes a person, so a stranger typing that address later must prove
//! it too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .if_not_exists()
                    .col(uuid(People::GalleryId))
                    // Lower-cased.
                    .col(string(People::Email))
                    // The name they sign comments and annotations with.
                    .col(string_null(People::Name))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .primary_key(Index::create().col(People::GalleryId).col(People::Email))
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let now = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
            _ => "CURRENT_TIMESTAMP",
        };
        let backfill = format!(
            "INSERT INTO people (gallery_id, email, created_at) \
             SELECT gallery_id, email, {now} FROM ( \
               SELECT gallery_id, email FROM select_lists \
               UNION SELECT gallery_id, email FROM comments WHERE email IS NOT NULL \
               UNION SELECT gallery_id, email FROM annotations \
             ) AS known"
        );
        manager.get_connection().execute_unprepared(&backfill).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(People::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum People {
    Table,
    GalleryId,
    Email,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
}
