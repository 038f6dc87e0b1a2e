//! One way to run CPU work off the async runtime, so every kind waits its turn the same way:
//! - image work (decoding, resizing, burning marks, laying out a PDF) takes a render slot and its
//!   memory estimate from the decode budget — a big image waits for room instead of multiplying
//!   — and runs on the render threads (`photos::render_pool`);
//! - hashing a secret takes one of the password slots at once or answers "busy": sign-in never
//!   queues behind renders, and a flood of attempts cannot exhaust the server.
//!
//! (An upload's strict read while its bytes arrive is the one exception: it only runs when it
//! can start at once, on its own threads, `photos::early_read`.)

use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};

/// What kind of CPU work, and what it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Image work needing about `memory` bytes at its peak (0 when negligible).
    Image { memory: u64 },
    /// Hashing or checking a secret (Argon2id: ~19 MiB and a core for tens of milliseconds).
    Secret,
}

impl Ctx {
    /// Runs `f` as `work` and answers its result.
    pub async fn cpu<T: Send + 'static>(&self, work: Work, f: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
        match work {
            Work::Image { memory } => {
                let slot =
                    self.render_slots.clone().acquire_owned().await.map_err(|e| ServiceError::Internal(e.into()))?;
                let admitted = self.decode_budget.admit(memory).await?;
                self.render_pool
                    .run(move || {
                        let result = f();
                        drop((slot, admitted));
                        result
                    })
                    .await
            }
            Work::Secret => {
                let permit = self.password_slots.clone().try_acquire_owned().map_err(|_| {
                    ServiceError::Busy("Many people are signing in right now. Please try again in a moment.".to_owned())
                })?;
                tokio::task::spawn_blocking(move || {
                    let result = f();
                    drop(permit);
                    result
                })
                .await
                .map_err(|e| ServiceError::Internal(e.into()))
            }
        }
    }
}
