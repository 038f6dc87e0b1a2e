//! Telling a component when an element comes near the viewport or leaves it (an
//! `IntersectionObserver`): what loads the next page before the visitor reaches it and lets pages
//! far off screen give their tiles back. Nothing happens on the server.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Calls `on_change(true)` when `target` comes within `margin` (a CSS margin, e.g. `"800px 0px"`)
/// of the viewport and `on_change(false)` when it leaves, for as long as the component lives.
pub fn watch_in_view<E>(target: NodeRef<E>, margin: &'static str, on_change: impl Fn(bool) + 'static)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let on_change = std::rc::Rc::new(on_change);
    Effect::new(move |_| {
        let Some(element) = target.get() else { return };
        let Ok(element) = element.dyn_into::<web_sys::Element>() else { return };
        let on_change = on_change.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // Only the newest entry counts when several arrive together.
            if let Some(entry) =
                entries.iter().last().and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            {
                on_change(entry.is_intersecting());
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(margin);
        let Ok(observer) = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        else {
            return;
        };
        observer.observe(&element);
        let kept = StoredValue::new_local((observer, callback));
        on_cleanup(move || kept.with_value(|(observer, _)| observer.disconnect()));
    });
}
