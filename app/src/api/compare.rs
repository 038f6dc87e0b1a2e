//! The compare view's check: the server agrees before two photos open side by side.

use crate::error::AppError;
use domain::card::ImageCard;
use domain::ids::ImageId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The two images of the compare view, when comparing is allowed.
#[server(endpoint = "proofing/compare", input = Json)]
pub async fn compare_pair(left: ImageId, right: ImageId) -> Result<[ImageCard; 2], AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::compare::pair(&ctx, &viewer, left, right, chrono::Utc::now()).await?)
}
