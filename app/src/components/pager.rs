//! The studio's page links ("Photos 101–200 of 1,000 · page 2 of 10", previous and next): plain
//! links, so they work before the page is interactive and the address says where one is.

use leptos::prelude::*;

/// One page of a list cut into pages of `size`: `page` counted from 1 of `pages`, over `total`
/// items of which `noun` names the kind ("Photos"). `href` makes the address of a page (from 1).
/// Nothing is shown for a list of one page.
pub fn pager(
    label: &'static str,
    noun: &'static str,
    (page, pages, size, total): (u32, u32, u32, u32),
    href: &dyn Fn(u32) -> String,
) -> impl IntoView + use<> {
    let first = (page - 1) * size + 1;
    let last = (first + size - 1).min(total);
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {prev.map(|href| view! { <a rel="prev" href=href>"← Previous"</a> })}
                <span>{format!("{noun} {first}–{last} of {total} · page {page} of {pages}")}</span>
                {next.map(|href| view! { <a rel="next" href=href>"Next →"</a> })}
            </nav>
        }
    })
}
