//! `Ctx`: the handles every operation needs. Cheap to clone; one per process.

use crate::config::BackendConfig;
use crate::mail::Mailer;
use crate::storage::Storage;
use sea_orm::DatabaseConnection;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Database, storage, mail and settings, shared by the router, server functions and workers.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub storage: Storage,
    /// The archive tier: originals (and custom download sizes) of old images (`archive`).
    pub archive: Storage,
    pub config: Arc<BackendConfig>,
    /// Sends outgoing mail (only the `SendMail` job uses it; everyone else calls `mail::queue`).
    pub mailer: Mailer,
    /// Bounds how many images are decoded at once across the process (memory and CPU).
    pub render_slots: Arc<Semaphore>,
    /// How many files each studio is uploading right now.
    pub uploads: Arc<crate::photos::upload_slots::UploadSlots>,
    /// When a write last failed because the storage was full (see `StorageFullness`).
    pub storage_full: Arc<StorageFullness>,
    /// The threads every decode runs on.
    pub render_pool: crate::photos::render_pool::RenderPool,
    /// The memory all decodes share: a big image waits for room.
    pub decode_budget: Arc<crate::photos::decode_budget::DecodeBudget>,
    /// Bounds concurrent password hashing (each Argon2id run takes ~19 MiB and a core for tens
    /// of milliseconds), so a flood of sign-in attempts cannot exhaust the server.
    pub password_slots: Arc<Semaphore>,
    /// Where uploads are read strictly as they arrive.
    pub early_reads: Arc<crate::photos::early_read::EarlyReads>,
}

impl Ctx {
    /// Opens storage, prepares the upload folder and the SMTP transport.
    pub fn new(db: DatabaseConnection, config: BackendConfig) -> std::io::Result<Self> {
        // The server has already checked the mail settings (`MailConfig::check`) with sentences
        // naming them; what is left to fail here is setting up TLS, which names its setting too.
        let mailer = Mailer::new(&config.mail).map_err(std::io::Error::other)?;
        let storage = Storage::open(&config.storage)?;
        let archive = Storage::open(&config.archive)?;
        std::fs::create_dir_all(config.upload_dir())?;
        let render_slots = Arc::new(Semaphore::new(config.render_workers.max(1)));
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        let password_slots = Arc::new(Semaphore::new(cores * 2));
        let storage_full = Arc::new(StorageFullness::default());
        let uploads = Arc::new(crate::photos::upload_slots::UploadSlots::default());
        let decode_budget = Arc::new(crate::photos::decode_budget::DecodeBudget::new(config.decode_memory));
        let render_pool = crate::photos::render_pool::RenderPool::start("render", config.render_workers.max(1))?;
        let early_reads = crate::photos::early_read::EarlyReads::new(config.render_workers)?;
        Ok(Self {
            db,
            storage,
            archive,
            config: Arc::new(config),
            mailer,
            render_slots,
            password_slots,
            storage_full,
            uploads,
            decode_budget,
            render_pool,
            early_reads: Arc::new(early_reads),
        })
    }
}

impl Ctx {
    /// Called by `serve` only, before it listens: this instance's own upload folder is emptied,
    /// since whatever is in it was being received when this instance last stopped, and nobody
    /// will finish it. Other instances' folders are left alone (they may be receiving right now),
    /// except files a day old, left by instances that are gone. (Not on every opening: a one-off
    /// `server migrate` run beside a serving instance has the same instance name.)
    pub fn clear_unfinished_uploads(&self) -> std::io::Result<()> {
        let own = self.config.upload_dir();
        let emptied = empty_folder(&own)?;
        if emptied > 0 {
            tracing::info!(
                folder = %own.display(),
                files = emptied,
                "removed {emptied} unfinished uploads left by the last run of this instance"
            );
        }
        remove_stale_uploads(&self.config.upload_tmp, &own)
    }
}

/// Remembers that uploads are failing for lack of space, for `/healthz`: from a refused write
/// until a later upload is stored, or for `StorageFullness::MEMORY` after the last refusal (the
/// operator may free space without anyone uploading).
#[derive(Debug, Default)]
pub struct StorageFullness {
    /// Unix milliseconds of the last refused write; 0 when none is remembered.
    last_full_ms: std::sync::atomic::AtomicI64,
}

impl StorageFullness {
    /// How long a refused write keeps the health check degraded without a successful one.
    pub const MEMORY: std::time::Duration = std::time::Duration::from_secs(300);

    /// A write was refused because the storage is full.
    pub fn refused(&self, now_ms: i64) {
        self.last_full_ms.store(now_ms.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// A write went through: there is room again.
    pub fn stored(&self) {
        self.last_full_ms.store(0, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether writes were refused recently and none has succeeded since.
    pub fn is_full(&self, now_ms: i64) -> bool {
        let last = self.last_full_ms.load(std::sync::atomic::Ordering::Relaxed);
        let memory = i64::try_from(Self::MEMORY.as_millis()).unwrap_or(i64::MAX);
        last > 0 && now_ms.saturating_sub(last) < memory
    }
}

/// Removes every file in `dir`; returns how many.
fn empty_folder(dir: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// Removes files a day old from the shared upload folder and other instances' subfolders.
fn remove_stale_uploads(root: &Path, own: &Path) -> std::io::Result<()> {
    let day = std::time::Duration::from_secs(24 * 3600);
    let stale =
        |meta: &std::fs::Metadata| meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age > day);
    for entry in std::fs::read_dir(root)?.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() && path != own {
            for inner in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                if inner.metadata().is_ok_and(|m| m.is_file() && stale(&m)) {
                    // Another instance may have removed it first: that is fine.
                    let _ = std::fs::remove_file(inner.path());
                }
            }
        } else if meta.is_file() && stale(&meta) {
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}
