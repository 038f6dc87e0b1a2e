//! Persistent background jobs in the database, claimed safely by any worker of any instance.
//!
//! Why not apalis: a job here is one row and one conditional `UPDATE` to claim it, which works the
//! same on SQLite and PostgreSQL, needs no second connection pool or schema of its own, and makes
//! "a crash mid-job runs it again" a plain property of the lease (`locked_until`). Jobs carry ids
//! only and must be safe to run twice.
//!
//! A kind of job is a type implementing [`JobKind`] in the file that does the work, registered
//! there with [`register_job!`]: adding a job touches only its own file. The worker finds the
//! kind of a claimed row among the registrations (`registry`).

pub mod periodic;
pub mod queue;
pub mod registry;
pub mod worker;

use crate::ctx::Ctx;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::time::Duration;

/// What a successful attempt asks for next.
#[derive(Debug)]
pub enum Next {
    /// Done: the job leaves the queue.
    Done,
    /// A periodic job: run it again after this long.
    Again(Duration),
}

/// Why a job attempt did not succeed.
#[derive(Debug)]
pub enum JobError {
    /// Worth trying again later (storage or database hiccup).
    Transient(String),
}

/// A kind of background job: its stored name, its payload (this type, as JSON), and what running
/// it does.
pub trait JobKind: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The stored kind name (`render_image`). Never change it: queued rows carry it.
    const KIND: &'static str;
    /// Work that must be done in the end (a storage or database outage of an hour must not leave
    /// it undone): tried [`PATIENT_ATTEMPTS`] times, [`patient_retry`] apart.
    const PATIENT: bool = false;
    /// How often it is tried before it is buried (dead, kept with its last error).
    const MAX_ATTEMPTS: i32 = if Self::PATIENT { PATIENT_ATTEMPTS } else { queue::MAX_ATTEMPTS };
    /// A periodic job: one row that never leaves the queue (`periodic`); its type is a unit
    /// struct, so its payload is empty.
    const PERIODIC: bool = false;

    /// Does the work once. Must be safe to run twice.
    fn run(self, ctx: &Ctx) -> impl Future<Output = Result<Next, JobError>> + Send;

    /// What a job that will never run again leaves for people to see (nothing by default).
    fn give_up(self, ctx: &Ctx) -> impl Future<Output = Result<(), sea_orm::DbErr>> + Send {
        let _ = ctx;
        async { Ok(()) }
    }

    /// The wait before the next try after `attempts` failed ones; `None`: the queue's usual
    /// back-off.
    fn retry_delay(ctx: &Ctx, attempts: i32) -> Option<Duration> {
        let _ = ctx;
        Self::PATIENT.then(|| patient_retry(attempts))
    }
}

/// How often a patient job ([`JobKind::PATIENT`]) is tried: about three and a half hours of tries.
pub const PATIENT_ATTEMPTS: i32 = 16;

/// The wait before a patient job's next try: two seconds, doubling, at most half an hour.
pub fn patient_retry(attempts: i32) -> Duration {
    (Duration::from_secs(2) * (1u32 << attempts.clamp(0, 10))).min(Duration::from_secs(30 * 60))
}

/// Registers a [`JobKind`] with the worker, in the file that defines it.
#[macro_export]
macro_rules! register_job {
    ($kind:ty) => {
        inventory::submit! { $crate::jobs::registry::Registration::of::<$kind>() }
    };
}
