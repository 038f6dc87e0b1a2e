//! The archive tier as people see it: what a restore will take before a visitor asks for one,
//! what they are told once asked, and a gallery's live and archived bytes for its photographer.

use crate::downloads::{DownloadTarget, human_bytes};
use crate::policy::DownloadSize;
use serde::{Deserialize, Serialize};

/// What a restore of archived originals would take, told before the visitor asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreEstimate {
    /// The photos of the download that are in the archive.
    pub photos: u32,
    /// Their bytes to bring back.
    pub bytes: u64,
    /// How long the restore should take, from the measured restore speed and the queue.
    pub seconds: u64,
    /// The address this visitor gave the gallery before, offered as where to send the link.
    pub email: Option<String>,
    /// How many days the emailed link works (the server's restore window).
    pub window_days: u32,
}

impl RestoreEstimate {
    /// "12 photos (1.30 GB) are in the archive. Restoring them takes about 3 minutes."
    pub fn sentence(&self) -> String {
        let photos = crate::words::photos(self.photos.into());
        let verb = if self.photos == 1 { "is" } else { "are" };
        let them = if self.photos == 1 { "it" } else { "them" };
        format!(
            "{photos} ({}) {verb} in long-term storage. Restoring {them} takes {}.",
            human_bytes(self.bytes),
            duration_words(self.seconds)
        )
    }

    /// "We email you a download link when they are ready. It works for 7 days."
    pub fn link_sentence(&self) -> String {
        let days = if self.window_days == 1 { "1 day".to_owned() } else { format!("{} days", self.window_days) };
        format!("We email you a download link when they are ready. It works for {days}.")
    }
}

/// A restore request taken: where the link will go and when to expect it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreAsked {
    pub email: String,
    pub seconds: u64,
}

impl RestoreAsked {
    /// What the visitor reads once they asked.
    pub fn sentence(&self) -> String {
        format!(
            "We are restoring your photos and will email a download link to {} in {}. You can close this page.",
            self.email,
            duration_words(self.seconds)
        )
    }
}

/// What a visitor asks to have restored: the download they tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreWish {
    pub target: DownloadTarget,
    pub size: DownloadSize,
}

/// A wait as a person says it: "under a minute", "about 3 minutes", "about 2 hours".
pub fn duration_words(seconds: u64) -> String {
    match seconds {
        0..60 => "under a minute".to_owned(),
        60..5_400 => {
            let minutes = seconds.div_ceil(60);
            if minutes == 1 { "about 1 minute".to_owned() } else { format!("about {minutes} minutes") }
        }
        _ => {
            let hours = (seconds + 1_800) / 3_600;
            if hours == 1 { "about 1 hour".to_owned() } else { format!("about {hours} hours") }
        }
    }
}

/// Where a gallery's originals are, for its photographer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GalleryStorage {
    /// Photos whose original is live (never archived, restored, or kept live by hand).
    pub live_photos: u32,
    pub live_bytes: u64,
    /// Photos whose original is in the archive only.
    pub archived_photos: u32,
    pub archived_bytes: u64,
    /// Photos whose original was found missing from the archive (marked damaged; its
    /// photographer was mailed): neither live nor to be restored, until uploaded again.
    pub lost_photos: u32,
    /// Restored by hand: kept live whatever its age.
    pub keep_live: bool,
    /// An archive or restore of the whole gallery is under way.
    pub moving: bool,
}

impl GalleryStorage {
    /// "Originals: 24 photos live (1.20 GB) · 100 photos in the archive (5.00 GB)".
    pub fn label(&self) -> String {
        let live = format!("{} live ({})", crate::words::photos(self.live_photos.into()), human_bytes(self.live_bytes));
        let archived = format!(
            "{} in the archive ({})",
            crate::words::photos(self.archived_photos.into()),
            human_bytes(self.archived_bytes)
        );
        let both = match (self.live_photos, self.archived_photos) {
            (_, 0) => format!("Originals: {live}"),
            (0, _) => format!("Originals: {archived}"),
            _ => format!("Originals: {live} · {archived}"),
        };
        match self.lost_photos {
            0 => both,
            lost => format!(
                "{both} · {} lost from the archive (upload {} again)",
                crate::words::photos(lost.into()),
                if lost == 1 { "it" } else { "them" }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_people_say_them() {
        assert_eq!(duration_words(5), "under a minute");
        assert_eq!(duration_words(60), "about 1 minute");
        assert_eq!(duration_words(61), "about 2 minutes");
        assert_eq!(duration_words(720), "about 12 minutes");
        assert_eq!(duration_words(5_400), "about 2 hours");
        assert_eq!(duration_words(3 * 3_600 + 100), "about 3 hours");
    }

    #[test]
    fn the_estimate_names_photos_bytes_and_time() {
        let one = RestoreEstimate { photos: 1, bytes: 25_000_000, seconds: 30, email: None, window_days: 1 };
        assert_eq!(one.sentence(), "1 photo (25.0 MB) is in long-term storage. Restoring it takes under a minute.");
        assert!(one.link_sentence().ends_with("It works for 1 day."));
        let many = RestoreEstimate { photos: 12, bytes: 1_300_000_000, seconds: 170, email: None, window_days: 7 };
        assert!(many.link_sentence().ends_with("It works for 7 days."));
        assert_eq!(
            many.sentence(),
            "12 photos (1.30 GB) are in long-term storage. Restoring them takes about 3 minutes."
        );
    }

    #[test]
    fn a_gallery_says_where_its_originals_are() {
        let all_live = GalleryStorage { live_photos: 2, live_bytes: 2_000_000, ..GalleryStorage::default() };
        assert_eq!(all_live.label(), "Originals: 2 photos live (2.0 MB)");
        let mixed = GalleryStorage { archived_photos: 1, archived_bytes: 500_000, ..all_live };
        assert_eq!(mixed.label(), "Originals: 2 photos live (2.0 MB) · 1 photo in the archive (500 kB)");
        let all_archived = GalleryStorage { live_photos: 0, live_bytes: 0, ..mixed };
        assert_eq!(all_archived.label(), "Originals: 1 photo in the archive (500 kB)");
        let lost = GalleryStorage { lost_photos: 1, ..all_archived };
        assert_eq!(
            lost.label(),
            "Originals: 1 photo in the archive (500 kB) · 1 photo lost from the archive (upload it again)"
        );
    }
}
