//! The photographer's files about a gallery's feedback: every select list as CSV
//! (`GET /export/galleries/{id}/selects.csv`) and an image with its annotations burned in
//! (`GET /export/annotated/{image}?by=email`, PNG), the gallery's orders as CSV
//! (`GET /export/galleries/{id}/orders.csv`) and the studio's watermark on a sample photo
//! (`GET /studio/watermark-preview.jpg`). Owner only: anyone else gets 401 or 404.

use super::ranged;
use crate::api_error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::ids::{GalleryId, ImageId, StudioId};
use serde::Deserialize;
use tower_sessions::Session;

/// Every select list of the gallery as CSV.
pub async fn selects_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (studio, id) = studio_gallery(&session, &id).await?;
    let csv = backend::proofing::selects_report::csv_export(&state.ctx, studio, id).await?;
    Ok(csv_attachment("selects.csv", csv))
}

/// Every order line of the gallery as CSV.
pub async fn orders_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (studio, id) = studio_gallery(&session, &id).await?;
    let csv = backend::store::orders_tab::csv_export(&state.ctx, studio, id).await?;
    Ok(csv_attachment("orders.csv", csv))
}

/// Every file downloaded from the gallery: who, which link, which photo, size, bytes, when.
pub async fn downloads_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (studio, id) = studio_gallery(&session, &id).await?;
    let csv = backend::downloads::log::csv(&state.ctx, studio, id).await?;
    Ok(csv_attachment("downloads.csv", csv))
}

/// The signed-in studio and the gallery id of the path (the export checks the gallery is theirs).
async fn studio_gallery(session: &Session, id: &str) -> Result<(StudioId, GalleryId), ApiError> {
    let studio = backend::studio::auth::require_studio(session).await?;
    Ok((studio, id.parse().map_err(|_| ServiceError::NotFound)?))
}

/// A CSV download, with a UTF-8 byte order mark first: without it, Excel opening the file by a
/// double click reads it in the system's code page and "Zoë" becomes "ZoÃ«".
pub(crate) fn csv_attachment(name: &str, csv: String) -> Response {
    (ranged::attachment_headers("text/csv; charset=utf-8", name), format!("\u{feff}{csv}")).into_response()
}

/// The studio's watermark burned into a sample photo.
pub async fn watermark_preview(State(state): State<AppState>, session: Session) -> Result<Response, ApiError> {
    let studio = backend::studio::auth::require_studio(&session).await?;
    let jpeg = backend::store::watermark::preview(&state.ctx, studio).await?;
    let headers =
        [(axum::http::header::CONTENT_TYPE, "image/jpeg"), (axum::http::header::CACHE_CONTROL, "private, no-cache")];
    Ok((headers, jpeg).into_response())
}

/// Whose marks to burn in (everyone's when absent).
#[derive(Debug, Deserialize)]
pub struct By {
    pub by: Option<String>,
}

/// An image's HD rendition with annotations burned in, as PNG.
pub async fn annotated_png(
    State(state): State<AppState>,
    session: Session,
    Path(image): Path<String>,
    Query(by): Query<By>,
) -> Result<Response, ApiError> {
    let studio = backend::studio::auth::require_studio(&session).await?;
    let image: ImageId = image.parse().map_err(|_| ServiceError::NotFound)?;
    let (png, name) = backend::proofing::annotations::burned_png(&state.ctx, studio, image, by.by.as_deref()).await?;
    let headers = ranged::attachment_headers("image/png", &name);
    Ok((headers, png).into_response())
}
