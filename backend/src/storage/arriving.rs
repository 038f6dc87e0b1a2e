//! An object written to object storage while its bytes are still arriving, and published when its
//! writer says so. An upload's bytes go to the bucket as they are received (the copy overlaps the
//! receiving instead of following it); one that ends early (a client gone, a file over the limit)
//! is discarded: an unfinished multipart upload shows no object at all, and its parts go with the
//! abort.
//!
//! Each part is read back from the file being received (from the page cache) when it is sent, so
//! an upload holds a part in memory only while that part travels, never while a slow client's
//! bytes trickle in.

use std::path::PathBuf;

use object_store::{MultipartUpload, PutPayload};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::task::JoinHandle;

use super::local_error;

/// Parts are this large, here and in `Storage::upload`: the least S3 allows for every part but
/// the last, so an upload holds the least in memory (`IN_FLIGHT` parts). It also leaves less to
/// send once the last byte has arrived, though on the loopback the strict read still ends later.
pub(super) const PART: u64 = 5 << 20;

/// Parts uploading at once: what one upload holds in memory at most.
const IN_FLIGHT: usize = 2;

type Part = JoinHandle<object_store::Result<()>>;

/// A multipart upload being written from the file at `source`. `publish` completes it;
/// `discard`, or dropping it unpublished (a client that hung up mid-upload), aborts it.
pub struct ArrivingObject {
    upload: Option<Box<dyn MultipartUpload>>,
    source: PathBuf,
    /// Bytes of the file already sent as parts.
    sent: u64,
    parts: Vec<Part>,
}

impl ArrivingObject {
    pub(super) fn new(upload: Box<dyn MultipartUpload>, source: PathBuf) -> Self {
        Self { upload: Some(upload), source, sent: 0, parts: Vec::new() }
    }

    /// The file being written through `file` now holds `len` bytes: every whole part not yet
    /// sent starts uploading. Waits while `IN_FLIGHT` parts are still uploading, so a fast sender
    /// cannot fill memory.
    pub async fn received(&mut self, file: &mut (impl AsyncWrite + Unpin), len: u64) -> object_store::Result<()> {
        if len - self.sent < PART {
            return Ok(());
        }
        file.flush().await.map_err(local_error)?;
        while len - self.sent >= PART {
            self.send_part(PART).await?;
        }
        Ok(())
    }

    /// The file is whole at `len` bytes: the rest starts uploading as the last part, and travels
    /// while the writer checks the bytes.
    pub async fn end(&mut self, file: &mut (impl AsyncWrite + Unpin), len: u64) -> object_store::Result<()> {
        self.received(file, len).await?;
        if len > self.sent {
            file.flush().await.map_err(local_error)?;
            self.send_part(len - self.sent).await?;
        }
        Ok(())
    }

    /// Waits for every part sent so far (while its writer checks the bytes, say).
    pub async fn sent(&mut self) -> object_store::Result<()> {
        while !self.parts.is_empty() {
            self.join_oldest().await?;
        }
        Ok(())
    }

    /// Waits for every part and completes the upload: the object appears under its name.
    /// On failure the upload is aborted before the error is answered.
    pub async fn publish(mut self) -> object_store::Result<()> {
        let completed = async {
            self.sent().await?;
            let upload = self.upload.as_mut().expect("publish consumes the object");
            // (An upload with no part is completed with an empty one by object_store.)
            upload.complete().await.map(|_| ())
        }
        .await;
        match completed {
            Ok(()) => self.upload = None,
            Err(_) => self.discard_in_place().await,
        }
        completed
    }

    /// Aborts the upload, which removes the parts already sent. The abort runs as its own task,
    /// so it ends even if the caller is dropped meanwhile.
    pub async fn discard(mut self) {
        self.discard_in_place().await;
    }

    async fn discard_in_place(&mut self) {
        if let Some(upload) = self.upload.take() {
            let _ = tokio::spawn(abort(upload, std::mem::take(&mut self.parts))).await;
        }
    }

    /// Waits for the oldest part. It stays in the list until it has ended, so an abort after a
    /// cancelled wait still waits for it.
    async fn join_oldest(&mut self) -> object_store::Result<()> {
        let ended = (&mut self.parts[0]).await;
        self.parts.remove(0);
        ended.map_err(|e| object_store::Error::Generic { store: "S3", source: Box::new(e) })?
    }

    async fn send_part(&mut self, size: u64) -> object_store::Result<()> {
        while self.parts.len() >= IN_FLIGHT {
            self.join_oldest().await?;
        }
        let payload = read_at(self.source.clone(), self.sent, size).await?;
        self.sent += size;
        let upload = self.upload.as_mut().expect("parts are sent before the upload ends");
        self.parts.push(tokio::spawn(upload.put_part(payload)));
        Ok(())
    }
}

impl Drop for ArrivingObject {
    fn drop(&mut self) {
        // Dropped unpublished: the request that wrote it was cancelled, or failed on its way.
        // The abort cannot be awaited here, so it runs on its own. (A runtime shutting down may
        // drop it, as it may an upload begun by a request cancelled at that moment: the bucket's
        // lifecycle rule for unfinished uploads, in the README, removes those.)
        if let Some(upload) = self.upload.take() {
            let parts = std::mem::take(&mut self.parts);
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => drop(runtime.spawn(abort(upload, parts))),
                Err(_) => tracing::warn!(
                    "an unfinished multipart upload could not be aborted (no runtime); the bucket's lifecycle rule removes it"
                ),
            }
        }
    }
}

/// Aborts once the parts still uploading have ended, so none lands after the abort.
async fn abort(mut upload: Box<dyn MultipartUpload>, parts: Vec<Part>) {
    for part in parts {
        let _ = part.await;
    }
    if let Err(e) = upload.abort().await {
        tracing::warn!(error = %e, "could not abort an unfinished multipart upload");
    }
}

/// Reads `size` bytes at `offset` of the file at `path`, through the local reader (the page
/// cache's bytes in pooled chunks, the disk only when needed), as one part's payload.
async fn read_at(path: PathBuf, offset: u64, size: u64) -> object_store::Result<PutPayload> {
    use futures::TryStreamExt;
    let file = tokio::fs::File::open(path).await.map_err(local_error)?.into_std().await;
    let chunks: Vec<bytes::Bytes> = super::local_reads::stream(file, offset..offset + size).try_collect().await?;
    Ok(chunks.into_iter().collect())
}
