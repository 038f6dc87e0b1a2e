//! `ServiceError`: what a backend operation can answer besides success. The server maps each
//! variant to one HTTP status; internal details are logged, never shown.

use domain::policy::Denial;
use domain::validation::FieldError;
use sea_orm::{DbErr, SqlErr};

/// The error of every backend operation.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A field was refused; the message names the fix (400).
    #[error("{0}")]
    Invalid(#[from] FieldError),
    /// Sign-in is needed (401).
    #[error("Sign in to continue.")]
    Unauthenticated,
    /// Missing, or outside the actor's reach: the two look the same (404).
    #[error("This page or file does not exist, or the link is no longer valid.")]
    NotFound,
    /// Visible but not allowed, with the policy's reason (403).
    #[error("{0}")]
    Forbidden(String),
    /// Something must be given first (the gallery password, …), with the sentence asking for it.
    #[error("{}", .0.prompt())]
    Needs(domain::policy::Need),
    /// The request clashes with what exists (409), e.g. a taken slug.
    #[error("{0}")]
    Conflict(String),
    /// An uploaded file was refused (422), with the reason.
    #[error("{0}")]
    Unprocessable(String),
    /// Too many attempts: wait `retry_after` seconds (429 with `Retry-After`).
    #[error("{message}")]
    TooMany { message: String, retry_after: u64 },
    /// Too much is going on right now; the sentence says to try again shortly (503).
    #[error("{0}")]
    Busy(String),
    /// A stored file no longer matches its checksum: not sent, with the sentence (500).
    #[error("{0}")]
    Damaged(String),
    /// The disk (or the storage quota) is full: nothing was saved (507). Logged for the operator.
    #[error("Storage is full — free space or add storage; nothing was saved.")]
    StorageFull,
    /// Anything else: logged in full, shown as a generic sentence (500).
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal(#[source] anyhow::Error),
}

impl ServiceError {
    /// The HTTP status each kind of error is answered with — the one table, for byte routes and
    /// server functions alike.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::Needs(_) => StatusCode::UNAUTHORIZED,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            Self::Damaged(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Shorthand for backend results.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// True when `err`, or any error it was caused by, is the operating system saying the disk or
/// the quota is full (ENOSPC, EDQUOT): what `StorageFull` stands for.
pub fn is_storage_full(err: &(dyn std::error::Error + 'static)) -> bool {
    /// Linux's errno for "No space left on device" and "Disk quota exceeded".
    const ENOSPC: i32 = 28;
    const EDQUOT: i32 = 122;
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && (io.kind() == std::io::ErrorKind::StorageFull || matches!(io.raw_os_error(), Some(ENOSPC | EDQUOT)))
        {
            return true;
        }
        current = e.source();
    }
    false
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        Self::Internal(err.into())
    }
}

impl From<object_store::Error> for ServiceError {
    fn from(err: object_store::Error) -> Self {
        match err {
            object_store::Error::NotFound { .. } => Self::NotFound,
            other if is_storage_full(&other) => Self::StorageFull,
            other => Self::Internal(other.into()),
        }
    }
}

impl From<std::io::Error> for ServiceError {
    fn from(err: std::io::Error) -> Self {
        if is_storage_full(&err) { Self::StorageFull } else { Self::Internal(err.into()) }
    }
}

impl From<Denial> for ServiceError {
    fn from(denial: Denial) -> Self {
        match denial {
            Denial::Hidden => Self::NotFound,
            Denial::Refused(reason) => Self::Forbidden(reason),
        }
    }
}

/// A refused field, as the error the browser shows next to it.
pub fn invalid(field: &str, message: impl Into<String>) -> ServiceError {
    FieldError::new(field, message).into()
}

/// True when a database error is a unique-constraint violation (the same on SQLite and
/// PostgreSQL), so callers can turn it into a meaningful `Conflict`.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
