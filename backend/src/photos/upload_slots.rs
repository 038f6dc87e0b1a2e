//! How many files each studio is uploading right now, capped (`uploads_per_studio`), so one
//! account cannot tie up every connection, temporary file and render slot. A slot is held from
//! the first byte until the upload is stored or refused, and given back on drop, however the
//! upload ends (a client that hangs up included).

use crate::error::ServiceError;
use crate::keyed_slots::{KeyedSlot, KeyedSlots};
use domain::ids::StudioId;

/// Uploads in flight, by studio.
#[derive(Debug, Default)]
pub struct UploadSlots {
    in_flight: KeyedSlots<StudioId>,
}

/// One upload's place in its studio's count.
pub type UploadSlot = KeyedSlot<StudioId>;

impl UploadSlots {
    /// A place for one more upload of `studio`, or the sentence saying to wait.
    pub fn take(&self, studio: StudioId, cap: usize) -> Result<UploadSlot, ServiceError> {
        self.in_flight.take(studio, cap).ok_or_else(|| ServiceError::TooMany {
            message: format!(
                "You are already uploading {cap} files at once. Wait for one of them to finish, then try this one again."
            ),
            retry_after: 5,
        })
    }
}
