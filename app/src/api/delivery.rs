//! Delivery sets: the photographer's Delivery tab (packages, their photos, their recipients'
//! links) and the recipient's page behind a delivery link.

use crate::error::AppError;
use chrono::NaiveDate;
use domain::delivery::{DeliveryForm, DeliveryLinkView, DeliveryPage, DeliverySetView};
use domain::ids::{DeliveryLinkId, DeliverySetId, GalleryId, ImageId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The gallery's delivery sets with their photos, links and downloads.
#[server(endpoint = "delivery/list")]
pub async fn delivery_sets(gallery: GalleryId) -> Result<Vec<DeliverySetView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::list(&ctx, studio, gallery).await?)
}

/// Makes a delivery set.
#[server(endpoint = "delivery/create", input = Json)]
pub async fn create_delivery(gallery: GalleryId, form: DeliveryForm) -> Result<DeliverySetId, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::create(&ctx, studio, gallery, form).await?)
}

/// Changes a delivery set's name, sizes and last day.
#[server(endpoint = "delivery/update", input = Json)]
pub async fn update_delivery(gallery: GalleryId, package: DeliverySetId, form: DeliveryForm) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::update(&ctx, studio, gallery, package, form).await?)
}

/// Deletes a delivery set and its links (the photos stay in the gallery).
#[server(endpoint = "delivery/delete", input = Json)]
pub async fn delete_delivery(gallery: GalleryId, package: DeliverySetId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::delete(&ctx, studio, gallery, package).await?)
}

/// Adds photos to a delivery set.
#[server(endpoint = "delivery/add", input = Json)]
pub async fn add_to_delivery(gallery: GalleryId, package: DeliverySetId, images: Vec<ImageId>) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::add(&ctx, studio, gallery, package, &images).await?)
}

/// Takes photos out of a delivery set.
#[server(endpoint = "delivery/remove", input = Json)]
pub async fn remove_from_delivery(
    gallery: GalleryId,
    package: DeliverySetId,
    images: Vec<ImageId>,
) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::remove(&ctx, studio, gallery, package, &images).await?)
}

/// Puts a delivery set's photos in this order.
#[server(endpoint = "delivery/arrange", input = Json)]
pub async fn arrange_delivery(
    gallery: GalleryId,
    package: DeliverySetId,
    images: Vec<ImageId>,
) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::packages::arrange(&ctx, studio, gallery, package, &images).await?)
}

/// Makes a recipient's link to a delivery set.
#[server(endpoint = "delivery/link", input = Json)]
pub async fn create_delivery_link(
    gallery: GalleryId,
    package: DeliverySetId,
    label: String,
    expires_on: Option<NaiveDate>,
) -> Result<DeliveryLinkView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::links::create(&ctx, studio, gallery, package, &label, expires_on).await?)
}

/// Revokes a recipient's link.
#[server(endpoint = "delivery/revoke", input = Json)]
pub async fn revoke_delivery_link(gallery: GalleryId, link: DeliveryLinkId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::delivery::links::revoke(&ctx, studio, gallery, link).await?)
}

/// The page behind a delivery link.
#[server(endpoint = "delivery/page", input = Json)]
pub async fn open_delivery(token: String) -> Result<DeliveryPage, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::delivery::files::page(&ctx, &token, &viewer, chrono::Utc::now()).await?)
}
