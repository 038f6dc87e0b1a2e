//! The outbox: a message is written to the `outbox` table together with the job that sends it,
//! and stays there, unsent, until an SMTP server has accepted it.
//!
//! Why nothing is lost during an outage, however long: a `SendMail` job never runs out of
//! attempts (`SendMail::MAX_ATTEMPTS`), and its back-off is capped (`MailConfig::retry_max`, ten
//! minutes by default), so an unsent row is tried again at least that often for as long as it
//! stays unsent. The row and its job are written in one transaction, so neither exists without the
//! other. This is simpler than a sweep that re-enqueues rows whose job was buried: no job is ever
//! buried. A message the server refuses for good (a 5xx answer) is retried too, at the capped
//! pace, with the refusal in `last_error` and `refused_for_good` set (the Invite tab shows it): the same answer is given for a wrong password or a
//! relay that is not yet set up, which the operator fixes, and then the message must still go.
//!
//! Delivery is at least once: a crash after the server accepted a message but before `sent_at`
//! was recorded sends it again on the next try, with the same Message-ID.

use super::OutgoingMail;
use super::compose;
use super::config::{MailConfig, MailDelivery};
use crate::ctx::Ctx;
use crate::entities::outbox;
use crate::error::ServiceResult;
use crate::jobs::{JobError, JobKind, Next, queue};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

/// Checks `mail`, writes it to the outbox and enqueues the job that sends it; returns the outbox
/// id. The row and the job are written in one transaction (a savepoint when `db` is already a
/// transaction), so pass the caller's transaction to make the message part of its own change:
/// then the message exists exactly when that change is committed.
///
/// A bad recipient or reply-to address is refused with `ServiceError::Invalid` and a sentence
/// naming the address; nothing is written then.
pub async fn queue<C>(db: &C, mail: &OutgoingMail, now: DateTime<Utc>) -> ServiceResult<Uuid>
where
    C: ConnectionTrait + TransactionTrait,
{
    let checked = compose::check(mail)?;
    let id = Uuid::now_v7();
    let row = outbox::ActiveModel {
        id: Set(id),
        to_address: Set(checked.to),
        to_name: Set(checked.to_name),
        subject: Set(mail.subject.trim().to_owned()),
        body_text: Set(mail.text.clone()),
        body_html: Set(mail.html.clone()),
        reply_to: Set(checked.reply_to),
        created_at: Set(now),
        sent_at: Set(None),
        attempts: Set(0),
        last_attempt_at: Set(None),
        last_error: Set(None),
        unsubscribe: Set(mail.unsubscribe.clone()),
        refused_for_good: Set(false),
        gallery_id: Set(mail.gallery),
    };
    let txn = crate::db::begin(db).await?;
    outbox::Entity::insert(row).exec_without_returning(&txn).await?;
    queue::enqueue(&txn, &SendMail { outbox_id: id }, now.timestamp_millis()).await?;
    txn.commit().await?;
    Ok(id)
}

/// Send one outbox message. Never given up: the message waits in the outbox however long the
/// mail server is away, tried at the pace of `MailConfig::retry_max` (`i32::MAX` tries at one
/// per ten minutes is 40,000 years).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMail {
    pub outbox_id: Uuid,
}

impl JobKind for SendMail {
    const KIND: &'static str = "send_mail";
    const MAX_ATTEMPTS: i32 = i32::MAX;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        send(ctx, self.outbox_id).await.map(|()| Next::Done)
    }

    /// Mail keeps its own pace, capped low enough that a message goes out soon after a long
    /// outage ends.
    fn retry_delay(ctx: &Ctx, attempts: i32) -> Option<Duration> {
        Some(retry_delay(&ctx.config.mail, attempts))
    }
}

crate::register_job!(SendMail);

