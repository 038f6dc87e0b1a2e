//! The stylesheet's content-hashed name, which the server reads from the built site once at start
//! (pages link to it; the bundle's own names travel in `LeptosOptions::output_name`).

use std::sync::OnceLock;

static STYLESHEET: OnceLock<String> = OnceLock::new();

/// Records the stylesheet's file name under `/pkg/` (the first call wins: names are fixed for
/// the life of the process).
pub fn set_stylesheet(file_name: &str) {
    let _ = STYLESHEET.set(format!("/pkg/{file_name}"));
}

/// The stylesheet's URL.
pub fn stylesheet() -> &'static str {
    STYLESHEET.get().map(String::as_str).unwrap_or("/pkg/proofroom.css")
}
