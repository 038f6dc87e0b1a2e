//! The client gallery, as a visitor may see it.

use crate::error::AppError;
use domain::dto::ClientGalleryView;
use leptos::prelude::*;

/// The gallery at `/g/{slug}`.
#[server(endpoint = "client/gallery")]
pub async fn client_gallery(slug: String) -> Result<ClientGalleryView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = backend::access::viewer(&session).await.map_err(AppError::from_service)?;
    backend::galleries::client_view(&ctx, &viewer, &slug, chrono::Utc::now()).await.map_err(AppError::from_service)
}

/// What this visitor may download now (refreshed after each download for the quota badge).
#[server(endpoint = "client/access")]
pub async fn client_access(slug: String) -> Result<domain::downloads::ClientAccess, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = backend::access::viewer(&session).await.map_err(AppError::from_service)?;
    backend::galleries::client_access(&ctx, &viewer, &slug, chrono::Utc::now()).await.map_err(AppError::from_service)
}

/// Gives the gallery password; on success the gallery opens (the page reloads without
/// JavaScript too).
#[server(endpoint = "client/unlock")]
pub async fn unlock_gallery(slug: String, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    backend::galleries::unlock(&ctx, &session, &slug, &password, chrono::Utc::now())
        .await
        .map_err(AppError::from_service)?;
    leptos_axum::redirect(&format!("/g/{slug}"));
    Ok(())
}
