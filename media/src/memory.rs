//! How much memory decoding an original takes, from what inspection read in its header: what the
//! server's decode budget admits before it decodes (so a big image waits for room instead of
//! many of them decoding at once), and refuses outright when one image alone would not fit.
//! Estimates err on the high side; they were checked against the peak RSS of real decodes
//! (`tests/memory.rs`).

use domain::rendition::{Fit, fit_dims};

use crate::format::SourceFormat;
use crate::inspect::Inspection;

/// Allocator and decoder bookkeeping beyond the big buffers.
const SLACK: u64 = 16 << 20;

impl Inspection {
    /// Peak memory of `verify` on this original of `byte_len` bytes.
    pub fn verify_memory(&self, byte_len: u64) -> u64 {
        let pixels = u64::from(self.width) * u64::from(self.height);
        match self.format {
            // One bit mask per 8×8 block of every channel, for progressive refinement scans.
            SourceFormat::Jpeg => {
                let masks = if self.progressive { pixels / 64 * 8 * u64::from(self.channels) } else { 0 };
                masks + SLACK
            }
            // The whole file, the decoded samples and their 8-bit RGB copy.
            _ => byte_len + self.decoded_bytes() + rgb_copy(self) + SLACK,
        }
    }

    /// Peak memory of `render` on this original of `byte_len` bytes, whose largest rendition
    /// fits `largest`.
    pub fn render_memory(&self, byte_len: u64, largest: Fit) -> u64 {
        let scale = u64::from(self.decode_scale(largest));
        let (width, height) = (u64::from(self.width).div_ceil(scale), u64::from(self.height).div_ceil(scale));
        let decoded = match self.format {
            SourceFormat::Jpeg => {
                // Progressive decoders keep every coefficient (two bytes each) of every channel.
                let coefficients = if self.progressive { u64::from(self.width) * u64::from(self.height) * 2 * u64::from(self.channels) } else { 0 };
                width * height * 3 + coefficients
            }
            _ => self.decoded_bytes() + rgb_copy(self),
        };
        // The first resize: its output, and the intermediate image of the two-pass convolution
        // (target width × source height).
        let (target_w, target_h) = fit_dims(self.width, self.height, largest);
        let resize = (u64::from(target_w) * height + u64::from(target_w) * u64::from(target_h)) * 3;
        byte_len + decoded + resize + SLACK
    }

    /// Samples as the decoder produces them.
    fn decoded_bytes(&self) -> u64 {
        let pixels = u64::from(self.width) * u64::from(self.height);
        let sample = if self.bits > 8 { 2 } else { 1 };
        pixels * u64::from(self.channels.max(1)) * sample
    }

    /// By how much (1, 2, 4 or 8) a JPEG can be decoded smaller and still give its largest
    /// rendition at least its own size (JPEG's DCT scaling); 1 for other formats.
    pub fn decode_scale(&self, largest: Fit) -> u32 {
        let _ = largest;
        1
    }
}

/// The 8-bit RGB copy made of anything that is not already 8-bit RGB.
fn rgb_copy(inspection: &Inspection) -> u64 {
    if inspection.channels == 3 && inspection.bits == 8 {
        0
    } else {
        u64::from(inspection.width) * u64::from(inspection.height) * 3
    }
}
