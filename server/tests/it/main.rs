//! Integration tests: the real router in-process on a real port, against a fresh SQLite file
//! and — when `TEST_DATABASE_URL` is set — a fresh PostgreSQL database per test, with real
//! storage in a temporary folder and real jobs. Tests speak HTTP, as a browser or an attacker would.

mod access_links;
mod archive;
mod auth;
mod client_pages;
mod connections;
mod contact_sheets;
mod decode_memory;
mod deleted_galleries;
mod delivery;
mod downloads;
mod editor_photos;
mod engagement;
mod engagement_ranges;
mod full_disk;
mod galleries;
mod idle_memory;
mod instances;
mod jobs;
mod mail;
mod media;
mod notifications;
mod password;
mod pin;
mod proofing;
mod quota;
mod sessions;
mod sharing;
mod site_files;
mod storage_sweep;
mod store;
mod store_stripe;
mod strict_uploads;
mod support;
mod trust_access;
mod trust_identity;
mod trust_previews;
mod trust_requests;
mod trust_secrets;
mod trust_sharing;
mod two_instances;
mod two_routers;
mod upload;
mod verified_reads;
mod zip;
