//! Object storage. `StorageKey` is the one place object names and content types are spelled;
//! `Storage` wraps object_store: a local folder by default, or a bucket of S3-compatible object
//! storage (`place`). Writes are atomic: an object appears under its name only once complete (a
//! local file is renamed into place; an S3 multipart upload shows nothing until it completes),
//! so a crash never leaves a half-written original or rendition visible.

mod arriving;
pub mod integrity;
mod local_reads;
pub mod pairing;
pub mod place;
mod read_ahead;
mod read_buffers;
pub mod s3_client;
pub mod scrub;
pub mod sweep;

pub use arriving::ArrivingObject;
use bytes::Bytes;
use domain::ids::{ImageId, StudioId};
use domain::rendition::RenditionSize;
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{
    Attribute, Attributes, GetOptions, GetRange, GetResultPayload, ObjectStore, ObjectStoreExt, PutMultipartOptions,
    PutOptions, PutPayload, WriteMultipart,
};
use place::{Bucket, Place};
pub use read_ahead::{ReadAhead, Step};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use tokio::io::AsyncReadExt;

/// Every kind of object Proofroom stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKey {
    /// The uploaded file, byte for byte.
    Original(ImageId),
    /// A standard rendition (JPEG).
    Rendition(ImageId, RenditionSize),
    /// A preview with the studio's watermark burned in (JPEG): what visitors see where previews
    /// carry the watermark.
    Watermarked(ImageId, RenditionSize),
    /// A download in a gallery's custom size (JPEG), made on first request.
    Download(ImageId, domain::policy::DownloadSize),
    /// A studio's logo, as shown on its galleries (JPEG, at most 512 px).
    StudioLogo(StudioId),
    /// The shape of a studio's logo uploaded with transparency (grey PNG: its alpha), which its
    /// watermark is made of; the JPEG logo has lost it.
    StudioMark(StudioId),
    /// Written and read back by the health check.
    HealthProbe,
    /// The id of the database this store belongs to (see `pairing`).
    Mark,
}

/// The folder of the originals (all in one folder, by id).
const ORIGINALS: &str = "originals";

impl StorageKey {
    /// The object read in this one's place when it is missing: a preview size that came later
    /// than the image (see `RenditionSize::stand_in`).
    pub fn stand_in(self) -> Option<Self> {
        match self {
            Self::Rendition(id, size) => size.stand_in().map(|s| Self::Rendition(id, s)),
            Self::Watermarked(id, size) => size.stand_in().map(|s| Self::Watermarked(id, s)),
            _ => None,
        }
    }

    /// The object name.
    pub fn path(&self) -> ObjectPath {
        match self {
            Self::Original(id) => ObjectPath::from(format!("{ORIGINALS}/{id}")),
            Self::Rendition(id, size) => ObjectPath::from(format!("renditions/{id}/{}.jpg", size.slug())),
            Self::Watermarked(id, size) => ObjectPath::from(format!("watermarked/{id}/{}.jpg", size.slug())),
            Self::Download(id, size) => ObjectPath::from(format!("downloads/{id}/{}.jpg", size.token())),
            Self::StudioLogo(id) => ObjectPath::from(format!("studios/{id}/logo.jpg")),
            Self::StudioMark(id) => ObjectPath::from(format!("studios/{id}/mark.png")),
            Self::HealthProbe => ObjectPath::from("health-probe"),
            Self::Mark => ObjectPath::from("proofroom-store"),
        }
    }
}

/// Size and version of a stored object.
#[derive(Debug, Clone)]
pub struct ObjectInfo {
    pub size: u64,
    /// A strong validator for `ETag` (changes whenever the object is rewritten).
    pub version: String,
}

/// The object store Proofroom writes to.
#[derive(Debug, Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The folder of a local store (where its staging files can be seen); `None` for object
    /// storage.
    local_root: Option<std::path::PathBuf>,
    /// What every new object is written with (the S3 storage class of an archive bucket).
    attributes: Attributes,
    /// When a bucket last passed `check`.
    checked: Arc<std::sync::Mutex<Option<std::time::Instant>>>,
    /// How far long reads (ZIPs) open objects ahead of the one they send.
    read_ahead: ReadAhead,
}

