//! Asking before something that cannot be undone, the same way everywhere: the browser's own
//! confirmation, which every screen reader and keyboard already knows.

use leptos::prelude::window;

/// Whether the person answered "OK" to `question` (no window, or a blocked dialog: no).
pub fn ask(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}