/// Sends one outbox message (the `SendMail` job). A message already sent, or no longer in the
/// outbox, is done at once: jobs may run twice. A failure is recorded on the row (attempts,
/// time, error) and returned, so the job is tried again later.
pub async fn send(ctx: &Ctx, outbox_id: Uuid) -> Result<(), JobError> {
    let transient = |e: sea_orm::DbErr| JobError::Transient(e.to_string());
    let Some(row) = outbox::Entity::find_by_id(outbox_id).one(&ctx.db).await.map_err(transient)? else {
        tracing::warn!(outbox = %outbox_id, "mail job for a message no longer in the outbox");
        return Ok(());
    };
    if row.sent_at.is_some() {
        return Ok(());
    }
    // Given up (refused for good for days, then blanked by `forget`): nothing is left to send.
    if row.body_text.is_empty() {
        tracing::warn!(outbox = %outbox_id, "mail given up after being refused for good");
        return Ok(());
    }
    let outcome = match (ctx.config.mail.delivery, compose::compose(&row, ctx.mailer.sender())) {
        // A message that cannot be made (a stored address gone bad) will never go: refused.
        (_, Err(problem)) => Err((problem, true)),
        (MailDelivery::Print, Ok(_)) => {
            print(&row);
            Ok(())
        }
        (MailDelivery::Smtp, Ok(message)) => {
            ctx.mailer.deliver(message).await.map_err(|e| (describe(&e), e.is_permanent()))
        }
    };
    let now = Utc::now();
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).add(1))
        .col_expr(outbox::Column::LastAttemptAt, Expr::value(Some(now)));
    update = match &outcome {
        Ok(()) => update
            .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
            .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None))
            .col_expr(outbox::Column::RefusedForGood, Expr::value(false)),
        Err((error, for_good)) => update
            .col_expr(outbox::Column::LastError, Expr::value(Some(error.clone())))
            .col_expr(outbox::Column::RefusedForGood, Expr::value(*for_good)),
    };
    // Only an unsent row changes: a late duplicate never moves `sent_at` or writes an error over
    // a message that did go out.
    let update = update.filter(outbox::Column::Id.eq(outbox_id)).filter(outbox::Column::SentAt.is_null());
    // A message the mail server took is written sent even across a short database outage (a
    // failover): the job's retry would send it a second time. The write is the same each time.
    // Once a second, within half the job's lease: past that another worker may take the job
    // over (and send it again) however this one tries.
    let tries = std::cmp::max(ctx.config.job_lease.as_secs() / 2, 1);
    let mut tried = 0;
    loop {
        match update.clone().exec(&ctx.db).await {
            Ok(_) => break,
            Err(e) if outcome.is_ok() && tried < tries => {
                tried += 1;
                tracing::warn!(outbox = %outbox_id, error = %e, "a sent mail could not be marked sent yet; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => return Err(transient(e)),
        }
    }
    match outcome {
        Ok(()) => {
            tracing::info!(outbox = %outbox_id, attempt = row.attempts + 1, "mail sent");
            Ok(())
        }
        Err((error, false)) => Err(JobError::Transient(format!("mail not sent: {error}"))),
        Err((error, true)) => Err(JobError::Transient(format!(
            "mail not sent: {error} (refused for good; tried again in case the refusal is fixed)"
        ))),
    }
}

/// A message as `PROOFROOM_MAIL_DELIVERY=print` shows it: who, what, and the text part, whole
/// (links included: that is the point on a machine without mail).
fn print(row: &outbox::Model) {
    println!(
        "\n──── mail to {} ────\nSubject: {}\n\n{}\n────────────────────────────────",
        row.to_address,
        row.subject,
        row.body_text.trim_end()
    );
}

/// How long to wait before trying a message again after `attempts` tries: one second, doubling,
/// never more than `retry_max`.
pub fn retry_delay(config: &MailConfig, attempts: i32) -> Duration {
    let exponential = Duration::from_secs(1u64 << attempts.clamp(0, 20));
    exponential.min(config.retry_max)
}

/// An SMTP failure as one line for the outbox row and the log (lettre never puts the password
/// in its errors).
fn describe(error: &lettre::transport::smtp::Error) -> String {
    let mut line = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !line.contains(&cause_text) {
            line.push_str(": ");
            line.push_str(&cause_text);
        }
        source = cause.source();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_the_cap() {
        let config = MailConfig::default();
        assert_eq!(retry_delay(&config, 1), Duration::from_secs(2));
        assert_eq!(retry_delay(&config, 5), Duration::from_secs(32));
        assert_eq!(retry_delay(&config, 10), Duration::from_secs(600));
        assert_eq!(retry_delay(&config, i32::MAX), Duration::from_secs(600));
        let quick = MailConfig { retry_max: Duration::from_millis(50), ..MailConfig::default() };
        assert_eq!(retry_delay(&quick, 3), Duration::from_millis(50));
    }
}
