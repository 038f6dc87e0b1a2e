//! `GET /download/{image}/{size}`: one image in one size, as an attachment, resumable. The
//! decision, the quota and the file are `backend::downloads::single`'s; a log line is written when
//! the file is sent from its first byte (a resumed range is the same download).

use super::ranged;
use super::refusal_page;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use backend::downloads::Stage;
use backend::downloads::single::SingleDownload;
use backend::storage::StorageKey;
use domain::ids::ImageId;
use domain::policy::{DownloadSize, Need};
use futures::StreamExt;

/// Sends one image; a refusal a browser navigated to is a page with a way back.
pub async fn download(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((image, size)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let image: Option<ImageId> = image.parse().ok();
    match send(&state, visitor, image, &size, &method, &headers).await {
        Ok(response) => response,
        Err(err) => {
            // Only to someone the gallery already admits (a 404, a lookup lock or a password
            // owed says nothing of it): back to its gallery, at the photo when an email, a PIN
            // or a licence is owed (the page asks for it there).
            let back = match (&err, image) {
                (ServiceError::Forbidden(_), Some(image)) => {
                    backend::downloads::single::gallery_page(&state.ctx, image).await.ok().flatten()
                }
                (ServiceError::Needs(Need::Email | Need::Pin | Need::SignInLink | Need::Purchase), Some(image)) => {
                    backend::downloads::single::gallery_page(&state.ctx, image)
                        .await
                        .ok()
                        .flatten()
                        .map(|page| format!("{page}?image={image}"))
                }
                _ => None,
            };
            refusal_page::answer(&headers, err, back)
        }
    }
}

async fn send(
    state: &AppState,
    visitor: Visitor,
    image: Option<ImageId>,
    size: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, ServiceError> {
    let image = image.ok_or(ServiceError::NotFound)?;
    let size = DownloadSize::from_token(size).ok_or(ServiceError::NotFound)?;
    let viewer = visitor.downloading();
    let now = chrono::Utc::now();
    let Some(single) = backend::downloads::single::single(&state.ctx, &viewer, image, size, now, Stage::Send).await?
    else {
        return Err(ServiceError::NotFound);
    };
    respond(state, single, method, headers, now).await
}

/// Sends an allowed single download: attachment headers, ranges, the log line when sent from its
/// first byte, and the CRC-32 check of a whole file on the way out.
pub async fn respond(
    state: &AppState,
    single: SingleDownload,
    method: &Method,
    headers: &HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Response, ServiceError> {
    let file = single.file;
    let out = ranged::attachment_headers(file.content_type, &file.name);
    let etag = format!("\"{}\"", &file.sha256[..32.min(file.sha256.len())]);
    let plan = match ranged::plan(headers, file.size, &etag, out) {
        Ok(plan) => plan,
        Err(done) => return Ok(*done),
    };
    // Opened first: a file that cannot be read (storage down, archived meanwhile) is refused
    // before anything is counted or logged.
    let stream = state.ctx.storage.stream(file.key, plan.range.clone()).await?;
    // A HEAD (download managers probe first) or a resumed range is not a new download; a range
    // that resumes nothing logged is. What counts against the free quota is counted now that
    // bytes go out (a HEAD sends none; a 304 was answered above).
    if method != Method::HEAD {
        if let Some(claim) = &single.claim {
            claim.settle(&state.ctx).await?;
        }
        let logged = if plan.from_start() {
            backend::downloads::log::record(&state.ctx, vec![single.log.clone()], now).await?;
            vec![single.log.clone()]
        } else {
            backend::downloads::log::record_unless_resumed(&state.ctx, vec![single.log.clone()], now).await?
        };
        if !logged.is_empty() {
            backend::engagement::hooks::downloaded(&state.ctx, &logged, now).await;
        }
    }
    // A whole file is checked against its CRC-32 as it streams; a range cannot be (see README).
    let body = if plan.range.is_none() {
        let on_mismatch = match file.key {
            StorageKey::Original(id) => backend::storage::integrity::mark_on_mismatch(&state.ctx, id.0),
            other => backend::storage::integrity::log_on_mismatch(format!("{other:?}")),
        };
        Body::from_stream(backend::storage::integrity::verified(stream, file.size, file.crc32, on_mismatch))
    } else {
        Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)))
    };
    Ok((plan.status, plan.headers, body).into_response())
}
