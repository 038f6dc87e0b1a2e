//! Server functions: thin transports. Each gets the `Ctx` and the session, calls one `backend`
//! operation (which authorizes), and maps the result to a wire type. No SQL, no policy here.

pub mod auth;
pub mod client;
pub mod galleries;
pub mod images;
pub mod sets;
pub mod studio;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use crate::error::AppError;
    use backend::Ctx;
    use tower_sessions::Session;

    /// The backend context and this request's session.
    pub async fn request() -> Result<(Ctx, Session), AppError> {
        let ctx = leptos::prelude::use_context::<Ctx>().ok_or(AppError::Internal)?;
        let session: Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
        Ok((ctx, session))
    }

    /// The signed-in studio, or `Unauthenticated` (401).
    pub async fn studio(session: &Session) -> Result<domain::ids::StudioId, AppError> {
        backend::auth::require_studio(session).await.map_err(AppError::from_service)
    }
}
