//! A cart holds each (photo or whole gallery, licence) once. Adding a line checked for it first
//! and then inserted, so two adds at once (a double tap) could both insert, and the order placed
//! from the cart then charged the licence twice. The database now refuses the second line.
//!
//! A whole-gallery line has no image, and NULLs never collide in a unique index, so that case
//! has its own partial index. Duplicates already stored are removed first (the oldest stays).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Same SQL on SQLite and PostgreSQL.
        db.execute_unprepared(
            "DELETE FROM cart_lines WHERE EXISTS (SELECT 1 FROM cart_lines older \
             WHERE older.cart_id = cart_lines.cart_id AND older.product_id = cart_lines.product_id \
             AND (older.image_id = cart_lines.image_id OR (older.image_id IS NULL AND cart_lines.image_id IS NULL)) \
             AND older.id < cart_lines.id)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_cart_lines_image \
             ON cart_lines (cart_id, image_id, product_id) WHERE image_id IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_cart_lines_gallery \
             ON cart_lines (cart_id, product_id) WHERE image_id IS NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ux_cart_lines_gallery").await?;
        db.execute_unprepared("DROP INDEX IF EXISTS ux_cart_lines_image").await?;
        Ok(())
    }
}
