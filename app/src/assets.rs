//! The built site's content-hashed names, which the server reads once at start: the stylesheet,
//! and the two browser bundles. Visitors' pages (a gallery, a cart, an order) load the client
//! bundle, which leaves the photographer's pages out; every other page loads the studio bundle.

use std::sync::OnceLock;

static STYLESHEET: OnceLock<String> = OnceLock::new();
static CLIENT_BUNDLE: OnceLock<ClientBundle> = OnceLock::new();

/// The client bundle: its name, and the files of its lightbox's part.
struct ClientBundle {
    name: String,
    lightbox: Vec<String>,
}

/// Records the stylesheet's file name under `/pkg/` (the first call wins: names are fixed for
/// the life of the process).
pub fn set_stylesheet(file_name: &str) {
    let _ = STYLESHEET.set(format!("/pkg/{file_name}"));
}

/// The stylesheet's URL.
pub fn stylesheet() -> &'static str {
    STYLESHEET.get().map(String::as_str).unwrap_or("/pkg/proofroom.css")
}

/// Records the client bundle's name (its `.js` and `_bg.wasm` under `/pkg/`) and the files of its
/// lightbox's part (under `/pkg/`).
pub fn set_client_bundle(name: &str, lightbox: &[String]) {
    let _ = CLIENT_BUNDLE.set(ClientBundle { name: name.to_owned(), lightbox: lightbox.to_vec() });
}

/// The client bundle's name, when the site has one.
pub fn client_bundle() -> Option<&'static str> {
    CLIENT_BUNDLE.get().map(|bundle| bundle.name.as_str())
}

/// The files of the client bundle's lightbox part (`app::components::lightbox`).
pub fn client_lightbox() -> &'static [String] {
    CLIENT_BUNDLE.get().map_or(&[], |bundle| bundle.lightbox.as_slice())
}

/// Whether the page at `path` is a visitor's (hydrated by the client bundle).
pub fn is_client_page(path: &str) -> bool {
    ["/g/", "/l/", "/join/", "/cart/", "/orders/", "/d/"].iter().any(|prefix| path.starts_with(prefix))
}

/// Whether the page at `path` is a client gallery, which has a lightbox.
pub fn is_gallery_page(path: &str) -> bool {
    path.starts_with("/g/") || path.starts_with("/l/")
}

/// Whether the page at `path?query` is a gallery that opens on a photo (`?image=`), whose
/// lightbox the server renders. (Only what the page asks for early depends on it: the browser
/// looks for the rendered lightbox itself.)
pub fn opens_on_photo(path: &str, query: Option<&str>) -> bool {
    is_gallery_page(path) && query.is_some_and(|q| q.split('&').any(|pair| pair.starts_with("image=")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gallery_opens_on_a_photo_with_image_in_its_query() {
        assert!(opens_on_photo("/g/wedding", Some("image=0190")));
        assert!(opens_on_photo("/l/0123abcd", Some("page=2&image=0190")));
        assert!(!opens_on_photo("/g/wedding", Some("page=2")));
        assert!(!opens_on_photo("/g/wedding", Some("images=1")));
        assert!(!opens_on_photo("/g/wedding", None));
        assert!(!opens_on_photo("/cart/wedding", Some("image=0190")));
    }

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
