//! Downloads: the visitor's email and PIN, the check before the browser starts a download, and
//! the photographer's log. The bytes themselves come from `/download/…` and `/zip/…`, which decide
//! again on every request.

use crate::error::AppError;
use domain::downloads::{DownloadTarget, ZipSummary};
use domain::downloads_log::DownloadsLog;
use domain::ids::GalleryId;
use domain::policy::{DownloadSize, ZipContents};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Gives the download PIN (once per gallery and session). Wrong PINs are throttled.
#[server(endpoint = "downloads/pin")]
pub async fn give_pin(slug: String, pin: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::visitor::pin::give(&ctx, &session, &viewer, &slug, &pin, chrono::Utc::now()).await?)
}

/// Checks a download before the browser starts it, so a refusal or a need (email, PIN) is shown
/// as a sentence or a dialog instead of an error page; a download that counts against the free
/// high-res quota is counted here (`Stage::Check`). Answers the URL to open.
#[server(endpoint = "downloads/check", input = Json)]
pub async fn check_download(slug: String, target: DownloadTarget, size: DownloadSize) -> Result<String, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    let now = chrono::Utc::now();
    use backend::downloads::Stage;
    match target {
        DownloadTarget::Image(image) => {
            backend::downloads::single::single(&ctx, &viewer, image, size, now, Stage::Check).await.map(|_| ())
        }
        DownloadTarget::Zip(contents) => {
            let request = backend::downloads::zip::ZipRequest { slug: &slug, contents, size };
            backend::downloads::zip::zip(&ctx, &viewer, request, now, Stage::Check).await.map(|_| ())
        }
    }?;
    Ok(target.url(&slug, size))
}

/// How many photos and bytes a ZIP would hold, before it starts (refused or needing something
/// exactly as the ZIP would be).
#[server(endpoint = "downloads/zip_summary", input = Json)]
pub async fn describe_zip(slug: String, contents: ZipContents, size: DownloadSize) -> Result<ZipSummary, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    let request = backend::downloads::zip::ZipRequest { slug: &slug, contents, size };
    Ok(backend::downloads::zip::summary(&ctx, &viewer, request, chrono::Utc::now()).await?)
}

/// The gallery's downloads log.
#[server(endpoint = "downloads/log")]
pub async fn read_downloads_log(id: GalleryId) -> Result<DownloadsLog, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::downloads::log::list(&ctx, studio, id).await?)
}
