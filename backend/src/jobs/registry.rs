//! Every registered kind of job (`register_job!`), found by its stored name. Registrations are
//! gathered at link time (the `inventory` crate, as leptos gathers server functions), so no file
//! lists them all.

use super::{JobError, JobKind, Next};
use crate::ctx::Ctx;
use futures::future::BoxFuture;
use std::time::Duration;

/// One kind of job, as the worker runs it: the typed job behind untyped entry points.
pub struct Registration {
    pub kind: &'static str,
    pub max_attempts: i32,
    pub periodic: bool,
    run: for<'a> fn(&'a Ctx, serde_json::Value) -> BoxFuture<'a, Result<Next, JobError>>,
    give_up: for<'a> fn(&'a Ctx, serde_json::Value) -> BoxFuture<'a, Result<(), sea_orm::DbErr>>,
    retry_delay: fn(&Ctx, i32) -> Option<Duration>,
}

inventory::collect!(Registration);

impl Registration {
    /// The registration of `T`.
    pub const fn of<T: JobKind>() -> Self {
        Self {
            kind: T::KIND,
            max_attempts: T::MAX_ATTEMPTS,
            periodic: T::PERIODIC,
            run: run::<T>,
            give_up: give_up::<T>,
            retry_delay: T::retry_delay,
        }
    }

    /// Runs the job stored with `payload`.
    pub fn run<'a>(&self, ctx: &'a Ctx, payload: serde_json::Value) -> BoxFuture<'a, Result<Next, JobError>> {
        (self.run)(ctx, payload)
    }

    /// Gives the job stored with `payload` up for good.
    pub fn give_up<'a>(&self, ctx: &'a Ctx, payload: serde_json::Value) -> BoxFuture<'a, Result<(), sea_orm::DbErr>> {
        (self.give_up)(ctx, payload)
    }

    /// The wait before the next try, when the kind keeps its own pace.
    pub fn retry_delay(&self, ctx: &Ctx, attempts: i32) -> Option<Duration> {
        (self.retry_delay)(ctx, attempts)
    }
}

/// The registration of the kind stored as `kind`.
pub fn find(kind: &str) -> Option<&'static Registration> {
    inventory::iter::<Registration>.into_iter().find(|r| r.kind == kind)
}

/// Every registered kind.
pub fn all() -> impl Iterator<Item = &'static Registration> {
    inventory::iter::<Registration>.into_iter()
}

fn run<T: JobKind>(ctx: &Ctx, payload: serde_json::Value) -> BoxFuture<'_, Result<Next, JobError>> {
    Box::pin(async move {
        let job: T = serde_json::from_value(payload)
            .map_err(|e| JobError::Transient(format!("unreadable {} payload: {e}", T::KIND)))?;
        job.run(ctx).await
    })
}

fn give_up<T: JobKind>(ctx: &Ctx, payload: serde_json::Value) -> BoxFuture<'_, Result<(), sea_orm::DbErr>> {
    Box::pin(async move {
        match serde_json::from_value::<T>(payload) {
            Ok(job) => job.give_up(ctx).await,
            Err(_) => Ok(()),
        }
    })
}
