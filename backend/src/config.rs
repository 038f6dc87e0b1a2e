//! The backend's settings. The server builds it from flags and environment; tests use
//! `BackendConfig::for_tests`.

use std::path::PathBuf;
use std::time::Duration;

/// Settings the backend needs at run time.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    /// Folder of the local object store (originals and renditions).
    pub storage_root: PathBuf,
    /// Folder for uploads in flight; files a day old are removed at start-up.
    pub upload_tmp: PathBuf,
    /// What an upload may be.
    pub limits: media::Limits,
    /// JPEG quality of renditions.
    pub rendition_quality: u8,
    /// How many images may be decoded and resized at once (each holds a full-size decode).
    pub render_workers: usize,
    /// How long a claimed job is reserved before another worker may take it over.
    pub job_lease: Duration,
    /// How often idle workers look for new jobs.
    pub job_poll: Duration,
    /// Reverse proxies whose `X-Forwarded-For` is believed; from anyone else it is ignored, so a
    /// client cannot pick the address the PIN throttle counts against.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Outgoing mail: the SMTP server, the sender and the retry pace.
    pub mail: crate::mail::MailConfig,
    /// The origin visitors reach this server at (`https://photos.example.com`), for links that
    /// leave the site: emailed share links, copied links.
    pub public_origin: String,
}

impl BackendConfig {
    /// Settings for a data folder, with production defaults.
    pub fn new(storage_root: PathBuf, upload_tmp: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        Self {
            storage_root,
            upload_tmp,
            limits: media::Limits::default(),
            rendition_quality: 85,
            render_workers: cores.clamp(1, 8),
            job_lease: Duration::from_secs(300),
            job_poll: Duration::from_millis(500),
            trusted_proxies: Vec::new(),
            mail: crate::mail::MailConfig::default(),
            public_origin: "http://127.0.0.1:3000".to_owned(),
        }
    }
}
