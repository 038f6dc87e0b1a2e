//! Non-Leptos routes: bytes in (uploads, logo) and out (media, logo), and health.

pub mod contact_sheet;
pub mod delivery;
pub mod download;
pub mod health;
pub mod logo;
pub mod media;
pub mod orders;
pub mod range;
pub mod ranged;
pub mod refusal_page;
pub mod reports;
pub mod restored;
pub mod site_files;
pub mod studio_exports;
pub mod unsubscribe;
pub mod upload;
pub mod zip;