/// Objects the instance's long reads from a bucket may hold open ahead of what they send, in
/// all (`ReadAhead`): at about a quarter of a megabyte each, some 8 MB.
const S3_READ_AHEAD: usize = 32;

/// How long a bucket that passed `check` is trusted: each check is a PUT and a HEAD, billed and
/// throttled per request, and load balancers poll every few seconds from every instance.
const BUCKET_CHECK_FRESH: std::time::Duration = std::time::Duration::from_secs(15);

impl Storage {
    /// The store at `place`.
    pub fn open(place: &Place) -> std::io::Result<Self> {
        match place {
            Place::Folder(root) => Self::local(root),
            Place::Bucket(bucket) => Self::s3(bucket).map_err(std::io::Error::other),
        }
    }

    /// A store in a local folder (created when missing).
    pub fn local(root: &Path) -> std::io::Result<Self> {
        // The originals' folder is made, and its entry flushed, before any original is stored:
        // `sync` flushes an original and its folder, not the folder's own place in the root.
        std::fs::create_dir_all(root.join(ORIGINALS))?;
        std::fs::File::open(root)?.sync_all()?;
        let store = LocalFileSystem::new_with_prefix(root).map_err(std::io::Error::other)?;
        Ok(Self {
            store: Arc::new(store),
            local_root: Some(root.to_path_buf()),
            attributes: Attributes::new(),
            checked: Arc::default(),
            read_ahead: ReadAhead::one_at_a_time(),
        })
    }

