//! The client gallery, as a visitor may see it.

use crate::error::AppError;
use domain::dto::ClientGalleryView;
use leptos::prelude::*;

/// The gallery at `/g/{slug}`.
#[server(endpoint = "client/gallery")]
pub async fn client_gallery(slug: String) -> Result<ClientGalleryView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = backend::auth::current_studio_id(&session).await.map_err(AppError::from_service)?;
    backend::galleries::client_view(&ctx, viewer, &slug, chrono::Utc::now()).await.map_err(AppError::from_service)
}
