//! Proofing: visitors' named select lists and the images in them, comments (with the
//! photographer's replies and read state), annotations (one row of vector marks per person per
//! image), and the gallery's store-mode flag the policy reads.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Galleries::Table)
                    .add_column(boolean(Galleries::StoreMode).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SelectLists::Table)
                    .if_not_exists()
                    .col(uuid(SelectLists::Id).primary_key())
                    .col(uuid(SelectLists::GalleryId))
                    // Lower-cased: the person the list belongs to.
                    .col(string(SelectLists::Email))
                    .col(string(SelectLists::Name))
                    .col(timestamp_with_time_zone(SelectLists::CreatedAt))
                    .foreign_key(&mut gallery_fk(SelectLists::Table, SelectLists::GalleryId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_select_lists_person_name")
                    .table(SelectLists::Table)
                    .col(SelectLists::GalleryId)
                    .col(SelectLists::Email)
                    .col(SelectLists::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Selects::Table)
                    .if_not_exists()
                    .col(uuid(Selects::ListId))
                    .col(uuid(Selects::ImageId))
                    .col(timestamp_with_time_zone(Selects::CreatedAt))
                    .primary_key(Index::create().col(Selects::ListId).col(Selects::ImageId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Selects::Table, Selects::ListId)
                            .to(SelectLists::Table, SelectLists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut image_fk(Selects::Table, Selects::ImageId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .if_not_exists()
                    .col(uuid(Comments::Id).primary_key())
                    .col(uuid(Comments::GalleryId))
                    .col(uuid(Comments::ImageId))
                    .col(string(Comments::Author))
                    // The person whose thread it is (a reply carries the address it answers).
                    .col(string_null(Comments::Email))
                    .col(uuid_null(Comments::LinkId))
                    .col(boolean(Comments::FromStudio))
                    .col(text(Comments::Body))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    // When the photographer read it; replies are born read.
                    .col(timestamp_with_time_zone_null(Comments::ReadAt))
                    .foreign_key(&mut gallery_fk(Comments::Table, Comments::GalleryId))
                    .foreign_key(&mut image_fk(Comments::Table, Comments::ImageId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_comments_gallery_created")
                    .table(Comments::Table)
                    .col(Comments::GalleryId)
                    .col(Comments::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Annotations::Table)
                    .if_not_exists()
                    .col(uuid(Annotations::GalleryId))
                    .col(uuid(Annotations::ImageId))
                    .col(string(Annotations::Email))
                    .col(string(Annotations::Author))
                    // The marks as JSON (`domain::annotations::Shape`), checked before storing.
                    .col(text(Annotations::Shapes))
                    .col(timestamp_with_time_zone(Annotations::UpdatedAt))
                    .primary_key(Index::create().col(Annotations::ImageId).col(Annotations::Email))
                    .foreign_key(&mut gallery_fk(Annotations::Table, Annotations::GalleryId))
                    .foreign_key(&mut image_fk(Annotations::Table, Annotations::ImageId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Annotations::Table.into_iden(),
            Comments::Table.into_iden(),
            Selects::Table.into_iden(),
            SelectLists::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Galleries::Table).drop_column(Galleries::StoreMode).to_owned()).await
    }
}

fn gallery_fk(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Galleries::Table, Galleries::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn image_fk(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Images::Table, Images::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
    StoreMode,
}

#[derive(DeriveIden)]
enum Images {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SelectLists {
    Table,
    Id,
    GalleryId,
    Email,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Selects {
    Table,
    ListId,
    ImageId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    GalleryId,
    ImageId,
    Author,
    Email,
    LinkId,
    FromStudio,
    Body,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Annotations {
    Table,
    GalleryId,
    ImageId,
    Email,
    Author,
    Shapes,
    UpdatedAt,
}
