//! `GET /l/{token}`: opens an access link. The session now visits the gallery with the link's
//! role and sets, and the browser goes on to the gallery.

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Redirect;
use tower_sessions::Session;

/// Opens a link and redirects to its gallery.
pub async fn open(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Redirect, ApiError> {
    let slug = backend::links::open(&state.ctx, &session, &token).await?;
    Ok(Redirect::to(&format!("/g/{slug}")))
}
