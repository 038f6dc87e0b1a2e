//! Putting a link on the visitor's clipboard, the same way everywhere.

use leptos::prelude::window;

/// Copies `text` to the clipboard, then tells `done` whether the browser took it: a button says
/// "Copied" only then. Where the browser refuses (no permission, not a secure page), the text
/// stays on screen in a selectable field beside the button, so nothing is lost.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let written = window().navigator().clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(written).await.is_ok());
    });
}

/// A full address on this site, from its path (`/g/…`): what a link must be once it leaves the page.
pub fn with_origin(path: &str) -> String {
    if !path.starts_with('/') {
        return path.to_owned();
    }
    format!("{}{path}", window().location().origin().unwrap_or_default())
}

/// Opens the photographer's mail program with a new message (the recipient left for them to fill).
pub fn email(subject: &str, body: &str) {
    let mailto = format!(
        "mailto:?subject={}&body={}",
        js_sys::encode_uri_component(subject),
        js_sys::encode_uri_component(body)
    );
    let _ = window().location().set_href(&mailto);
}

/// Shows the full address in the focused link field and selects it for copying.
pub fn show_full_address(ev: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    input.set_value(&with_origin(&input.value()));
    input.select();
}
