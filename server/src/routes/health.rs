//! `GET /healthz`: 200 "ok" when the database and the storage both answer; 200 "degraded: …"
//! when the storage is full (pages and photos are still served, uploads are refused, so taking
//! the instance out of a load balancer would not help); 503 when either is unreachable.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// What `/healthz` says while uploads are refused for lack of space.
pub const DEGRADED_FULL: &str = "degraded: storage is full, uploads are refused — free space or add storage";

/// The health check a load balancer polls.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let db = state.ctx.db.ping().await;
    let storage = state.ctx.storage.check().await;
    let now = chrono::Utc::now().timestamp_millis();
    match (db, storage) {
        (Err(e), _) => {
            tracing::error!(error = %e, "health: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        (Ok(()), Err(e)) if backend::error::is_storage_full(&e) => {
            tracing::error!(error = %e, "health: storage is full");
            state.ctx.storage_full.refused(now);
            (StatusCode::OK, DEGRADED_FULL)
        }
        (Ok(()), Err(e)) => {
            tracing::error!(error = %e, "health: storage unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "storage unavailable")
        }
        (Ok(()), Ok(())) if state.ctx.storage_full.is_full(now) => {
            tracing::warn!("health: uploads were refused recently because the storage is full");
            (StatusCode::OK, DEGRADED_FULL)
        }
        (Ok(()), Ok(())) => (StatusCode::OK, "ok"),
    }
}