    /// A store in a bucket of S3-compatible object storage, under its prefix. Nothing is asked
    /// of the server yet: `check` (the health check, run at start) does that.
    pub fn s3(bucket: &Bucket) -> Result<Self, object_store::Error> {
        // A request is retried for seconds, not the default three minutes: a visitor waits on it.
        let retry = object_store::RetryConfig {
            max_retries: 4,
            retry_timeout: std::time::Duration::from_secs(20),
            ..object_store::RetryConfig::default()
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&bucket.name)
            .with_retry(retry)
            .with_crypto_provider(Arc::new(s3_client::S3Crypto))
            .with_http_connector(s3_client::S3Http);
        for (key, value) in &bucket.options {
            // Variables object_store has no name for (AWS_PROFILE, say) are not its business; one
            // naming another bucket than the URL's is refused at start, and never applied.
            if Bucket::names_the_bucket(key) {
                continue;
            }
            if let Ok(key) = key.parse() {
                builder = builder.with_config(key, value);
            }
        }
        let s3 = builder.build()?;
        let store: Arc<dyn ObjectStore> = if bucket.prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, bucket.prefix.as_str()))
        };
        let mut attributes = Attributes::new();
        if let Some(class) = &bucket.storage_class {
            attributes.insert(Attribute::StorageClass, class.clone().into());
        }
        Ok(Self {
            store,
            local_root: None,
            attributes,
            checked: Arc::default(),
            read_ahead: ReadAhead::within(4, S3_READ_AHEAD),
        })
    }

    /// How far a long read (a ZIP) opens objects ahead of the one it sends: a local file opens
    /// at once (and each open one reads ahead into memory), an S3 GET takes a round trip.
    pub fn read_ahead(&self) -> &ReadAhead {
        &self.read_ahead
    }

    /// Whether objects are written under a temporary name and renamed into place: in a local
    /// folder, yes; in object storage an upload is invisible until complete, and a rename would
    /// be a second copy of every byte.
    fn staged(&self) -> bool {
        self.local_root.is_some()
    }

    /// Copies a local file into the store in parts, never holding the whole file in memory. In
    /// a local folder the bytes go to a temporary key under `incoming/` first and are renamed to
    /// `key` only once complete, so a crash mid-copy never leaves a half object under a real name
    /// (what it leaves under `incoming/` the storage sweep removes). Whatever fails, the
    /// temporary object (or the unfinished multipart upload, with its parts) goes.
    pub async fn put_file(&self, key: StorageKey, file: &Path) -> Result<(), object_store::Error> {
        if !self.staged() {
            return self.write_file(&key.path(), file).await;
        }
        let incoming = ObjectPath::from(format!("{INCOMING}/{}", uuid::Uuid::new_v4()));
        let written = match self.write_file(&incoming, file).await {
            Ok(()) => self.store.rename(&incoming, &key.path()).await,
            Err(e) => Err(e),
        };
        if written.is_err() {
            let _ = self.store.delete(&incoming).await;
        }
        written
    }

    /// On object storage, starts writing `key` from the file at `source` while its bytes arrive
    /// there (`ArrivingObject`), to be published once they are checked. A local folder has no
    /// use for it (`None`): the received file is copied in (`put_file`) beside the strict read,
    /// at the speed of a disk, and deleted if that refuses it.
    pub async fn begin(&self, key: StorageKey, source: &Path) -> Result<Option<ArrivingObject>, object_store::Error> {
        if self.staged() {
            return Ok(None);
        }
        let options = PutMultipartOptions { attributes: self.attributes.clone(), ..PutMultipartOptions::default() };
        let upload = self.store.put_multipart_opts(&key.path(), options).await?;
        Ok(Some(ArrivingObject::new(upload, source.to_path_buf())))
    }

    /// A multipart upload to `path`, with this store's attributes.
    async fn upload(&self, path: &ObjectPath) -> Result<WriteMultipart, object_store::Error> {
        let options = PutMultipartOptions { attributes: self.attributes.clone(), ..PutMultipartOptions::default() };
        let upload = self.store.put_multipart_opts(path, options).await?;
        Ok(WriteMultipart::new_with_chunk_size(upload, arriving::PART as usize))
    }

    /// Streams `file` to `path` as a multipart upload, aborting it (which removes what was
    /// written) on any failure.
    async fn write_file(&self, path: &ObjectPath, file: &Path) -> Result<(), object_store::Error> {
        let mut writer = self.upload(path).await?;
        let copied = async {
            let mut source = tokio::fs::File::open(file).await.map_err(local_error)?;
            let mut buffer = vec![0u8; 1 << 20];
            loop {
                let read = source.read(&mut buffer).await.map_err(local_error)?;
                if read == 0 {
                    return Ok(());
                }
                writer.wait_for_capacity(2).await?;
                writer.write(&buffer[..read]);
            }
        }
        .await;
        match copied {
            Ok(()) => writer.finish().await.map(|_| ()),
            Err(e) => {
                let _ = writer.abort().await;
                Err(e)
            }
        }
    }

    /// Writes a stream under `key` the way `put_file` writes a file: in parts (locally under a
    /// temporary name first, renamed once complete), so a crash leaves nothing under `key`;
    /// returns the bytes written.
    pub async fn put_stream(
        &self,
        key: StorageKey,
        mut source: BoxStream<'static, Result<Bytes, object_store::Error>>,
    ) -> Result<u64, object_store::Error> {
        let target =
            if self.staged() { ObjectPath::from(format!("{INCOMING}/{}", uuid::Uuid::new_v4())) } else { key.path() };
        let mut writer = self.upload(&target).await?;
        let mut written = 0u64;
        let copied = async {
            while let Some(chunk) = source.next().await {
                let chunk = chunk?;
                written += chunk.len() as u64;
                writer.wait_for_capacity(2).await?;
                writer.put(chunk);
            }
            Ok(())
        }
        .await;
        let stored = match copied {
            Ok(()) => match writer.finish().await {
                Ok(_) if self.staged() => self.store.rename(&target, &key.path()).await,
                Ok(_) => Ok(()),
                Err(e) => Err(e),
            },
            Err(e) => {
                let _ = writer.abort().await;
                Err(e)
            }
        };
        if stored.is_err() && self.staged() {
            let _ = self.store.delete(&target).await;
        }
        stored.map(|()| written)
    }

    /// Makes a local object durable (the file and its folder flushed to disk), so a copy that
    /// the database is about to count on survives a power cut. Object storage acknowledges a
    /// write only once it is durable: nothing to do there.
    pub async fn sync(&self, key: StorageKey) -> Result<(), object_store::Error> {
        let Some(root) = &self.local_root else { return Ok(()) };
        let path = root.join(key.path().as_ref());
        tokio::task::spawn_blocking(move || {
            std::fs::File::open(&path)?.sync_all()?;
            match path.parent() {
                Some(folder) => std::fs::File::open(folder)?.sync_all(),
                None => Ok(()),
            }
        })
        .await
        .map_err(|e| local_error(std::io::Error::other(e)))?
        .map_err(local_error)
    }

    /// The SHA-256 (hex) and length of a stored object, read back whole as a stream.
    pub async fn sha256(&self, key: StorageKey) -> Result<(String, u64), object_store::Error> {
        use sha2::Digest;
        let mut stream = self.stream(key, None).await?;
        let (mut hasher, mut length) = (sha2::Sha256::new(), 0u64);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            length += chunk.len() as u64;
            hasher.update(&chunk);
        }
        Ok((hex::encode(hasher.finalize()), length))
    }

    /// Stores bytes in one atomic write, durably: in a local folder the file and its folder are
    /// flushed before this returns. Every caller records the object next (a preview made, an image
    /// ready, a job done), and after a power cut that record must not point at an empty file.
    pub async fn put_bytes(&self, key: StorageKey, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        let options = PutOptions { attributes: self.attributes.clone(), ..PutOptions::default() };
        self.store.put_opts(&key.path(), PutPayload::from(bytes), options).await?;
        self.sync(key).await
    }

    /// Copies an object (a hard link in a local folder, a server-side copy in object storage).
    pub async fn copy(&self, from: StorageKey, to: StorageKey) -> Result<(), object_store::Error> {
        self.store.copy(&from.path(), &to.path()).await
    }

    /// Reads a whole preview, or its stand-in where it was never made.
    pub async fn get_preview_bytes(&self, key: StorageKey) -> Result<Bytes, object_store::Error> {
        match (self.get_bytes(key).await, key.stand_in()) {
            (Err(object_store::Error::NotFound { .. }), Some(stand_in)) => self.get_bytes(stand_in).await,
            (read, _) => read,
        }
    }

    /// What is stored for a preview, or for its stand-in where it was never made, and which.
    pub async fn preview_info(&self, key: StorageKey) -> Result<(StorageKey, ObjectInfo), object_store::Error> {
        match (self.info(key).await, key.stand_in()) {
            (Err(object_store::Error::NotFound { .. }), Some(stand_in)) => Ok((stand_in, self.info(stand_in).await?)),
            (found, _) => Ok((key, found?)),
        }
    }

    /// Reads a whole object.
    pub async fn get_bytes(&self, key: StorageKey) -> Result<Bytes, object_store::Error> {
        self.store.get(&key.path()).await?.bytes().await
    }

    /// Whether this store holds any of the originals of `images`: asked before a missing original
    /// is taken for lost, to tell the store itself from an empty folder where a volume failed to
    /// mount (the scrub, restores from the archive).
    pub async fn holds_any_original(&self, images: &[uuid::Uuid]) -> bool {
        for image in images {
            if self.info(StorageKey::Original(domain::ids::ImageId(*image))).await.is_ok() {
                return true;
            }
        }
        false
    }

    /// The store's mark (`StorageKey::Mark`), `None` when it has none.
    pub async fn mark(&self) -> Result<Option<Bytes>, object_store::Error> {
        match self.get_bytes(StorageKey::Mark).await {
            Ok(found) => Ok(Some(found)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes the store's mark, in the default storage class whatever the tier's: it is read at
    /// every start, and an archive class (S3 Glacier) must be restored before it can be read.
    pub async fn set_mark(&self, mark: &str) -> Result<(), object_store::Error> {
        self.store.put(&StorageKey::Mark.path(), PutPayload::from(mark.as_bytes().to_vec())).await?;
        self.sync(StorageKey::Mark).await
    }

    /// Whether the store holds any object but its mark and the health check's probe (one page of
    /// the listing at most).
    pub async fn holds_objects(&self) -> Result<bool, object_store::Error> {
        let own = [StorageKey::Mark.path(), StorageKey::HealthProbe.path()];
        let mut listing = self.store.list(None);
        while let Some(meta) = listing.next().await {
            if !own.contains(&meta?.location) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Size and version of an object.
    pub async fn info(&self, key: StorageKey) -> Result<ObjectInfo, object_store::Error> {
        let meta = self.store.head(&key.path()).await?;
        // S3 sends its ETag quoted; the routes quote the version themselves.
        let version = meta
            .e_tag
            .as_deref()
            .map(|tag| tag.trim_matches('"').to_owned())
            .filter(|tag| !tag.is_empty())
            .unwrap_or_else(|| format!("{:x}-{:x}", meta.size, meta.last_modified.timestamp_millis()));
        Ok(ObjectInfo { size: meta.size, version })
    }

    /// Streams an object, or a byte range of it.
    pub async fn stream(
        &self,
        key: StorageKey,
        range: Option<Range<u64>>,
    ) -> Result<BoxStream<'static, Result<Bytes, object_store::Error>>, object_store::Error> {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..GetOptions::default() };
        let result = self.store.get_opts(&key.path(), options).await?;
        match result.payload {
            // A local file: read it in large chunks, from the page cache without a thread
            // hand-over where it can. object_store's own stream reads 8 KiB at a time, each
            // through a blocking task, which caps a ZIP or an original at a few hundred MB/s.
            GetResultPayload::File(file, _) => Ok(local_reads::stream(file, result.range)),
            GetResultPayload::Stream(stream) => Ok(stream),
        }
    }

    /// Deletes an object; a missing one is not an error.
    pub async fn delete(&self, key: StorageKey) -> Result<(), object_store::Error> {
        match self.store.delete(&key.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every stored object with its size and time, in no particular order (object_store hides a
    /// local store's staging files: see `staging_files`).
    pub fn list(&self) -> BoxStream<'static, Result<object_store::ObjectMeta, object_store::Error>> {
        self.store.list(None)
    }

    /// Deletes the object at `path`; a missing one is not an error.
    pub async fn delete_path(&self, path: &ObjectPath) -> Result<(), object_store::Error> {
        match self.store.delete(path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// A local store's staging files (`name#1`: an object being written, or left half written by
    /// a crash), with their sizes and modification times. Empty for object storage, whose
    /// unfinished multipart uploads the bucket's own lifecycle rule removes.
    pub fn staging_files(&self) -> Vec<(std::path::PathBuf, u64, std::time::SystemTime)> {
        let mut found = Vec::new();
        let mut folders: Vec<std::path::PathBuf> = self.local_root.iter().cloned().collect();
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                let path = entry.path();
                if meta.is_dir() {
                    folders.push(path);
                } else if is_staging_name(&entry.file_name().to_string_lossy())
                    && let Ok(modified) = meta.modified()
                {
                    found.push((path, meta.len(), modified));
                }
            }
        }
        found
    }

    /// Writes and reads back a tiny object (for `/healthz` and the start): the store must take
    /// uploads, not merely exist. A bucket that passed is trusted for `BUCKET_CHECK_FRESH`; a
    /// folder is checked every time (it costs nothing, and a full disk shows at once).
    pub async fn check(&self) -> Result<(), object_store::Error> {
        let fresh = |at: &Option<std::time::Instant>| at.is_some_and(|at| at.elapsed() < BUCKET_CHECK_FRESH);
        if !self.staged() && fresh(&self.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner)) {
            return Ok(());
        }
        let path = StorageKey::HealthProbe.path();
        self.store.put(&path, PutPayload::from_static(b"ok")).await?;
        self.store.head(&path).await?;
        if !self.staged() {
            *self.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(std::time::Instant::now());
        }
        Ok(())
    }
}

/// object_store's name for a local object being written: `name#` and digits.
fn is_staging_name(name: &str) -> bool {
    name.rsplit_once('#').is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The prefix of temporary objects being written (`put_file`); nothing there is referenced.
pub const INCOMING: &str = "incoming";

/// An I/O error of the local side of a copy, as an object store error (its source kept, so a
/// full disk is still recognised as one).
fn local_error(e: std::io::Error) -> object_store::Error {
    object_store::Error::Generic { store: "local", source: Box::new(e) }
}
