//! `AppError`: what the browser sees when a server function fails — a sentence, never internals.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A failed server function, as shown to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// A field was refused.
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("Sign in to continue.")]
    Unauthenticated,
    #[error("This page does not exist, or the link is no longer valid.")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    /// Something must be given first (the gallery password, …).
    #[error("{}", .0.prompt())]
    Needs(domain::policy::Need),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    Busy(String),
    /// Too many attempts; the sentence says how long to wait.
    #[error("{0}")]
    TooMany(String),
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("The server could not be reached ({0}). Check your connection and try again.")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server, arguments that cannot be read are the caller's mistake: 400, not 500.
        #[cfg(feature = "ssr")]
        if matches!(value, ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_))
            && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(http::StatusCode::BAD_REQUEST);
        }
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Converts a backend error, logging internals, and sets the matching HTTP status on the
    /// server function's response (so a refusal reads the same over raw HTTP as on a byte route).
    pub fn from_service(err: backend::ServiceError) -> Self {
        use backend::ServiceError as S;
        use http::StatusCode;
        let (status, out) = match err {
            S::Invalid(f) => (StatusCode::BAD_REQUEST, AppError::Invalid { field: f.field, message: f.message }),
            S::Unauthenticated => (StatusCode::UNAUTHORIZED, AppError::Unauthenticated),
            S::NotFound => (StatusCode::NOT_FOUND, AppError::NotFound),
            S::Forbidden(r) => (StatusCode::FORBIDDEN, AppError::Forbidden(r)),
            S::Needs(need) => (StatusCode::UNAUTHORIZED, AppError::Needs(need)),
            S::Conflict(r) => (StatusCode::CONFLICT, AppError::Conflict(r)),
            S::Unprocessable(r) => (StatusCode::UNPROCESSABLE_ENTITY, AppError::Unprocessable(r)),
            S::Busy(r) => (StatusCode::SERVICE_UNAVAILABLE, AppError::Busy(r)),
            S::Damaged(r) => (StatusCode::INTERNAL_SERVER_ERROR, AppError::Busy(r)),
            S::StorageFull => {
                tracing::error!("storage is full (ENOSPC/EDQUOT): a write was refused; free space or add storage");
                (StatusCode::INSUFFICIENT_STORAGE, AppError::Busy(S::StorageFull.to_string()))
            }
            S::TooMany { message, retry_after } => {
                if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(retry_after));
                }
                (StatusCode::TOO_MANY_REQUESTS, AppError::TooMany(message))
            }
            S::Internal(source) => {
                tracing::error!(error = ?source, "internal error in a server function");
                (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
        };
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        out
    }
}
