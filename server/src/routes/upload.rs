//! `POST /api/galleries/{gallery}/images`: one file per request, streamed. The browser sends each
//! file as its own request so every file has its own progress bar and its own outcome. The file
//! name travels percent-encoded in `X-File-Name`.

use crate::api_error::{ApiError, status_of};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::dto::{UploadAccepted, UploadRefused};
use domain::ids::GalleryId;
use tower_sessions::Session;

/// Receives one original.
pub async fn upload_image(
    State(state): State<AppState>,
    session: Session,
    Path(gallery): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let studio = backend::studio::auth::require_studio(&session).await?;
    let gallery: GalleryId = gallery.parse().map_err(|_| ServiceError::NotFound)?;
    let raw_name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        .unwrap_or_default();
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let stream = body.into_data_stream();
    match backend::photos::ingest::upload(&state.ctx, studio, gallery, &raw_name, declared, stream).await {
        Ok(image) => Ok((StatusCode::CREATED, Json(UploadAccepted { image })).into_response()),
        Err(err @ (ServiceError::Unprocessable(_) | ServiceError::Conflict(_))) => {
            let status = status_of(&err);
            Ok((status, Json(UploadRefused { error: err.to_string() })).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
