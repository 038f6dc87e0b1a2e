//! Shows the outcome of an action as a sentence.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of the last run of a server action, if it failed.
#[component]
pub fn ActionError<T, S>(value: S) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || {
        value.get().and_then(Result::err).map(|err| {
            view! { <p class="error" role="alert">{err.to_string()}</p> }
        })
    }
}
