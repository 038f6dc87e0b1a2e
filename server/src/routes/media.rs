//! `GET /media/{image}/{size}`: rendition bytes, after the access check in
//! `backend::previews::rendition`. Strong ETag, private caching, and Range.

use super::range::{self, RangeRequest};
use crate::api_error::ApiError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::ids::ImageId;
use domain::rendition::RenditionSize;
use futures::StreamExt;
use tower_sessions::Session;

/// Serves one rendition.
pub async fn rendition(
    State(state): State<AppState>,
    session: Session,
    Path((image, size)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let image: ImageId = image.parse().map_err(|_| ServiceError::NotFound)?;
    let size = RenditionSize::from_slug(size.trim_end_matches(".jpg")).ok_or(ServiceError::NotFound)?;
    let viewer = backend::access::viewer(&session).await?;
    let key = backend::previews::rendition(&state.ctx, &viewer, image, size, chrono::Utc::now()).await?;
    let info = state.ctx.storage.info(key).await.map_err(ServiceError::from)?;
    let etag = format!("\"{}\"", info.version);
    let mut response_headers = HeaderMap::new();
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
    response_headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response_headers.insert(header::ETAG, value);
    }
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if if_none_match.is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*")) {
        return Ok((StatusCode::NOT_MODIFIED, response_headers).into_response());
    }
    let range_header = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    // If-Range with a stale validator means "send it all".
    let if_range_ok = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v == etag);
    let request = if if_range_ok { range::parse(range_header, info.size) } else { RangeRequest::Full };
    let (status, byte_range) = match request {
        RangeRequest::Full => (StatusCode::OK, None),
        RangeRequest::Partial(r) => (StatusCode::PARTIAL_CONTENT, Some(r)),
        RangeRequest::Unsatisfiable => {
            let value = HeaderValue::from_str(&format!("bytes */{}", info.size))
                .unwrap_or(HeaderValue::from_static("bytes */0"));
            response_headers.insert(header::CONTENT_RANGE, value);
            return Ok((StatusCode::RANGE_NOT_SATISFIABLE, response_headers).into_response());
        }
    };
    let length = byte_range.as_ref().map_or(info.size, |r| r.end - r.start);
    if let Some(r) = &byte_range
        && let Ok(value) = HeaderValue::from_str(&format!("bytes {}-{}/{}", r.start, r.end - 1, info.size))
    {
        response_headers.insert(header::CONTENT_RANGE, value);
    }
    response_headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    let stream = state.ctx.storage.stream(key, byte_range).await.map_err(ServiceError::from)?;
    let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
    Ok((status, response_headers, body).into_response())
}
