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
    /// The request did not reach the server or its answer could not be read. The cause is kept
    /// for debugging (`Debug`), not shown: a visitor can do nothing with a decoder's complaint.
    #[error("The server could not be reached. Check your connection and try again.")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server, arguments that cannot be read are the caller's mistake: 400 (413 for a
        // body cut off at the size limit as it streamed), with a sentence, never the decoder's
        // words (which field, which line), which go to the log.
        #[cfg(feature = "ssr")]
        if matches!(value, ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_)) {
            let cause = value.to_string();
            tracing::debug!(%cause, "a server function's arguments could not be read");
            let too_large = cause.contains("length limit exceeded");
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(match too_large {
                    true => http::StatusCode::PAYLOAD_TOO_LARGE,
                    false => http::StatusCode::BAD_REQUEST,
                });
            }
            return AppError::Unprocessable(
                match too_large {
                    true => "This request is too large. Send less at once.",
                    false => "This request could not be read. Reload the page and try again.",
                }
                .to_owned(),
            );
        }
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<backend::ServiceError> for AppError {
    /// Converts a backend error, logging internals, and sets the matching HTTP status
    /// (`ServiceError::status`, the one table) on the server function's response, so a refusal
    /// reads the same over raw HTTP as on a byte route.
    fn from(err: backend::ServiceError) -> Self {
        use backend::ServiceError as S;
        let status = err.status();
        let out = match err {
            S::Invalid(f) => AppError::Invalid { field: f.field, message: f.message },
            S::Unauthenticated => AppError::Unauthenticated,
            S::NotFound => AppError::NotFound,
            S::Forbidden(r) => AppError::Forbidden(r),
            S::Needs(need) => AppError::Needs(need),
            S::Conflict(r) => AppError::Conflict(r),
            S::Unprocessable(r) => AppError::Unprocessable(r),
            S::Busy(r) => AppError::Busy(r),
            S::Damaged(r) => AppError::Busy(r),
            S::StorageFull => {
                tracing::error!("storage is full (ENOSPC/EDQUOT): a write was refused; free space or add storage");
                AppError::Busy(S::StorageFull.to_string())
            }
            S::TooMany { message, retry_after } => {
                if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(retry_after));
                }
                AppError::TooMany(message)
            }
            S::Internal(source) => {
                tracing::error!(error = ?source, "internal error in a server function");
                AppError::Internal
            }
        };
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        out
    }
}
