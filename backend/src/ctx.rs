//! `Ctx`: the handles every operation needs. Cheap to clone; one per process.

use crate::config::BackendConfig;
use crate::storage::Storage;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Database, storage and settings, shared by the router, server functions and workers.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub storage: Storage,
    pub config: Arc<BackendConfig>,
    /// Bounds how many images are decoded at once across the process (memory and CPU).
    pub render_slots: Arc<Semaphore>,
}

impl Ctx {
    /// Opens storage and prepares the upload folder (left-over partial uploads from a crash are
    /// removed: nothing half-made stays behind).
    pub fn new(db: DatabaseConnection, config: BackendConfig) -> std::io::Result<Self> {
        let storage = Storage::local(&config.storage_root)?;
        if config.upload_tmp.exists() {
            std::fs::remove_dir_all(&config.upload_tmp)?;
        }
        std::fs::create_dir_all(&config.upload_tmp)?;
        let render_slots = Arc::new(Semaphore::new(config.render_workers.max(1)));
        Ok(Self { db, storage, config: Arc::new(config), render_slots })
    }
}
