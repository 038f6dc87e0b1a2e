//! The photographer's galleries.

use crate::error::AppError;
use domain::dto::{DeletedGallery, GalleryEditorView, GallerySummary};
use domain::editor_photos::EditorPhotos;
use domain::ids::{GalleryId, ImageId};
use leptos::prelude::*;

/// The signed-in studio's galleries.
#[server(endpoint = "galleries/list")]
pub async fn list_galleries() -> Result<Vec<GallerySummary>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::galleries::list(&ctx, studio).await?)
}

#[cfg(feature = "ssr")]
fn form(
    title: String,
    slug: String,
    event_date: String,
    last_day: Option<String>,
) -> Result<domain::dto::GalleryForm, AppError> {
    let event_date = domain::validation::event_date(&event_date).map_err(backend::ServiceError::from)?;
    let last_day = match last_day {
        Some(raw) => Some(domain::validation::last_day(&raw).map_err(backend::ServiceError::from)?),
        None => None,
    };
    Ok(domain::dto::GalleryForm { title, slug, event_date, last_day })
}

/// Creates a draft gallery and opens it.
#[server(endpoint = "galleries/create")]
pub async fn create_gallery(title: String, slug: String, event_date: String) -> Result<GalleryId, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    let client = super::support::client_addr(&ctx).await?;
    let id = backend::gallery::galleries::create(&ctx, studio, form(title, slug, event_date, None)?, client).await?;
    leptos_axum::redirect(&format!("/studio/galleries/{id}"));
    Ok(id)
}

/// Saves title, link, event date and last day. The form says it carries the last day
/// (`with_last_day`): then an empty one is none; a form without it (an older page) leaves the
/// gallery's last day as it is. (An empty field arrives as no value at all.)
#[server(endpoint = "galleries/update")]
pub async fn update_gallery(
    id: GalleryId,
    title: String,
    slug: String,
    event_date: String,
    last_day: Option<String>,
    with_last_day: Option<bool>,
) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    let last_day = with_last_day.unwrap_or(false).then(|| last_day.unwrap_or_default());
    let form = form(title, slug, event_date, last_day)?;
    let client = super::support::client_addr(&ctx).await?;
    Ok(backend::gallery::galleries::update(&ctx, studio, id, form, client).await?)
}

/// Publishes (`true`) or returns to draft (`false`).
#[server(endpoint = "galleries/publish")]
pub async fn set_published(id: GalleryId, published: bool) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    let status =
        if published { domain::gallery::GalleryStatus::Published } else { domain::gallery::GalleryStatus::Draft };
    Ok(backend::gallery::galleries::set_status(&ctx, studio, id, status).await?)
}

/// Makes an image the gallery's cover.
#[server(endpoint = "galleries/cover")]
pub async fn set_cover(id: GalleryId, image: ImageId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::galleries::set_cover(&ctx, studio, id, image).await?)
}

/// Everything the editor shows.
#[server(endpoint = "galleries/editor")]
pub async fn gallery_editor(id: GalleryId) -> Result<GalleryEditorView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::pages::editor_view(&ctx, studio, id).await?)
}

/// One page of the editor's Photos tab: `show` is `?show=` (a set id, `unassigned`, or empty for
/// all), `page` is 0-based.
#[server(endpoint = "galleries/photos")]
pub async fn photos_page(id: GalleryId, show: Option<String>, page: u32) -> Result<EditorPhotos, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    let filter = domain::editor_photos::PhotoFilter::from_query(show.as_deref());
    Ok(backend::gallery::editor_photos::page(&ctx, studio, id, filter, page).await?)
}

/// Sets the gallery password, or removes it when `password` is empty.
#[server(endpoint = "galleries/password")]
pub async fn set_gallery_password(id: GalleryId, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    let password = (!password.is_empty()).then_some(password.as_str());
    Ok(backend::gallery::galleries::set_password(&ctx, studio, id, password).await?)
}

/// Deletes the gallery (nobody reaches it from now on) and goes back to the
/// studio's galleries, where it can be brought back from Recently deleted.
#[server(endpoint = "galleries/delete")]
pub async fn delete_gallery(id: GalleryId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    backend::gallery::deleted_galleries::delete(&ctx, studio, id, chrono::Utc::now()).await?;
    leptos_axum::redirect("/studio");
    Ok(())
}

/// Brings a deleted gallery back as it was.
#[server(endpoint = "galleries/bring_back")]
pub async fn bring_back_gallery(id: GalleryId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::deleted_galleries::bring_back(&ctx, studio, id, chrono::Utc::now()).await?)
}

/// The signed-in studio's deleted galleries.
#[server(endpoint = "galleries/deleted")]
pub async fn deleted_galleries() -> Result<Vec<DeletedGallery>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::deleted_galleries::list(&ctx, studio).await?)
}
