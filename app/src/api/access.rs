//! The photographer's access settings: the settings panel (switches, sizes, rights, quota, email
//! tracking, PIN, per-set downloads) and the Invite tab's links.

use crate::error::AppError;
use domain::ids::{GalleryId, LinkId, SetId};
use domain::links::{AccessLinkView, LinkForm};
use domain::settings::GallerySettings;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Saves the settings panel: with `base` (the settings the panel last saved or was opened with),
/// only what changed since is written, over what another window saved meanwhile.
#[server(endpoint = "access/settings", input = Json)]
pub async fn save_gallery_settings(
    id: GalleryId,
    settings: GallerySettings,
    base: Option<GallerySettings>,
) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::settings::save(&ctx, studio, id, settings, base).await?)
}

/// Sets the download PIN (a fresh 4-digit one when `pin` is empty); answers the PIN, shown once.
#[server(endpoint = "access/set_pin")]
pub async fn set_download_pin(id: GalleryId, pin: String) -> Result<String, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::settings::set_pin(&ctx, studio, id, &pin).await?)
}

/// Removes the download PIN.
#[server(endpoint = "access/remove_pin")]
pub async fn remove_download_pin(id: GalleryId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::settings::remove_pin(&ctx, studio, id).await?)
}

/// Turns a set's "allow downloads" on or off.
#[server(endpoint = "access/set_downloads", input = Json)]
pub async fn set_set_downloads(id: GalleryId, set: SetId, allow: bool) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::settings::set_allow_downloads(&ctx, studio, id, set, allow).await?)
}

/// The gallery's live links.
#[server(endpoint = "access/links")]
pub async fn list_links(id: GalleryId) -> Result<Vec<AccessLinkView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::links::list(&ctx, studio, id).await?)
}

/// Makes a link from the Invite tab.
#[server(endpoint = "access/create_link", input = Json)]
pub async fn create_link(id: GalleryId, form: LinkForm) -> Result<AccessLinkView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::links::create(&ctx, studio, id, form).await?)
}

/// Revokes a link (effective on the next request of every session that opened it).
#[server(endpoint = "access/revoke_link", input = Json)]
pub async fn revoke_link(id: GalleryId, link: LinkId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::links::revoke(&ctx, studio, id, link).await?)
}

/// Turns the gallery's public link on or off ("Anyone with the gallery address can view as a
/// guest").
#[server(endpoint = "access/public_link")]
pub async fn set_public_link(id: GalleryId, on: bool) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::galleries::set_public_link(&ctx, studio, id, on).await?)
}

/// Every invitation emailed from the gallery's Invite tab, newest first, with its delivery.
#[server(endpoint = "access/invitations")]
pub async fn invitations(id: GalleryId) -> Result<Vec<domain::engagement::notifications::InvitationView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::invitations::sent(&ctx, studio, id).await?)
}

/// Every share email the gallery's clients had sent, newest first.
#[server(endpoint = "access/share_emails")]
pub async fn share_emails(id: GalleryId) -> Result<Vec<domain::links::SharedEmailView>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::visitor::sharing::emails(&ctx, studio, id).await?)
}
