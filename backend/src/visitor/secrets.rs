//! One room for everything secret: hashing and comparing secrets (the download PIN, gallery
//! passwords, photographers' passwords), and the throttles that stand before every comparison
//! and every guessable address. Every kind is counted per (client address, subject), per subject
//! and per client address (`attempts::AttemptKind` holds the numbers), in the database, so the
//! limits survive restarts and hold across instances; a lock answers 429 with `Retry-After`.

mod attempts;
pub mod client_addr;
pub mod email_links;
pub mod hashing;
mod window;

pub use attempts::AttemptKind;
pub(crate) use attempts::client_key;
pub use hashing::{hash, verify};

use crate::ctx::Ctx;
use crate::error::ServiceResult;
use chrono::{DateTime, Duration, Utc};
use std::net::IpAddr;

/// How a throttled comparison came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    Right,
    /// Wrong. `locked_now`: this failure is the one that locked the subject for everyone (the
    /// photographer may want to know).
    Wrong {
        locked_now: bool,
    },
}

/// Compares `attempt` with `stored` (`None`: nothing to compare with, which is always wrong and
/// takes the same time) after charging an attempt of `kind` on `subject` from `client`. Refuses
/// with 429 while any window is locked, without comparing.
pub async fn check(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: IpAddr,
    attempt: &str,
    stored: Option<String>,
    now: DateTime<Utc>,
) -> ServiceResult<Checked> {
    let charged = admit(ctx, kind, subject, client, now).await?;
    if hashing::verify(ctx, attempt, stored).await? {
        attempts::forgive(ctx, &charged).await?;
        return Ok(Checked::Right);
    }
    Ok(Checked::Wrong { locked_now: locked_by(ctx, kind, subject, &charged, now).await? })
}

/// Counts a wrong answer of `kind` on `subject` whose secret was compared elsewhere (a PIN's
/// wrong answer, counted across the gallery too); answers whether this one locked the subject for
/// everyone. Refuses with 429 while any window is locked already.
pub async fn count_wrong(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let charged = admit(ctx, kind, subject, client, now).await?;
    locked_by(ctx, kind, subject, &charged, now).await
}

/// Whether `charged`, a wrong answer on `subject`, is the one that locked the subject.
async fn locked_by(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    charged: &attempts::Charged,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let failures = attempts::subject_failures(ctx, kind, subject, now).await?;
    let all: Vec<_> = failures.iter().map(|(_, at)| *at).collect();
    let before: Vec<_> = failures.iter().filter(|(id, _)| *id != charged.id).map(|(_, at)| *at).collect();
    Ok(attempts::subject_locks(kind, &all, now) && !attempts::subject_locks(kind, &before, now))
}

/// Records an address that led nowhere (an unknown gallery, a dead email link) and answers
/// 429 once the client has met too many; `Ok` means "answer not found".
pub async fn record_miss(ctx: &Ctx, kind: AttemptKind, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<()> {
    admit(ctx, kind, "", client, now).await.map(drop)
}

/// Refuses with 429 while the client is locked out of `kind` (nothing is counted): for answers
/// that would tell a locked client something by themselves, such as a public gallery opening.
pub async fn ensure_open(ctx: &Ctx, kind: AttemptKind, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<()> {
    ensure_subject_open(ctx, kind, "", client, now).await
}

/// Refuses with 429 while `subject` (or the client) is locked out of `kind` (nothing is
/// counted): for a question whose answer would tell a locked asker what the lock hides.
pub async fn ensure_subject_open(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let key = attempts::client_key(client);
    match attempts::lock(ctx, kind, subject, &key, None, now).await? {
        Some((until, scope)) => Err(attempts::too_many(kind, until, scope, now)),
        None => Ok(()),
    }
}

/// Counts something that costs us each time (an email sent) and refuses with 429 past the limit.
pub async fn spend(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    admit(ctx, kind, subject, client, now).await.map(drop)
}

/// Counts an email anyone may ask us to send to any address — a sign-up confirmation
/// (`"studio"`), a reset link (`"reset"`), a visitor's sign-in link (`"visitor:{gallery}"`) —
/// against the address's limit across those purposes, then that purpose's own. Refuses with 429
/// past either. (An order's mail is not one of them: placing an order is the buyer's own act,
/// and a stranger's requests must not keep a buyer from checking out.)
pub async fn spend_mail(
    ctx: &Ctx,
    purpose: &str,
    email: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let to_address = admit(ctx, AttemptKind::MailTo, &email.to_lowercase(), client, now).await?;
    if let Err(refused) = spend(ctx, AttemptKind::EmailRequest, &format!("{purpose}:{email}"), client, now).await {
        // No mail goes: the address's allowance is given back.
        attempts::forgive(ctx, &to_address).await?;
        return Err(refused);
    }
    Ok(())
}

/// Forgets every attempt of `kind` on `subject`, or on a part of it (`subject:…`, a PIN's
/// standings): the secret changed, so old guesses say nothing.
pub async fn forget(ctx: &Ctx, kind: AttemptKind, subject: &str) -> ServiceResult<()> {
    use crate::entities::attempt;
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
    let ours = Condition::any()
        .add(attempt::Column::Subject.eq(subject))
        .add(attempt::Column::Subject.starts_with(format!("{subject}:")));
    attempt::Entity::delete_many().filter(attempt::Column::Kind.eq(kind.as_str())).filter(ours).exec(&ctx.db).await?;
    Ok(())
}

/// Forgets attempts older than every window (two days), so the table stays small.
pub async fn forget_old_attempts(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<u64> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let result = crate::entities::attempt::Entity::delete_many()
        .filter(crate::entities::attempt::Column::CreatedAt.lt(now - Duration::hours(48)))
        .exec(&ctx.db)
        .await?;
    Ok(result.rows_affected)
}

/// Charges an attempt, then refuses (and forgets it, so refusals do not prolong a lock) while
/// any window is locked by the others.
async fn admit(
    ctx: &Ctx,
    kind: AttemptKind,
    subject: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<attempts::Charged> {
    let charged = attempts::charge(ctx, kind, subject, client, now).await?;
    match attempts::lock(ctx, kind, subject, &charged.client, Some(charged.id), now).await {
        Ok(None) => Ok(charged),
        Ok(Some((until, scope))) => {
            attempts::forgive(ctx, &charged).await?;
            Err(attempts::too_many(kind, until, scope, now))
        }
        Err(err) => {
            attempts::forgive(ctx, &charged).await?;
            Err(err)
        }
    }
}
