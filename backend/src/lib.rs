//! Server-only Proofroom services: the one crate that touches the database, storage, the image
//! pipeline, mail and jobs. Every operation takes the `Ctx` and the acting studio (or visitor),
//! checks access through `visitor::access` (which asks `domain::policy`), and returns
//! `ServiceResult`. One folder per area, named for what it holds:
//!
//! - `studio`: photographers' accounts (sign-up, sign-in, reset) and their branding;
//! - `gallery`: galleries, sets, images and their order, settings, and the pages built from them;
//! - `visitor`: who is asking and what they may reach — access, links, sessions, secrets and
//!   throttles, identities, the PIN, sharing;
//! - `photos`: what becomes of an upload — ingest, renditions, previews, the decode budget and
//!   the render pool;
//! - `storage`: the object store, verified reads, the scrub and the sweep;
//! - `downloads`, `proofing`, `mail`, `jobs`: what their names say.

pub mod archive;
pub mod config;
pub mod cpu;
pub mod ctx;
pub mod db;
pub mod delivery;
pub mod downloads;
pub mod engagement;
pub mod entities;
pub mod error;
pub mod gallery;
pub mod jobs;
pub mod keyed_slots;
pub mod mail;
pub mod photos;
pub mod proofing;
pub mod seed;
pub mod seed_large;
pub mod storage;
pub mod store;
pub mod studio;
pub mod visitor;

pub use ctx::Ctx;
pub use error::{ServiceError, ServiceResult};
