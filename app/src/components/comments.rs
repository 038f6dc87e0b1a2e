//! The visitor's conversation with the photographer about one photo (in the lightbox): their
//! comments and the replies, and a form to write. Text is shown as text (Leptos escapes it).

use super::proofing::Proofing;
use super::when::When;
use crate::api::comments::{add_comment, image_comments};
use domain::comments::CommentView;
use domain::ids::ImageId;
use leptos::prelude::*;

/// The comments of one photo, shown only where the policy offers comments on it (the lightbox
/// asks).
#[component]
pub fn CommentsPanel(
    proofing: Proofing,
    image: ImageId,
    /// How many comments the thread holds, for the button that shows it.
    count: RwSignal<usize>,
) -> impl IntoView {
    let comments = RwSignal::new(Vec::<CommentView>::new());
    Effect::new(move |_| count.set(comments.with(Vec::len)));
    let body = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    // Loaded in the browser only: the thread is the visitor's own, never part of the page's HTML.
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(thread) = image_comments(image).await {
                comments.set(thread);
            }
        });
    });
    let send = move || {
        let (name, text) = (proofing.prompts.name.get_untracked(), body.get_untracked());
        sending.set(true);
        // Sent again only once answered: a slow network must not let a second tap post it twice.
        // A refusal or a need leaves the text for another try.
        proofing.prompts.call_then(
            move || add_comment(image, name.clone(), text.clone()),
            move |thread: Vec<CommentView>| {
                comments.set(thread);
                body.set(String::new());
                proofing.prompts.announce("Comment sent.".to_owned());
            },
            move || {
                sending.try_set(false);
            },
        );
    };
    Some(view! {
        <section class="comments" aria-label="Comments">
            <h2>"Comments"</h2>
            <ol class="plain comment-list">
                {move || comments.get().into_iter().map(|c| view! {
                    <li class=if c.from_studio { "comment from-studio" } else { "comment" }>
                        <p class="comment-meta"><strong>{c.author}</strong> " · " <When at=c.created_at/></p>
                        <p class="comment-body">{c.body}</p>
                    </li>
                }).collect_view()}
            </ol>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <label>"Your name"
                    <input type="text" name="name" maxlength="80" autocomplete="name"
                        prop:value=move || proofing.prompts.name.get() on:input=move |ev| proofing.prompts.name.set(event_target_value(&ev))/>
                </label>
                <label>"Comment"
                    <textarea name="comment" rows="3" maxlength="2000" required placeholder="What would you like changed, or loved?"
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit" disabled=move || sending.get()>"Send comment"</button>
            </form>
        </section>
    })
}
