//! Recently deleted is emptied after 30 days from now on (`backend::gallery::purge`). Photos
//! deleted before were promised no end: their 30 days start at this upgrade. The downloads log
//! keeps each file's name (a photo removed for good has no row to name it). And the indexes the
//! purge reads by: deleted photos by age, and what still names a photo (its favourites, orders and
//! cart lines, each deleted or checked photo by photo).

use crate::indexes;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::ChronoUtc;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[indexes::Named] = &[
    ("ix_images_deleted", "images", &["deleted_at"]),
    ("ix_selects_image", "selects", &["image_id"]),
    ("ix_order_lines_image", "order_lines", &["image_id"]),
    ("ix_cart_lines_image", "cart_lines", &["image_id"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        indexes::create(manager, INDEXES).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("downloads"))
                    .add_column(ColumnDef::new(Alias::new("file_name")).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE downloads SET file_name = (SELECT images.file_name FROM images WHERE images.id = downloads.image_id)",
            )
            .await?;
        // Bound as a value, so it is written as every other time in the column is.
        let deleted_at = Alias::new("deleted_at");
        manager
            .exec_stmt(
                Query::update()
                    .table(Alias::new("images"))
                    .value(deleted_at.clone(), ChronoUtc::now())
                    .and_where(Expr::col(deleted_at).is_not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("downloads")).drop_column(Alias::new("file_name")).to_owned())
            .await?;
        indexes::drop(manager, INDEXES).await
    }
}
