//! Putting a link on the visitor's clipboard, the same way everywhere.

use leptos::prelude::window;

/// Copies `text` to the clipboard. Where the browser refuses (no permission, not a secure page),
/// the text stays on screen in a selectable field beside the button, so nothing is lost.
pub fn copy(text: &str) {
    let _ = window().navigator().clipboard().write_text(text);
}

/// A full address on this site, from its path (`/g/…`): what a link must be once it leaves the page.
pub fn with_origin(path: &str) -> String {
    if !path.starts_with('/') {
        return path.to_owned();
    }
    format!("{}{path}", window().location().origin().unwrap_or_default())
}
