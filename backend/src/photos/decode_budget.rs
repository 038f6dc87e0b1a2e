//! The memory budget for decoding: every decode (upload verification, renditions, custom sizes)
//! first takes the bytes it will need, as `media` estimates them from the header, and gives them
//! back when it ends. A big image waits until enough is free instead of many big images decoding
//! at once; one that alone needs more than the whole budget is refused at upload with a sentence.
//! It works with the render slots (which bound how many decodes run at once): both are taken.

use crate::error::ServiceError;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The unit of the budget's accounting.
const MB: u64 = 1_000_000;

/// Bytes of decoding memory free for the taking.
#[derive(Debug)]
pub struct DecodeBudget {
    megabytes: Arc<Semaphore>,
    total: u64,
}

/// Memory taken from the budget, given back on drop.
#[derive(Debug)]
pub struct Admitted {
    _permit: OwnedSemaphorePermit,
}

impl DecodeBudget {
    /// A budget of `bytes` (at least 1 MB).
    pub fn new(bytes: u64) -> Self {
        let total = bytes.div_ceil(MB).clamp(1, Semaphore::MAX_PERMITS as u64);
        Self { megabytes: Arc::new(Semaphore::new(total as usize)), total }
    }

    /// The whole budget in bytes.
    pub fn total(&self) -> u64 {
        self.total * MB
    }

    /// Whether a decode needing `bytes` could ever be admitted.
    pub fn fits(&self, bytes: u64) -> bool {
        bytes.div_ceil(MB) <= self.total
    }

    /// Takes `bytes` if they are free now.
    fn try_admit(&self, bytes: u64) -> Option<Admitted> {
        let permit = self.megabytes.clone().try_acquire_many_owned(self.permits(bytes)).ok()?;
        Some(Admitted { _permit: permit })
    }

    /// Takes `bytes` if they are free now and half the budget stays free after: for work that may
    /// hold them a long while (an upload read as it arrives), so that renders still find room.
    pub fn try_admit_sparing(&self, bytes: u64) -> Option<Admitted> {
        let left = (self.megabytes.available_permits() as u64).checked_sub(u64::from(self.permits(bytes)))?;
        if left < self.total / 2 {
            return None;
        }
        self.try_admit(bytes)
    }

    /// Waits until `bytes` are free and takes them. A decode larger than the whole budget is
    /// admitted alone (it waits for everything to be free); callers refuse such images at upload
    /// with `too_big`, so only originals stored before a smaller budget was set get here.
    pub async fn admit(&self, bytes: u64) -> Result<Admitted, ServiceError> {
        let permit = self
            .megabytes
            .clone()
            .acquire_many_owned(self.permits(bytes))
            .await
            .map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(Admitted { _permit: permit })
    }

    /// The permits (megabytes) `bytes` take: at least one, at most the whole budget.
    fn permits(&self, bytes: u64) -> u32 {
        bytes.div_ceil(MB).clamp(1, self.total) as u32
    }

    /// The memory the strict read of the upload `file_name` (`byte_len` bytes, inspected as
    /// `inspection`) needs; or its refusal now, when the read or its largest rendition would need
    /// more than the whole budget and so could never run.
    pub fn upload_needs(
        &self,
        file_name: &str,
        byte_len: u64,
        inspection: &media::Inspection,
    ) -> Result<u64, ServiceError> {
        let largest = domain::rendition::Fit::LongEdge(domain::rendition::RenditionSize::FourK.long_edge());
        let verify = inspection.verify_memory(byte_len);
        let needed = verify.max(inspection.render_memory(byte_len, largest));
        if self.fits(needed) { Ok(verify) } else { Err(too_big(file_name, needed, self.total())) }
    }
}

/// The refusal of an image whose decode needs more than the whole budget.
fn too_big(file_name: &str, needed: u64, budget: u64) -> ServiceError {
    ServiceError::Unprocessable(format!(
        "{file_name}: this image would need about {} MB of memory to process, more than this server can give one \
         photo ({} MB). Export it with fewer pixels or 8 bits per channel and upload it again.",
        needed.div_ceil(MB),
        budget / MB
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_that_may_hold_memory_long_never_takes_the_second_half() {
        let budget = DecodeBudget::new(100 * MB);
        let first = budget.try_admit_sparing(30 * MB).expect("30 of 100 leaves 70");
        assert!(budget.try_admit_sparing(30 * MB).is_none(), "30 more would leave 40");
        let second = budget.try_admit_sparing(20 * MB).expect("20 more leaves 50");
        drop(first);
        assert!(budget.try_admit_sparing(30 * MB).is_some(), "given back, there is room again");
        drop(second);
    }
}
