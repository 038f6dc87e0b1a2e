//! The studio logo: `POST /api/studio/logo` replaces it (signed-in studio, raw image body);
//! `GET /studio-logo/{studio}/{version}` serves it publicly (it brands published galleries), cached
//! for good because every upload gets a new version in the URL.

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use backend::studio::settings::MAX_LOGO_BYTES;
use domain::ids::StudioId;
use tower_sessions::Session;

/// Replaces the signed-in studio's logo.
pub async fn upload_logo(State(state): State<AppState>, session: Session, body: Body) -> Result<Response, ApiError> {
    let studio = backend::studio::auth::require_studio(&session).await?;
    // Logos are small: read at most the limit (plus one byte, to tell "too large").
    let limit = usize::try_from(MAX_LOGO_BYTES + 1).unwrap_or(usize::MAX);
    let bytes = match to_bytes(body, limit).await {
        Ok(bytes) => bytes.to_vec(),
        // Over the limit: `set_logo` refuses it with the sentence about the size.
        Err(e) if std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>()) => {
            vec![0; limit]
        }
        // The connection dropped or stalled: not the file's fault.
        Err(_) => {
            return Err(ServiceError::Unprocessable(
                "The logo did not arrive whole (the upload was interrupted). Try again.".to_owned(),
            )
            .into());
        }
    };
    backend::studio::settings::set_logo(&state.ctx, studio, bytes).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Serves a studio's logo. Its address names the version: the current one is cached for good;
/// an older one (in a mail sent before the logo changed) gets the logo as it is now, cached for
/// an hour, so one address never stands for two files in a cache.
pub async fn logo(
    State(state): State<AppState>,
    Path((studio, version)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let studio: StudioId = studio.parse().map_err(|_| ServiceError::NotFound)?;
    let (key, current) = backend::studio::settings::logo(&state.ctx, studio).await?;
    let bytes = state.ctx.storage.get_bytes(key).await.map_err(ServiceError::from)?;
    let caching = match version == current {
        true => "public, max-age=31536000, immutable",
        false => "public, max-age=3600",
    };
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
        (header::CACHE_CONTROL, HeaderValue::from_static(caching)),
    ];
    Ok((headers, Body::from(bytes)).into_response())
}
