//! The studio's home: its galleries, a form for a new one, and the galleries it deleted lately.

use crate::api::auth::SignOut;
use crate::api::galleries::{BringBackGallery, CreateGallery, deleted_galleries, list_galleries};
use crate::components::error_note::ActionError;
use crate::error::AppError;
use domain::dto::{DeletedGallery, GallerySummary};
use domain::gallery::GalleryStatus;
use domain::rendition::RenditionSize;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Lists galleries; creates one.
#[component]
pub fn Studio() -> impl IntoView {
    let create = ServerAction::<CreateGallery>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let bring_back = ServerAction::<BringBackGallery>::new();
    // The row of a gallery brought back goes with its button: the focus goes to the list it
    // returned to, not to the page's start.
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::watch(
        move || bring_back.version().get(),
        move |_, _, _| {
            if matches!(bring_back.value().get_untracked(), Some(Ok(())))
                && let Some(heading) = heading.get_untracked()
            {
                let _ = heading.focus();
            }
        },
        false,
    );
    let galleries =
        crate::resource::resource(move || create.version().get() + bring_back.version().get(), |_| list_galleries());
    let deleted = crate::resource::resource(move || bring_back.version().get(), |_| deleted_galleries());
    view! {
        <Title text="Your galleries · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"Proofroom"</a>
            <a href="/studio/inbox">"Comments"</a>
            <a href="/studio/report">"Reports"</a>
            <a href="/studio/price-sheets">"Price sheets"</a>
            <a href="/studio/settings">"Studio settings"</a>
            <ActionForm action=sign_out attr:class="inline">
                <button type="submit" class="link">"Sign out"</button>
            </ActionForm>
        </header>
        <main class="wide">
            <h1 tabindex="-1" node_ref=heading>"Your galleries"</h1>
            <Suspense fallback=|| view! { <p>"Loading your galleries…"</p> }>
                {move || Suspend::new(async move {
                    match galleries.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"No galleries yet. Create your first one below."</p> }.into_any(),
                        Ok(list) => view! { <ul class="gallery-list">{list.into_iter().map(gallery_row).collect_view()}</ul> }.into_any(),
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to see your galleries. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <section class="card">
                <h2>"New gallery"</h2>
                <ActionForm action=create attr:class="stack">
                    <label>"Title" <input type="text" name="title" required placeholder="Anna & Tom — Wedding"/></label>
                    <label>"Event date" <input type="date" name="event_date"/></label>
                    <label>"Link (optional)" <input type="text" name="slug" placeholder="anna-tom-wedding"/>
                        <small>"Leave empty to make one from the title."</small>
                    </label>
                    <button type="submit" disabled=move || create.pending().get()>"Create gallery"</button>
                </ActionForm>
                <ActionError value=create.value()/>
            </section>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    deleted.await.ok().filter(|list| !list.is_empty()).map(|list| view! {
                        <section class="card" aria-labelledby="deleted-galleries">
                            <h2 id="deleted-galleries">"Recently deleted"</h2>
                            <p class="muted">{format!(
                                "Deleted galleries are closed to everyone. Bring one back within {} days of deleting it; then it is removed for good.",
                                domain::editor_photos::KEEP_DELETED_DAYS
                            )}</p>
                            <ul class="deleted-galleries">{list.into_iter().map(|g| deleted_row(g, bring_back)).collect_view()}</ul>
                        </section>
                    })
                })}
            </Suspense>
            // Outside the list, which goes when its last gallery comes back.
            <ActionError value=bring_back.value()/>
            <p class="visually-hidden" role="status">
                {move || matches!(bring_back.value().get(), Some(Ok(()))).then_some("Brought back: it is among your galleries again.")}
            </p>
        </main>
    }
}

fn gallery_row(g: GallerySummary) -> impl IntoView {
    let status = match (g.status, g.expired) {
        (GalleryStatus::Draft, _) => "Draft",
        (GalleryStatus::Published, false) => "Published",
        (GalleryStatus::Published, true) => "Published · expired",
    };
    let date = g.event_date.map(|d| d.format("%e %B %Y").to_string()).unwrap_or_default();
    let thumb = g.cover.map(|c| {
        let (w, h) = RenditionSize::Grid480.dims(c.width, c.height);
        view! { <img src=c.rendition_url(RenditionSize::Grid480) width=w height=h alt="" loading="lazy"/> }
    });
    view! {
        <li>
            <a href=format!("/studio/galleries/{}", g.id)>
                <span class="thumb">{thumb}</span>
                <span class="meta">
                    <strong>{g.title}</strong>
                    <span>{date}</span>
                    <span>{format!("{} · {status}", domain::words::photos(g.image_count))}</span>
                    {(g.unread_comments > 0).then(|| view! {
                        <span class="unread-note">{match g.unread_comments {
                            1 => "1 unread comment".to_owned(),
                            n => format!("{n} unread comments"),
                        }}</span>
                    })}
                </span>
            </a>
        </li>
    }
}

fn deleted_row(g: DeletedGallery, bring_back: ServerAction<BringBackGallery>) -> impl IntoView {
    let long = domain::dates::long_date;
    let photos = domain::words::photos(g.image_count);
    let fate = format!("Deleted on {}. Removed for good on {}.", long(g.deleted_on), long(g.removed_on));
    let label = format!("Bring back {}", g.title);
    view! {
        <li>
            <span class="meta">
                <strong>{g.title}</strong>
                <span>{photos}</span>
                <span class="muted">{fate}</span>
            </span>
            <button class="secondary" aria-label=label disabled=move || bring_back.pending().get()
                on:click=move |_| { bring_back.dispatch(BringBackGallery { id: g.id }); }>"Bring back"</button>
        </li>
    }
}
