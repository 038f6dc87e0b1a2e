//! How a visitor's page starts its bundle. The cover photo is the page's largest paint, and on a
//! phone's connection the bundle (hundreds of KiB) would share the bandwidth with it if both were
//! fetched at once. So the page asks for the cover first (its preload comes before anything
//! else), fetches the bundle's small script at low priority beside it, and starts the wasm when
//! the cover has arrived — or after a few seconds, whatever happens to the cover. Pages without a
//! cover start at once. Replaces Leptos's `HydrationScripts` on those pages only.
//!
//! Until the page is interactive, grid tiles off the screen wait too: the browser's own lazy
//! loading fetches every tile within a few screens (2,500 px on a slow link: twenty phone tiles,
//! more than the bundle itself), and they would share the link with the bundle. A tile is let
//! go as soon as any of it is in view (even half a screen ahead was measured to fetch ten phone
//! tiles, as many bytes as the bundle); all are once the page is interactive (or after
//! `RELEASE_MS`, whatever happens to the bundle). Without JavaScript nothing is held.

use leptos::prelude::*;

/// Marks the document before the body is parsed, so the stylesheet holds lazy grid tiles back
/// (`.hold` in style/main.css) from the first layout on; `(release_ms)`. Lets them go itself after
/// `RELEASE_MS` too, in case the module script below never runs.
const HOLD: &str = r#"((releaseAfter) => {
  const root = document.documentElement;
  root.classList.add("hold");
  setTimeout(() => root.classList.remove("hold"), releaseAfter);
})"#;

/// The script: `(pkg, bundle, wait_ms, release_ms)`; the cover is the `<img fetchpriority=high>`.
/// An inline module runs after the document is parsed, so the cover and tiles are in the DOM when
/// it looks.
const START: &str = r#"((pkg, bundle, wait, releaseAfter) => {
  const root = document.documentElement;
  const seeing = "IntersectionObserver" in window && new IntersectionObserver((seen) => {
    for (const tile of seen) if (tile.isIntersecting) { tile.target.classList.add("in-view"); seeing.unobserve(tile.target); }
  });
  if (seeing) document.querySelectorAll(".grid .tile-link").forEach((link) => seeing.observe(link));
  else root.classList.remove("hold");
  const release = () => { root.classList.remove("hold"); if (seeing) seeing.disconnect(); };
  setTimeout(release, releaseAfter);
  const start = () => import(`/${pkg}/${bundle}.js`)
    .then((m) => m.default({ module_or_path: `/${pkg}/${bundle}_bg.wasm` }).then(() => m.hydrate()))
    .finally(release);
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

/// How long tiles off the screen wait for the bundle at most.
const RELEASE_MS: u32 = 12_000;

/// The mark that holds tiles back: first in `<head>`, before the stylesheet (a script after a
/// stylesheet waits for it, and the body with it).
#[component]
pub fn HoldTiles() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script nonce=nonce>{format!("{HOLD}({RELEASE_MS});")}</script> }
}

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
            {format!("{START}({pkg:?}, {name:?}, {WAIT_FOR_COVER_MS}, {RELEASE_MS});")}
        </script>
    }
}
