//! A recipient's files, reached by their delivery link's secret:
//! `GET /delivery-files/{token}/zip/{size}` (the whole package), and
//! `GET /delivery-files/{token}/{image}/{size}` — one photo in a download size (`original`,
//! `4k`, `hd`: an attachment, resumable), or a preview (`480`, `1600`, …: inline).
//! The decisions are `backend::delivery`'s.

use super::refusal_page;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use backend::ServiceError;
use backend::delivery::files;
use backend::delivery::links::page_path;
use domain::ids::ImageId;
use domain::policy::DownloadSize;
use domain::rendition::RenditionSize;

/// The whole package in one size.
pub async fn zip(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((token, size)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let now = chrono::Utc::now();
    let result = async {
        let size = DownloadSize::from_token(&size).ok_or(ServiceError::NotFound)?;
        let archive = files::zip(&state.ctx, &token, size, &visitor.downloading(), now).await?;
        super::zip::respond(&state, archive, &method, &headers, now).await
    }
    .await;
    result.unwrap_or_else(|err| refusal_page::answer(&headers, err, Some(page_path(&token))))
}

/// One photo of the package: a download size, or a preview.
pub async fn file(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((token, image, size)): Path<(String, String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let now = chrono::Utc::now();
    let viewer = visitor.downloading();
    let result = async {
        let image: ImageId = image.parse().map_err(|_| ServiceError::NotFound)?;
        if let Some(preview) = RenditionSize::from_slug(&size).filter(|s| s.is_preview_only()) {
            let key = files::preview_key(&state.ctx, &token, image, preview, &viewer, now).await?;
            let info = state.ctx.storage.info(key).await?;
            // Checked on every request (a revoked link shows nothing more, even from a cache),
            // cheaply: the browser's copy is confirmed by its ETag.
            return super::media::send_jpeg(&state, key, info, "private, no-cache", &headers).await;
        }
        let size = DownloadSize::from_token(&size).ok_or(ServiceError::NotFound)?;
        let single = files::file(&state.ctx, &token, image, size, &viewer, now).await?;
        super::download::respond(&state, single, &method, &headers, now).await
    }
    .await;
    result.unwrap_or_else(|err| refusal_page::answer(&headers, err, Some(page_path(&token))))
}
