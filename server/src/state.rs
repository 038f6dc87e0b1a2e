//! The router's state: the backend context plus what the web layer needs.

use axum::extract::FromRef;
use backend::Ctx;
use leptos::config::LeptosOptions;

/// Shared by every route.
#[derive(Debug, Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub leptos: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
