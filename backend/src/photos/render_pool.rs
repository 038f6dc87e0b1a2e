//! The render threads: a fixed set of `render_workers` threads that run every decode (upload
//! verification, renditions, custom sizes). Always the same few threads, not the async runtime's
//! blocking pool: the system allocator keeps what a thread freed for that thread to use again,
//! so a decode on a thread that decoded before reuses that memory, and after a burst of renders
//! the process holds a few threads' worth of it, not one for every blocking thread ever started
//! (which grew by about 30 MB a render). The strict reads of uploads as they arrive have a pool
//! of their own, for the same reason (`early_read`).

use crate::error::ServiceError;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

type Work = Box<dyn FnOnce() + Send>;

/// A handle to the render threads (cheap to clone).
#[derive(Debug, Clone)]
pub struct RenderPool {
    work: Sender<Work>,
}

impl RenderPool {
    /// Starts `threads` threads named `name` (at least one); they end when the last handle is
    /// dropped.
    pub fn start(name: &str, threads: usize) -> std::io::Result<Self> {
        let (work, queue) = channel::<Work>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new().name(format!("{name}-{n}")).spawn(move || serve(&queue))?;
        }
        Ok(Self { work })
    }

    /// Runs `f` on a render thread and waits for its result.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, ServiceError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Work = Box::new(move || {
            let _ = done.send(f());
        });
        self.work.send(job).map_err(|_| ServiceError::Internal(anyhow::anyhow!("the render threads have stopped")))?;
        result.await.map_err(|_| ServiceError::Internal(anyhow::anyhow!("a render thread stopped mid-work")))
    }
}

fn serve(queue: &Mutex<Receiver<Work>>) {
    loop {
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(work) = next else { return };
        // A panic in one decode must not take the thread (and its place in the pool) with it.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    }
}
