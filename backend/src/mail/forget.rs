//! Forgetting what sent mail said (`ForgetSentMail`, periodic, every ten minutes). A message's
//! body holds the secrets it carries (a password reset, an order's downloads, a restore, a sign-in
//! link): kept in the outbox, a copy of the database would open them, which the links themselves
//! are built never to allow (only their hashes are stored). An hour after the mail server took a
//! message, its bodies and unsubscribe address are blanked; who it went to, its subject and when
//! stay, as the record of what was sent. (The hour leaves an operator time to look at a message
//! that just went out.) A message whose recipient was refused for good is given up after
//! `REFUSED_TRIED_FOR`, and blanked the same way.

use crate::ctx::Ctx;
use crate::entities::outbox;
use crate::jobs::{JobError, JobKind, Next};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(10 * 60);

/// How long a sent message keeps its bodies.
pub const KEPT_FOR: chrono::Duration = chrono::Duration::hours(1);

/// How long a message whose recipient the mail server refused for good (a mistyped address:
/// "550 5.1.1 no such user") is kept and still tried: then it is given up, and its bodies are
/// blanked like a sent one's — kept for ever, a refused receipt's download link would outlive
/// everything else. Its record stays, marked refused, for the photographer's lists. Only a
/// refusal of the recipient's mailbox gives a message up (RFC 3463's 5.1.1, 5.1.2, 5.1.3 and
/// Exchange's 5.1.10: no such address; 5.1.6: moved; 5.2.1: disabled): one the relay refused
/// for its own reasons (authentication, relaying denied: 5.7.x, and Exchange's 5.4.1 "relay
/// access denied") waits for the operator to fix it, and must still go then.
pub const REFUSED_TRIED_FOR: chrono::Duration = chrono::Duration::days(3);

/// The enhanced status codes that say the recipient's mailbox itself will not take mail, as
/// they stand in an answer: after its reply code and a space, before a space (so an address such
/// as `[185.1.1.5]` in the server's words is no code).
const NO_SUCH_RECIPIENT: [&str; 6] = [" 5.1.1 ", " 5.1.10 ", " 5.1.2 ", " 5.1.3 ", " 5.1.6 ", " 5.2.1 "];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetSentMail;

impl JobKind for ForgetSentMail {
    const KIND: &'static str = "forget_sent_mail";
    const MAX_ATTEMPTS: i32 = i32::MAX;
    const PERIODIC: bool = true;

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        forget(ctx, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Again(EVERY))
    }
}

crate::register_job!(ForgetSentMail);

/// Blanks the bodies of every message sent more than `KEPT_FOR` before `now`, and of every
/// message whose recipient was refused for good and which was queued more than
/// `REFUSED_TRIED_FOR` before it (which gives it up: `outbox::send` sends no message without a
/// body); answers how many.
pub async fn forget(ctx: &Ctx, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let blank = || {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::BodyText, Expr::value(String::new()))
            .col_expr(outbox::Column::BodyHtml, Expr::value(Option::<String>::None))
            .col_expr(outbox::Column::Unsubscribe, Expr::value(Option::<String>::None))
            .filter(outbox::Column::BodyText.ne(""))
    };
    let sent = blank().filter(outbox::Column::SentAt.lt(now - KEPT_FOR)).exec(&ctx.db).await?;
    let no_such_recipient =
        NO_SUCH_RECIPIENT.iter().fold(Condition::any(), |any, code| any.add(outbox::Column::LastError.contains(*code)));
    let given_up = blank()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::RefusedForGood.eq(true))
        .filter(no_such_recipient)
        .filter(outbox::Column::CreatedAt.lt(now - REFUSED_TRIED_FOR))
        .exec(&ctx.db)
        .await?;
    Ok(sent.rows_affected + given_up.rows_affected)
}
