//! One module per page.

pub mod client_gallery;
pub mod gallery_editor;
pub mod home;
pub mod not_found;
pub mod sign_in;
pub mod sign_up;
pub mod studio;
pub mod studio_settings;
