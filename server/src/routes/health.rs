//! `GET /healthz`: 200 only when the database and the storage both answer.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// The health check a load balancer polls.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let db = state.ctx.db.ping().await;
    let storage = state.ctx.storage.check().await;
    match (db, storage) {
        (Ok(()), Ok(())) => (StatusCode::OK, "ok"),
        (Err(e), _) => {
            tracing::error!(error = %e, "health: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        (_, Err(e)) => {
            tracing::error!(error = %e, "health: storage unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
        }
    }
}
