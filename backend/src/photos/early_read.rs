//! The strict read of a JPEG upload, made while its bytes arrive rather than after the last one:
//! the upload's answer then waits only for the last bytes' share of the read. It follows the
//! temporary file as it is written (`growing_file`): the head first, which gives the memory the
//! read needs, then every scan.
//!
//! It is a shortcut for photos that pass, never a second judge: a file it would refuse (and any
//! file of another format) is inspected and read again once whole, the usual way, so a refusal
//! says exactly what it always said. And it is only taken when it costs others little: a few
//! reads at a time, on their own threads (a read parked on a slow client holds no render thread),
//! with memory the decode budget has free at that moment and never its second half (such a read
//! may hold its share for as long as the client takes to send).

use std::path::Path;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

use crate::photos::decode_budget::DecodeBudget;
use crate::photos::growing_file::{GrowingReader, Growth};
use crate::photos::render_pool::RenderPool;

/// The threads uploads are read on as they arrive, and how many may be at once.
#[derive(Debug)]
pub struct EarlyReads {
    slots: Arc<Semaphore>,
    threads: RenderPool,
    count: usize,
}

impl EarlyReads {
    /// Room for `count` reads at once (at least one).
    pub fn new(count: usize) -> std::io::Result<Self> {
        let count = count.max(1);
        Ok(Self { slots: Arc::new(Semaphore::new(count)), threads: RenderPool::start("early-read", count)?, count })
    }

    /// How many reads are running now (each until its file is read, refused or abandoned).
    pub fn running(&self) -> usize {
        self.count - self.slots.available_permits()
    }

    /// Starts reading the file at `path` (created, empty), about to be written with `len` bytes
    /// of `file_name`, within `limits` and `budget`: the writer's side of it, to tell how far it
    /// got, and the read. `None` when all the room for early reads is taken (the file is read
    /// once whole).
    pub fn start(
        &self,
        budget: &Arc<DecodeBudget>,
        limits: media::Limits,
        path: &Path,
        len: u64,
        file_name: &str,
    ) -> Option<(Growth, EarlyRead)> {
        let slot = self.slots.clone().try_acquire_owned().ok()?;
        let growth = Growth::new();
        let reader = growth.reader(path).ok()?;
        let (threads, budget, file_name) = (self.threads.clone(), budget.clone(), file_name.to_owned());
        let task = tokio::spawn(async move {
            let read = move || read(&budget, reader, len, &limits, &file_name, slot);
            threads.run(read).await.ok().flatten()
        });
        Some((growth, EarlyRead { len, task }))
    }
}

/// A read following an upload of a declared length. Dropped, it is abandoned.
#[derive(Debug)]
pub struct EarlyRead {
    len: u64,
    task: JoinHandle<Option<media::Inspection>>,
}

impl EarlyRead {
    /// Once the upload was received whole at `received` bytes: the inspection of a JPEG that
    /// passed the strict read as it arrived; `None` for anything else (a refusal, another format,
    /// a length other than declared, no memory free), which is then checked once whole.
    pub async fn outcome(mut self, received: u64) -> Option<media::Inspection> {
        let read = (&mut self.task).await.ok().flatten();
        // At another length the read was abandoned (its growth was never told the file is
        // whole): it has ended, refusing.
        read.filter(|_| received == self.len)
    }

    /// Once its upload stopped short (its `Growth` dropped): waits for the read to end, which it
    /// does at once. It holds the temporary file open, so on a full disk the space the partial
    /// upload took is free only then, and the answer waits for it.
    pub async fn ended(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for EarlyRead {
    /// An upload that ends early stops its read from starting (once started, the read ends as
    /// soon as it finds the file abandoned).
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The read itself, on an early-read thread holding `slot`.
fn read(
    budget: &DecodeBudget,
    reader: GrowingReader,
    len: u64,
    limits: &media::Limits,
    file_name: &str,
    slot: OwnedSemaphorePermit,
) -> Option<media::Inspection> {
    let jpeg = media::admit_jpeg(reader, len, limits).ok()??;
    let memory = budget.upload_needs(file_name, len, jpeg.head()).ok()?;
    let admitted = budget.try_admit_sparing(memory)?;
    let inspection = jpeg.verify().ok();
    drop((admitted, slot));
    inspection
}
