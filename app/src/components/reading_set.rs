//! Which set the visitor is reading: the set tabs mark it (`aria-current`), so a screen reader
//! and a sighted visitor both know where in the gallery they are. Read from the page as it
//! scrolls: a page far off screen keeps only its height (and loses its headings), so the pages'
//! own numbers say which sets are wholly above, and a heading on screen says where its set starts.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How far below the sticky set tabs a heading counts as passed: a tab scrolls its heading to
/// about 60 px under them (the heading's scroll margin), and a reader's eye is a little lower.
const BELOW_THE_TABS: f64 = 80.0;

/// The set being read, and the one whose tab was chosen last.
#[derive(Clone, Copy)]
pub struct ReadingSet {
    /// The index (in the tabs) of the set being read; `None` above the first set.
    pub reading: RwSignal<Option<usize>>,
    /// The tab chosen last (until another is): at the page's end, where its heading may not reach
    /// the line, it is the one marked while its heading is in view (a short set among the last
    /// ones); elsewhere the line decides.
    chosen: RwSignal<Option<usize>>,
}

impl ReadingSet {
    /// Tab `n` was chosen: measured again at once (at the page's end, choosing a set whose heading
    /// is already in view scrolls nothing).
    pub fn choose(self, n: usize) {
        self.chosen.set(Some(n));
    }
}

/// The set being read, kept up to date while the page scrolls. `starts`: each tab's heading id
/// and the 0-based page its set starts on.
pub fn reading_set(starts: Vec<(String, u32)>) -> ReadingSet {
    let reading = RwSignal::new(None);
    let chosen = RwSignal::new(None);
    // Measured at most once a frame, whatever the scroll events' rate.
    let queued = StoredValue::new(false);
    let measure = move || {
        if queued.get_value() {
            return;
        }
        queued.set_value(true);
        let starts = starts.clone();
        request_animation_frame(move || {
            queued.try_set_value(false);
            let now = read(&starts, at_the_end(), chosen.try_get_untracked().flatten());
            // The tabs are told only when the set being read changes, not at every frame.
            if reading.try_get_untracked().is_some_and(|was| was != now) {
                reading.try_set(now);
            }
        });
    };
    Effect::new({
        let measure = measure.clone();
        move |_| {
            chosen.track();
            measure()
        }
    });
    let listening = window_event_listener(leptos::ev::scroll, {
        let measure = measure.clone();
        move |_| measure()
    });
    // A phone turned on its side moves every heading without a scroll.
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        listening.remove();
        resized.remove();
    });
    // On a phone the tabs are one strip that scrolls sideways: the marked one is brought into it.
    Effect::new(move |_| {
        if let Some(n) = reading.get() {
            show_tab(n);
        }
    });
    ReadingSet { reading, chosen }
}

/// Scrolls the tab strip (only the strip, never the page) so tab `n` is in it, centred.
fn show_tab(n: usize) {
    let Some(strip) = document().query_selector(".set-tabs").ok().flatten() else { return };
    if strip.scroll_width() <= strip.client_width() {
        return;
    }
    let Some(tab) = strip.children().item(n as u32).and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    let (strip_box, tab_box) = (strip.get_bounding_client_rect(), tab.get_bounding_client_rect());
    if tab_box.left() >= strip_box.left() && tab_box.right() <= strip_box.right() {
        return;
    }
    let centre = tab_box.left() - strip_box.left() + tab_box.width() / 2.0 - strip_box.width() / 2.0;
    strip.set_scroll_left(strip.scroll_left() + centre.round() as i32);
}

/// Whether the page is scrolled as far down as it goes.
fn at_the_end() -> bool {
    let window = window();
    let (Some(root), Ok(scrolled), Ok(height)) =
        (document().document_element(), window.scroll_y(), window.inner_height())
    else {
        return false;
    };
    scrolled > 0.0 && scrolled + height.as_f64().unwrap_or(0.0) >= f64::from(root.scroll_height()) - 2.0
}

/// The set whose start is the last one above the line, from the page as it is now; at its `end`,
/// the `chosen` tab's set or the last one whose heading is in view.
fn read(starts: &[(String, u32)], end: bool, chosen: Option<usize>) -> Option<usize> {
    let document = document();
    let top = |element: &web_sys::Element| element.get_bounding_client_rect().top();
    let tabs =
        document.query_selector(".set-tabs").ok().flatten().map_or(0.0, |t| t.get_bounding_client_rect().bottom());
    let line = tabs.max(0.0) + BELOW_THE_TABS;
    // At the very end of the page a short last set's heading can never reach the line: the tab
    // just chosen (while its heading shows), or else the last heading in view below the line, is
    // the set being read.
    if end {
        let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        let heading_top = |index: usize| {
            starts.get(index).and_then(|(heading, _)| document.get_element_by_id(heading)).map(|heading| top(&heading))
        };
        if let Some(chosen) = chosen.filter(|&chosen| heading_top(chosen).is_some_and(|at| at >= tabs && at < height)) {
            return Some(chosen);
        }
        if let Some(last) =
            (0..starts.len()).rev().find(|&index| heading_top(index).is_some_and(|at| at > line && at < height))
        {
            return Some(last);
        }
    }
    let pages = document.query_selector_all(".grid-page[data-page]").ok()?;
    let page_at = |i: u32| pages.item(i).and_then(|node| node.dyn_into::<web_sys::Element>().ok());
    // The last page (1-based, as the pages number themselves) whose top has passed the line,
    // found by halving: pages lie one under the other, so a 10,000-photo gallery's 167 pages
    // take eight measurements a frame, not 167.
    let passed = |i: u32| page_at(i).is_some_and(|page| top(&page) <= line);
    let (mut low, mut high) = (0, pages.length());
    while low < high {
        let middle = low + (high - low) / 2;
        if passed(middle) { low = middle + 1 } else { high = middle }
    }
    let page = page_at(low.checked_sub(1)?)?.get_attribute("data-page")?.parse::<u32>().ok()?;
    starts.iter().rposition(|(heading, start)| {
        let start = start + 1;
        start < page
            || (start == page && document.get_element_by_id(heading).is_some_and(|heading| top(&heading) <= line))
    })
}
