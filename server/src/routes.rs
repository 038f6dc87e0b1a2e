//! Non-Leptos routes: bytes in (uploads, logo) and out (media, logo), and health.

pub mod health;
pub mod logo;
pub mod media;
pub mod range;
pub mod upload;
