//! The photographer's Comments tab: one inbox per gallery, a thread per photo and person,
//! unread ones first; reply in place, which also marks the thread read. Rendered on the server
//! like the rest of the editor; comment text is always inserted as text, never as HTML.

use crate::api::comments::{gallery_inbox, mark_thread_read, reply_comment};
use crate::components::drafts::Drafts;
use crate::components::when::When;
use domain::comments::{Inbox, InboxThread};
use domain::ids::{GalleryId, ImageId};
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// The Comments tab; in the studio's inbox, one gallery's part (`gallery_title` names it and
/// links to its editor, and `first` is its inbox, read with every other gallery's at once).
#[component]
pub fn InboxPanel(
    gallery: GalleryId,
    #[prop(optional)] gallery_title: Option<String>,
    #[prop(optional)] first: Option<Inbox>,
) -> impl IntoView {
    let heading = StoredValue::new(gallery_title);
    let title = move || {
        heading.get_value().map_or_else(
            || view! { "Comments " }.into_any(),
            |title| view! { <a href=format!("/studio/galleries/{gallery}?tab=inbox")>{title}</a> " " }.into_any(),
        )
    };
    // A reply or a thread marked read answers with the inbox as it now is.
    let answered = Answered { inbox: RwSignal::new(None), asked: StoredValue::new(0), shown: StoredValue::new(0) };
    let drafts = Replies::default();
    let shown = move |read: Inbox| {
        let read = StoredValue::new(read);
        move || {
            let i = answered.inbox.get().unwrap_or_else(|| read.get_value());
            view! {
                <h2>{title()} {(i.unread > 0).then(|| view! {
                    <span class="badge" data-testid="unread">{i.unread}</span> <span class="visually-hidden">" unread"</span>
                })}</h2>
                {i.threads.is_empty().then(|| view! { <p class="muted">"No comments yet."</p> })}
                {i.threads.into_iter().map(|t| thread_view(gallery, t, answered, drafts)).collect_view()}
            }
        }
    };
    let body = match first {
        Some(first) => shown(first).into_any(),
        None => {
            let inbox = crate::resource::resource(|| (), move |()| gallery_inbox(gallery));
            view! {
                <Transition fallback=move || view! { <h2>{title()}</h2><p>"Loading comments…"</p> }>
                    {move || Suspend::new(async move {
                        match inbox.await {
                            Ok(i) => shown(i).into_any(),
                            Err(e) => view! { <h2>{title()}</h2><p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Transition>
            }
            .into_any()
        }
    };
    view! { <section class="card">{body}</section> }
}

/// The inbox as the server last answered a reply or a mark. Requests are numbered, and an answer
/// older than one already shown is dropped (two sent close together may come back in either
/// order).
#[derive(Clone, Copy)]
struct Answered {
    inbox: RwSignal<Option<Inbox>>,
    asked: StoredValue<u32>,
    shown: StoredValue<u32>,
}

impl Answered {
    /// A new request's number.
    fn ask(self) -> u32 {
        self.asked.update_value(|n| *n += 1);
        self.asked.get_value()
    }

    fn answer(self, number: u32, inbox: Inbox) {
        if self.shown.try_get_value().is_some_and(|shown| number > shown) {
            self.shown.set_value(number);
            self.inbox.try_set(Some(inbox));
        }
    }
}

/// Replies being written, by thread (photo and visitor). Kept by the panel: a reply sent or a
/// thread marked read draws the list anew, and the other threads' drafts must stay.
type Replies = Drafts<(ImageId, String), RwSignal<String>>;

fn thread_view(gallery: GalleryId, thread: InboxThread, answered: Answered, drafts: Replies) -> impl IntoView {
    let unread = thread.comments.iter().any(|c| c.unread);
    let email = thread.comments.first().and_then(|c| c.email.clone()).unwrap_or_default();
    let image = thread.image.id;
    let body = drafts.of((image, email.clone()), || RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let (reply_to, read_for) = (email.clone(), email.clone());
    let reply = move || {
        let (to, text) = (reply_to.clone(), body.get_untracked());
        let number = answered.ask();
        leptos::task::spawn_local(async move {
            match reply_comment(gallery, image, to, text).await {
                Ok(now) => {
                    body.set(String::new());
                    answered.answer(number, now);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let mark_read = move |_| {
        let email = read_for.clone();
        let number = answered.ask();
        leptos::task::spawn_local(async move {
            match mark_thread_read(gallery, image, email).await {
                Ok(now) => answered.answer(number, now),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <article class="inbox-thread" class:unread=unread>
            <img src=thread.image.rendition_url(RenditionSize::Grid480) alt=thread.image.file_name.clone()/>
            <div>
                <p class="muted">{format!("{} · {}", thread.image.file_name, email)}</p>
                <ol class="plain comment-list">
                    {thread.comments.into_iter().map(|c| view! {
                        <li class=if c.comment.from_studio { "comment from-studio" } else { "comment" }>
                            <p class="comment-meta">
                                <strong>{c.comment.author}</strong> " · " <When at=c.comment.created_at/>
                                {c.unread.then(|| view! { " " <span class="badge">"new"</span> })}
                            </p>
                            <p class="comment-body">{c.comment.body}</p>
                        </li>
                    }).collect_view()}
                </ol>
                <form class="stack" on:submit=move |ev| { ev.prevent_default(); reply(); }>
                    <label>"Reply"
                        <textarea rows="2" maxlength="2000" required prop:value=body
                            on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="row">
                        <button type="submit">"Send reply"</button>
                        {unread.then(|| view! { <button type="button" class="secondary" on:click=mark_read>"Mark read"</button> })}
                    </div>
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </form>
            </div>
        </article>
    }
}
