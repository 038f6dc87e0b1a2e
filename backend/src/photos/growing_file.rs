//! A file read while it is still being written: an upload's strict read follows its bytes as they
//! arrive instead of starting after the last one. The writer says how much it has written
//! (`Growth`); the reader (`GrowingReader`, on a blocking thread) waits for bytes not yet written
//! and reads the rest from the file (the page cache). When the writer stops short, because the
//! client went away or the upload was refused, every read fails at once, so the reader never
//! waits for bytes that will not come.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// How far the writer has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// This many bytes, more to come.
    Growing(u64),
    /// The file is whole at this many bytes.
    Whole(u64),
    /// The writer stopped: the file will never be whole.
    Abandoned,
}

#[derive(Debug)]
struct Shared {
    written: Mutex<Written>,
    changed: Condvar,
}

impl Shared {
    fn set(&self, written: Written) {
        *lock(&self.written) = written;
        self.changed.notify_all();
    }
}

/// A poisoned lock only means a thread panicked while holding it; the count it guards is
/// always whole (it is written in one assignment).
fn lock(written: &Mutex<Written>) -> MutexGuard<'_, Written> {
    written.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The writer's side. Dropped before `whole`, it abandons the file.
#[derive(Debug)]
pub struct Growth {
    shared: Arc<Shared>,
}

impl Growth {
    /// A file about to be written, and how to follow it.
    pub fn new() -> Self {
        Self { shared: Arc::new(Shared { written: Mutex::new(Written::Growing(0)), changed: Condvar::new() }) }
    }

    /// A reader of the file at `path` (already created), from its first byte.
    pub fn reader(&self, path: &Path) -> io::Result<GrowingReader> {
        Ok(GrowingReader { file: File::open(path)?, pos: 0, shared: self.shared.clone() })
    }

    /// Whether a reader still follows the file (a writer need not say how far it got otherwise).
    pub fn is_followed(&self) -> bool {
        Arc::strong_count(&self.shared) > 1
    }

    /// The first `len` bytes are in the file (written and flushed to the operating system).
    pub fn wrote(&self, len: u64) {
        self.shared.set(Written::Growing(len));
    }

    /// The file is whole at `len` bytes.
    pub fn whole(self, len: u64) {
        self.shared.set(Written::Whole(len));
    }
}

impl Drop for Growth {
    fn drop(&mut self) {
        let mut written = lock(&self.shared.written);
        if matches!(*written, Written::Growing(_)) {
            *written = Written::Abandoned;
            self.shared.changed.notify_all();
        }
    }
}

/// Reads the file as it grows: a read waits until a byte at its position is written, or the file
/// is whole (then a read at its end answers 0, as at the end of any file).
#[derive(Debug)]
pub struct GrowingReader {
    file: File,
    pos: u64,
    shared: Arc<Shared>,
}

impl GrowingReader {
    /// Waits until the byte at `pos` is written or the file is whole; answers how many bytes
    /// the file then holds.
    fn wait_past(&self, pos: u64) -> io::Result<u64> {
        let mut written = lock(&self.shared.written);
        loop {
            match *written {
                Written::Growing(len) if len > pos => return Ok(len),
                Written::Growing(_) => {
                    written = self.shared.changed.wait(written).unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                Written::Whole(len) => return Ok(len),
                // Not `Interrupted`: readers retry that.
                Written::Abandoned => {
                    return Err(io::Error::new(io::ErrorKind::ConnectionAborted, "the upload stopped before its end"));
                }
            }
        }
    }

    /// Waits until the file is whole and answers its length.
    fn wait_whole(&self) -> io::Result<u64> {
        // No byte is ever written at the largest offset: this waits for the end.
        self.wait_past(u64::MAX)
    }
}

impl Read for GrowingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let len = self.wait_past(self.pos)?;
        let available = usize::try_from(len.saturating_sub(self.pos)).unwrap_or(usize::MAX);
        let wanted = buf.len().min(available);
        if wanted == 0 {
            return Ok(0);
        }
        let read = self.file.read_at(&mut buf[..wanted], self.pos)?;
        self.pos += read as u64;
        Ok(read)
    }
}

impl Seek for GrowingReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
            SeekFrom::End(delta) => self.wait_whole()?.checked_add_signed(delta),
        };
        self.pos =
            target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a seek before the file's start"))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::Duration;

    fn temp_file(name: &str) -> (std::path::PathBuf, File) {
        let path = std::env::temp_dir().join(format!("proofroom-growing-{name}-{}", uuid::Uuid::new_v4()));
        let file = File::create(&path).expect("file");
        (path, file)
    }

    #[test]
    fn a_reader_follows_the_writer_and_ends_where_the_file_does() {
        let (path, mut file) = temp_file("follows");
        let growth = Growth::new();
        let mut reader = growth.reader(&path).expect("file");
        let read = std::thread::spawn(move || {
            let mut all = Vec::new();
            reader.read_to_end(&mut all).map(|_| all)
        });
        let mut expected = Vec::new();
        for part in 0..50u8 {
            let chunk = vec![part; 1_000 + usize::from(part)];
            file.write_all(&chunk).expect("file");
            expected.extend_from_slice(&chunk);
            growth.wrote(expected.len() as u64);
            std::thread::sleep(Duration::from_millis(1));
        }
        growth.whole(expected.len() as u64);
        assert_eq!(read.join().expect("reader thread").expect("file"), expected);
        std::fs::remove_file(path).expect("file");
    }

    #[test]
    fn a_reader_waiting_for_bytes_that_never_come_is_told_at_once() {
        let (path, mut file) = temp_file("abandoned");
        let growth = Growth::new();
        let mut reader = growth.reader(&path).expect("file");
        file.write_all(b"half").expect("file");
        growth.wrote(4);
        let read = std::thread::spawn(move || {
            let mut all = Vec::new();
            reader.read_to_end(&mut all)
        });
        std::thread::sleep(Duration::from_millis(20));
        drop(growth);
        let err = read.join().expect("reader thread").expect_err("the read must fail");
        assert_eq!(err.kind(), io::ErrorKind::ConnectionAborted, "{err}");
        std::fs::remove_file(path).expect("file");
    }

    #[test]
    fn seeking_back_rereads_and_seeking_from_the_end_waits_for_the_whole_file() {
        let (path, mut file) = temp_file("seek");
        let growth = Growth::new();
        let mut reader = growth.reader(&path).expect("file");
        file.write_all(b"0123456789").expect("file");
        growth.wrote(10);
        let mut two = [0; 2];
        reader.seek(SeekFrom::Start(6)).expect("file");
        reader.read_exact(&mut two).expect("file");
        assert_eq!(&two, b"67");
        reader.seek(SeekFrom::Current(-5)).expect("file");
        reader.read_exact(&mut two).expect("file");
        assert_eq!(&two, b"34");
        let end = std::thread::spawn(move || {
            let at = reader.seek(SeekFrom::End(-2)).expect("file");
            let mut last = [0; 2];
            reader.read_exact(&mut last).expect("file");
            (at, last)
        });
        std::thread::sleep(Duration::from_millis(20));
        file.write_all(b"AB").expect("file");
        growth.whole(12);
        assert_eq!(end.join().expect("reader thread"), (10, *b"AB"));
        std::fs::remove_file(path).expect("file");
    }
}
