//! Buffers for streaming local files, handed back when the network is done with them. A fresh
//! 256 KiB allocation per chunk is memory the kernel must map and zero on every use (glibc maps
//! blocks that large straight from the kernel and returns them on free): measured on a ZIP of
//! 200 originals, page faults and zeroing took about 15 % of the server's time. A recycled buffer
//! is already mapped. The pool is bounded, so memory at rest stays small.

use bytes::Bytes;
use std::sync::Mutex;

/// The size of a pooled buffer: a local read's chunk. Smaller requests get one this size too, so
/// that every buffer in the pool fits every later request.
pub const SIZE: usize = 256 << 10;

/// Buffers kept for reuse at most (beyond that, a returned buffer is freed): enough for a few
/// dozen streams at once, 16 MiB at 256 KiB each.
const KEPT: usize = 64;

/// The process's pool.
pub static POOL: Pool = Pool::new(KEPT);

/// Free buffers, at most `kept` of them.
pub struct Pool {
    free: Mutex<Vec<Vec<u8>>>,
    kept: usize,
}

impl Pool {
    const fn new(kept: usize) -> Self {
        Self { free: Mutex::new(Vec::new()), kept }
    }

    /// A buffer of `len` bytes to read into, recycled when one is free. Its bytes are whatever
    /// was there (zeros where it grew): a recycled buffer is not zeroed again.
    pub fn take(&self, len: usize) -> Vec<u8> {
        let recycled = self.free.lock().ok().and_then(|mut free| free.pop());
        let mut buffer = recycled.filter(|b| b.capacity() >= len).unwrap_or_else(|| Vec::with_capacity(len.max(SIZE)));
        buffer.resize(len, 0);
        buffer
    }

    /// `buffer` as `Bytes` that comes back to this pool when its last clone is dropped.
    pub fn share(&'static self, buffer: Vec<u8>) -> Bytes {
        Bytes::from_owner(Returned { buffer, pool: self })
    }
}

struct Returned {
    buffer: Vec<u8>,
    pool: &'static Pool,
}

impl AsRef<[u8]> for Returned {
    fn as_ref(&self) -> &[u8] {
        &self.buffer
    }
}

impl Drop for Returned {
    fn drop(&mut self) {
        let buffer = std::mem::take(&mut self.buffer);
        if let Ok(mut free) = self.pool.free.lock()
            && free.len() < self.pool.kept
        {
            free.push(buffer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_comes_back_when_its_last_bytes_are_dropped() {
        let pool: &'static Pool = Box::leak(Box::new(Pool::new(1)));
        let mut buffer = pool.take(1 << 20);
        buffer.truncate(3);
        buffer.copy_from_slice(b"abc");
        let address = buffer.as_ptr();
        let bytes = pool.share(buffer);
        let clone = bytes.slice(1..);
        drop(bytes);
        assert_eq!(&clone[..], b"bc", "still readable while a clone lives");
        let meanwhile = pool.take(1 << 20);
        assert_ne!(meanwhile.as_ptr(), address, "not handed out while in use");
        drop(clone);
        let again = pool.take(1 << 20);
        assert_eq!(again.as_ptr(), address, "the same memory, already mapped");
        assert_eq!(again.len(), 1 << 20, "as long as asked");
        assert_eq!(&again[..3], b"abc", "not zeroed again");
        // Beyond `kept`, returned buffers are freed.
        drop(pool.share(again));
        drop(pool.share(meanwhile));
        assert_eq!(pool.free.lock().map(|f| f.len()).unwrap_or_default(), 1);
    }
}
