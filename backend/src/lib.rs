//! Server-only Proofroom services: the one crate that touches the database, storage, the media
//! pipeline and jobs. Every operation takes the `Ctx` and the acting studio (or visitor), checks
//! access through `access` (which asks `domain::policy`), and returns `ServiceResult`.

pub mod access;
pub mod auth;
pub mod config;
pub mod contact_sheet;
pub mod ctx;
pub mod db;
pub mod decode_budget;
pub mod downloads;
pub mod email_links;
pub mod entities;
pub mod error;
pub mod galleries;
pub mod gallery_settings;
pub mod image_reach;
pub mod images;
pub mod ingest;
pub mod integrity;
pub mod jobs;
pub mod links;
pub mod mail;
mod ordering;
pub mod pin;
pub mod previews;
pub mod proofing;
pub mod render_pool;
pub mod renditions;
pub mod scrub;
pub mod secrets;
pub mod seed;
pub mod sessions;
pub mod sets;
pub mod sharing;
pub mod storage;
pub mod studios;
pub mod sweep;
pub mod upload_slots;
pub mod visitor;
pub mod zip_layout;

pub use ctx::Ctx;
pub use error::{ServiceError, ServiceResult};
