//! The photographer's Selects tab: each person's lists with thumbnails and counts; a list copied
//! as a Lightroom Classic or Capture One filter; every list as CSV.

use crate::api::selects::{ReopenSelectList, gallery_selects, select_filter};
use crate::components::error_note::ActionError;
use crate::components::when::When;
use domain::ids::{GalleryId, SelectListId};
use domain::rendition::RenditionSize;
use domain::select_export::ExportFormat;
use leptos::prelude::*;

/// The Selects tab.
#[component]
pub fn SelectsPanel(gallery: GalleryId) -> impl IntoView {
    let reopen = ServerAction::<ReopenSelectList>::new();
    let people = crate::resource::resource(move || reopen.version().get(), move |_| gallery_selects(gallery));
    view! {
        <section class="card">
            <h2>"Selects"</h2>
            <p class="muted">
                "Copy a list and paste it into Lightroom Classic (Library Filter → Text → Filename → Contains) "
                "or Capture One (Filters tool → search field). File names are given without their extension, so "
                "they also find the raw files the photos were made from."
            </p>
            <p><a class="button secondary" href=format!("/export/galleries/{gallery}/selects.csv") download="">"Export all lists (CSV)"</a></p>
            <ActionError value=reopen.value()/>
            <Transition fallback=|| view! { <p>"Loading selects…"</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(people) if people.is_empty() => view! { <p class="muted">"No one has starred a photo yet."</p> }.into_any(),
                        Ok(people) => people.into_iter().map(|person| view! {
                            <article class="person-selects">
                                <h3>{person.email.clone()}</h3>
                                {person.lists.into_iter().map(|list| {
                                    let count = list.count as usize;
                                    let more = count.saturating_sub(list.images.len());
                                    view! {
                                        <div class="person-list">
                                            <h4>{format!("{} · {}", list.name, domain::words::photos(count as u64))}
                                                {list.sent_at.map(|at| view! { " " <span class="badge sent-badge">"Sent " <When at=at with_year=true/></span> })}
                                            </h4>
                                            {list.sent_note.clone().map(|note| view! { <blockquote class="sent-message">{note}</blockquote> })}
                                            {list.sent_at.is_some().then(|| {
                                                let id = list.id;
                                                view! {
                                                    <p class="row">
                                                        <span class="muted">"Closed to changes while you work from it."</span>
                                                        <button type="button" class="secondary" aria-label=format!("Reopen {} for changes", list.name)
                                                            on:click=move |_| { reopen.dispatch(ReopenSelectList { id: gallery, list: id }); }>"Reopen for changes"</button>
                                                    </p>
                                                }
                                            })}
                                            <div class="thumb-row">
                                                {list.images.iter().map(|c| view! {
                                                    <img src=c.rendition_url(RenditionSize::Grid480) alt=c.file_name.clone() title=c.file_name.clone() loading="lazy"/>
                                                }).collect_view()}
                                                {(more > 0).then(|| view! { <span class="muted thumb-more">{format!("and {more} more")}</span> })}
                                            </div>
                                            <FilterCopy gallery list=list.id/>
                                        </div>
                                    }
                                }).collect_view()}
                            </article>
                        }).collect_view().into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The two copy buttons of one list, and the text they copied (to select by hand if the
/// clipboard is not available).
#[component]
fn FilterCopy(gallery: GalleryId, list: SelectListId) -> impl IntoView {
    // The text, and whether the clipboard took it (a browser may refuse a copy made after the
    // server's answer, the click being too long ago): then the text is there to copy by hand.
    let text = RwSignal::new(None::<(ExportFormat, String, bool)>);
    let failed = RwSignal::new(None::<String>);
    let copy = move |format: ExportFormat| {
        leptos::task::spawn_local(async move {
            match select_filter(gallery, list, format).await {
                Ok(filter) => {
                    failed.set(None);
                    let copied = filter.clone();
                    crate::components::clipboard::copy(&filter, move |done| text.set(Some((format, copied, done))));
                }
                Err(err) => failed.set(Some(err.to_string())),
            }
        });
    };
    view! {
        <div class="row">
            {[ExportFormat::LightroomClassic, ExportFormat::CaptureOne].into_iter().map(|f| view! {
                <button type="button" class="secondary" on:click=move |_| copy(f)>{f.label()}</button>
            }).collect_view()}
        </div>
        {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || text.get().map(|(format, filter, done)| view! {
            <p class="muted" role="status">{if done {
                format!("Copied. Paste it into {}.", format.hint())
            } else {
                format!("Select the text below and copy it, then paste it into {}.", format.hint())
            }}</p>
            <textarea class="filter-text" readonly rows="2" aria-label="Filter text">{filter}</textarea>
        })}
    }
}
