//! Non-Leptos routes: bytes in (upload) and out (media), and health.

pub mod health;
pub mod media;
pub mod range;
pub mod upload;
