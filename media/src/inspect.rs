//! Upload-time inspection: is this an image we accept, is it whole, how large is it and what does
//! its EXIF say. Runs on the streamed temporary file before anything is decoded, so it only reads
//! headers and walks the container structure.

use std::io::{Read, Seek, SeekFrom};

use chrono::NaiveDateTime;

use crate::error::MediaError;
use crate::format::SourceFormat;
use crate::limits::Limits;
use crate::sniff::{SNIFF_LEN, sniff};
use crate::structure;

/// What inspection learns about an accepted original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// The container format, from the magic bytes.
    pub format: SourceFormat,
    /// Width as stored, before orientation.
    pub width: u32,
    /// Height as stored, before orientation.
    pub height: u32,
    /// EXIF orientation 1..=8; 1 when absent.
    pub orientation: u8,
    /// EXIF DateTimeOriginal, else DateTime; camera local time (EXIF has no zone).
    pub captured_at: Option<NaiveDateTime>,
    /// "NIKON D850": make and model, the make not repeated when the model starts with it.
    pub camera: Option<String>,
    /// A progressive JPEG.
    pub progressive: bool,
    /// Samples per pixel as stored (1 grey … 4 with alpha or CMYK).
    pub channels: u8,
    /// Bits per sample as stored (8 or 16).
    pub bits: u8,
    /// The camera was set to Adobe RGB and embedded no profile (EXIF's ColorSpace and
    /// interoperability index say so): its pixels are Adobe RGB all the same.
    pub adobe_rgb: bool,
}

impl Inspection {
    /// Width and height as displayed: swapped for the orientations that turn the picture a
    /// quarter (5..=8).
    pub fn upright_dims(&self) -> (u32, u32) {
        if (5..=8).contains(&self.orientation) { (self.height, self.width) } else { (self.width, self.height) }
    }
}

/// Checks an uploaded original of `byte_len` bytes read from `reader` against `limits` and reads
/// its size and metadata. Reads headers and container structure only, never pixels; refuses
/// empty files, unknown formats, oversize files or images, and truncated or inconsistent files,
/// each with its own [`MediaError`].
pub fn inspect<R: Read + Seek>(mut reader: R, byte_len: u64, limits: &Limits) -> Result<Inspection, MediaError> {
    let format = sniff_within(&mut reader, byte_len, limits)?;
    let header = structure::walk(reader, byte_len, format)?;
    limits.check_dims(header.width, header.height)?;
    Ok(Inspection::of(format, header))
}

impl Inspection {
    /// What a structural walk of a `format` file found.
    pub(crate) fn of(format: SourceFormat, header: structure::Header) -> Self {
        Self {
            format,
            width: header.width,
            height: header.height,
            orientation: header.exif.orientation,
            captured_at: header.exif.captured_at,
            camera: header.exif.camera,
            progressive: header.progressive,
            channels: header.channels,
            bits: header.bits,
            adobe_rgb: header.exif.adobe_rgb,
        }
    }
}

/// The format of a file of `byte_len` bytes, refusing an empty, unknown or oversize one.
pub(crate) fn sniff_within<R: Read + Seek>(
    reader: &mut R,
    byte_len: u64,
    limits: &Limits,
) -> Result<SourceFormat, MediaError> {
    if byte_len == 0 {
        return Err(MediaError::Empty);
    }
    let head = read_head(reader)?;
    let format = sniff(&head).ok_or(MediaError::NotAnImage)?;
    if byte_len > limits.max_bytes {
        return Err(MediaError::TooLarge { size: byte_len, max: limits.max_bytes });
    }
    Ok(format)
}

/// The first [`SNIFF_LEN`] bytes, or fewer if the file is shorter.
fn read_head<R: Read + Seek>(reader: &mut R) -> Result<Vec<u8>, MediaError> {
    reader.seek(SeekFrom::Start(0)).map_err(MediaError::Io)?;
    let mut head = Vec::with_capacity(SNIFF_LEN);
    reader.by_ref().take(SNIFF_LEN as u64).read_to_end(&mut head).map_err(MediaError::Io)?;
    Ok(head)
}
