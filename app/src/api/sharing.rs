//! Share: a main client makes a client-invited link, to copy or to have emailed.

use crate::error::AppError;
use domain::links::{ShareForm, SharedLink};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Makes a client-invited link, and emails it when an address is given.
#[server(endpoint = "sharing/share", input = Json)]
pub async fn share_gallery(slug: String, form: ShareForm) -> Result<SharedLink, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::visitor::sharing::share(&ctx, &viewer, &slug, form, chrono::Utc::now()).await?)
}
