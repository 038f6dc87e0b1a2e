//! Huffman tables of a JPEG (DHT) and the bit reader of its entropy-coded data, for the strict
//! walk: codes are decoded (and checked) without dequantising or transforming anything.

use std::io::{Read, Seek};

use super::super::Stream;
use crate::error::MediaError;

/// Bits looked up at once; longer codes take the slow path.
const LOOKAHEAD: u32 = 11;

/// One decoding table (canonical Huffman code, JPEG Annex C).
#[derive(Clone)]
pub(super) struct Table {
    /// For each `LOOKAHEAD`-bit prefix: `(length << 8) | value` of the code it starts with, or 0.
    fast: Vec<u16>,
    /// Largest code of each length (1..=16), or -1 when there is none.
    max_code: [i32; 17],
    /// Index into `values` of each length's first code, minus that code.
    offset: [i32; 17],
    values: Vec<u8>,
}

impl Table {
    /// Builds a table from the 16 code counts and the values of a DHT segment; refuses counts a
    /// prefix code cannot have.
    pub fn new(counts: &[u8; 16], values: Vec<u8>) -> Option<Self> {
        let mut max_code = [-1i32; 17];
        let mut offset = [0i32; 17];
        let mut fast = vec![0u16; 1 << LOOKAHEAD];
        let (mut code, mut k) = (0i32, 0usize);
        for length in 1..=16usize {
            let count = i32::from(counts[length - 1]);
            offset[length] = k as i32 - code;
            for _ in 0..count {
                // More codes of this length than the length allows: not a prefix code (and the
                // fast table below would be indexed past its end).
                if code >= (1 << length) {
                    return None;
                }
                let value = *values.get(k)?;
                if length as u32 <= LOOKAHEAD {
                    let shift = LOOKAHEAD - length as u32;
                    let first = (code as usize) << shift;
                    for entry in &mut fast[first..first + (1 << shift)] {
                        *entry = ((length as u16) << 8) | u16::from(value);
                    }
                }
                code += 1;
                k += 1;
            }
            if count > 0 {
                max_code[length] = code - 1;
            }
            code <<= 1;
        }
        Some(Self { fast, max_code, offset, values })
    }
}

/// Reads entropy-coded bits: removes byte stuffing (`FF 00`) and stops at the first marker,
/// remembering it. Asking for bits beyond the marker means the data was cut short.
pub(super) struct Bits {
    acc: u64,
    count: u32,
    /// The marker code that ended the data, once reached.
    pub marker: Option<u8>,
    /// Bytes of entropy data read since the last marker (to notice stray data before one).
    buffer: Vec<u8>,
    at: usize,
}

impl Bits {
    pub fn new() -> Self {
        Self { acc: 0, count: 0, marker: None, buffer: Vec::new(), at: 0 }
    }

    /// The next raw byte of the file, refilling from the stream in chunks.
    fn byte<R: Read + Seek>(&mut self, s: &mut Stream<R>) -> Result<u8, MediaError> {
        if self.at == self.buffer.len() {
            self.buffer.resize(64 * 1024, 0);
            let read = s.read_some(&mut self.buffer)?;
            if read == 0 {
                return Err(s.truncated());
            }
            self.buffer.truncate(read);
            self.at = 0;
        }
        let byte = self.buffer[self.at];
        self.at += 1;
        Ok(byte)
    }

    /// Gives back the bytes read ahead of the marker, so the stream stands just after it.
    pub fn release<R: Read + Seek>(&mut self, s: &mut Stream<R>) -> Result<(), MediaError> {
        let ahead = (self.buffer.len() - self.at) as u64;
        self.buffer.clear();
        self.at = 0;
        s.seek_to(s.pos() - ahead)
    }

    /// Tops the accumulator up to at least 57 bits, or to the marker.
    #[inline]
    fn fill<R: Read + Seek>(&mut self, s: &mut Stream<R>) -> Result<(), MediaError> {
        // Most of the data comes in runs of bytes without 0xFF: eight at a time, as many whole
        // bytes as the accumulator has room for go in at once.
        if self.marker.is_none()
            && let Some(next) = self.buffer.get(self.at..self.at + 8)
        {
            let word = u64::from_be_bytes(next.try_into().unwrap_or_default());
            let room = (64 - self.count) / 8;
            let taken = if room == 8 { u64::MAX } else { !(u64::MAX >> (room * 8)) };
            if !has_ff_byte(word & taken) {
                self.acc |= (word & taken) >> self.count;
                self.count += room * 8;
                self.at += room as usize;
                return Ok(());
            }
        }
        self.fill_bytewise(s)
    }

