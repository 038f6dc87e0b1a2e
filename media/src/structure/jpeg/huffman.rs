//! Huffman tables of a JPEG (DHT) and the bit reader of its entropy-coded data, for the strict
//! walk: codes are decoded (and checked) without dequantising or transforming anything.

use std::cell::OnceCell;
use std::io::{Read, Seek};

use super::super::Stream;
use crate::error::MediaError;

/// Bits looked up at once; longer codes take the slow path.
const LOOKAHEAD: u32 = 11;

/// Bits the AC run table looks at once: 32 KiB per table. (12 and 13 bits were slower on the
/// corpus, 15 no faster; 16 would not fit `Runs::pack`.)
const RUN_LOOKAHEAD: u32 = 14;

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
    /// For AC tables of sequential scans, per `RUN_LOOKAHEAD`-bit prefix: the whole codes, each
    /// with its value bits, that the prefix holds one after another (`Runs`), or 0. The walk reads
    /// no value, so one lookup moves past several coefficients. Built when a sequential scan first
    /// prepares the table (`prepare_runs`; progressive files never need it).
    runs: OnceCell<Box<[u16]>>,
}

/// A run table whose every entry is empty.
static NO_RUNS: [u16; 1 << RUN_LOOKAHEAD] = [0; 1 << RUN_LOOKAHEAD];

/// One entry of a run table: `used` bits (1..=14) move `advance` coefficients on (0..=63) and,
/// when `end`, finish with an end-of-block code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Runs {
    used: u32,
    advance: u32,
    end: bool,
}

impl Runs {
    fn pack(self) -> u16 {
        (self.used | self.advance << 4 | u32::from(self.end) << 10) as u16
    }

