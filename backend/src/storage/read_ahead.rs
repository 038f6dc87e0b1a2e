//! Reading ahead within a budget. A long read (a ZIP of 200 originals) opens the objects it
//! will send next while it sends one: on S3 each is a GET whose answer takes a round trip to
//! start. But an object opened ahead holds memory until it is sent (the first bytes of its
//! answer, in the HTTP client's buffers). Measured with 50 ZIPs at once on S3 (`bench/s3.py`
//! on s3s-fs, whose answers come in small pieces): 31 MB above idle opening none ahead, 68 MB
//! opening up to three. So the instance shares a fixed number of openings ahead among all its
//! reads: one ZIP alone opens as far ahead as its window allows, fifty at once share the budget,
//! and each always has the one it is sending.

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{FuturesOrdered, Stream, StreamExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How far a long read may open ahead of what it sends, and the instance's budget for it.
#[derive(Debug, Clone)]
pub struct ReadAhead {
    /// Steps in flight at most, the one being sent included.
    window: usize,
    /// Openings ahead (steps that `open`, beyond the first in flight) the whole instance may hold.
    budget: Arc<Semaphore>,
}

/// One step of a long read: its output, and whether making it opens an object (and so needs
/// the budget when it is made ahead) or is at hand (bytes already in memory).
pub struct Step<T> {
    pub opens: bool,
    pub output: BoxFuture<'static, T>,
}

impl ReadAhead {
    /// One step at a time: for a local folder, where opening a file costs no round trip (and
    /// each open file reads ahead on its own, `local_reads`).
    pub fn one_at_a_time() -> Self {
        Self { window: 1, budget: Arc::new(Semaphore::new(0)) }
    }

    /// Up to `window` steps in flight per read, and `budget` openings ahead in all.
    pub fn within(window: usize, budget: usize) -> Self {
        Self { window: window.max(1), budget: Arc::new(Semaphore::new(budget)) }
    }

    /// The outputs of `steps`, in order. The first step in flight is always made; a later one is
    /// started while the window has room, and, if it opens an object, only with a share of the
    /// budget, given back when its output is handed on. Without a share, it waits until it is
    /// the first.
    pub fn run<T: Send + 'static>(
        &self,
        steps: impl Iterator<Item = Step<T>> + Send + 'static,
    ) -> impl Stream<Item = T> + Send + 'static {
        let (window, budget) = (self.window, self.budget.clone());
        let mut in_flight = FuturesOrdered::new();
        // The step taken from `steps` that could not start yet (no share of the budget).
        let mut waiting: Option<Step<T>> = None;
        let mut steps = steps.fuse();
        futures::stream::poll_fn(move |cx| {
            while in_flight.len() < window {
                let Some(step) = waiting.take().or_else(|| steps.next()) else { break };
                let share: Option<OwnedSemaphorePermit> = if step.opens && !in_flight.is_empty() {
                    match budget.clone().try_acquire_owned() {
                        Ok(share) => Some(share),
                        Err(_) => {
                            waiting = Some(step);
                            break;
                        }
                    }
                } else {
                    None
                };
                let output = step.output;
                in_flight.push_back(async move { (output.await, share) });
            }
            // (Nothing in flight means nothing left: a first step needs no share.)
            in_flight.poll_next_unpin(cx).map(|next| {
                // The share, if any, is given back here: the output is handed on.
                next.map(|(output, _share)| output)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Steps that open, each recording how many are started and not yet handed on.
    fn steps(n: usize, open: Arc<AtomicUsize>, most: Arc<AtomicUsize>) -> impl Iterator<Item = Step<usize>> + Send {
        (0..n).map(move |i| {
            let (open, most) = (open.clone(), most.clone());
            let now = open.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            Step { opens: true, output: async move { i }.boxed() }
        })
    }

    #[tokio::test]
    async fn outputs_come_in_order_and_the_window_bounds_a_read() {
        let (open, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let ahead = ReadAhead::within(3, 100);
        let counted = open.clone();
        let got: Vec<usize> = ahead
            .run(steps(10, open.clone(), most.clone()))
            .inspect(move |_| {
                counted.fetch_sub(1, Ordering::SeqCst);
            })
            .collect()
            .await;
        assert_eq!(got, (0..10).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 3, "three in flight at most");
    }

    #[tokio::test]
    async fn reads_share_the_budget_and_each_keeps_its_first_step() {
        // Two reads, a budget of one opening ahead: the first read takes it, the second still
        // makes progress one step at a time, and the share comes back as outputs are handed on.
        let ahead = ReadAhead::within(4, 1);
        let (open, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut first = Box::pin(ahead.run(steps(5, open.clone(), most.clone())));
        let mut second = Box::pin(ahead.run(steps(5, open.clone(), most.clone())));
        assert_eq!(first.next().await, Some(0));
        assert_eq!(ahead.budget.available_permits(), 0, "the first read opened one ahead");
        assert_eq!(second.next().await, Some(0));
        let rest: Vec<usize> = first.collect().await;
        assert_eq!(rest, vec![1, 2, 3, 4]);
        let rest: Vec<usize> = second.collect().await;
        assert_eq!(rest, vec![1, 2, 3, 4]);
        assert_eq!(ahead.budget.available_permits(), 1, "every share is given back");
    }

    #[tokio::test]
    async fn steps_at_hand_need_no_share() {
        let ahead = ReadAhead::within(4, 0);
        let steps = (0..6).map(|i| Step { opens: i % 2 == 0, output: async move { i }.boxed() });
        let got: Vec<usize> = ahead.run(steps).collect().await;
        assert_eq!(got, (0..6).collect::<Vec<_>>());
    }
}
