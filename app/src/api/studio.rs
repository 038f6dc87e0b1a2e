//! The studio's own settings.

use crate::error::AppError;
use domain::dto::StudioSettings;
use leptos::prelude::*;

/// The signed-in studio's branding.
#[server(endpoint = "studio/settings")]
pub async fn load_studio_settings() -> Result<StudioSettings, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::studio::settings::settings(&ctx, studio).await?)
}

/// Saves the branding.
#[server(endpoint = "studio/update")]
pub async fn update_studio(name: String, accent_color: String, contact_email: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::studio::settings::update_settings(&ctx, studio, &name, &accent_color, &contact_email).await?)
}

/// Removes the studio's logo.
#[server(endpoint = "studio/remove_logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::studio::settings::remove_logo(&ctx, studio).await?)
}
