//! The contact sheet's check: the button asks before the PDF starts, so a refusal is a sentence
//! on the page, not a failed download.

use crate::error::AppError;
use domain::contact_sheets::SheetScope;
use leptos::prelude::*;

/// How many photos the visitor's contact sheet would hold, or why none can be made.
#[server(endpoint = "proofing/contact_sheet")]
pub async fn check_contact_sheet(slug: String, scope: SheetScope) -> Result<u32, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::proofing::sheet::check(&ctx, &viewer, &slug, scope, chrono::Utc::now()).await?)
}
