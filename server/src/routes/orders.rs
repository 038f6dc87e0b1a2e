//! A buyer's downloads from their order page, reached by the order's secret link:
//! `GET /order-files/{token}/zip` (every bought file and the licence terms),
//! `GET /order-files/{token}/{image}/{size}` (one bought file), and
//! `GET /order-files/{token}/{image}/thumb` (the page's small preview). And Stripe's webhook,
//! `POST /webhooks/stripe`. The decisions are `backend::store`'s.

use super::refusal_page;
use crate::api_error::ApiError;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::ids::ImageId;
use domain::policy::DownloadSize;

/// Every bought file in one ZIP.
pub async fn zip(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let now = chrono::Utc::now();
    let back = Some(backend::store::order_records::order_path(&token));
    let made = backend::store::order_files::zip(&state.ctx, &token, &visitor.downloading(), now).await;
    match made {
        Ok(archive) => super::zip::respond(&state, archive, &method, &headers, now).await,
        Err(err) => Err(err),
    }
    .unwrap_or_else(|err| refusal_page::answer(&headers, err, back))
}

/// One bought file, or the order page's preview of it (`size` = `thumb`).
pub async fn file(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((token, image, size)): Path<(String, String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let now = chrono::Utc::now();
    let back = Some(backend::store::order_records::order_path(&token));
    let viewer = visitor.downloading();
    let result = async {
        let image: ImageId = image.parse().map_err(|_| ServiceError::NotFound)?;
        if size == "thumb" {
            return thumb(&state, &token, image, &viewer, now, &headers).await;
        }
        let size = DownloadSize::from_token(&size).ok_or(ServiceError::NotFound)?;
        let single = backend::store::order_files::file(&state.ctx, &token, image, size, &viewer, now).await?;
        super::download::respond(&state, single, &method, &headers, now).await
    }
    .await;
    result.unwrap_or_else(|err| refusal_page::answer(&headers, err, back))
}

async fn thumb(
    state: &AppState,
    token: &str,
    image: ImageId,
    viewer: &backend::visitor::access::Viewer,
    now: chrono::DateTime<chrono::Utc>,
    headers: &HeaderMap,
) -> Result<Response, ServiceError> {
    let key = backend::store::order_files::thumb(&state.ctx, token, image, viewer, now).await?;
    let info = state.ctx.storage.info(key).await?;
    // Checked on every request (a refunded order shows nothing more), confirmed by its ETag.
    super::media::send_jpeg(state, key, info, "private, no-cache", headers).await
}

/// Stripe's webhook: 200 for an event handled (or one we do not act on), 400 with the reason
/// for anything refused — Stripe shows it and delivers the event again later.
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    match backend::store::stripe::webhook(&state.ctx, signature, &body, chrono::Utc::now()).await {
        Ok(()) => Ok((StatusCode::OK, "ok").into_response()),
        Err(err) => Ok((StatusCode::BAD_REQUEST, format!("Refused: {err}.")).into_response()),
    }
}
