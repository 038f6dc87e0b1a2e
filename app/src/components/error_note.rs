//! Shows the outcome of an action as a sentence.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of the last run of a server action, if it failed; `id` lets the field it is about
/// name it (`aria-describedby`), so a screen reader coming back to the field hears why.
#[component]
pub fn ActionError<T, S>(value: S, #[prop(optional)] id: Option<&'static str>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || {
        value.get().and_then(Result::err).map(|err| {
            view! { <p class="error" role="alert" id=id>{err.to_string()}</p> }
        })
    }
}

/// `text` once the last run of a server action succeeded (shown, not announced: the part that
/// holds it is often drawn anew by the action; a live region outside it speaks).
#[component]
pub fn ActionDone<T, S>(value: S, text: &'static str) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || value.get().and_then(Result::ok).map(|_| view! { <p class="ok">{text}</p> })
}
