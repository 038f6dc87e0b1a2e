//! Hashing secrets with Argon2id (memory-hard), in PHC string form so parameters can change later
//! without invalidating stored hashes. Each run takes ~19 MiB and a core for tens of
//! milliseconds, so it runs as secret work (`Ctx::cpu`): a flood of attempts gets "busy", not an
//! exhausted server.

use crate::cpu::Work;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

/// The stored form of a random secret carried in a link or a cookie (a one-time link, an order's
/// or a restore's link, an unsubscribe link, a session id): its SHA-256, in hex. Fast on purpose:
/// the secret is 128 random bits or more, so there is no guessing for a slow hash to slow down;
/// the point is that a copy of the database holds nothing that opens anything.
pub fn token_digest(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// Hashes a secret with a fresh random salt (blocking: see [`hash`]).
pub fn hash_now(secret: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(secret.as_bytes(), &salt)?.to_string())
}

/// True when `attempt` matches the stored hash (blocking). A malformed hash never matches.
pub fn verify_now(attempt: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| Argon2::default().verify_password(attempt.as_bytes(), &parsed).is_ok())
}

/// A hash of a random secret, verified against when there is nothing to compare with (an unknown
/// account), so the answer takes the same time either way.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_now("not a real password, only for timing").unwrap_or_default())
}

/// Hashes a secret off the async runtime, as secret work (`Ctx::cpu`).
pub async fn hash(ctx: &Ctx, secret: String) -> ServiceResult<String> {
    ctx.cpu(Work::Secret, move || hash_now(&secret))
        .await?
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("hashing failed: {e}")))
}

/// Compares `attempt` with a stored hash (or, for `None`, with a dummy hash, and fails) off the
/// async runtime, as secret work. Callers that compare something a stranger could guess go
/// through [`super::check`], which throttles first.
pub async fn verify(ctx: &Ctx, attempt: &str, stored: Option<String>) -> ServiceResult<bool> {
    let attempt = attempt.to_owned();
    ctx.cpu(Work::Secret, move || match &stored {
        Some(hash) => verify_now(&attempt, hash),
        None => {
            let _ = verify_now(&attempt, dummy_hash());
            false
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_argon2id() {
        let stored = hash_now("correct horse battery").expect("hash");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify_now("correct horse battery", &stored));
        assert!(!verify_now("wrong", &stored));
        assert!(!verify_now("anything", "not a hash"));
    }
}
