//! A size limit on server function requests. Server functions read their whole body before
//! deserialising it, so without a limit one request could make the server hold any amount of
//! memory. Uploads and the logo are byte routes with their own streaming limits and are left out.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest server function request body: far above any form or annotation the UI sends
/// (the annotation checks cap one photo's marks well below this).
pub const MAX_SERVER_FN_BODY: usize = 512 * 1024;

/// What a request over the limit is told (a body cut off as it streams is told the same, by the
/// server function's own error: `app::error`).
const TOO_LARGE: &str = "This request is too large. Send less at once.";

/// Refuses server function bodies over [`MAX_SERVER_FN_BODY`] with 413; a body without a
/// declared length is cut off at the limit as it streams.
pub async fn limit_server_fn_bodies(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let byte_route = path.ends_with("/images") || path == "/api/studio/logo";
    if !path.starts_with("/api/") || byte_route {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_SERVER_FN_BODY) {
        // As a server function's refusal reads, so the page shows its sentence.
        let refused = app::error::AppError::Unprocessable(TOO_LARGE.to_owned());
        return (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(refused)).into_response();
    }
    let (parts, body) = request.into_parts();
    let limited = Body::new(http_body_util::Limited::new(body, MAX_SERVER_FN_BODY));
    next.run(Request::from_parts(parts, limited)).await
}
