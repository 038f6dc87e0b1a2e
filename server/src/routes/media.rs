//! `GET /media/{image}/{size}` and `GET /media/{image}/wm/{size}` (the watermarked preview):
//! rendition bytes, after the access check in `backend::photos::previews::rendition`. Strong
//! ETag, private caching (long: see `cache_control`), and Range.

use super::ranged;
use crate::api_error::ApiError;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use backend::storage::{ObjectInfo, StorageKey};
use domain::ids::ImageId;
use domain::policy::Preview;
use domain::rendition::RenditionSize;
use futures::StreamExt;

/// Serves one rendition as made.
pub async fn rendition(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((image, size)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    serve(state, visitor, &image, &size, Preview::Clean, headers).await
}

/// Serves one preview with the studio's watermark burned in.
pub async fn watermarked(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((image, size)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    serve(state, visitor, &image, &size, Preview::Watermarked, headers).await
}

async fn serve(
    state: AppState,
    visitor: Visitor,
    image: &str,
    size: &str,
    wanted: Preview,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let image: ImageId = image.parse().map_err(|_| ServiceError::NotFound)?;
    let size = RenditionSize::from_slug(size.trim_end_matches(".jpg")).ok_or(ServiceError::NotFound)?;
    let now = chrono::Utc::now();
    let wanted_key =
        backend::photos::previews::rendition(&state.ctx, &visitor.viewer, image, size, wanted, now).await?;
    let (key, info) = state.ctx.storage.preview_info(wanted_key).await.map_err(ServiceError::from)?;
    Ok(send_jpeg(&state, key, info, cache_control(wanted, size), &headers).await?)
}

/// Sends a stored JPEG with its strong ETag (304 on `If-None-Match`), ranges and length, cached
/// as `caching` says.
pub async fn send_jpeg(
    state: &AppState,
    key: StorageKey,
    info: ObjectInfo,
    caching: &'static str,
    headers: &HeaderMap,
) -> Result<Response, ServiceError> {
    let mut out = HeaderMap::new();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
    let plan = match ranged::plan(headers, info.size, &format!("\"{}\"", info.version), out) {
        Ok(plan) => plan,
        Err(done) => return Ok(*done),
    };
    let stream = state.ctx.storage.stream(key, plan.range.clone()).await?;
    let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
    Ok((plan.status, plan.headers, body).into_response())
}

/// A rendition at its URL never changes (it is made once from an original that is never
/// modified), so the visitor's own browser keeps it for 30 days without asking again. Not the HD
/// and 4K renditions: they are the HD and 4K downloads byte for byte, which a changed PIN, a
/// revoked link or downloads turned off must stop at once, so the browser asks each time (a 304
/// after the same checks). A watermarked preview is burned again when the studio changes its
/// mark, and its URL names the mark (`?v=`): a day, then the ETag. (Not for good: two burns of
/// one photo overlapping — the mark changed twice quickly — may leave the older mark's files for
/// a moment under the newer version, until the older burn notices and burns again.)
fn cache_control(preview: Preview, size: RenditionSize) -> &'static str {
    match preview {
        _ if matches!(size, RenditionSize::Hd | RenditionSize::FourK) => "private, no-cache",
        Preview::Clean => "private, max-age=2592000, immutable",
        Preview::Watermarked => "private, max-age=86400",
    }
}
