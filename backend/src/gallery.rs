//! Galleries and what they hold: the gallery rows and the pages built from them (`galleries`),
//! their settings, sets, images and the order they are shown in.

pub mod client_pages;
pub mod deleted_galleries;
pub mod editor_photos;
pub mod galleries;
pub mod image_order;
pub mod images;
mod ordering;
pub mod pages;
pub mod purge;
pub mod records;
pub mod sets;
pub mod settings;
