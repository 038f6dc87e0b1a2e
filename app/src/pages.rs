//! One module per page.

pub mod cart;
pub mod client_gallery;
pub mod confirm_sign_up;
pub mod delivery;
pub mod email_sent;
pub mod gallery_editor;
pub mod home;
pub mod join;
pub mod not_found;
pub mod order;
pub mod password_reset;
pub mod price_sheets;
pub mod sign_in;
pub mod sign_up;
pub mod studio;
pub mod studio_inbox;
pub mod studio_settings;
