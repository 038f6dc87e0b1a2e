//! How a visitor's page starts its bundle. On a phone's connection the page is link-bound: what
//! it waits for to be interactive is the sum of the bytes before it (the cover, the stylesheet,
//! the bundle), so the link must carry nothing else until then (a page that opens on a photo
//! also carries its lightbox's part, which hydrating it needs). The cover's preload comes first; the
//! bundle's script is asked for beside it at low priority, and the bundle starts as soon as its
//! script is there (measured: 0.1 s sooner than waiting for the cover, LCP 50 ms later). Asking
//! for the wasm in `<head>` as well was measured too: 50 ms sooner again, but LCP 220 ms later.
//! Replaces Leptos's `HydrationScripts` on those pages.
//!
//! Until the page is interactive, grid tiles wait: the browser's own lazy loading fetches every
//! tile within a few screens (2,500 px on a slow link: twenty phone tiles, more than the bundle
//! itself), and even the few under the cover took about 110 KB of the link from the bundle
//! (measured: interactive 3.2 s instead of 3.7 s). Once the visitor scrolls (or the page opens
//! scrolled), tiles are let go as soon as any of them is in view; all are once the page is
//! interactive (or after `RELEASE_MS`, whatever happens to the bundle). A page too short to
//! scroll shows its tiles when it is interactive. Without JavaScript nothing is held.

use leptos::prelude::*;

/// Marks the document before the body is parsed, so the stylesheet holds lazy grid tiles back
/// (`.hold` in style/main.css) from the first layout on, and shows what needs JavaScript (`.js`:
/// the room of the next page); `(release_ms)`. Lets the tiles go itself after `RELEASE_MS` too,
/// in case the module script below never runs.
const HOLD: &str = r#"((releaseAfter) => {
  const root = document.documentElement;
  root.classList.add("js", "hold");
  setTimeout(() => root.classList.remove("hold"), releaseAfter);
})"#;

/// The script: `(pkg, bundle, release_ms, ahead)`. An inline module runs after the document is
/// parsed, so the tiles are in the DOM when it looks. Once the page is interactive and the
/// browser idle, the files `ahead` (the lightbox's part, under `pkg`) are fetched into the cache
/// as prefetches: the first photo opened does not wait for them, and a prefetch that fails costs
/// nothing (the part is asked for again when needed).
const START: &str = r#"((pkg, bundle, releaseAfter, ahead) => {
  const root = document.documentElement;
  const seeing = "IntersectionObserver" in window && new IntersectionObserver((seen) => {
    for (const tile of seen) if (tile.isIntersecting) { tile.target.classList.add("in-view"); seeing.unobserve(tile.target); }
  });
  const watch = () => document.querySelectorAll(".grid .tile-link").forEach((link) => seeing.observe(link));
  // Scrolled already (a reload, the way back, a link to a set): the tiles there are let go now.
  if (seeing && (scrollY > 0 || location.hash)) watch();
  else if (seeing) addEventListener("scroll", watch, { once: true, passive: true });
  else root.classList.remove("hold");
  const release = () => {
    root.classList.remove("hold");
    if (seeing) { removeEventListener("scroll", watch); seeing.disconnect(); }
  };
  setTimeout(release, releaseAfter);
  // Safari has no requestIdleCallback: there, half a second after.
  const whenIdle = window.requestIdleCallback || ((then) => setTimeout(then, 500));
  const fetchAhead = () => whenIdle(() => {
    for (const file of ahead) {
      document.head.append(Object.assign(document.createElement("link"), { rel: "prefetch", href: `/${pkg}/${file}`, crossOrigin: "anonymous" }));
    }
  });
  import(`/${pkg}/${bundle}.js`)
    .then((m) => m.default({ module_or_path: `/${pkg}/${bundle}_bg.wasm` }).then(() => m.hydrate()))
    .then(fetchAhead)
    // No bundle, no script to fill what `.js` shows (the next page's room): the page is as without JavaScript.
    .catch(() => root.classList.remove("js"))
    .finally(release);
})"#;

/// How long tiles wait for the bundle at most.
const RELEASE_MS: u32 = 12_000;

/// The mark that holds tiles back: first in `<head>`, before the stylesheet (a script after a
/// stylesheet waits for it, and the body with it).
#[component]
pub fn HoldTiles() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script nonce=nonce>{format!("{HOLD}({RELEASE_MS});")}</script> }
}

/// The bundle `name` (`/pkg/{name}.js` and `/pkg/{name}_bg.wasm`), started as soon as its script
/// is there, and the files of the gallery's `lightbox` part (under `/pkg/`, none on other pages):
/// fetched once the page is interactive, or at once (`lightbox_now`) when the page opens on a
/// photo, whose lightbox is hydrated with the page.
#[component]
pub fn ClientHydration(
    options: LeptosOptions,
    name: String,
    lightbox: &'static [String],
    lightbox_now: bool,
) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let pkg = options.site_pkg_dir.to_string();
    // Asked for now, they arrive while the bundle does, not one round trip after another once it
    // has (the loader fetches a part's shared chunks only when the part is first called, 20 of
    // them for the lightbox: measured, a second on slow 4G). `fetch()` is what asks for them then.
    // They take some of the link from the photo: LCP 1.26 → 1.46 s, interactive 4.54 → 4.18 s.
    let (now, ahead) = if lightbox_now { (lightbox, &[][..]) } else { (&[][..], lightbox) };
    let parts = now
        .iter()
        .map(|file| {
            view! { <link rel="preload" r#as="fetch" crossorigin="anonymous" fetchpriority="low" href=format!("/{pkg}/{file}")/> }
        })
        .collect_view();
    view! {
        <link rel="modulepreload" href=format!("/{pkg}/{name}.js") fetchpriority="low"/>
        // The loader of the bundle's lazy parts (tools/bundle.sh), which the script imports: asked
        // for now, it is not a round trip of its own between the script and the wasm.
        <link rel="modulepreload" href=format!("/{pkg}/{name}_split.js") fetchpriority="low"/>
        {parts}
        <script type="module" nonce=nonce>
            {format!("{START}({pkg:?}, {name:?}, {RELEASE_MS}, {ahead:?});")}
        </script>
    }
}
