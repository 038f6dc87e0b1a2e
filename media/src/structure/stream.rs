//! A buffered, bounds-checked reader for the structural walkers. Every read or skip past the
//! declared file length becomes [`MediaError::Truncated`], so walkers state only what they expect.

use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

use crate::error::MediaError;
use crate::format::SourceFormat;

/// Large enough that skipping entropy-coded JPEG data scans big blocks per system call.
const BUFFER: usize = 256 * 1024;

/// The reader a walker pulls from, with its position and the file's length.
pub(crate) struct Stream<R> {
    inner: BufReader<R>,
    pos: u64,
    len: u64,
    format: SourceFormat,
}

impl<R: Read + Seek> Stream<R> {
    /// Starts at byte 0 of `reader`, which holds `len` bytes of a `format` file.
    pub fn new(mut reader: R, len: u64, format: SourceFormat) -> Result<Self, MediaError> {
        reader.seek(SeekFrom::Start(0)).map_err(MediaError::Io)?;
        Ok(Self { inner: BufReader::with_capacity(BUFFER, reader), pos: 0, len, format })
    }

    /// Current offset from the start of the file.
    pub fn pos(&self) -> u64 {
        self.pos
    }

    /// The file length given by the caller.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Bytes left before the end of the file.
    pub fn remaining(&self) -> u64 {
        self.len.saturating_sub(self.pos)
    }

    /// The error for "the file ends too early".
    pub fn truncated(&self) -> MediaError {
        MediaError::Truncated { format: self.format }
    }

    /// The error for "the structure contradicts itself".
    pub fn corrupt(&self, detail: impl Into<String>) -> MediaError {
        MediaError::Corrupt { format: self.format, detail: detail.into() }
    }

    /// The error for "valid, but a variant we cannot decode".
    pub fn unsupported(&self, feature: impl Into<String>) -> MediaError {
        MediaError::Unsupported { format: self.format, feature: feature.into() }
    }

    /// The error for "well formed but holds no picture".
    pub fn no_image_data(&self) -> MediaError {
        MediaError::NoImageData { format: self.format }
    }

    fn io_error(&self, err: io::Error) -> MediaError {
        // A file shorter than its declared length is truncated, not an I/O failure.
        if err.kind() == io::ErrorKind::UnexpectedEof { self.truncated() } else { MediaError::Io(err) }
    }

    /// Fills `buf` completely or fails with `Truncated`.
    pub fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), MediaError> {
        if buf.len() as u64 > self.remaining() {
            return Err(self.truncated());
        }
        self.inner.read_exact(buf).map_err(|e| self.io_error(e))?;
        self.pos += buf.len() as u64;
        Ok(())
    }

    /// Reads `n` bytes into a new vector.
    pub fn read_vec(&mut self, n: u64) -> Result<Vec<u8>, MediaError> {
        if n > self.remaining() {
            return Err(self.truncated());
        }
        let mut buf = vec![0; usize::try_from(n).map_err(|_| self.truncated())?];
        self.read_exact(&mut buf)?;
        Ok(buf)
    }

    /// Reads a fixed-size array.
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N], MediaError> {
        let mut buf = [0; N];
        self.read_exact(&mut buf)?;
        Ok(buf)
    }

    /// Reads one byte.
    pub fn read_u8(&mut self) -> Result<u8, MediaError> {
        Ok(self.read_array::<1>()?[0])
    }

    /// Reads a big-endian `u16`.
    pub fn read_u16_be(&mut self) -> Result<u16, MediaError> {
        Ok(u16::from_be_bytes(self.read_array()?))
    }

    /// Reads a big-endian `u32`.
    pub fn read_u32_be(&mut self) -> Result<u32, MediaError> {
        Ok(u32::from_be_bytes(self.read_array()?))
    }

    /// Reads a little-endian `u32`.
    pub fn read_u32_le(&mut self) -> Result<u32, MediaError> {
        Ok(u32::from_le_bytes(self.read_array()?))
    }

    /// Reads up to `buf.len()` bytes (fewer at the end of the file or of the reader's buffer);
    /// 0 only at the end of the file.
    pub fn read_some(&mut self, buf: &mut [u8]) -> Result<usize, MediaError> {
        let want = buf.len().min(usize::try_from(self.remaining()).unwrap_or(usize::MAX));
        if want == 0 {
            return Ok(0);
        }
        let read = self.inner.read(&mut buf[..want]).map_err(|e| self.io_error(e))?;
        self.pos += read as u64;
        Ok(read)
    }

    /// Moves forward `n` bytes without reading them (the data must still lie inside the file).
    pub fn skip(&mut self, n: u64) -> Result<(), MediaError> {
        if n > self.remaining() {
            return Err(self.truncated());
        }
        let offset = i64::try_from(n).map_err(|_| self.truncated())?;
        self.inner.seek_relative(offset).map_err(|e| self.io_error(e))?;
        self.pos += n;
        Ok(())
    }

    /// Moves to absolute offset `pos`, which must lie inside the file.
    pub fn seek_to(&mut self, pos: u64) -> Result<(), MediaError> {
        if pos > self.len {
            return Err(self.truncated());
        }
        let delta = i128::from(pos) - i128::from(self.pos);
        let delta = i64::try_from(delta).map_err(|_| self.truncated())?;
        self.inner.seek_relative(delta).map_err(|e| self.io_error(e))?;
        self.pos = pos;
        Ok(())
    }

    /// Skips JPEG entropy-coded data: returns the code of the first marker that is neither byte
    /// stuffing (`FF 00`), a restart marker (`FF D0`..`FF D7`) nor fill (`FF FF`). The stream is
    /// left just after that marker code. Scans whole buffers at a time because a 20 MP photo has
    /// megabytes of scan data.
    pub fn skip_entropy_coded(&mut self) -> Result<u8, MediaError> {
        let mut after_ff = false;
        loop {
            let remaining = self.remaining();
            if remaining == 0 {
                return Err(self.truncated());
            }
            let (consumed, found) = {
                let buf = match self.inner.fill_buf() {
                    Ok(buf) => buf,
                    Err(e) => return Err(self.io_error(e)),
                };
                if buf.is_empty() {
                    return Err(self.truncated());
                }
                let buf = &buf[..buf.len().min(usize::try_from(remaining).unwrap_or(usize::MAX))];
                let mut i = 0;
                let mut found = None;
                while i < buf.len() {
                    if after_ff {
                        let byte = buf[i];
                        i += 1;
                        match byte {
                            0x00 | 0xD0..=0xD7 => after_ff = false,
                            0xFF => {}
                            marker => {
                                found = Some(marker);
                                break;
                            }
                        }
                    } else {
                        match buf[i..].iter().position(|&b| b == 0xFF) {
                            Some(at) => {
                                i += at + 1;
                                after_ff = true;
                            }
                            None => i = buf.len(),
                        }
                    }
                }
                (i, found)
            };
            self.inner.consume(consumed);
            self.pos += consumed as u64;
            if let Some(marker) = found {
                return Ok(marker);
            }
        }
    }
}
