//! Settings, by flag or environment variable. A missing or wrong setting stops start-up with one
//! sentence naming it.

use backend::storage::place::{Bucket, Place};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Proofroom: client galleries for photographers.
#[derive(Debug, Clone, Parser)]
#[command(name = "server", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PROOFROOM_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,
    /// Database URL: a SQLite file (default) or postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/proofroom.db?mode=rwc", global = true)]
    pub database_url: String,
    /// Where originals and renditions are stored: a local folder, or s3://bucket/prefix on
    /// S3-compatible object storage (reached with the usual AWS_* variables: AWS_REGION,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, AWS_ALLOW_HTTP, …).
    #[arg(long, env = "PROOFROOM_STORAGE", default_value = "data/objects", global = true)]
    pub storage: String,
    /// The archive tier originals older than PROOFROOM_ARCHIVE_AFTER_DAYS move to: a folder or
    /// s3://bucket/prefix (default: `archive` beside PROOFROOM_STORAGE).
    #[arg(long, env = "PROOFROOM_ARCHIVE", global = true)]
    pub archive: Option<String>,
    /// The S3 storage class of archived objects (STANDARD_IA, GLACIER_IR, …), when PROOFROOM_ARCHIVE
    /// is a bucket.
    #[arg(long, env = "PROOFROOM_ARCHIVE_STORAGE_CLASS", global = true)]
    pub archive_storage_class: Option<String>,
    /// The local folder uploads are received into before they go to storage (default:
    /// `uploads-in-progress` beside PROOFROOM_STORAGE, or data/uploads-in-progress when it is a
    /// bucket).
    #[arg(long, env = "PROOFROOM_UPLOADS", global = true)]
    pub uploads: Option<String>,
    /// Days after upload when an image's original (and its custom download sizes) moves to the
    /// archive tier; its previews stay live. 0: never by age (a photographer can still archive a
    /// gallery by hand).
    #[arg(long, env = "PROOFROOM_ARCHIVE_AFTER_DAYS", default_value_t = 365, global = true)]
    pub archive_after_days: u64,
    /// Seconds every restore waits before it starts copying: a slow cold tier simulated for tests
    /// and demos (0 in production with a local archive).
    #[arg(long, env = "PROOFROOM_RESTORE_DELAY", default_value_t = 0, global = true)]
    pub restore_delay: u64,
    /// The address people use to reach this server (e.g. https://photos.example.com). Used in
    /// printed links and for the cross-site request check; https here marks cookies Secure.
    #[arg(long, env = "PROOFROOM_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// This instance's name among instances sharing PROOFROOM_STORAGE: it receives uploads into
    /// its own folder under uploads-in-progress/ and empties that folder when it starts
    /// (default: the host name and the port of PROOFROOM_ADDR).
    #[arg(long, env = "PROOFROOM_INSTANCE", global = true)]
    pub instance: Option<String>,
    /// Folder with the built browser assets (pkg/, CSS, icons).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: String,
    /// How many images may be rendered at once (default: the number of cores).
    #[arg(long, env = "PROOFROOM_RENDER_WORKERS", global = true)]
    pub render_workers: Option<usize>,
    /// Seconds a job claimed by an instance that died waits before another instance takes it
    /// over (a live instance renews its claim every third of this, however long the job runs).
    #[arg(long, env = "PROOFROOM_JOB_LEASE_SECONDS", default_value_t = 30, global = true)]
    pub job_lease_seconds: u64,
    /// Seconds a client may take to send a request's head (request line and headers) before its
    /// connection is closed.
    #[arg(long, env = "PROOFROOM_HEADER_TIMEOUT_SECONDS", default_value_t = 30, global = true)]
    pub header_timeout_seconds: u64,
    /// Seconds an upload (any request body) may go without new data before it is given up and
    /// its temporary file removed. Downloads are never cut by it.
    #[arg(long, env = "PROOFROOM_BODY_IDLE_SECONDS", default_value_t = 60, global = true)]
    pub body_idle_seconds: u64,
    /// How many connections one client address may hold open at once (trusted proxies are exempt).
    #[arg(long, env = "PROOFROOM_CONNECTIONS_PER_ADDRESS", default_value_t = 64, global = true)]
    pub connections_per_address: usize,
    /// How many files one photographer's studio may be uploading at once.
    #[arg(long, env = "PROOFROOM_UPLOADS_PER_STUDIO", default_value_t = 8, global = true)]
    pub uploads_per_studio: usize,
    /// How often the storage sweep looks for objects no row refers to, in minutes.
    #[arg(long, env = "PROOFROOM_SWEEP_EVERY_MINUTES", default_value_t = 60, global = true)]
    pub sweep_every_minutes: u64,
    /// How old (minutes) an unreferenced object must be before the sweep removes it; longer than
    /// any upload takes from copying its original to saving its row.
    #[arg(long, env = "PROOFROOM_SWEEP_GRACE_MINUTES", default_value_t = 60, global = true)]
    pub sweep_grace_minutes: u64,
    /// How fast the scrub re-reads stored originals to check them, in MB a second (0: off).
    #[arg(long, env = "PROOFROOM_SCRUB_MB_PER_SECOND", default_value_t = 8, global = true)]
    pub scrub_mb_per_second: u64,
    /// Memory, in MB, that all image decodes together may use at once (uploads being checked,
    /// renditions being made). A big image waits for room; one needing more than all of it is
    /// refused at upload. The default takes a 45-megapixel 16-bit TIFF (about 800 MB: its
    /// 16-bit samples, an 8-bit copy and the file itself), as a retoucher exports one.
    #[arg(long, env = "PROOFROOM_DECODE_MEMORY", default_value_t = 1024, global = true)]
    pub decode_memory: u64,
    /// The largest picture an upload may hold, in megapixels (width × height as stored; at most
    /// 200, what the strict check decodes): a bigger one is refused with a sentence before
    /// anything is decoded.
    #[arg(long, env = "PROOFROOM_MAX_MEGAPIXELS", default_value_t = 200, global = true)]
    pub max_megapixels: u64,
    /// The largest file an upload may be, in MB.
    #[arg(long, env = "PROOFROOM_MAX_UPLOAD_MB", default_value_t = 200, global = true)]
    pub max_upload_mb: u64,
    /// Reverse proxies (comma-separated IP addresses) whose X-Forwarded-For is believed when
    /// counting attempts per client address (PINs, passwords, sign-ins, unknown addresses).
    /// Leave empty when clients connect directly.
    #[arg(long, env = "PROOFROOM_TRUSTED_PROXIES", value_delimiter = ',', global = true)]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Folder of the demo photos `seed` uploads.
    #[arg(long, env = "PROOFROOM_DEMO_PHOTOS", default_value = "../shared/corpus/demo", global = true)]
    pub demo_photos: PathBuf,
    /// How mail is sent: smtp (the default), or print to print every message to standard output
    /// instead (a machine without a mail server; `make run` uses it).
    #[arg(long, env = "PROOFROOM_MAIL_DELIVERY", default_value = "smtp", global = true)]
    pub mail_delivery: backend::mail::MailDelivery,
    /// SMTP server outgoing mail is handed to (name or address).
    #[arg(long, env = "PROOFROOM_SMTP_HOST", default_value = "127.0.0.1", global = true)]
    pub smtp_host: String,
    /// SMTP port: 25 for a local relay, 587 with starttls, 465 with tls (1025 for a development
    /// mail catcher).
    #[arg(long, env = "PROOFROOM_SMTP_PORT", default_value_t = 25, global = true)]
    pub smtp_port: u16,
    /// How the SMTP connection is protected: none, starttls or tls.
    #[arg(long, env = "PROOFROOM_SMTP_TLS", default_value = "none", global = true)]
    pub smtp_tls: backend::mail::SmtpTls,
    /// SMTP login name, when the server wants one (with PROOFROOM_SMTP_PASSWORD).
    #[arg(long, env = "PROOFROOM_SMTP_USERNAME", global = true)]
    pub smtp_username: Option<String>,
    /// SMTP password. Prefer the environment variable to the flag (flags show in process lists);
    /// it is never printed.
    #[arg(long, env = "PROOFROOM_SMTP_PASSWORD", hide_env_values = true, global = true)]
    pub smtp_password: Option<backend::mail::Secret>,
    /// Who mail is from: Name <address@example.com> or a bare address.
    #[arg(long, env = "PROOFROOM_MAIL_FROM", default_value = backend::mail::config::DEFAULT_FROM, global = true)]
    pub mail_from: String,
    /// Stripe secret key (sk_live_… or sk_test_…): card payments through Stripe Checkout in store
    /// mode, with PROOFROOM_STRIPE_WEBHOOK_SECRET. Never printed.
    #[arg(long, env = "PROOFROOM_STRIPE_SECRET_KEY", hide_env_values = true, global = true)]
    pub stripe_secret_key: Option<backend::mail::Secret>,
    /// The signing secret (whsec_…) of the webhook endpoint /webhooks/stripe.
    #[arg(long, env = "PROOFROOM_STRIPE_WEBHOOK_SECRET", hide_env_values = true, global = true)]
    pub stripe_webhook_secret: Option<backend::mail::Secret>,
    /// Stripe's API address (a local stand-in in tests).
    #[arg(long, env = "PROOFROOM_STRIPE_API_BASE", default_value = "https://api.stripe.com", global = true)]
    pub stripe_api_base: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `path` made absolute and without `.` and `..` parts, and through symbolic links where it
