//! The archive tier: a visitor's, a delivery recipient's or a buyer's restore request (what it
//! takes, then asking for it), and the photographer's view and hands on a gallery's originals.

use crate::error::AppError;
use domain::archive::{GalleryStorage, RestoreAsked, RestoreEstimate, RestoreWish};
use domain::ids::GalleryId;
use domain::policy::DownloadSize;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What restoring the download the visitor tried would take, before they ask.
#[server(endpoint = "restore/estimate", input = Json)]
pub async fn estimate_restore(slug: String, wish: RestoreWish) -> Result<RestoreEstimate, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::archive::requests::estimate(&ctx, &viewer, &slug, wish, chrono::Utc::now()).await?)
}

/// Asks for the restore; the link is emailed to `email` once it is done.
#[server(endpoint = "restore/ask", input = Json)]
pub async fn ask_restore(slug: String, wish: RestoreWish, email: String) -> Result<RestoreAsked, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::archive::requests::ask(&ctx, &viewer, &slug, wish, &email, chrono::Utc::now()).await?)
}

/// Where a gallery's originals are.
#[server(endpoint = "galleries/storage")]
pub async fn read_gallery_storage(id: GalleryId) -> Result<GalleryStorage, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::archive::usage::gallery_storage(&ctx, studio, id).await?)
}

/// Moves the gallery's originals to the archive now.
#[server(endpoint = "galleries/archive")]
pub async fn archive_gallery(id: GalleryId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::archive::usage::archive_now(&ctx, studio, id, chrono::Utc::now()).await?)
}

/// Brings the gallery's originals back to the live tier for good.
#[server(endpoint = "galleries/restore")]
pub async fn restore_gallery(id: GalleryId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::archive::usage::restore_now(&ctx, studio, id, chrono::Utc::now()).await?)
}

/// What restoring a delivery set's archived files in `size` would take, for its recipient.
#[server(endpoint = "delivery/restore_estimate", input = Json)]
pub async fn estimate_delivery_restore(token: String, size: DownloadSize) -> Result<RestoreEstimate, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::archive::requests::estimate_delivery(&ctx, &viewer, &token, size, chrono::Utc::now()).await?)
}

/// Asks for a restore of a delivery set's archived files in `size`, emailed to `email`.
#[server(endpoint = "delivery/restore_ask", input = Json)]
pub async fn ask_delivery_restore(token: String, size: DownloadSize, email: String) -> Result<RestoreAsked, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::archive::requests::ask_delivery(&ctx, &viewer, &token, size, &email, chrono::Utc::now()).await?)
}

/// What restoring a paid order's archived files would take, for its buyer.
#[server(endpoint = "order/restore_estimate", input = Json)]
pub async fn estimate_order_restore(token: String) -> Result<RestoreEstimate, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::archive::requests::estimate_order(&ctx, &viewer, &token, chrono::Utc::now()).await?)
}

/// Asks for a restore of a paid order's archived files, emailed to `email`.
#[server(endpoint = "order/restore_ask", input = Json)]
pub async fn ask_order_restore(token: String, email: String) -> Result<RestoreAsked, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::archive::requests::ask_order(&ctx, &viewer, &token, &email, chrono::Utc::now()).await?)
}
