//! How a `ServiceError` becomes an HTTP answer on the byte routes: a status and a sentence.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use serde::Serialize;

/// A backend error on its way out of an axum handler.
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        Self(err)
    }
}

#[derive(Serialize)]
struct Body {
    error: String,
}

/// The HTTP status of a service error (`ServiceError::status`, the one table).
pub fn status_of(err: &ServiceError) -> StatusCode {
    err.status()
}

/// Logs what the operator must see of `err` (a fault, a full disk); a refusal is no fault.
pub fn log_fault(err: &ServiceError) {
    match err {
        ServiceError::Internal(source) => tracing::error!(error = ?source, "internal error"),
        ServiceError::StorageFull => {
            tracing::error!("storage is full (ENOSPC/EDQUOT): a write was refused; free space or add storage")
        }
        _ => {}
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_fault(&self.0);
        let mut response = (status_of(&self.0), Json(Body { error: self.0.to_string() })).into_response();
        if let ServiceError::TooMany { retry_after, .. } = &self.0 {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
        }
        response
    }
}
