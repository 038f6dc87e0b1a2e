//! Proofroom's database schema as ordered migrations. Migrations never use the entities: they
//! describe the schema as it was at their date, so they stay valid as entities change.

pub use m20261215_000001_last_days_in_studio_zones::move_last_days;
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_studios;
mod m20261123_000002_create_sessions;
mod m20261123_000003_create_galleries;
mod m20261123_000004_create_images;
mod m20261123_000005_create_jobs;
mod m20261123_000006_add_gallery_password;
mod m20261123_000007_add_access_settings;
mod m20261123_000008_create_access_links;
mod m20261123_000009_create_downloads;
mod m20261123_000010_create_pin_attempts;
mod m20261123_000011_create_proofing;
mod m20261123_000012_create_outbox;
mod m20261202_000013_add_gallery_public_link;
mod m20261202_000014_create_attempts;
mod m20261202_000015_create_email_links;
mod m20261202_000016_create_people;
mod m20261202_000017_create_share_emails;
mod m20261202_000018_add_session_studio;
mod m20261202_100001_add_image_integrity;
mod m20261202_200001_create_store;
mod m20261203_000001_add_image_order_index;
mod m20261203_100001_add_select_list_sent;
mod m20261204_000001_create_delivery_sets;
mod m20261205_000001_add_archive_tier;
mod m20261206_000001_create_activity;
mod m20261207_000001_running_activity_counts;
mod m20261208_000001_unique_cart_lines;
mod m20261208_000002_add_person_epoch;
mod m20261209_000001_add_receipt_token;
mod m20261210_000001_mail_delivery_records;
mod m20261211_000001_add_studio_session_epoch;
mod m20261212_000001_indexes_for_scale;
mod m20261213_000001_purge_recently_deleted;
mod m20261214_000001_add_gallery_deleted_at;
mod m20261215_000001_last_days_in_studio_zones;
mod m20261216_000001_create_order_images;
mod m20261217_000001_add_order_payment_page_at;
mod m20261218_000001_create_storage_marks;
mod m20261218_000002_add_outbox_gallery;

/// Runs every migration in order.
mod indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_studios::Migration),
            Box::new(m20261123_000002_create_sessions::Migration),
            Box::new(m20261123_000003_create_galleries::Migration),
            Box::new(m20261123_000004_create_images::Migration),
            Box::new(m20261123_000005_create_jobs::Migration),
            Box::new(m20261123_000006_add_gallery_password::Migration),
            Box::new(m20261123_000007_add_access_settings::Migration),
            Box::new(m20261123_000008_create_access_links::Migration),
            Box::new(m20261123_000009_create_downloads::Migration),
            Box::new(m20261123_000010_create_pin_attempts::Migration),
            Box::new(m20261123_000011_create_proofing::Migration),
            Box::new(m20261123_000012_create_outbox::Migration),
            Box::new(m20261202_000013_add_gallery_public_link::Migration),
            Box::new(m20261202_000014_create_attempts::Migration),
            Box::new(m20261202_000015_create_email_links::Migration),
            Box::new(m20261202_000016_create_people::Migration),
            Box::new(m20261202_000017_create_share_emails::Migration),
            Box::new(m20261202_000018_add_session_studio::Migration),
            Box::new(m20261202_100001_add_image_integrity::Migration),
            Box::new(m20261202_200001_create_store::Migration),
            Box::new(m20261203_000001_add_image_order_index::Migration),
            Box::new(m20261203_100001_add_select_list_sent::Migration),
            Box::new(m20261204_000001_create_delivery_sets::Migration),
            Box::new(m20261205_000001_add_archive_tier::Migration),
            Box::new(m20261206_000001_create_activity::Migration),
            Box::new(m20261207_000001_running_activity_counts::Migration),
            Box::new(m20261208_000001_unique_cart_lines::Migration),
            Box::new(m20261208_000002_add_person_epoch::Migration),
            Box::new(m20261209_000001_add_receipt_token::Migration),
            Box::new(m20261210_000001_mail_delivery_records::Migration),
            Box::new(m20261211_000001_add_studio_session_epoch::Migration),
            Box::new(m20261212_000001_indexes_for_scale::Migration),
            Box::new(m20261213_000001_purge_recently_deleted::Migration),
            Box::new(m20261214_000001_add_gallery_deleted_at::Migration),
            Box::new(m20261215_000001_last_days_in_studio_zones::Migration),
            Box::new(m20261216_000001_create_order_images::Migration),
            Box::new(m20261217_000001_add_order_payment_page_at::Migration),
            Box::new(m20261218_000001_create_storage_marks::Migration),
            Box::new(m20261218_000002_add_outbox_gallery::Migration),
        ]
    }
}
