//! How many files each studio is uploading right now, capped (`uploads_per_studio`), so one
//! account cannot tie up every connection, temporary file and render slot. A slot is held from
//! the first byte until the upload is stored or refused, and given back on drop, however the
//! upload ends (a client that hangs up included).

use crate::error::ServiceError;
use domain::ids::StudioId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Uploads in flight, by studio.
#[derive(Debug, Default)]
pub struct UploadSlots {
    in_flight: Mutex<HashMap<StudioId, usize>>,
}

/// One upload's place in its studio's count.
#[derive(Debug)]
pub struct UploadSlot {
    studio: StudioId,
    slots: Arc<UploadSlots>,
}

impl UploadSlots {
    /// A place for one more upload of `studio`, or the sentence saying to wait.
    pub fn take(self: &Arc<Self>, studio: StudioId, cap: usize) -> Result<UploadSlot, ServiceError> {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        let count = in_flight.entry(studio).or_insert(0);
        if *count >= cap.max(1) {
            return Err(ServiceError::TooMany {
                message: format!(
                    "You are already uploading {cap} files at once. Wait for one of them to finish, then try this one again."
                ),
                retry_after: 5,
            });
        }
        *count += 1;
        Ok(UploadSlot { studio, slots: self.clone() })
    }
}

impl Drop for UploadSlot {
    fn drop(&mut self) {
        let mut in_flight = self.slots.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = in_flight.get_mut(&self.studio) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                in_flight.remove(&self.studio);
            }
        }
    }
}
