//! Sets of a gallery.

use crate::error::AppError;
use domain::ids::{GalleryId, SetId};
use leptos::prelude::*;

/// Adds a set at the end.
#[server(endpoint = "sets/create")]
pub async fn create_set(gallery: GalleryId, name: String) -> Result<SetId, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::sets::create(&ctx, studio, gallery, &name).await?)
}

/// Renames a set.
#[server(endpoint = "sets/rename")]
pub async fn rename_set(gallery: GalleryId, set: SetId, name: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::sets::rename(&ctx, studio, gallery, set, &name).await?)
}

/// Deletes a set (its images become unassigned).
#[server(endpoint = "sets/delete")]
pub async fn delete_set(gallery: GalleryId, set: SetId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::sets::delete(&ctx, studio, gallery, set).await?)
}

/// Moves a set earlier (negative) or later (positive).
#[server(endpoint = "sets/shift")]
pub async fn shift_set(gallery: GalleryId, set: SetId, offset: i32) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::sets::shift(&ctx, studio, gallery, set, offset).await?)
}