    /// `fill` a byte at a time: across a 0xFF (stuffing or a marker) or the end of the buffer.
    #[cold]
    #[inline(never)]
    fn fill_bytewise<R: Read + Seek>(&mut self, s: &mut Stream<R>) -> Result<(), MediaError> {
        while self.count <= 56 && self.marker.is_none() {
            let byte = self.byte(s)?;
            if byte == 0xFF {
                let mut next = self.byte(s)?;
                while next == 0xFF {
                    next = self.byte(s)?;
                }
                if next != 0x00 {
                    self.marker = Some(next);
                    return Ok(());
                }
            }
            self.acc |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
        Ok(())
    }

    /// Skips `n` (≤ 16) bits, which must lie before the marker.
    #[inline]
    pub fn skip<R: Read + Seek>(&mut self, s: &mut Stream<R>, n: u32) -> Result<(), MediaError> {
        self.take(s, n).map(|_| ())
    }

    /// Reads `n` (≤ 16) bits as a number.
    #[inline]
    pub fn take<R: Read + Seek>(&mut self, s: &mut Stream<R>, n: u32) -> Result<u32, MediaError> {
        if n == 0 {
            return Ok(0);
        }
        if self.count < n {
            self.fill(s)?;
            if self.count < n {
                return Err(s.truncated());
            }
        }
        let value = (self.acc >> (64 - n)) as u32;
        self.acc <<= n;
        self.count -= n;
        Ok(value)
    }

    /// Decodes one Huffman symbol.
    #[inline(always)]
    pub fn decode<R: Read + Seek>(&mut self, s: &mut Stream<R>, table: &Table) -> Result<u8, MediaError> {
        if self.count < 16 {
            self.fill(s)?;
        }
        let peek = (self.acc >> (64 - LOOKAHEAD)) as usize;
        let entry = table.fast[peek];
        let length = u32::from(entry >> 8);
        if length > 0 {
            if length > self.count {
                return Err(s.truncated());
            }
            self.acc <<= length;
            self.count -= length;
            return Ok(entry as u8);
        }
        for length in LOOKAHEAD + 1..=16 {
            if length > self.count {
                return Err(s.truncated());
            }
            let code = (self.acc >> (64 - length)) as i32;
            if code <= table.max_code[length as usize] {
                self.acc <<= length;
                self.count -= length;
                let index = usize::try_from(code + table.offset[length as usize]).map_err(|_| corrupt(s))?;
                return table.values.get(index).copied().ok_or_else(|| corrupt(s));
            }
        }
        Err(corrupt(s))
    }

    /// Decodes one symbol and skips the bits of the value that follow it (`value_bits` of the
    /// symbol: the walk reads no value), in one step while the accumulator holds both.
    #[inline(always)]
    pub fn symbol_and_value<R: Read + Seek>(
        &mut self,
        s: &mut Stream<R>,
        table: &Table,
        value_bits: impl Fn(u8) -> u32,
    ) -> Result<u8, MediaError> {
        if self.count < 32 {
            self.fill(s)?;
        }
        let entry = table.fast[(self.acc >> (64 - LOOKAHEAD)) as usize];
        let length = u32::from(entry >> 8);
        if length > 0 {
            let symbol = entry as u8;
            let total = length + value_bits(symbol);
            if total <= self.count {
                self.acc <<= total;
                self.count -= total;
                return Ok(symbol);
            }
        }
        let symbol = self.decode(s, table)?;
        self.skip(s, value_bits(symbol))?;
        Ok(symbol)
    }

    /// Ends a restart interval or a scan: drops the padding bits and reads up to the next
    /// marker, which it returns (data bytes before it are skipped, as libjpeg does).
    pub fn next_marker<R: Read + Seek>(&mut self, s: &mut Stream<R>) -> Result<u8, MediaError> {
        self.acc = 0;
        self.count = 0;
        while self.marker.is_none() {
            self.fill(s)?;
            self.acc = 0;
            self.count = 0;
        }
        Ok(self.marker.unwrap_or(0))
    }

    /// Continues after a restart marker.
    pub fn restart(&mut self) {
        self.acc = 0;
        self.count = 0;
        self.marker = None;
    }
}

/// Whether any byte of `word` is 0xFF (a zero byte of its complement).
fn has_ff_byte(word: u64) -> bool {
    let inverse = !word;
    inverse.wrapping_sub(0x0101_0101_0101_0101) & !inverse & 0x8080_8080_8080_8080 != 0
}

/// The error for a code that no table holds.
pub(super) fn corrupt<R: Read + Seek>(s: &Stream<R>) -> MediaError {
    s.corrupt("its compressed picture data is corrupt (an invalid Huffman code)")
}
