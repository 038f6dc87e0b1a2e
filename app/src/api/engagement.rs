//! Engagement reports, notification settings and invitations.

use crate::error::AppError;
use domain::engagement::notifications::{InvitationForm, NotificationSettings};
use domain::engagement::report::{GalleryReport, StudioReport};
use domain::ids::{GalleryId, ImageId, LinkId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The range asked for, counted back from the studio's today (its own time zone's).
#[cfg(feature = "ssr")]
async fn range(
    ctx: &backend::Ctx,
    studio: domain::ids::StudioId,
    from: Option<String>,
    to: Option<String>,
) -> Result<domain::engagement::report::ReportRange, AppError> {
    let today = backend::studio::days::today(&ctx.db, studio.0).await.map_err(backend::ServiceError::from)?;
    Ok(domain::engagement::report::ReportRange::parse(from.as_deref(), to.as_deref(), today))
}

/// A gallery's report over `from`…`to` (`YYYY-MM-DD`; the last 30 days when missing).
#[server(endpoint = "engagement/gallery")]
pub async fn load_gallery_report(
    id: GalleryId,
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
) -> Result<GalleryReport, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::engagement::report::gallery(&ctx, studio, id, range(&ctx, studio, from, to).await?).await?)
}

/// Forgets a person in a gallery (their client asked to be erased): answers whether anything was
/// kept under the address, and how many of their orders stay.
#[server(endpoint = "engagement/forget")]
pub async fn forget_person(id: GalleryId, email: String) -> Result<domain::dto::Forgotten, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::forget::forget(&ctx, studio, id, &email).await?)
}

/// The studio's overview over `from`…`to`.
#[server(endpoint = "engagement/studio")]
pub async fn load_studio_report(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
) -> Result<StudioReport, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::engagement::report::studio(&ctx, studio, range(&ctx, studio, from, to).await?).await?)
}

/// The notification settings and the time zones to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub settings: NotificationSettings,
    pub time_zones: Vec<String>,
}

#[server(endpoint = "engagement/notifications")]
pub async fn load_notifications() -> Result<NotificationsPage, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(NotificationsPage {
        settings: backend::studio::notifications::settings(&ctx, studio).await?,
        time_zones: backend::studio::notifications::time_zones().into_iter().map(str::to_owned).collect(),
    })
}

#[server(endpoint = "engagement/save_notifications", input = Json)]
pub async fn save_notifications(settings: NotificationSettings) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::studio::notifications::update(&ctx, studio, settings).await?)
}

/// Emails the access link `link` of `gallery` to someone, from the Invite tab.
#[server(endpoint = "engagement/invite", input = Json)]
pub async fn send_invitation(gallery: GalleryId, link: LinkId, form: InvitationForm) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::invitations::invite(&ctx, studio, gallery, link, form, chrono::Utc::now()).await?)
}

/// The lightbox opened `image` (a view in the gallery's report).
#[server(endpoint = "engagement/viewed")]
pub async fn record_view(image: ImageId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::engagement::hooks::viewed(&ctx, &viewer, image, chrono::Utc::now()).await?)
}
