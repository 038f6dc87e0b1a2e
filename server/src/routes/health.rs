//! `GET /healthz`: 200 "ok" when the database and the storage both answer; 200 "degraded: …"
//! when the storage is full (pages and photos are still served, uploads are refused, so taking
//! the instance out of a load balancer would not help); 503 when either is unreachable.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// What `/healthz` says while uploads are refused for lack of space.
pub const DEGRADED_FULL: &str = "degraded: storage is full, uploads are refused — free space or add storage";

/// How long the health check waits for the storage.
const STORAGE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// The health check a load balancer polls.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let db = state.ctx.db.ping().await;
    // A store that does not answer within seconds is as good as down for a load balancer
    // (object storage's client would otherwise retry for up to its retry timeout).
    let storage = match tokio::time::timeout(STORAGE_PATIENCE, state.ctx.storage.check()).await {
        Ok(checked) => checked,
        Err(_) => Err(object_store::Error::Generic {
            store: "storage",
            source: format!("no answer within {} seconds", STORAGE_PATIENCE.as_secs()).into(),
        }),
    };
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
