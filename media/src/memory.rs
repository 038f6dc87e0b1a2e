//! How much memory decoding an original takes, from what inspection read in its header: what the
//! server's decode budget admits before it decodes (so a big image waits for room instead of
//! many of them decoding at once), and refuses outright when one image alone would not fit.
//! Estimates err on the high side: checked against the peak RSS of real decodes (the server's
//! `decode_memory` test, the ingest benchmark's `ingest_peak_rss_45mp`).

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
            _ => byte_len + self.decoder_buffers() + rgb_copy(self) + SLACK,
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
                let coefficients = if self.progressive {
                    u64::from(self.width) * u64::from(self.height) * 2 * u64::from(self.channels)
                } else {
                    0
                };
                width * height * 3 + coefficients
            }
            _ => self.decoder_buffers() + rgb_copy(self),
        };
        // The first resize: its output, and the intermediate image of the two-pass convolution
        // (target width × source height).
        let (target_w, target_h) = fit_dims(self.width, self.height, largest);
        let resize = (u64::from(target_w) * height + u64::from(target_w) * u64::from(target_h)) * 3;
        byte_len + decoded + resize + SLACK
    }

    /// The decoder's buffers of samples at their peak: the image crate's TIFF decoder decodes
    /// into a buffer of its own and then copies it into the caller's, so both are held at once.
    fn decoder_buffers(&self) -> u64 {
        let copies = if self.format == SourceFormat::Tiff { 2 } else { 1 };
        self.decoded_bytes() * copies
    }

    /// Samples as the decoder produces them.
    fn decoded_bytes(&self) -> u64 {
        let pixels = u64::from(self.width) * u64::from(self.height);
        let sample = u64::from(self.bits.div_ceil(8).max(1));
        pixels * u64::from(self.channels.max(1)) * sample
    }

    /// By how much (1, 2, 4 or 8) a JPEG can be decoded smaller and still give its largest
    /// rendition at least its own size (JPEG's DCT scaling); 1 for other formats.
    pub fn decode_scale(&self, largest: Fit) -> u32 {
        // jpeg-decoder leaves CMYK unconverted: those decode in full (see `decode`).
        if self.format != SourceFormat::Jpeg || self.channels == 4 {
            return 1;
        }
        let (width, height) = self.upright_dims();
        let target = crate::orient::stored_dims(fit_dims(width, height, largest), self.orientation);
        crate::decode::dct_scale(self.width, self.height, target)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn inspection(format: SourceFormat, width: u32, height: u32, orientation: u8) -> Inspection {
        Inspection {
            format,
            width,
            height,
            orientation,
            captured_at: None,
            camera: None,
            progressive: false,
            channels: 3,
            bits: 8,
            adobe_rgb: false,
        }
    }

    #[test]
    fn big_jpegs_decode_at_a_dct_scale_that_still_covers_the_largest_rendition() {
        let fourk = Fit::LongEdge(3840);
        // 45 MP: half of 8256 × 5504 is 4128 × 2752, still over 3840 × 2560.
        assert_eq!(inspection(SourceFormat::Jpeg, 8256, 5504, 1).decode_scale(fourk), 2);
        // The same stored on its side (orientation 6).
        assert_eq!(inspection(SourceFormat::Jpeg, 5504, 8256, 6).decode_scale(fourk), 2);
        // 20 MP: half of 6028 would be 3014, under 3840: full size.
        assert_eq!(inspection(SourceFormat::Jpeg, 6028, 3391, 1).decode_scale(fourk), 1);
        // 192 MP: a quarter.
        assert_eq!(inspection(SourceFormat::Jpeg, 16000, 12000, 1).decode_scale(fourk), 4);
        // Other formats always in full.
        assert_eq!(inspection(SourceFormat::Png, 16000, 12000, 1).decode_scale(fourk), 1);
        let full = inspection(SourceFormat::Jpeg, 8256, 5504, 1);
        assert!(full.render_memory(12_000_000, fourk) < 150_000_000, "{}", full.render_memory(12_000_000, fourk));
    }

    #[test]
    fn a_tiff_holds_its_samples_twice_while_it_decodes() {
        let (tiff, png) = (inspection(SourceFormat::Tiff, 8256, 5504, 1), inspection(SourceFormat::Png, 8256, 5504, 1));
        let samples = 8256 * 5504 * 3;
        assert_eq!(tiff.verify_memory(0) - png.verify_memory(0), samples, "the decoder's own buffer and ours");
        let fourk = Fit::LongEdge(3840);
        assert_eq!(tiff.render_memory(0, fourk) - png.render_memory(0, fourk), samples);
    }
}