    fn unpack(entry: u16) -> Self {
        let entry = u32::from(entry);
        Self { used: entry & 15, advance: (entry >> 4) & 63, end: entry & (1 << 10) != 0 }
    }
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
        Some(Self { fast, max_code, offset, values, runs: OnceCell::new() })
    }

    /// Builds the run table (see `runs`) for a sequential scan, unless it was built before or
    /// this file's allowance of builds (`builds`) is spent: then the walk reads a code at a time.
    pub fn prepare_runs(&self, builds: &mut u32) {
        if self.runs.get().is_none()
            && let Some(left) = builds.checked_sub(1)
        {
            *builds = left;
            self.runs.get_or_init(|| (0..1u32 << RUN_LOOKAHEAD).map(|prefix| self.runs_of(prefix).pack()).collect());
        }
    }

    /// The run table, or one of empty entries when it was not built.
    fn runs(&self) -> &[u16] {
        self.runs.get().map_or(&NO_RUNS[..], |runs| runs)
    }

    /// The symbol whose code starts `at` bits into a `RUN_LOOKAHEAD`-bit `prefix`, with its code
    /// length, if the whole code lies within the prefix.
    fn symbol_in(&self, prefix: u32, at: u32) -> Option<(u8, u32)> {
        let left = RUN_LOOKAHEAD - at;
        // The bits from `at` on, first bit first; zeros past the prefix's end.
        let window = (prefix << at) & ((1 << RUN_LOOKAHEAD) - 1);
        let entry = self.fast[(window >> (RUN_LOOKAHEAD - LOOKAHEAD)) as usize];
        let length = u32::from(entry >> 8);
        if length > 0 {
            return (length <= left).then_some((entry as u8, length));
        }
        for length in LOOKAHEAD + 1..=left {
            let code = (window >> (RUN_LOOKAHEAD - length)) as i32;
            if code <= self.max_code[length as usize] {
                let index = usize::try_from(code + self.offset[length as usize]).ok()?;
                return self.values.get(index).map(|&symbol| (symbol, length));
            }
        }
        None
    }

    /// The AC codes (sequential scan) a prefix holds whole, with their value bits: as many as fit,
    /// up to an end of block, and fewer than 64 coefficients (a block has no more).
    fn runs_of(&self, prefix: u32) -> Runs {
        let mut runs = Runs { used: 0, advance: 0, end: false };
        while let Some((rs, length)) = self.symbol_in(prefix, runs.used) {
            let (run, size) = (u32::from(rs >> 4), u32::from(rs & 15));
            if size == 0 && run != 15 {
                runs.used += length;
                runs.end = true;
                break;
            }
            let advance = if size == 0 { 16 } else { run + 1 };
            if runs.used + length + size > RUN_LOOKAHEAD || runs.advance + advance > 63 {
                break;
            }
            runs.used += length + size;
            runs.advance += advance;
        }
        runs
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

    /// Moves past several AC codes of a sequential block at once, with their value bits, when the
    /// next bits hold whole ones (the table's `runs`) and they stay within the block's `room`
    /// (coefficients left): returns how many coefficients they advance and whether the block
    /// ended. `None`: decode the next code alone.
    #[inline(always)]
    pub fn runs<R: Read + Seek>(
        &mut self,
        s: &mut Stream<R>,
        table: &Table,
        room: u32,
    ) -> Result<Option<(u32, bool)>, MediaError> {
        if self.count < 32 {
            self.fill(s)?;
        }
        let runs = Runs::unpack(table.runs()[(self.acc >> (64 - RUN_LOOKAHEAD)) as usize]);
        // An end of block right where the block is full belongs to the next block's codes.
        if runs.used == 0 || runs.used > self.count || runs.advance > room || (runs.end && runs.advance == room) {
            return Ok(None);
        }
        self.acc <<= runs.used;
        self.count -= runs.used;
        Ok(Some((runs.advance, runs.end)))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small AC table: `0` is run 0 size 2 (two value bits), `10` end of block, `11` sixteen
    /// zeros.
    fn table() -> Table {
        let mut counts = [0u8; 16];
        counts[0] = 1;
        counts[1] = 2;
        Table::new(&counts, vec![0x02, 0x00, 0xF0]).expect("a prefix code")
    }

    /// The run entry for a prefix that starts with `bits` (zeros after).
    fn runs(bits: &str) -> Runs {
        let prefix = usize::from_str_radix(bits, 2).expect("bits") << (RUN_LOOKAHEAD as usize - bits.len());
        let table = table();
        table.prepare_runs(&mut 1);
        Runs::unpack(table.runs()[prefix])
    }

    /// A canonical code's bit strings and symbols (JPEG Annex C), built apart from `Table`.
    fn codes(counts: &[u8; 16], values: &[u8]) -> Vec<(String, u8)> {
        let (mut code, mut next, mut out) = (0u32, 0usize, Vec::new());
        for length in 1..=16 {
            for _ in 0..counts[length - 1] {
                out.push((format!("{code:0length$b}"), values[next]));
                code += 1;
                next += 1;
            }
            code <<= 1;
        }
        out
    }

    /// What a prefix's run entry must be, by reading its bit string a code at a time.
    fn read_code_by_code(codes: &[(String, u8)], prefix: &str) -> Runs {
        let mut runs = Runs { used: 0, advance: 0, end: false };
        let at = |used: u32| &prefix[used as usize..];
        while let Some((code, rs)) = codes.iter().find(|(code, _)| at(runs.used).starts_with(code.as_str())) {
            let (length, run, size) = (code.len() as u32, u32::from(rs >> 4), u32::from(rs & 15));
            if size == 0 && run != 15 {
                return Runs { used: runs.used + length, end: true, ..runs };
            }
            let advance = if size == 0 { 16 } else { run + 1 };
            if runs.used + length + size > RUN_LOOKAHEAD || runs.advance + advance > 63 {
                break;
            }
            runs = Runs { used: runs.used + length + size, advance: runs.advance + advance, end: false };
        }
        runs
    }

    /// The AC tables of a JPEG's DHT segments, as counts and values.
    fn ac_tables(jpeg: &[u8]) -> Vec<([u8; 16], Vec<u8>)> {
        let mut tables = Vec::new();
        let mut at = 2;
        while at + 4 <= jpeg.len() && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
            let end = at + 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
            let mut table = at + 4;
            while jpeg[at + 1] == 0xC4 && table + 17 <= end {
                let counts: [u8; 16] = jpeg[table + 1..table + 17].try_into().expect("16 counts");
                let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
                if jpeg[table] >> 4 == 1 {
                    tables.push((counts, jpeg[table + 17..table + 17 + total].to_vec()));
                }
                table += 17 + total;
            }
            at = end;
        }
        tables
    }

    #[test]
    fn every_run_entry_is_what_reading_code_by_code_gives() {
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/originals/");
        let mut tables = vec![([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0], (0..=36).collect::<Vec<u8>>())];
        for name in ["kleiber-20mp.jpg", "boats-24mp-grain.jpg", "storm-gps-camera.jpg"] {
            let jpeg = std::fs::read(format!("{corpus}{name}")).expect("a corpus photo");
            tables.extend(ac_tables(&jpeg));
        }
        assert!(tables.len() >= 4, "the corpus photos have AC tables");
        for (counts, values) in tables {
            let table = Table::new(&counts, values.clone()).expect("a valid table");
            table.prepare_runs(&mut 1);
            let codes = codes(&counts, &values);
            for prefix in 0..1usize << RUN_LOOKAHEAD {
                let bits = format!("{prefix:0width$b}", width = RUN_LOOKAHEAD as usize);
                assert_eq!(Runs::unpack(table.runs()[prefix]), read_code_by_code(&codes, &bits), "{bits}");
            }
        }
    }

    #[test]
    fn run_tables_are_built_only_while_the_allowance_lasts() {
        let (first, second) = (table(), table());
        let built = |table: &Table| table.runs().iter().any(|&entry| entry != 0);
        let mut builds = 1;
        first.prepare_runs(&mut builds);
        first.prepare_runs(&mut builds);
        assert!(built(&first), "built, and once only");
        second.prepare_runs(&mut builds);
        assert!(!built(&second), "the allowance is spent");
        assert_eq!(builds, 0);
    }

    #[test]
    fn a_run_entry_holds_whole_codes_with_their_value_bits_up_to_the_end_of_block() {
        // 0xx 0xx 0xx 10: three coefficients with two value bits each, then the end of block.
        assert_eq!(runs("00000000010"), Runs { used: 11, advance: 3, end: true });
    }

    #[test]
    fn a_run_entry_never_moves_a_whole_block_on() {
        // Four runs of sixteen zeros would be 64 coefficients: the entry takes three.
        assert_eq!(runs("11111111"), Runs { used: 6, advance: 48, end: false });
    }

    #[test]
    fn a_code_whose_value_bits_fall_past_the_prefix_is_left_for_the_next_lookup() {
        // 11 11 0xx 0xx 0xx 0|xx: the last code's value bits are past the prefix.
        assert_eq!(runs("1111"), Runs { used: 13, advance: 35, end: false });
    }
}
