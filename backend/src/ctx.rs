//! `Ctx`: the handles every operation needs. Cheap to clone; one per process.

use crate::config::BackendConfig;
use crate::mail::Mailer;
use crate::storage::Storage;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Database, storage, mail and settings, shared by the router, server functions and workers.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub storage: Storage,
    pub config: Arc<BackendConfig>,
    /// Sends outgoing mail (only the `SendMail` job uses it; everyone else calls `mail::queue`).
    pub mailer: Mailer,
    /// Bounds how many images are decoded at once across the process (memory and CPU).
    pub render_slots: Arc<Semaphore>,
    /// Bounds concurrent password hashing (each Argon2id run takes ~19 MiB and a core for tens
    /// of milliseconds), so a flood of sign-in attempts cannot exhaust the server.
    pub password_slots: Arc<Semaphore>,
}

impl Ctx {
    /// Opens storage, prepares the upload folder and the SMTP transport. Partial uploads left by a
    /// crash are removed once they are a day old (not at once: another instance may share the
    /// folder and be receiving them right now).
    pub fn new(db: DatabaseConnection, config: BackendConfig) -> std::io::Result<Self> {
        // The server has already checked the mail settings (`MailConfig::check`) with sentences
        // naming them; what is left to fail here is setting up TLS, which names its setting too.
        let mailer = Mailer::new(&config.mail).map_err(std::io::Error::other)?;
        let storage = Storage::local(&config.storage_root)?;
        std::fs::create_dir_all(&config.upload_tmp)?;
        remove_stale_uploads(&config.upload_tmp)?;
        let render_slots = Arc::new(Semaphore::new(config.render_workers.max(1)));
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        let password_slots = Arc::new(Semaphore::new(cores * 2));
        Ok(Self { db, storage, config: Arc::new(config), mailer, render_slots, password_slots })
    }
}

fn remove_stale_uploads(dir: &std::path::Path) -> std::io::Result<()> {
    let day = std::time::Duration::from_secs(24 * 3600);
    for entry in std::fs::read_dir(dir)?.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        let stale = meta.is_file() && meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age > day);
        if stale {
            // Another instance may have removed it first: that is fine.
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}
