//! Arranging images: sets, order, delete and undo.

use crate::error::AppError;
use domain::gallery::ImageStatus;
use domain::ids::{GalleryId, ImageId, SetId};
use domain::photo_order::PhotoSort;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Puts images into a set (`None`: unassigned).
#[server(endpoint = "images/move", input = Json)]
pub async fn move_images(gallery: GalleryId, images: Vec<ImageId>, set: Option<SetId>) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::images::move_to_set(&ctx, studio, gallery, &images, set).await?)
}

/// Moves an image earlier (negative) or later (positive) in the gallery.
#[server(endpoint = "images/shift", input = Json)]
pub async fn shift_image(gallery: GalleryId, image: ImageId, offset: i32) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::image_order::shift(&ctx, studio, gallery, image, offset).await?)
}

/// Puts `images` in this order, in the places they hold (the others keep theirs).
#[server(endpoint = "images/arrange", input = Json)]
pub async fn arrange_images(gallery: GalleryId, images: Vec<ImageId>) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::image_order::arrange(&ctx, studio, gallery, &images).await?)
}

/// Puts photos (ticked on any page) at a place of the editor's view: `show` as in `?show=`
/// (empty: all photos), `position` 1-based.
#[server(endpoint = "images/place", input = Json)]
pub async fn place_images(
    gallery: GalleryId,
    images: Vec<ImageId>,
    show: Option<String>,
    position: u32,
) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    let filter = domain::editor_photos::PhotoFilter::from_query(show.as_deref());
    Ok(backend::gallery::image_order::place(&ctx, studio, gallery, &images, filter, position).await?)
}

/// Orders the whole gallery by file name, time taken or upload.
#[server(endpoint = "images/sort", input = Json)]
pub async fn sort_images(gallery: GalleryId, by: PhotoSort) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::image_order::sort(&ctx, studio, gallery, by).await?)
}

/// Deletes images (restorable).
#[server(endpoint = "images/delete", input = Json)]
pub async fn delete_images(gallery: GalleryId, images: Vec<ImageId>) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::images::delete(&ctx, studio, gallery, &images).await?)
}

/// Undoes a delete.
#[server(endpoint = "images/restore", input = Json)]
pub async fn restore_images(gallery: GalleryId, images: Vec<ImageId>) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::images::restore(&ctx, studio, gallery, &images).await?)
}

/// Brings back every deleted photo of the gallery (Recently deleted lists only the newest).
#[server(endpoint = "images/restore_all", input = Json)]
pub async fn restore_all_images(gallery: GalleryId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::images::restore_all(&ctx, studio, gallery).await?)
}

/// The processing state of the given images (polled by the editor while renditions are made).
#[server(endpoint = "images/statuses", input = Json)]
pub async fn image_statuses(gallery: GalleryId, images: Vec<ImageId>) -> Result<Vec<(ImageId, ImageStatus)>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::images::statuses(&ctx, studio, gallery, &images).await?)
}
