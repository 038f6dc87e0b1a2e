//! What every modal dialog does for keyboard and screen reader users: when it opens, focus moves
//! into it (its first field, else its first control, else the dialog itself); Tab and Shift+Tab
//! go round inside it, never through the page behind; Escape closes it; and when it closes, focus
//! goes back to whatever opened it.

use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, HtmlElement, SvgElement};

/// What Tab can reach.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), details > summary, [tabindex]:not([tabindex='-1'])";

/// Where focus lands first: a field to type in, when there is one.
const FIELD: &str = "input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])";

/// Makes the element behind `dialog` (give it `tabindex="-1"`) a modal dialog, closed by `close`.
/// Call it where the dialog's markup is made, so it opens with it; put the returned handler on the
/// dialog's `keydown`.
pub fn modal(
    dialog: NodeRef<Div>,
    close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    modal_from(dialog, close, true)
}

/// [`modal`] for a dialog that is read before anything is typed (its fields are optional): focus
/// goes to the dialog itself, so a screen reader reads its name and a phone opens no keyboard over it.
pub fn modal_to_read(
    dialog: NodeRef<Div>,
    close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    modal_from(dialog, close, false)
}

fn modal_from(
    dialog: NodeRef<Div>,
    close: impl Fn() + Clone + Send + Sync + 'static,
    to_field: bool,
) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    Effect::new(move |opened: Option<bool>| {
        if opened == Some(true) {
            return true;
        }
        let Some(element) = dialog.get() else { return false };
        let element: HtmlElement = element.unchecked_into();
        let opener = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let first = if to_field {
            element
                .query_selector(FIELD)
                .ok()
                .flatten()
                .or_else(|| element.query_selector(FOCUSABLE).ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                .unwrap_or_else(|| element.clone())
        } else {
            element.clone()
        };
        focus_when_shown(first, WAIT_FRAMES);
        let held = keep_focus_within(&element);
        let opener = SendWrapper::new(opener);
        on_cleanup(move || {
            drop(held);
            if let Some(opener) = opener.take() {
                let _ = opener.focus();
            }
        });
        true
    });
    move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            // Only this dialog closes, not the lightbox or menu it was opened from.
            ev.prevent_default();
            ev.stop_propagation();
            close();
        }
        "Tab" => keep_tab_inside(dialog, &ev),
        _ => {}
    }
}

/// While the returned guard lives, focus that falls out of `dialog` onto the page's body (the
/// control holding it was removed, as a list's "Remove" removes its own line, or disabled while
/// a form is sent) goes back to the dialog: otherwise Escape and Tab, which the dialog listens
/// for, would stop working, and the next Tab would walk the page behind.
pub fn keep_focus_within(dialog: &HtmlElement) -> SendWrapper<FocusHold> {
    let held = dialog.clone();
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        let held = held.clone();
        // Where focus went is known only once the change is over.
        request_animation_frame(move || {
            let body = document().body();
            let lost = match document().active_element() {
                None => true,
                Some(active) => body.is_some_and(|b| active == *b.unchecked_ref::<web_sys::Element>()),
            };
            if lost && held.is_connected() {
                let _ = held.focus();
            }
        });
    });
    let _ = dialog.add_event_listener_with_callback("focusout", listener.as_ref().unchecked_ref());
    SendWrapper::new(FocusHold { target: dialog.clone(), listener })
}

/// The `focusout` listener of [`keep_focus_within`], taken off its dialog when dropped.
pub struct FocusHold {
    target: HtmlElement,
    listener: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for FocusHold {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback("focusout", self.listener.as_ref().unchecked_ref());
    }
}

/// On Tab at the last control (Shift+Tab at the first), goes round to the other end of `dialog`
/// instead of leaving it for the page behind.
pub fn keep_tab_inside(dialog: NodeRef<Div>, ev: &web_sys::KeyboardEvent) {
    let Some(element) = dialog.get_untracked() else { return };
    let element: HtmlElement = element.unchecked_into();
    let items = focusable(&element);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let is = |candidate: &Element| active.as_ref() == Some(candidate);
    if ev.shift_key() && (is(first) || is(element.unchecked_ref())) {
        ev.prevent_default();
        focus(last);
    } else if !ev.shift_key() && is(last) {
        ev.prevent_default();
        focus(first);
    }
}

/// Focuses one of a dialog's controls: an HTML one, or an SVG one (the lightbox's photo while
/// the visitor draws on it with the keyboard).
fn focus(element: &Element) {
    if let Some(html) = element.dyn_ref::<HtmlElement>() {
        let _ = html.focus();
    } else if let Some(svg) = element.dyn_ref::<SvgElement>() {
        let _ = svg.focus();
    }
}

/// How many frames (about 4 s) a dialog may take to be placed: the first time, its code may still
/// be arriving over a slow connection.
pub const WAIT_FRAMES: u16 = 240;

/// Focuses `element` once it is in the page: a dialog made inside a `Suspense` (one whose code is
/// fetched on demand) is built before it is placed, and a detached element cannot take focus.
pub fn focus_when_shown(element: HtmlElement, frames_left: u16) {
    if element.is_connected() {
        let _ = element.focus();
    } else if frames_left > 0 {
        request_animation_frame(move || focus_when_shown(element, frames_left - 1));
    }
}

/// Focuses the element `id` once it is in the page: the control a keyboard user comes back to
/// after a form that closed.
pub fn focus_id_when_shown(id: String, frames_left: u16) {
    match document().get_element_by_id(&id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        Some(element) => {
            let _ = element.focus();
        }
        None if frames_left > 0 => request_animation_frame(move || focus_id_when_shown(id, frames_left - 1)),
        None => {}
    }
}

/// The dialog's controls that Tab reaches, in order: those shown (a control hidden by the
/// dialog's state, such as the lightbox's arrows while drawing, is skipped by Tab, so it must
/// not count as the first or last).
fn focusable(element: &HtmlElement) -> Vec<Element> {
    let Ok(found) = element.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<Element>().ok())
        .filter(|e| {
            let shape = e.get_bounding_client_rect();
            shape.width() > 0.0 || shape.height() > 0.0
        })
        .collect()
}