/// exists, so two spellings of one folder compare equal.
/// `name` beside `place`: a sibling folder, or a sibling prefix in the same bucket (`None`
/// for a whole bucket, which has no sibling inside it).
fn beside(place: &Place, name: &str) -> Option<Place> {
    match place {
        Place::Folder(folder) => {
            Some(Place::Folder(folder.parent().map_or_else(|| PathBuf::from(name), |p| p.join(name))))
        }
        Place::Bucket(bucket) if bucket.prefix.is_empty() => None,
        Place::Bucket(bucket) => {
            let prefix = match bucket.prefix.rsplit_once('/') {
                Some((parent, _)) => format!("{parent}/{name}"),
                None => name.to_owned(),
            };
            Some(Place::Bucket(Bucket { prefix, ..bucket.clone() }))
        }
    }
}

/// A folder made absolute (see `absolute`); a bucket as it is.
fn absolute_place(place: Place) -> Place {
    match place {
        Place::Folder(folder) => Place::Folder(absolute(&folder)),
        bucket => bucket,
    }
}

fn absolute(path: &std::path::Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let whole = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for part in whole.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// What to do (default: serve).
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the app, the media routes and the job workers.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Migrate, then create the demo studio and gallery (idempotent), render them, and exit.
    Seed,
    /// After `seed`: a large published gallery (public link on) of copies of the demo photos,
    /// for benchmarks and scale tests (idempotent).
    SeedLarge {
        /// How many photos.
        #[arg(long, default_value_t = 1000)]
        photos: u32,
        /// Its address: `/g/SLUG`.
        #[arg(long, default_value = "large")]
        slug: String,
    },
}

