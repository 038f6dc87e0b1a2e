//! The built site's content-hashed names, which the server reads once at start: the stylesheet,
//! and the two browser bundles. Visitors' pages (a gallery, a cart, an order) load the client
//! bundle, which leaves the photographer's pages out; every other page loads the studio bundle.

use std::sync::OnceLock;

static STYLESHEET: OnceLock<String> = OnceLock::new();
static CLIENT_BUNDLE: OnceLock<String> = OnceLock::new();

/// Records the stylesheet's file name under `/pkg/` (the first call wins: names are fixed for
/// the life of the process).
pub fn set_stylesheet(file_name: &str) {
    let _ = STYLESHEET.set(format!("/pkg/{file_name}"));
}

/// The stylesheet's URL.
pub fn stylesheet() -> &'static str {
    STYLESHEET.get().map(String::as_str).unwrap_or("/pkg/proofroom.css")
}

/// Records the client bundle's name (its `.js` and `_bg.wasm` under `/pkg/`).
pub fn set_client_bundle(name: &str) {
    let _ = CLIENT_BUNDLE.set(name.to_owned());
}

/// The client bundle's name, when the site has one.
pub fn client_bundle() -> Option<&'static str> {
    CLIENT_BUNDLE.get().map(String::as_str)
}

/// Whether the page at `path` is a visitor's (hydrated by the client bundle).
pub fn is_client_page(path: &str) -> bool {
    ["/g/", "/l/", "/join/", "/cart/", "/orders/", "/d/"].iter().any(|prefix| path.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitors_pages_and_the_studios() {
        assert!(is_client_page("/g/wedding"));
        assert!(is_client_page("/l/0123abcd"));
        assert!(is_client_page("/orders/abc"));
        assert!(is_client_page("/d/abc"));
        assert!(!is_client_page("/studio/galleries/1"));
        assert!(!is_client_page("/"));
        assert!(!is_client_page("/gallery"));
    }
}
