//! The strict read of a JPEG upload, made while its bytes arrive rather than after the last one:
//! the upload's answer then waits only for the last bytes' share of the read. It follows the
//! temporary file as it is written (`growing_file`): the head first, to refuse a file over the
//! limits or the decode budget from its first kilobytes, then every scan. A file of any other
//! format, or sent without a length, is read once whole, as before (`ingest`).

use std::path::Path;

use tokio::task::JoinHandle;

use crate::cpu::Work;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::photos::growing_file::{GrowingReader, Growth};

/// A read following an upload of a declared length.
pub struct EarlyRead {
    len: u64,
    task: JoinHandle<ServiceResult<Option<media::Inspection>>>,
}

/// Starts reading the file at `path` (created, empty) that `growth` will say is being written
/// with `len` bytes, as `file_name`.
pub fn start(ctx: &Ctx, growth: &Growth, path: &Path, len: u64, file_name: &str) -> std::io::Result<EarlyRead> {
    let reader = growth.reader(path)?;
    let task = tokio::spawn(read(ctx.clone(), reader, len, file_name.to_owned()));
    Ok(EarlyRead { len, task })
}

impl EarlyRead {
    /// Once the upload was received whole at `received` bytes: the inspection of a JPEG read
    /// strictly as it arrived, or its refusal; `None` when the file is not a JPEG or not the
    /// length it was declared with (it is then inspected and read once whole).
    pub async fn outcome(self, received: u64) -> Option<ServiceResult<media::Inspection>> {
        if received != self.len {
            self.task.abort();
            return None;
        }
        match self.task.await {
            Ok(outcome) => outcome.transpose(),
            Err(e) => Some(Err(ServiceError::Internal(e.into()))),
        }
    }
}

async fn read(
    ctx: Ctx,
    reader: GrowingReader,
    len: u64,
    file_name: String,
) -> ServiceResult<Option<media::Inspection>> {
    let refused = |e: media::MediaError| ServiceError::Unprocessable(format!("{file_name}: {e}"));
    let limits = ctx.config.limits;
    let admitted = tokio::task::spawn_blocking(move || media::admit_jpeg(reader, len, &limits))
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(refused)?;
    let Some(jpeg) = admitted else { return Ok(None) };
    let memory = match jpeg.head() {
        Some(head) => ctx.decode_budget.upload_needs(&file_name, len, head)?,
        // Refused by a walk that decodes nothing.
        None => 0,
    };
    let verified = ctx.cpu(Work::Arriving { memory }, move || jpeg.verify()).await?;
    verified.map(Some).map_err(refused)
}
