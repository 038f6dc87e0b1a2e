//! Indexes for the queries that read a table by something other than its gallery, at the sizes a
//! platform reaches (a million photos and comments, a million throttle attempts, a hundred
//! thousand links and finished jobs): each was a whole-table scan on a request or a frequent job.
//! And given-up jobs are put out of the queue's reach: they stayed due (`run_after` in the past),
//! so every poll of every worker read past them all.

use crate::indexes;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[indexes::Named] = &[
    // A photo's comment thread (the owner's, and a visitor's own).
    ("ix_comments_image_email_created", "comments", &["image_id", "email", "created_at"]),
    // An order's lines: every request of a visitor with orders reads what they bought.
    ("ix_order_lines_order_position", "order_lines", &["order_id", "position"]),
    // The scrub's "never checked" and "checked longest ago", and the archive's "oldest not yet
    // archived".
    ("ix_images_verified_created", "images", &["verified_at", "created_at"]),
    ("ix_images_archived_created", "images", &["archived_at", "created_at"]),
    // A price sheet's licences (every shop and cart load).
    ("ix_price_products_sheet_position", "price_products", &["sheet_id", "position"]),
    ("ix_price_sheets_studio", "price_sheets", &["studio_id"]),
    ("ix_galleries_price_sheet", "galleries", &["price_sheet_id"]),
    // The hourly clean-up of old attempts.
    ("ix_attempts_created", "attempts", &["created_at"]),
    // The Deliver tab and the downloads log, by gallery.
    ("ix_delivery_links_gallery_created", "delivery_links", &["gallery_id", "created_at"]),
    // The photographer's annotations view, and a gallery's removal.
    ("ix_annotations_gallery_updated", "annotations", &["gallery_id", "updated_at"]),
    // The card payments' check for orders left waiting.
    ("ix_orders_status_created", "orders", &["status", "created_at"]),
    // Revoking a link revokes the links shared from it.
    ("ix_access_links_shared_from", "access_links", &["shared_from"]),
    // Jobs of a kind (the storage panel's restores and moves under way).
    ("ix_jobs_kind", "jobs", &["kind"]),
    ("ix_tier_moves_direction", "tier_moves", &["direction", "id"]),
    ("ix_restore_requests_status", "restore_requests", &["status"]),
    // The digests' run: which studios' days are done, for every studio at once.
    ("ix_digests_day", "digests", &["day"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        indexes::create(manager, INDEXES).await?;
        // Given-up jobs (attempts used up, no lease) are never due again: `jobs::queue::bury`
        // now says so itself.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE jobs SET run_after = {} WHERE attempts >= max_attempts AND locked_until IS NULL",
                i64::MAX
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        indexes::drop(manager, INDEXES).await
    }
}