impl Config {
    /// Checks the settings clap cannot check alone.
    pub fn validate(&self) -> Result<(), String> {
        self.validate_with(&std::env::vars().collect::<Vec<_>>())
    }

    /// `validate`, with the `AWS_*` settings of a bucket taken from `env`.
    fn validate_with(&self, env: &[(String, String)]) -> Result<(), String> {
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err("DATABASE_URL must start with sqlite: or postgres:// (for example sqlite://data/proofroom.db?mode=rwc).".to_owned());
        }
        if self.stripe_secret_key.is_some() != self.stripe_webhook_secret.is_some() {
            return Err("Card payments need both PROOFROOM_STRIPE_SECRET_KEY and PROOFROOM_STRIPE_WEBHOOK_SECRET (or neither, for invoice payments only).".to_owned());
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(
                "PROOFROOM_PUBLIC_URL must start with http:// or https:// (for example https://photos.example.com)."
                    .to_owned(),
            );
        }
        if let Some(name) = &self.instance
            && backend::config::folder_name(name) != *name
        {
            return Err(
                "PROOFROOM_INSTANCE may hold only letters, digits, -, _ and . and must not start with a dot (for example web-1)."
                    .to_owned(),
            );
        }
        for (value, name, example) in [
            (self.header_timeout_seconds, "PROOFROOM_HEADER_TIMEOUT_SECONDS", 30),
            (self.job_lease_seconds, "PROOFROOM_JOB_LEASE_SECONDS", 30),
            (self.body_idle_seconds, "PROOFROOM_BODY_IDLE_SECONDS", 60),
            (self.connections_per_address as u64, "PROOFROOM_CONNECTIONS_PER_ADDRESS", 64),
            (self.uploads_per_studio as u64, "PROOFROOM_UPLOADS_PER_STUDIO", 8),
        ] {
            if value == 0 {
                return Err(format!("{name} must be at least 1 (for example {example})."));
            }
        }
        if !(1..=200).contains(&self.max_megapixels) {
            return Err(
                "PROOFROOM_MAX_MEGAPIXELS must be between 1 and 200 (megapixels; a 45-megapixel camera needs 45)."
                    .to_owned(),
            );
        }
        if !(1..=10_000).contains(&self.max_upload_mb) {
            return Err("PROOFROOM_MAX_UPLOAD_MB must be between 1 and 10000 (MB; a 45-megapixel TIFF is about 270)."
                .to_owned());
        }
        if self.decode_memory < 64 {
            return Err(
                "PROOFROOM_DECODE_MEMORY must be at least 64 (MB; a 24-megapixel photo needs about 150).".to_owned()
            );
        }
        let (storage, archive) = self.places(env)?;
        // Archiving into the live store would delete the only copy: refused however the two
        // are spelt (relative, `./`, `..`, a bucket's prefixes).
        let (archive, storage) = (absolute_place(archive), absolute_place(storage));
        if archive.overlaps(&storage) {
            return Err(format!(
                "PROOFROOM_ARCHIVE ({archive}) must be outside PROOFROOM_STORAGE ({storage}) and not contain it; set PROOFROOM_ARCHIVE to another folder or bucket prefix, for example data/archive."
            ));
        }
        if self.sweep_every_minutes == 0 {
            return Err("PROOFROOM_SWEEP_EVERY_MINUTES must be at least 1 (for example 60).".to_owned());
        }
        if self.sweep_grace_minutes < 10 {
            return Err("PROOFROOM_SWEEP_GRACE_MINUTES must be at least 10, longer than any upload takes to be saved (for example 60).".to_owned());
        }
        if self.render_workers == Some(0) {
            return Err("PROOFROOM_RENDER_WORKERS must be at least 1.".to_owned());
        }
        // Behind a proxy, or taking card payments (Stripe sends buyers back to it), the listening
        // address is not the one people open: links in mail and Stripe's return pages would
        // point at it, and cookies would not be marked Secure.
        if self.public_url.is_none() && (!self.trusted_proxies.is_empty() || self.stripe_secret_key.is_some()) {
            let why = if self.trusted_proxies.is_empty() {
                "card payments are set up"
            } else {
                "PROOFROOM_TRUSTED_PROXIES says requests come through a proxy"
            };
            return Err(format!(
                "PROOFROOM_PUBLIC_URL must be set when {why}: the links in mail, the return from card payment and Secure cookies are made from it (for example https://photos.example.com)."
            ));
        }
        // Links in mail are made from the public address: from the listening one when none is
        // given, which for every interface (0.0.0.0) is no address a client can open.
        if self.public_url.is_none()
            && self.addr.ip().is_unspecified()
            && self.mail_delivery == backend::mail::MailDelivery::Smtp
        {
            return Err(format!(
                "PROOFROOM_PUBLIC_URL must be set when listening on {} and sending mail: the links in invitations, receipts and sign-in mails are made from it (for example https://photos.example.com).",
                self.addr
            ));
        }
        self.mail().check()
    }

    /// The origin browsers send for this server, e.g. `http://127.0.0.1:3000`.
    pub fn public_origin(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.addr),
        }
    }

    /// Whether cookies must be marked Secure (served over TLS).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    /// The live store and the archive tier, with the S3 settings from `env` (the `AWS_*`
    /// variables) where they are buckets; every wrong setting is a sentence of the error.
    pub fn places(&self, env: &[(String, String)]) -> Result<(Place, Place), String> {
        let storage = Place::parse(&self.storage).map_err(|e| format!("PROOFROOM_STORAGE: {e}"))?;
        let archive = match &self.archive {
            Some(archive) => Place::parse(archive).map_err(|e| format!("PROOFROOM_ARCHIVE: {e}"))?,
            None => beside(&storage, "archive").ok_or_else(|| {
                "PROOFROOM_STORAGE is a whole bucket: set PROOFROOM_ARCHIVE to another bucket or to a prefix outside it, for example s3://proofroom-archive.".to_owned()
            })?,
        };
        let mut problems = Vec::new();
        // Both may be buckets with the same AWS_* settings: each wrong one is said once.
        let mut with_settings = |place: Place, class: Option<&String>| match place {
            Place::Bucket(bucket) => {
                let mut bucket = bucket.with_env(env.iter().cloned());
                bucket.storage_class = class.cloned();
                for problem in bucket.problems() {
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
                Place::Bucket(bucket)
            }
            folder => folder,
        };
        let storage = with_settings(storage, None);
        let archive = with_settings(archive, self.archive_storage_class.as_ref());
        if self.archive_storage_class.is_some() && archive.folder().is_some() {
            problems.push(
                "PROOFROOM_ARCHIVE_STORAGE_CLASS needs PROOFROOM_ARCHIVE to be a bucket (s3://bucket/prefix)."
                    .to_owned(),
            );
        }
        if problems.is_empty() { Ok((storage, archive)) } else { Err(problems.join("\n")) }
    }

    /// The backend's settings derived from these (after `validate`: a place it would refuse is
    /// read as a folder).
    pub fn backend(&self) -> backend::config::BackendConfig {
        let (storage, archive) = self
            .places(&std::env::vars().collect::<Vec<_>>())
            .unwrap_or_else(|_| (Place::Folder(PathBuf::from(&self.storage)), Place::Folder(PathBuf::from("archive"))));
        let tmp = match (&self.uploads, &storage) {
            (Some(uploads), _) => PathBuf::from(uploads),
            (None, Place::Folder(folder)) => {
                folder.parent().map_or_else(|| PathBuf::from("uploads-in-progress"), |p| p.join("uploads-in-progress"))
            }
            (None, Place::Bucket(_)) => PathBuf::from("data/uploads-in-progress"),
        };
        let mut config = backend::config::BackendConfig::new(PathBuf::new(), tmp);
        config.storage = storage;
        config.archive = archive;
        config.instance = match &self.instance {
            Some(name) => backend::config::folder_name(name),
            None => backend::config::default_instance(&self.addr.port().to_string()),
        };
        if let Some(workers) = self.render_workers {
            config.render_workers = workers;
        }
        config.trusted_proxies.clone_from(&self.trusted_proxies);
        config.decode_memory = self.decode_memory.saturating_mul(1_000_000);
        config.limits.max_pixels = self.max_megapixels * 1_000_000;
        config.limits.max_bytes = self.max_upload_mb * 1_000_000;
        config.header_read_timeout = std::time::Duration::from_secs(self.header_timeout_seconds);
        config.job_lease = std::time::Duration::from_secs(self.job_lease_seconds);
        config.body_idle_timeout = std::time::Duration::from_secs(self.body_idle_seconds);
        config.connections_per_address = self.connections_per_address;
        config.uploads_per_studio = self.uploads_per_studio;
        config.sweep_every = std::time::Duration::from_secs(self.sweep_every_minutes.saturating_mul(60));
        config.sweep_grace = std::time::Duration::from_secs(self.sweep_grace_minutes.saturating_mul(60));
        config.scrub_rate = self.scrub_mb_per_second.saturating_mul(1_000_000);
        config.archive_after = (self.archive_after_days > 0)
            .then(|| std::time::Duration::from_secs(self.archive_after_days.saturating_mul(86_400)));
        config.restore_delay = std::time::Duration::from_secs(self.restore_delay);
        config.public_origin = self.public_origin();
        config.mail = self.mail();
        config.stripe = match (&self.stripe_secret_key, &self.stripe_webhook_secret) {
            (Some(secret_key), Some(webhook_secret)) => Some(backend::config::StripeConfig {
                secret_key: secret_key.expose().to_owned(),
                webhook_secret: webhook_secret.expose().to_owned(),
                api_base: self.stripe_api_base.clone(),
            }),
            _ => None,
        };
        config
    }

    /// The outgoing-mail settings (retry pace and timeout keep their defaults).
    pub fn mail(&self) -> backend::mail::MailConfig {
        backend::mail::MailConfig {
            delivery: self.mail_delivery,
            smtp_host: self.smtp_host.clone(),
            smtp_port: self.smtp_port,
            smtp_tls: self.smtp_tls,
            smtp_username: self.smtp_username.clone().filter(|u| !u.is_empty()),
            smtp_password: self.smtp_password.clone().filter(|p| !p.expose().is_empty()),
            from: self.mail_from.clone(),
            ..backend::mail::MailConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(args: &[&str]) -> Result<(), String> {
        let mut all = vec!["server"];
        all.extend_from_slice(args);
        Config::try_parse_from(all).expect("flags parse").validate()
    }

    #[test]
    fn mail_links_need_an_address_clients_can_open() {
        let refused = checked(&["--addr", "0.0.0.0:3000"]).expect_err("no public address");
        assert!(refused.contains("PROOFROOM_PUBLIC_URL"), "{refused}");
        assert_eq!(checked(&["--addr", "0.0.0.0:3000", "--public-url", "https://photos.example.com"]), Ok(()));
        assert_eq!(checked(&["--addr", "0.0.0.0:3000", "--mail-delivery", "print"]), Ok(()));
        assert_eq!(checked(&["--addr", "127.0.0.1:3000"]), Ok(()));
    }

    #[test]
    fn behind_a_proxy_or_with_card_payments_the_public_address_is_needed() {
        let refused = checked(&["--trusted-proxies", "10.0.0.1"]).expect_err("behind a proxy");
        assert!(refused.contains("PROOFROOM_PUBLIC_URL") && refused.contains("proxy"), "{refused}");
        let stripe = ["--stripe-secret-key", "sk_test_1", "--stripe-webhook-secret", "whsec_1"];
        let refused = checked(&stripe).expect_err("card payments");
        assert!(refused.contains("card payments"), "{refused}");
        let mut both = stripe.to_vec();
        both.extend(["--trusted-proxies", "10.0.0.1", "--public-url", "https://photos.example.com"]);
        assert_eq!(checked(&both), Ok(()));
    }

    #[test]
    fn upload_limits_are_configured_within_what_the_checks_decode() {
        let config =
            Config::try_parse_from(["server", "--max-megapixels", "60", "--max-upload-mb", "120"]).expect("parse");
        assert_eq!(config.validate(), Ok(()));
        let limits = config.backend().limits;
        assert_eq!((limits.max_pixels, limits.max_bytes), (60_000_000, 120_000_000));
        for bad in [["--max-megapixels", "0"], ["--max-megapixels", "201"], ["--max-upload-mb", "0"]] {
            let refused = checked(&bad).expect_err("out of range");
            assert!(refused.contains("PROOFROOM_MAX_"), "{refused}");
        }
    }

    #[test]
    fn the_archive_is_never_the_live_storage_however_it_is_spelt() {
        assert_eq!(checked(&["--storage", "data/objects"]), Ok(()));
        assert_eq!(checked(&["--storage", "data/objects", "--archive", "/srv/cold"]), Ok(()));
        // The default archive sits beside the storage: a storage folder named "archive" would be it.
        assert!(checked(&["--storage", "/srv/archive"]).is_err());
        for archive in ["data/objects", "./data/objects", "data/x/../objects", "data/objects/old", "data"] {
            let refused = checked(&["--storage", "data/objects", "--archive", archive]).expect_err(archive);
            assert!(refused.contains("PROOFROOM_ARCHIVE"), "{refused}");
        }
    }

    fn places(args: &[&str], env: &[(&str, &str)]) -> Result<(Place, Place), String> {
        let mut all = vec!["server"];
        all.extend_from_slice(args);
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::try_parse_from(all).expect("flags parse").places(&env)
    }

    #[test]
    fn a_bucket_is_storage_with_its_archive_beside_it() {
        let region = [("AWS_REGION", "eu-central-1")];
        let (storage, archive) = places(&["--storage", "s3://photos/studio/live"], &region).expect("valid");
        assert_eq!(storage.to_string(), "s3://photos/studio/live");
        assert_eq!(archive.to_string(), "s3://photos/studio/archive");
        let (_, archive) = places(
            &["--storage", "s3://photos/live", "--archive", "s3://cold", "--archive-storage-class", "GLACIER_IR"],
            &region,
        )
        .expect("valid");
        let Place::Bucket(cold) = archive else { panic!("a bucket") };
        assert_eq!(
            (cold.storage_class.as_deref(), cold.option("aws_region")),
            (Some("GLACIER_IR"), Some("eu-central-1"))
        );
        // A whole bucket has no "beside"; a class needs a bucket; wrong settings are all named.
        assert!(
            places(&["--storage", "s3://photos"], &region).expect_err("whole bucket").contains("PROOFROOM_ARCHIVE")
        );
        assert!(places(&["--archive-storage-class", "STANDARD_IA"], &[]).is_err());
        let wrong = places(&["--storage", "s3://photos/live"], &[("AWS_ACCESS_KEY_ID", "k")]).expect_err("wrong");
        assert_eq!(wrong.lines().count(), 2, "{wrong}");
        for archive in ["s3://photos", "s3://photos/live/old"] {
            let config = Config::try_parse_from(["server", "--storage", "s3://photos/live", "--archive", archive]);
            let env: Vec<(String, String)> = region.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            let refused = config.expect("flags parse").validate_with(&env).expect_err(archive);
            assert!(refused.contains("must be outside PROOFROOM_STORAGE"), "{refused}");
        }
    }
}
