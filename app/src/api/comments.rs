//! Comments: a visitor's thread on an image, and the photographer's inbox and replies.

use crate::error::AppError;
use domain::comments::{CommentView, Inbox, InboxPage};
use domain::ids::{GalleryId, ImageId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The comments on an image this viewer may read (a visitor: their own thread).
#[server(endpoint = "comments/thread", input = Json)]
pub async fn image_comments(image: ImageId) -> Result<Vec<CommentView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::comments::thread(&ctx, &viewer, image, chrono::Utc::now()).await?)
}

/// A visitor comments on an image.
#[server(endpoint = "comments/add", input = Json)]
pub async fn add_comment(image: ImageId, name: String, body: String) -> Result<Vec<CommentView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::comments::add(&ctx, &session, &viewer, image, &name, &body, chrono::Utc::now()).await?)
}

/// The gallery's inbox.
#[server(endpoint = "comments/inbox")]
pub async fn gallery_inbox(id: GalleryId) -> Result<Inbox, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::comments::inbox(&ctx, studio, id).await?)
}

/// One page of the studio's inbox (the first when none is named): its galleries with comments,
/// unread first.
#[server(endpoint = "comments/studio_inbox")]
pub async fn studio_inbox(page: Option<u32>) -> Result<InboxPage, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::comments::studio_inbox(&ctx, studio, page.unwrap_or(1)).await?)
}

/// The photographer replies in one person's thread.
#[server(endpoint = "comments/reply", input = Json)]
pub async fn reply_comment(id: GalleryId, image: ImageId, to: String, body: String) -> Result<Inbox, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::comments::reply(&ctx, studio, id, image, &to, &body, chrono::Utc::now()).await?)
}

/// Marks one thread read.
#[server(endpoint = "comments/read", input = Json)]
pub async fn mark_thread_read(id: GalleryId, image: ImageId, email: String) -> Result<Inbox, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::proofing::comments::mark_read(&ctx, studio, id, image, &email, chrono::Utc::now()).await?)
}
