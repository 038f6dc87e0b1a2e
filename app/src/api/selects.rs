//! Selects: a visitor stars images into named lists; the photographer sees each person's lists
//! and copies them for Lightroom Classic or Capture One.

use crate::error::AppError;
use domain::card::ImageCard;
use domain::ids::{GalleryId, ImageId, SelectListId};
use domain::select_export::ExportFormat;
use domain::selects::{MySelects, PersonSelects};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The visitor's lists in a gallery.
#[server(endpoint = "selects/mine")]
pub async fn read_selects(slug: String) -> Result<MySelects, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::mine(&ctx, &viewer, &slug, chrono::Utc::now()).await?)
}

/// Stars (`on`) or un-stars an image in a list (`None`: the visitor's first list).
#[server(endpoint = "selects/star", input = Json)]
pub async fn star_image(image: ImageId, list: Option<SelectListId>, on: bool) -> Result<MySelects, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::star(&ctx, &viewer, image, list, on, chrono::Utc::now()).await?)
}

/// Makes a new list.
#[server(endpoint = "selects/create_list")]
pub async fn create_select_list(slug: String, name: String) -> Result<MySelects, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::create_list(&ctx, &viewer, &slug, &name, chrono::Utc::now()).await?)
}

/// Renames a list.
#[server(endpoint = "selects/rename_list", input = Json)]
pub async fn rename_select_list(slug: String, list: SelectListId, name: String) -> Result<MySelects, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::rename_list(&ctx, &viewer, &slug, list, &name, chrono::Utc::now()).await?)
}

/// Deletes a list.
#[server(endpoint = "selects/delete_list", input = Json)]
pub async fn delete_select_list(slug: String, list: SelectListId) -> Result<MySelects, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::delete_list(&ctx, &viewer, &slug, list, chrono::Utc::now()).await?)
}

/// The photos of one of the visitor's lists, for the favourites view.
#[server(endpoint = "selects/cards", input = Json)]
pub async fn select_list_cards(slug: String, list: SelectListId) -> Result<Vec<ImageCard>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::list_cards(&ctx, &viewer, &slug, list, chrono::Utc::now()).await?)
}

/// Sends a list to the photographer, with a note; it is closed to changes until they reopen it.
#[server(endpoint = "selects/send", input = Json)]
pub async fn send_select_list(slug: String, list: SelectListId, note: String) -> Result<MySelects, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::selects::send_list(&ctx, &viewer, &slug, list, &note, chrono::Utc::now()).await?)
}

/// The photographer reopens a sent list, so its visitor may change it again.
#[server(endpoint = "selects/reopen", input = Json)]
pub async fn reopen_select_list(id: GalleryId, list: SelectListId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::selects::reopen_list(&ctx, studio, id, list).await?)
}

/// Every person's lists in a gallery, for the photographer.
#[server(endpoint = "selects/by_person")]
pub async fn gallery_selects(id: GalleryId) -> Result<Vec<PersonSelects>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::selects_report::by_person(&ctx, studio, id).await?)
}

/// One list as a filter to paste into Lightroom Classic or Capture One.
#[server(endpoint = "selects/filter", input = Json)]
pub async fn select_filter(id: GalleryId, list: SelectListId, format: ExportFormat) -> Result<String, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::selects_report::filter(&ctx, studio, id, list, format).await?)
}
