//! How a visitor's page starts its bundle. The cover photo is the page's largest paint, and on a
//! phone's connection the bundle (hundreds of KiB) would share the bandwidth with it if both were
//! fetched at once. So the page asks for the cover first (its preload comes before anything
//! else), fetches the bundle's small script at low priority beside it, and starts the wasm when
//! the cover has arrived — or after a few seconds, whatever happens to the cover. Pages without a
//! cover start at once. Replaces Leptos's `HydrationScripts` on those pages only.

use leptos::prelude::*;

/// The script: `(pkg, bundle, wait_ms)`; the cover is the `<img fetchpriority=high>`. An inline
/// module runs after the document is parsed, so the cover is in the DOM when it looks.
const START: &str = r#"((pkg, bundle, wait) => {
  const start = () => import(`/${pkg}/${bundle}.js`)
    .then((m) => m.default({ module_or_path: `/${pkg}/${bundle}_bg.wasm` }).then(() => m.hydrate()));
  const cover = document.querySelector("img[fetchpriority=high]");
  if (!cover || cover.complete) return start();
  let started = false;
  const once = () => { if (!started) { started = true; start(); } };
  cover.addEventListener("load", once, { once: true });
  cover.addEventListener("error", once, { once: true });
  setTimeout(once, wait);
})"#;

/// How long the bundle waits for the cover at most.
const WAIT_FOR_COVER_MS: u32 = 4000;

/// The bundle `name` (`/pkg/{name}.js` and `/pkg/{name}_bg.wasm`) started after the cover.
#[component]
pub fn ClientHydration(options: LeptosOptions, name: String) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let pkg = options.site_pkg_dir.to_string();
    view! {
        <link rel="modulepreload" href=format!("/{pkg}/{name}.js") fetchpriority="low"/>
        // The loader of the bundle's lazy parts (tools/bundle.sh), which the script imports: asked
        // for now, it is not a round trip of its own between the script and the wasm.
        <link rel="modulepreload" href=format!("/{pkg}/{name}_split.js") fetchpriority="low"/>
        <script type="module" nonce=nonce>
            {format!("{START}({pkg:?}, {name:?}, {WAIT_FOR_COVER_MS});")}
        </script>
    }
}
