//! Proofroom's pure core: ids, wire types, validation, rendition sizes and the access policy.
//! Compiled for both the browser (wasm32) and the server; it reads no clock and no environment:
//! time is always a parameter.

pub mod annotations;
pub mod archive;
pub mod brand;
pub mod card;
pub mod comments;
pub mod contact_sheets;
pub mod dates;
pub mod delivery;
pub mod downloads;
pub mod downloads_log;
pub mod dto;
pub mod editor_photos;
pub mod engagement;
pub mod gallery;
pub mod gallery_page;
pub mod ids;
pub mod links;
pub mod photo_order;
pub mod policy;
pub mod rendition;
pub mod select_export;
pub mod selects;
pub mod settings;
pub mod store;
pub mod uploads;
pub mod validation;
pub mod words;
