//! The backend's settings. The server builds it from flags and environment; tests use
//! `BackendConfig::for_tests`.

use crate::storage::place::Place;
use std::path::PathBuf;
use std::time::Duration;

/// Settings the backend needs at run time.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    /// Where the live objects are (originals, renditions, custom sizes, logos).
    pub storage: Place,
    /// Where the archive tier is (originals and custom sizes of old images).
    pub archive: Place,
    /// How old an image must be for its original to move to the archive (`None`: never by age).
    pub archive_after: Option<Duration>,
    /// How often the archive job looks for old images and restores that ran out.
    pub archive_every: Duration,
    /// A wait before every restore copies anything: a slow cold tier, simulated.
    pub restore_delay: Duration,
    /// How long a restore stays live (and its emailed link works).
    pub restore_window: Duration,
    /// Folder for uploads in flight, shared by the instances that share the storage: each
    /// receives into its own subfolder named `instance`, emptied when it starts.
    pub upload_tmp: PathBuf,
    /// This instance's name among those sharing the storage (its upload subfolder's name).
    pub instance: String,
    /// What an upload may be.
    pub limits: media::Limits,
    /// JPEG quality of renditions.
    pub rendition_quality: u8,
    /// How many images may be decoded and resized at once (each holds a full-size decode).
    pub render_workers: usize,
    /// Bytes all decodes together may use at once (`decode_budget`).
    pub decode_memory: u64,
    /// How long a claimed job is reserved before another worker may take it over. A running job
    /// renews it every third of this (a heartbeat), so this is how long a dead worker's job
    /// waits, not how long a job may take.
    pub job_lease: Duration,
    /// How long a client may take to send a request's head before its connection is closed.
    pub header_read_timeout: Duration,
    /// How long a request body (an upload) may go without new data before it fails.
    pub body_idle_timeout: Duration,
    /// How many connections one client address may hold open (trusted proxies are exempt).
    pub connections_per_address: usize,
    /// How many files one studio may be uploading at once.
    pub uploads_per_studio: usize,
    /// How often the storage sweep looks for objects no row refers to (`sweep`).
    pub sweep_every: Duration,
    /// How old an unreferenced object must be before the sweep removes it: longer than any
    /// upload takes between copying its original and committing its row.
    pub sweep_grace: Duration,
    /// How many bytes a second the scrub re-reads to verify stored originals (0: no scrub).
    pub scrub_rate: u64,
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
    /// Card payments through Stripe Checkout, when its keys are configured.
    pub stripe: Option<StripeConfig>,
}

impl BackendConfig {
    /// This instance's own upload folder.
    pub fn upload_dir(&self) -> PathBuf {
        self.upload_tmp.join(&self.instance)
    }

    /// Settings for a data folder, with production defaults.
    pub fn new(storage_root: PathBuf, upload_tmp: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        let archive = storage_root.parent().map_or_else(|| PathBuf::from("archive"), |p| p.join("archive"));
        Self {
            storage: Place::Folder(storage_root),
            archive: Place::Folder(archive),
            archive_after: Some(Duration::from_secs(365 * 86_400)),
            archive_every: Duration::from_secs(3600),
            restore_delay: Duration::ZERO,
            restore_window: Duration::from_secs(7 * 86_400),
            upload_tmp,
            instance: default_instance("3000"),
            limits: media::Limits::default(),
            rendition_quality: 85,
            render_workers: cores.clamp(1, 8),
            decode_memory: 1_024_000_000,
            job_lease: Duration::from_secs(30),
            job_poll: Duration::from_millis(500),
            header_read_timeout: Duration::from_secs(30),
            body_idle_timeout: Duration::from_secs(60),
            connections_per_address: 64,
            uploads_per_studio: 8,
            sweep_every: Duration::from_secs(3600),
            sweep_grace: Duration::from_secs(3600),
            scrub_rate: 8_000_000,
            trusted_proxies: Vec::new(),
            mail: crate::mail::MailConfig::default(),
            public_origin: "http://127.0.0.1:3000".to_owned(),
            stripe: None,
        }
    }
}

/// The default instance name: the host's name and the port, so instances on several hosts, or
/// several on one host, each get their own upload folder. Only letters, digits, `-`, `_` and `.`
/// are kept, so the name is a safe folder name.
pub fn default_instance(port: &str) -> String {
    let host =
        std::env::var("HOSTNAME").ok().or_else(|| std::fs::read_to_string("/etc/hostname").ok()).unwrap_or_default();
    folder_name(&format!("{}-{port}", host.trim()))
}

/// `name` with everything but letters, digits, `-`, `_` and `.` dropped (never empty, never `.`
/// or `..`).
pub fn folder_name(name: &str) -> String {
    let kept: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    let kept = kept.trim_start_matches('.').to_owned();
    if kept.is_empty() { "proofroom".to_owned() } else { kept }
}

/// Stripe's settings (card payments, `store::stripe`). Its `Debug` hides the secrets: the
/// context that holds it is printed whole by `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct StripeConfig {
    /// `sk_live_…` or `sk_test_…`.
    pub secret_key: String,
    /// `whsec_…`: the webhook endpoint's signing secret.
    pub webhook_secret: String,
    /// `https://api.stripe.com`; tests point it at a local stand-in.
    pub api_base: String,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig")
            .field("secret_key", &"…")
            .field("webhook_secret", &"…")
            .field("api_base", &self.api_base)
            .finish()
    }
}
