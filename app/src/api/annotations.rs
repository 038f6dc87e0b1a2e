//! Annotations: a visitor's marks on an image; the photographer's list. The annotated PNG is a
//! byte route (`/annotated/{image}.png`).

use crate::error::AppError;
use domain::annotations::{AnnotatedImage, AnnotationView, Shape};
use domain::ids::{GalleryId, ImageId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The marks on an image this viewer may see (a visitor: their own).
#[server(endpoint = "annotations/on_image", input = Json)]
pub async fn image_annotations(image: ImageId) -> Result<Vec<AnnotationView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::annotations::on_image(&ctx, &viewer, image, chrono::Utc::now()).await?)
}

/// Saves the visitor's marks on an image (replacing theirs).
#[server(endpoint = "annotations/save", input = Json)]
pub async fn save_annotations(image: ImageId, shapes: Vec<Shape>) -> Result<Vec<AnnotationView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::annotations::save(&ctx, &viewer, image, shapes, chrono::Utc::now()).await?)
}

/// Every annotated image of a gallery, for the photographer.
#[server(endpoint = "annotations/by_image")]
pub async fn gallery_annotations(id: GalleryId) -> Result<Vec<AnnotatedImage>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::annotations::by_image(&ctx, studio, id).await?)
}
