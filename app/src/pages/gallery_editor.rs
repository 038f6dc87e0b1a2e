//! The photographer's gallery editor at `/studio/galleries/:id`: one tab per concern — photos
//! (details, sets, upload, arranging: `details_tab`, `photos_tab`), access and downloads, invite,
//! delivery sets, the downloads log, selects, comments, annotations, the store and its orders.

mod actions;
mod details_tab;
mod photos_tab;
mod tab;

use crate::api::galleries::{gallery_editor, photos_page};
use crate::components::annotations_panel::AnnotationsPanel;
use crate::components::delivery_panel::DeliveryPanel;
use crate::components::downloads_log::DownloadsLog;
use crate::components::inbox_panel::InboxPanel;
use crate::components::invite_panel::InvitePanel;
use crate::components::orders_panel::OrdersPanel;
use crate::components::report::GalleryReportPanel;
use crate::components::selects_panel::SelectsPanel;
use crate::components::settings_panel::SettingsPanel;
use crate::components::store_panel::StorePanel;
use crate::components::upload::Uploader;
use crate::error::AppError;
use actions::{Actions, poll_processing};
use details_tab::{details_cards, editor_head, sets_card};
use domain::editor_photos::{PhotoFilter, page_index};
use domain::ids::GalleryId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use tab::Tab;

/// `/studio/galleries/:id`.
#[component]
pub fn GalleryEditor() -> AnyView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<GalleryId>().ok());
    let actions = Actions::new();
    let load = |(id, _, _): (Option<GalleryId>, usize, Tab)| async move {
        match id {
            Some(id) => gallery_editor(id).await,
            None => Err(AppError::NotFound),
        }
    };
    let query = use_query_map();
    let tab = Memo::new(move |_| Tab::from_query(query.read().get("tab").as_deref()));
    // Two views of the same data, so an upload or a finished rendition redraws the photos but
    // never the forms the photographer may be typing in. Opening a tab reads the gallery afresh:
    // what another tab saved (settings save as they change) is never shown stale.
    let editor = crate::resource::resource(move || (id(), actions.details_version(), tab.get()), load);
    // The Photos tab's page: `?show=` a set, `?page=` (1-based).
    let shown = move || {
        let query = query.read();
        (PhotoFilter::from_query(query.get("show").as_deref()), page_index(query.get("page").as_deref()))
    };
    // Keyed by whether Photos is open too: coming back to it reads them afresh (a delivery made
    // in its tab is then offered in "Add to delivery").
    let on_photos = Memo::new(move |_| tab.get() == Tab::Photos);
    let max_upload_bytes = Signal::derive(move || editor.get().and_then(Result::ok).map(|v| v.max_upload_bytes));
    let photos = crate::resource::resource(
        move || (id(), shown(), actions.photos_version(), on_photos.get()),
        |(id, (filter, page), _, _)| async move {
            match id {
                Some(id) => photos_page(id, filter.to_query(), page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // Ticked photos stay ticked from page to page until moved, deleted or cleared.
    let selected: photos_tab::Selection = RwSignal::new(Vec::new());
    let draft = photos_tab::Draft::new();
    photos_tab::follow_bulk_actions(actions, selected, draft);
    let uploading = RwSignal::new(false);
    poll_processing(photos, actions);
    // What the reloading parts draw: the tab read without tracking it. Each part's resource is
    // keyed by the tab, so it redraws once its data for the new tab is in. Tracked through the
    // query, any other change of it (a page, a set, the report's dates) would make the tab's
    // panel anew, with a fresh load and without what it held.
    let drawn_tab = move || tab.get_untracked();
    view! {
        <Title text="Edit gallery · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"← Galleries"</a>
        </header>
        <main class="wide editor">
            {actions::announcer(actions)}
            <nav class="tabs" aria-label="Gallery sections">
                {Tab::ALL.into_iter().map(|t| view! {
                    <a href=move || id().map(|id| t.href(id)).unwrap_or_default()
                        aria-current=move || (tab.get() == t).then_some("page")>{t.label()}</a>
                }).collect_view()}
            </nav>
            <Transition fallback=|| view! { <p>"Loading the gallery…"</p> }>
                {move || Suspend::new(async move {
                    match editor.await {
                        Ok(view) => {
                            let current = drawn_tab();
                            // Every tab names the page for screen readers and the browser's tab.
                            let heading = (current != Tab::Photos).then(|| view! {
                                <h1 class="tab-heading">{view.title.clone()} <span class="muted">{format!(" · {}", current.label())}</span></h1>
                            });
                            let title = format!("{} · {} · Proofroom", current.label(), view.title);
                            view! { <Title text=title/> {heading} {tab_body(current, view, actions)} }.into_any()
                        }
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to edit this gallery. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            // Outside the reloading parts, so uploads in progress survive every refresh, and never
            // removed by another tab: photos still waiting to be sent would be dropped with it. On
            // another tab it shows only while photos are on their way. First on the Photos tab
            // after the title: uploading is what the tab is for.
            {move || id().map(|gallery| view! {
                <section class="card" hidden=move || !on_photos.get() && !uploading.get()>
                    <h2>"Upload photos"</h2>
                    <Uploader gallery=gallery uploading max_bytes=max_upload_bytes on_uploaded=Callback::new(move |()| actions.reload.update(|n| *n += 1))/>
                </section>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let view = editor.await.ok();
                    (drawn_tab() == Tab::Photos).then(|| view.map(|view| sets_card(view, actions)))
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let photos = photos.await.ok();
                    (drawn_tab() == Tab::Photos).then(|| photos.map(|page| photos_tab::editor_photos(page, actions, selected, draft)))
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let view = editor.await.ok();
                    (drawn_tab() == Tab::Photos).then(|| view.map(|view| details_cards(view, actions)))
                })}
            </Transition>
        </main>
    }
    .into_any()
}

/// What one tab shows of the gallery.
fn tab_body(tab: Tab, view: domain::dto::GalleryEditorView, actions: Actions) -> AnyView {
    match tab {
        Tab::Photos => editor_head(view, actions).into_any(),
        Tab::Access => view! { <SettingsPanel view/> }.into_any(),
        Tab::Invite => {
            view! { <InvitePanel gallery=view.id slug=view.slug sets=view.sets public_link=view.public_link/> }
                .into_any()
        }
        Tab::Delivery => view! { <DeliveryPanel gallery=view.id/> }.into_any(),
        Tab::Downloads => view! { <DownloadsLog gallery=view.id/> }.into_any(),
        Tab::Selects => view! { <SelectsPanel gallery=view.id/> }.into_any(),
        Tab::Inbox => view! { <InboxPanel gallery=view.id/> }.into_any(),
        Tab::Annotations => view! { <AnnotationsPanel gallery=view.id/> }.into_any(),
        Tab::Store => view! { <StorePanel gallery=view.id/> }.into_any(),
        Tab::Orders => view! { <OrdersPanel gallery=view.id/> }.into_any(),
        Tab::Report => view! { <GalleryReportPanel gallery=view.id/> }.into_any(),
    }
}
